"""The home page of each role, computed in the database with a fixed number of queries whatever
the number of groups:

* a group's leader: the next meeting, open action items, pledge progress, follow-ups due, the
  group's rank in its campaigns and its class;
* factory and workshop staff: their groups by class, "who is not doing what" (groups that have not
  met this month, have not updated their guarantee plan, have not reported on a resolution, or
  have overdue welfare follow-ups) and the figures of their scope with charts;
* the city federation: the class distribution and its trend, factories compared, the lagging
  groups and the campaign leaders.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import (
    Campaign,
    GuaranteePlan,
    Indicator,
    ProgressEntry,
    Proposal,
    RedFlagAward,
    Round,
)
from competitions.scoring import ranks_in_latest_rounds
from groups.capabilities import Capability, user_can
from groups.models import UnionGroup
from groups.scoping import Level, user_scope
from meetings.models import ActionItem, Meeting, ResolutionReport
from oversight import reports
from oversight.models import Assessment, GroupClass
from welfare.models import WelfareCase

LIST_SIZE = 10
PLAN_STALE_DAYS = 14
HELD = [Meeting.Status.HELD, Meeting.Status.SUMMARISED]


def _month_start(today):
    return today.replace(day=1)


# --- A group's leader --------------------------------------------------------------------------


def campaign_ranks(group, today):
    """The group's place in each campaign running today, in its latest round begun."""
    rounds = Round.objects.filter(
        campaign__participants__group=group,
        campaign__starts_on__lte=today,
        campaign__ends_on__gte=today,
        starts_on__lte=today,
    ).order_by("campaign_id", "-starts_on")
    return [
        {"campaign": round_.campaign, "round": round_, "rank": rank, "of": ranked}
        for round_, rank, ranked in ranks_in_latest_rounds(group, rounds)
    ]


def leader(user, group):
    today = timezone.localdate()
    meetings = Meeting.objects.filter(group=group)
    plan = (
        GuaranteePlan.objects.filter(group=group)
        .current(today)
        .annotate(
            pledges_total=Count("pledges"),
            pledges_kept=Count("pledges", filter=Q(pledges__kept=True)),
            pledges_broken=Count("pledges", filter=Q(pledges__kept=False)),
        )
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.with_actuals()))
        .order_by("period", "-starts_on")
        .first()
    )
    cases = WelfareCase.objects.filter(group=group).follow_up_due(today)
    reads_cases = user_can(user, Capability.READ_CASES)
    latest = (
        Assessment.objects.filter(group=group, status=Assessment.Status.CONFIRMED)
        .select_related("period")
        .order_by("-period__starts_on")
        .first()
    )
    return {
        "group": group,
        "next_meeting": meetings.upcoming().prefetch_related("agenda_items").first(),
        "open_actions": list(
            ActionItem.objects.filter(meeting__group=group)
            .open()
            .select_related("owner", "meeting")[:LIST_SIZE]
        ),
        "plan": plan,
        "pledge_pct": round(100 * plan.pledges_kept / plan.pledges_total)
        if plan and plan.pledges_total
        else None,
        "follow_ups": list(
            cases.select_related("member").order_by("follow_up_on", "pk")[:LIST_SIZE]
        )
        if reads_cases
        else None,
        "follow_up_count": None if reads_cases else cases.count(),
        "ranks": campaign_ranks(group, today),
        "latest_assessment": latest,
    }


# --- Factory and workshop staff ----------------------------------------------------------------


def _listed(queryset):
    """The first groups of a list, and how many there are (two queries)."""
    queryset = queryset.select_related("workshop").order_by("workshop__name", "name", "pk")
    return {"groups": list(queryset[:LIST_SIZE]), "count": queryset.count()}


def not_doing(user, today=None):
    """Groups of the user's scope that have not done what they should, four lists."""
    today = today or timezone.localdate()
    groups = UnionGroup.objects.visible_to(user).active()
    met = Meeting.objects.filter(
        group=OuterRef("pk"),
        status__in=HELD,
        scheduled_on__gte=_month_start(today),
        scheduled_on__lte=today,
    )
    fresh = ProgressEntry.objects.filter(
        indicator__plan__group=OuterRef("pk"),
        indicator__plan__starts_on__lte=today,
        indicator__plan__ends_on__gte=today,
        on__gte=today - datetime.timedelta(days=PLAN_STALE_DAYS),
    )
    unreported = ResolutionReport.objects.filter(group=OuterRef("pk")).overdue()
    overdue = (
        WelfareCase.objects.filter(group=OuterRef("pk")).active().filter(follow_up_on__lt=today)
    )
    return [
        {
            "key": "not_met",
            "title": _("Have not met this month"),
            **_listed(groups.exclude(Exists(met))),
        },
        {
            "key": "plan_stale",
            "title": _("Have not updated their guarantee plan in two weeks"),
            **_listed(groups.exclude(Exists(fresh))),
        },
        {
            "key": "resolution",
            "title": _("Have not reported on a resolution due"),
            **_listed(groups.filter(Exists(unreported))),
        },
        {
            "key": "welfare",
            "title": _("Have overdue welfare follow-ups"),
            **_listed(groups.filter(Exists(overdue))),
        },
    ]


def _months(today, count):
    first = _month_start(today)
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


def staff(user, all_periods, period):
    today = timezone.localdate()
    context = {"not_doing": not_doing(user, today), "meeting_chart": meeting_chart(user, today)}
    if period is not None:
        # Factory and workshop staff compare their workshops.
        scope = user_scope(user)
        factory = scope.unit if scope.level == Level.FACTORY else scope.unit.factory
        context["report"] = reports.report(user, period, all_periods, factory)
        context["group_count"] = UnionGroup.objects.visible_to(user).active().count()
    year = today - datetime.timedelta(days=364)
    context["proposals"] = (
        Proposal.objects.visible_to(user).filter(submitted_on__gte=year).figures()
    )
    return context


# --- The city federation -----------------------------------------------------------------------


def campaign_leaders(user, today):
    """The campaigns running now with the group that holds their red flag (one query)."""
    holder = RedFlagAward.objects.filter(round__campaign=OuterRef("pk")).order_by(
        "-awarded_on", "-pk"
    )
    return list(
        Campaign.objects.visible_to(user)
        .filter(starts_on__lte=today, ends_on__gte=today)
        .annotate(
            holder_name=Subquery(holder.values("group__name")[:1]),
            holder_factory=Subquery(holder.values("group__workshop__factory__name")[:1]),
        )
        .order_by("ends_on", "pk")[:LIST_SIZE]
    )


def lagging(user, period):
    """The groups confirmed lagging in the period, and how many (two queries)."""
    assessments = (
        Assessment.objects.visible_to(user)
        .filter(
            period=period, status=Assessment.Status.CONFIRMED, confirmed_class=GroupClass.LAGGING
        )
        .select_related("group__workshop__factory")
        .order_by("group__workshop__factory__name", "group__name", "pk")
    )
    return {"rows": list(assessments[:20]), "count": assessments.count()}


def federation(user, all_periods, period):
    today = timezone.localdate()
    context = {"campaign_leaders": campaign_leaders(user, today)}
    if period is not None:
        context["report"] = reports.report(user, period, all_periods)
        context["lagging"] = lagging(user, period)
        context["awaiting"] = (
            Assessment.objects.visible_to(user).filter(status=Assessment.Status.SUBMITTED).count()
        )
    return context
