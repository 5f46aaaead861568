from groups.capabilities import Capability, user_can
from groups.scoping import user_scope


def scope(request):
    """The signed-in user's scope, for the navigation bar, and whether the user reads welfare
    cases (no query more: the capability comes with the scope)."""
    user = getattr(request, "user", None)
    return {
        "user_scope": user_scope(user),
        "reads_welfare_cases": user_can(user, Capability.READ_CASES) if user is not None else False,
    }
