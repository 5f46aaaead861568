"""Production, the group's first task: guarantee plans with individual pledges and progress,
emulation campaigns with standings and a rotating red flag, mutual-aid pacts, and rationalization
proposals."""

from competitions.models.campaigns import (
    DUPLICATE,
    Campaign,
    CampaignQuerySet,
    Participant,
    RedFlagAward,
    Round,
    RoundQuerySet,
    Rule,
    Score,
    Veto,
    VetoItem,
)
from competitions.models.common import (
    AVERAGED_KINDS,
    HIGHER_IS_BETTER,
    ZERO,
    Kind,
    money_field,
    month_end,
    quantity_field,
)
from competitions.models.pacts import (
    Pact,
    PactQuerySet,
    PactReview,
)
from competitions.models.plans import (
    GuaranteePlan,
    GuaranteePlanQuerySet,
    Indicator,
    IndicatorQuerySet,
    Pledge,
    PledgeQuerySet,
    ProgressEntry,
    ProgressEntryQuerySet,
)
from competitions.models.proposals import (
    Proposal,
    ProposalFigures,
    ProposalQuerySet,
)

__all__ = [
    "AVERAGED_KINDS",
    "DUPLICATE",
    "Campaign",
    "CampaignQuerySet",
    "GuaranteePlan",
    "GuaranteePlanQuerySet",
    "HIGHER_IS_BETTER",
    "Indicator",
    "IndicatorQuerySet",
    "Kind",
    "Pact",
    "PactQuerySet",
    "PactReview",
    "Participant",
    "Pledge",
    "PledgeQuerySet",
    "ProgressEntry",
    "ProgressEntryQuerySet",
    "Proposal",
    "ProposalFigures",
    "ProposalQuerySet",
    "RedFlagAward",
    "Round",
    "RoundQuerySet",
    "Rule",
    "Score",
    "Veto",
    "VetoItem",
    "ZERO",
    "money_field",
    "quantity_field",
    "month_end",
]
