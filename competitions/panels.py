"""What the competitions app adds to the group page."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from competitions.models import Campaign, GuaranteePlan, Indicator, Pact, Proposal, RedFlagAward


def group_panel(group):
    """The current guarantee plan with its results, the campaigns under way, the red flags the
    group holds, its pacts in force and its proposals this year: five queries, whatever the
    size of the group."""
    today = timezone.localdate()
    indicators = Prefetch("indicators", queryset=Indicator.objects.with_actuals())
    plan = (
        GuaranteePlan.objects.filter(group=group)
        .current(today)
        .annotate(pledge_count=Count("pledges"))
        .prefetch_related(indicators)
        .order_by("period", "-starts_on")
        .first()
    )
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
