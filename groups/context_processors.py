from groups.scoping import user_scope


def scope(request):
    """The signed-in user's scope, for the navigation bar, and whether the user reads welfare
    cases (no query more: see ``welfare.models.may_see_case_details``)."""
    from welfare.models import may_see_case_details

    user = getattr(request, "user", None)
    return {
        "user_scope": user_scope(user),
        "reads_welfare_cases": may_see_case_details(user) if user is not None else False,
    }
