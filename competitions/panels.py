"""What the competitions app offers the pages that combine the apps (the group page, the role
home pages): each function a fixed number of queries, whatever the data size."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from competitions.models import (
    Campaign,
    GuaranteePlan,
    Indicator,
    Pact,
    ProgressEntry,
    Proposal,
    RedFlagAward,
    Round,
)
from competitions.scoring import ranks_in_latest_rounds

LIST_SIZE = 10
PLAN_STALE_DAYS = 14


def group_panel(group):
    """The current guarantee plan with its results, the campaigns under way, the red flags the
    group holds, its pacts in force and its proposals this year: five queries, whatever the
    size of the group."""
    today = timezone.localdate()
    plan = current_plan(group, today)
    holder = RedFlagAward.objects.filter(round__campaign=OuterRef("pk")).order_by(
        "-awarded_on", "-pk"
    )
    campaigns = (
        Campaign.objects.filter(participants__group=group, starts_on__lte=today, ends_on__gte=today)
        .annotate(flag_holder_id=Subquery(holder.values("group")[:1]))
        .order_by("ends_on", "pk")
    )
    pacts = (
        Pact.objects.filter(Q(group=group) | Q(partner_group=group))
        .filter(starts_on__lte=today, ends_on__gte=today)
        .select_related("group", "partner_group")
    )
    year = today.replace(month=1, day=1)
    return {
        "current_plan": plan,
        "running_campaigns": campaigns,
        "current_pacts": pacts,
        "proposal_figures": Proposal.objects.filter(group=group, submitted_on__gte=year).figures(),
        "proposal_year": year,
    }


def current_plan(group, today):
    """The group's guarantee plan running today, with its indicators' actuals and its pledges
    counted (two queries)."""
    return (
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


def pledges_kept_pct(plan):
    if plan and plan.pledges_total:
        return round(100 * plan.pledges_kept / plan.pledges_total)
    return None


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


def plan_updated(today, days=PLAN_STALE_DAYS):
    """For a query of groups: whether the group (``OuterRef("pk")``) has entered progress on a
    guarantee plan running today in the last ``days`` days."""
    return Exists(
        ProgressEntry.objects.filter(
            indicator__plan__group=OuterRef("pk"),
            indicator__plan__starts_on__lte=today,
            indicator__plan__ends_on__gte=today,
            on__gte=today - datetime.timedelta(days=days),
        )
    )


def proposal_figures(user, today):
    """The proposals of the user's scope over the last year, counted (one query)."""
    year = today - datetime.timedelta(days=364)
    return Proposal.objects.visible_to(user).filter(submitted_on__gte=year).figures()


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
