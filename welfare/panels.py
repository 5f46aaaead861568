"""What the welfare app offers the pages that combine the apps (the group and factory pages, the
role home pages): each function a fixed number of queries, whatever the data size."""

import datetime

from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.capabilities import Capability, user_can
from groups.scoping import Level
from welfare import figures
from welfare.models import Activity, CaseAction, WelfareCase


def welfare_panel(group, user):
    """The group's welfare: its cases not closed, follow-ups due first (for those who read case
    details), its figures for the last twelve months (for everyone in scope), and its latest
    activities. At most five queries, whatever the size of the group."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=364)
    details = user_can(user, Capability.READ_CASES)
    cases = []
    if details:
        cases = list(
            WelfareCase.objects.visible_to(user)
            .filter(group=group)
            .active()
            .select_related("member")
            .order_by(F("follow_up_on").asc(nulls_last=True), "-opened_on", "pk")[:10]
        )
        for case in cases:
            case.due = case.follow_up_on is not None and case.follow_up_on <= today
            case.overdue = case.follow_up_overdue(today)
    counts = figures.group_summary(user, group, start, today)
    return {
        "welfare_details": details,
        "welfare_cases": cases,
        "welfare_figures": counts,
        "welfare_start": start,
        "activities": Activity.objects.visible_to(user)
        .filter(group=group)
        .annotate(taking_part=Count("participants"))
        .order_by("-held_on", "-pk")[:5],
    }


def factory_welfare(factory, user):
    """The factory page's welfare: per workshop for the last twelve months, and a chart of cases
    opened and resolved and aid given per month. Six queries."""
    start, end = figures.last_twelve_months(timezone.localdate())
    cases = WelfareCase.objects.counted_for(user).filter(group__workshop__factory=factory)
    actions = CaseAction.objects.counted_for(user).filter(case__group__workshop__factory=factory)
    by_month = figures.monthly(cases, actions, start, end)
    chart = {
        "months": [row["month"].strftime("%Y-%m") for row in by_month],
        "opened": [row["opened"] for row in by_month],
        "resolved": [row["resolved"] for row in by_month],
        "aid": [float(row["aid"]) for row in by_month],
        "labels": {
            "opened": _("Cases opened"),
            "resolved": _("Cases resolved"),
            "aid": _("Aid given (yuan)"),
        },
    }
    return {
        "welfare_start": start,
        "welfare_end": end,
        "welfare_by_workshop": figures.by_unit(
            user,
            Level.WORKSHOP,
            start,
            end,
            ids=None,
            within={"group__workshop__factory": factory},
            claims=False,
        ),
        "welfare_chart": chart,
        "welfare_totals": {
            "opened": sum(chart["opened"]),
            "resolved": sum(chart["resolved"]),
            "visits": sum(row["visits"] for row in by_month),
            "aid": sum((row["aid"] for row in by_month), start=0),
        },
    }


LIST_SIZE = 10


def follow_ups(group, user, today):
    """The group's cases whose follow-up is due: the first of them for those who read case
    details, else only how many (one query either way)."""
    cases = WelfareCase.objects.filter(group=group).follow_up_due(today)
    if user_can(user, Capability.READ_CASES):
        listed = cases.select_related("member").order_by("follow_up_on", "pk")[:LIST_SIZE]
        return {"follow_ups": list(listed), "follow_up_count": None}
    return {"follow_ups": None, "follow_up_count": cases.count()}


def follow_up_overdue(today):
    """For a query of groups: whether the group (``OuterRef("pk")``) has an active case whose
    follow-up day has passed."""
    return Exists(
        WelfareCase.objects.filter(group=OuterRef("pk")).active().filter(follow_up_on__lt=today)
    )
