"""The production forms, by subject: plans, campaigns, pacts and proposals."""

from competitions.forms.campaigns import (
    AwardForm,
    BaseRuleFormSet,
    CampaignForm,
    GroupChoiceField,
    OneGroupField,
    RuleForm,
    RuleFormSet,
    ScoresForm,
    VetoForm,
    group_label,
    organised_units,
)
from competitions.forms.pacts import (
    PactForm,
    PactReviewForm,
)
from competitions.forms.plans import (
    ClosePlanForm,
    PlanEditForm,
    PlanForm,
    PledgeForm,
    ProgressForm,
)
from competitions.forms.proposals import (
    ProposalForm,
    ProposalMoveForm,
)
from competitions.forms.rows import (
    DIRECTIONS,
    BaseRowFormSet,
    IndicatorForm,
    IndicatorFormSet,
    quantity_field,
)

__all__ = [
    "AwardForm",
    "BaseRowFormSet",
    "BaseRuleFormSet",
    "CampaignForm",
    "ClosePlanForm",
    "DIRECTIONS",
    "GroupChoiceField",
    "IndicatorForm",
    "IndicatorFormSet",
    "OneGroupField",
    "PactForm",
    "PactReviewForm",
    "PlanEditForm",
    "PlanForm",
    "PledgeForm",
    "ProgressForm",
    "ProposalForm",
    "ProposalMoveForm",
    "RuleForm",
    "RuleFormSet",
    "ScoresForm",
    "VetoForm",
    "group_label",
    "organised_units",
    "quantity_field",
]
