"""What groups' production work adds up to over a period, for any number of groups in a fixed
number of grouped queries (``figures_by_group``), and a group's place in the campaigns that ended
in it (``campaign_ranks``): the figures the classification weighs."""

import dataclasses

from django.db.models import Count, Q
from django.utils import timezone

from competitions.models import GuaranteePlan, Proposal, RedFlagAward, Round
from competitions.scoring import ranks_in_latest_rounds
from groups.figures import by_group, share


@dataclasses.dataclass
class ProductionFigures:
    """A group's guarantee plans that ended in a period, its red flags and its proposals."""

    plans: int = 0
    plans_closed: int = 0
    plans_fulfilled: int = 0
    plans_fulfilled_pct: float | None = None
    red_flags: int = 0
    proposals: int = 0
    proposals_adopted: int = 0


def figures_by_group(ids, start, end):
    """``{group pk: ProductionFigures}`` for the groups ``ids`` over ``start``–``end``. Three
    queries."""
    plans = by_group(
        GuaranteePlan.objects.filter(group__in=ids, ends_on__gte=start, ends_on__lte=end),
        plans=Count("pk"),
        closed=Count("pk", filter=~Q(status=GuaranteePlan.Status.OPEN)),
        fulfilled=Count("pk", filter=Q(status=GuaranteePlan.Status.FULFILLED)),
    )
    flags = by_group(
        RedFlagAward.objects.filter(group__in=ids, awarded_on__gte=start, awarded_on__lte=end),
        n=Count("pk"),
    )
    proposals = {
        row["group"]: row
        for row in Proposal.objects.filter(
            group__in=ids, submitted_on__gte=start, submitted_on__lte=end
        ).figures("group")
    }
    result = {}
    for pk in ids:
        plan = plans.get(pk) or {}
        proposal = proposals.get(pk) or {}
        result[pk] = ProductionFigures(
            plans=plan.get("plans", 0),
            plans_closed=plan.get("closed", 0),
            plans_fulfilled=plan.get("fulfilled", 0),
            plans_fulfilled_pct=share(plan.get("fulfilled"), plan.get("closed")),
            red_flags=(flags.get(pk) or {}).get("n", 0),
            proposals=proposal.get("submitted", 0),
            proposals_adopted=proposal.get("adopted", 0),
        )
    return result


def campaign_ranks(group, start, end):
    """The group's rank in the last round of each campaign it took part in that ended in the
    period."""
    until = min(end, timezone.localdate())
    rounds = Round.objects.filter(
        campaign__participants__group=group, ends_on__gte=start, ends_on__lte=until
    ).order_by("campaign_id", "-ends_on")
    return [
        {"campaign": round_.campaign.name, "round": round_.number, "rank": rank, "of": ranked}
        for round_, rank, ranked in ranks_in_latest_rounds(group, rounds)
    ]
