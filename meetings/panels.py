"""What the meetings app adds to the pages of the groups app."""

import datetime

from django.utils import timezone

from meetings.models import ActionItem, Meeting, ResolutionReport

PERIOD_DAYS = 365


def last_year():
    today = timezone.localdate()
    return today - datetime.timedelta(days=PERIOD_DAYS - 1), today


def group_panel(group):
    """Upcoming meetings with their agendas, preparedness over the last year, open action items
    and the resolutions still to carry out: five queries, whatever the size of the group."""
    meetings = Meeting.objects.filter(group=group)
    start, end = last_year()
    return {
        "upcoming_meetings": meetings.upcoming().prefetch_related("agenda_items")[:3],
        "preparedness": meetings.between(start, end).preparedness(),
        "open_actions": ActionItem.objects.filter(meeting__group=group)
        .open()
        .select_related("owner", "meeting")[:10],
        "pending_resolutions": ResolutionReport.objects.filter(group=group)
        .exclude(status=ResolutionReport.Status.DONE)
        .select_related("resolution")
        .order_by("resolution__due_on", "pk"),
        "period_start": start,
        "period_end": end,
    }


def preparedness_by(meetings, key):
    """Preparedness over the last year per value of ``key`` (e.g. "group"), as a dict."""
    start, end = last_year()
    rows = meetings.between(start, end).preparedness(key)
    return {row[key]: row for row in rows}
