"""How the meetings app loads its records: through the user's scope (404 outside it, 403 where
the scope reads but does not write), like the groups app."""

from groups.access import get_for_user
from groups.capabilities import Capability
from groups.people import named
from meetings.models import ActionItem, GroupReport, Meeting, Resolution, ResolutionReport


def get_meeting_for_user(user, pk, *, write=False):
    # A cancelled meeting is still read at its address, and no longer changed.
    manager = Meeting.objects if write else Meeting.all_objects
    meetings = manager.select_related(
        "group__workshop__factory",
        *named("planned_by", "announced_by", "held_recorded_by", "summarised_by"),
    )
    return get_for_user(meetings, user, pk, write=write)


def get_rw_action_item_for_user(user, pk):
    items = ActionItem.objects.select_related("meeting__group")
    return get_for_user(items, user, pk, write=True)


def get_resolution_for_user(user, pk):
    return get_for_user(Resolution.objects.select_related("factory", "workshop"), user, pk)


def get_rw_resolution_report_for_user(user, pk):
    reports = ResolutionReport.objects.select_related("resolution", "group__workshop__factory")
    return get_for_user(reports, user, pk, write=True)


def get_group_report_for_user(user, pk):
    reports = GroupReport.objects.select_related(
        "group__workshop__factory", *named("sent_by", "answered_by")
    )
    return get_for_user(reports, user, pk)


def get_managed_group_report_for_user(user, pk):
    """Reports sent up are read and answered by the factory or workshop union above the group."""
    reports = GroupReport.objects.select_related("group__workshop__factory")
    return get_for_user(reports, user, pk, need=Capability.MANAGE_GROUPS)
