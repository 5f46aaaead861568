from groups.scoping import user_scope


def scope(request):
    """The signed-in user's scope, for the navigation bar."""
    return {"user_scope": user_scope(getattr(request, "user", None))}
