"""What a page calls a person who signed in: the one place that turns an account into a name.

An account that belongs to a member (a group's account, ``Scope.member``) is called by the
member's name, read from the member so that a corrected name shows everywhere at once; a staff
account by the full name given when it was made (``User.first_name``, ``last_name``); an account
with neither by its sign-in name. Pages load the member with the account (``named()``), so that
naming a hundred rows reads nothing more.
"""

from django.contrib.auth import get_user_model

#: From an account to the member it belongs to, for ``select_related``.
MEMBER_PATH = "scope__member"


def named(*fields):
    """The ``select_related`` paths that load each user field of ``fields`` with what names it:
    ``Meeting.objects.select_related(*named("planned_by", "announced_by"))``."""
    return [f"{field}__{MEMBER_PATH}" for field in fields]


def _loaded_member(user):
    """The member the account belongs to, if it was loaded with it; never a query."""
    scope = getattr(user, "_unionsite_scope", None)  # the signed-in user (groups.scoping)
    if scope is None:
        descriptor = get_user_model().scope.related
        if not descriptor.is_cached(user):
            return None
        scope = descriptor.get_cached_value(user)
    if scope is None or not type(scope).member.is_cached(scope):
        return None
    return scope.member


def person_name(user):
    """The name a page shows for ``user`` ("" for nobody)."""
    if user is None:
        return ""
    member = _loaded_member(user)
    if member is not None:
        return member.name
    return user.get_full_name() or user.get_username()
