"""The one way a page loads an object: 404 outside the user's scope, 403 where the user sees the
object but lacks the capability the page needs (``groups.capabilities``), an archived group's
records included. Later apps load their own records through ``get_for_user``."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from groups.capabilities import Capability, user_can
from groups.models import Member, Role, UnionGroup


def get_for_user(queryset, user, pk, *, need=None, write=False):
    """Load ``pk`` from ``queryset.visible_to(user)``, then demand the capability ``need`` on it
    (``write`` is short for writing the group's records)."""
    obj = get_object_or_404(queryset.visible_to(user), pk=pk)
    if write:
        need = Capability.WRITE_RECORDS
    if need is not None and not user_can(user, need, obj):
        raise PermissionDenied
    return obj


def require(user, capability, obj=None):
    """403 unless the user has ``capability`` (on ``obj``, one the user sees)."""
    if not user_can(user, capability, obj):
        raise PermissionDenied


def get_group_for_user(user, pk, *, need=None):
    return get_for_user(UnionGroup.objects.select_related("workshop__factory"), user, pk, need=need)


def get_rw_group_for_user(user, pk):
    return get_group_for_user(user, pk, need=Capability.WRITE_RECORDS)


def get_managed_group_for_user(user, pk):
    """A group the user runs from above (factory or workshop staff), to archive it."""
    return get_group_for_user(user, pk, need=Capability.MANAGE_GROUPS)


def get_member_for_user(user, pk, *, need=None):
    members = Member.objects.select_related("group__workshop__factory")
    return get_for_user(members, user, pk, need=need)


def get_rw_member_for_user(user, pk):
    return get_member_for_user(user, pk, need=Capability.WRITE_RECORDS)


def get_rw_role_for_user(user, pk):
    return get_for_user(Role.objects.select_related("member", "group"), user, pk, write=True)
