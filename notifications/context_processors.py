from groups.scoping import user_scope


def badge(request):
    """The count of unread notices for the navbar: read with the scope's one query
    (``groups.scoping.SCOPE_FIGURES``), no query more. An account without a scope hears of
    nothing (the reminders go to the people of the organisation) and shows no badge."""
    scope = user_scope(getattr(request, "user", None))
    return {"unread_notifications": getattr(scope, "unread_notifications", None)}
