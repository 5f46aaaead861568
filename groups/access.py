"""The one way a page loads an object: 404 outside the user's scope, 403 where the scope may read
the object but not change it. Later apps load their own records through ``get_for_user``."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from groups.models import Member, Role, UnionGroup
from groups.scoping import can_manage_groups, can_write_records


def get_for_user(queryset, user, pk, *, write=False):
    """Load ``pk`` from ``queryset.visible_to(user)``; with ``write``, also demand write access."""
    obj = get_object_or_404(queryset.visible_to(user), pk=pk)
    if write and not can_write_records(user):
        raise PermissionDenied
    return obj


def get_group_for_user(user, pk):
    return get_for_user(UnionGroup.objects.select_related("workshop__factory"), user, pk)


def get_rw_group_for_user(user, pk):
    return get_for_user(
        UnionGroup.objects.select_related("workshop__factory"), user, pk, write=True
    )


def get_managed_group_for_user(user, pk):
    """A group the user runs from above (factory or workshop staff): archive and restore."""
    group = get_group_for_user(user, pk)
    if not can_manage_groups(user):
        raise PermissionDenied
    return group


def get_member_for_user(user, pk):
    return get_for_user(Member.objects.select_related("group__workshop__factory"), user, pk)


def get_rw_member_for_user(user, pk):
    return get_for_user(
        Member.objects.select_related("group__workshop__factory"), user, pk, write=True
    )


def get_rw_role_for_user(user, pk):
    return get_for_user(Role.objects.select_related("member", "group"), user, pk, write=True)
