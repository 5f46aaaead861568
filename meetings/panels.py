"""What the meetings app offers the pages that combine the apps (the group, workshop and factory
pages, the role home pages): each function a fixed number of queries, whatever the data size."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import ActionItem, Meeting, Preparedness, ResolutionReport

PERIOD_DAYS = 365
LIST_SIZE = 10
HELD = [Meeting.Status.HELD, Meeting.Status.SUMMARISED]


def last_year():
    today = timezone.localdate()
    return today - datetime.timedelta(days=PERIOD_DAYS - 1), today


def group_panel(group):
    """Upcoming meetings with their agendas, preparedness over the last year, open action items
    and the resolutions still to carry out: five queries, whatever the size of the group."""
    start, end = last_year()
    return {
        "upcoming_meetings": upcoming(group)[:3],
        "preparedness": Meeting.objects.filter(group=group).between(start, end).preparedness(),
        "open_actions": open_actions(group),
        "pending_resolutions": ResolutionReport.objects.filter(group=group)
        .exclude(status=ResolutionReport.Status.DONE)
        .select_related("resolution")
        .order_by("resolution__due_on", "pk"),
        "period_start": start,
        "period_end": end,
    }


def preparedness_by(user, key, **within):
    """Preparedness over the last year of the meetings the user sees (those matching ``within``)
    per value of ``key`` (e.g. "group"), as a dict (one query)."""
    start, end = last_year()
    rows = Meeting.objects.visible_to(user).filter(**within).between(start, end).preparedness(key)
    return {row[key]: row for row in rows}


def preparedness_sum(parts):
    """The preparedness of all the meetings counted in ``parts`` (rows of ``preparedness_by``
    whose meetings do not overlap, e.g. a factory's workshops): their counts added up, no
    query."""
    keys = ("held", "announced_ahead", "summarised", "attendance_expected", "attendance_present")
    return Preparedness({key: sum(part.get(key) or 0 for part in parts) for key in keys})


def preparedness_of(user, **within):
    """Preparedness over the last year of all the meetings the user sees matching ``within``
    (one query)."""
    start, end = last_year()
    return Meeting.objects.visible_to(user).filter(**within).between(start, end).preparedness()


def upcoming(group):
    """The group's meetings to come, soonest first, with their agendas."""
    return Meeting.objects.filter(group=group).upcoming().prefetch_related("agenda_items")


def open_actions(group):
    """The group's first open action items (one query)."""
    return (
        ActionItem.objects.filter(meeting__group=group)
        .open()
        .select_related("owner", "meeting")[:LIST_SIZE]
    )


def month_start(today):
    return today.replace(day=1)


def met_this_month(today):
    """For a query of groups: whether the group (``OuterRef("pk")``) has held a meeting since
    the first of ``today``'s month."""
    return Exists(
        Meeting.objects.filter(
            group=OuterRef("pk"),
            status__in=HELD,
            scheduled_on__gte=month_start(today),
            scheduled_on__lte=today,
        )
    )


def resolution_overdue():
    """For a query of groups: whether the group owes a report on a resolution past its day."""
    return Exists(ResolutionReport.objects.filter(group=OuterRef("pk")).overdue())


def _months(today, count):
    first = month_start(today)
    months = []
    for _index in range(count):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def meeting_chart(user, today, count=6):
    """Meetings held per month over the last ``count`` months, and how many of them were
    announced ahead and summarised (one query)."""
    months = _months(today, count)
    rows = (
        Meeting.objects.visible_to(user)
        .filter(status__in=HELD, scheduled_on__gte=months[0], scheduled_on__lte=today)
        .annotate(month=TruncMonth("scheduled_on"))
        .order_by()
        .values("month")
        .annotate(
            held=Count("pk"),
            summarised=Count("pk", filter=Q(status=Meeting.Status.SUMMARISED)),
        )
    )
    by_month = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        by_month[month] = row
    return {
        "labels": [f"{month:%Y-%m}" for month in months],
        "series": [
            {
                "label": _("Meetings held"),
                "data": [(by_month.get(m) or {}).get("held", 0) for m in months],
            },
            {
                "label": _("Summarised"),
                "data": [(by_month.get(m) or {}).get("summarised", 0) for m in months],
            },
        ],
        "grouped": True,
    }
