"""How the welfare app loads its records.

A case, and everything on it, is read only by those who may see case details
(``Capability.READ_CASES``): 404 outside the user's scope, 403 inside it for the city federation
and for a group's account that is not its leader's or welfare officer's. Activities are loaded
like any group record (404 outside, 403 for the federation's writes)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from groups.access import get_for_user, get_group_for_user
from groups.capabilities import Capability, user_can
from groups.people import named
from welfare.models import Activity, CaseAction, InsuranceClaim, WelfareCase


def _private(queryset, user, pk, *, write=False):
    """Load ``pk`` of a private model: 404 outside the scope, 403 inside it for one who may not
    read case details (or, with ``write``, not change them: nobody changes an archived group's
    records)."""
    obj = get_object_or_404(queryset.counted_for(user), pk=pk)
    if not user_can(user, Capability.READ_CASES):
        raise PermissionDenied
    if write and not user_can(user, Capability.WRITE_RECORDS, obj):
        raise PermissionDenied
    return obj


def get_case_for_user(user, pk, *, write=False):
    # A voided case is still read at its address, and no longer changed.
    manager = WelfareCase.objects if write else WelfareCase.all_objects
    cases = manager.select_related("group__workshop__factory", "member", *named("opened_by"))
    return _private(cases, user, pk, write=write)


def get_rw_action_for_user(user, pk):
    actions = CaseAction.objects.select_related("case__group__workshop__factory", "case__member")
    return _private(actions, user, pk, write=True)


def get_rw_claim_for_user(user, pk):
    claims = InsuranceClaim.objects.select_related("case__group__workshop__factory", "case__member")
    return _private(claims, user, pk, write=True)


def get_case_group_for_user(user, pk):
    """The group whose cases a page lists or opens: 403 for one who may not read them."""
    return get_group_for_user(user, pk, need=Capability.READ_CASES)


def get_rw_activity_for_user(user, pk):
    activities = Activity.objects.select_related("group__workshop__factory")
    return get_for_user(activities, user, pk, write=True)
