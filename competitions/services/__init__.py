"""Writes of the competitions app: each validates first, then saves all of it in one transaction,
and raises ``ValidationError`` (with field names where it can) for the form to show."""

from competitions.services.campaigns import (
    campaign_create,
    check_rules,
    red_flag_award,
    red_flag_withdraw,
    scores_enter,
    veto_record,
)
from competitions.services.pacts import (
    pact_create,
    pact_review,
)
from competitions.services.plans import (
    indicator_add,
    plan_close,
    plan_create,
    plan_update,
    pledge_save,
    progress_delete,
    progress_deleted,
    progress_record,
    progress_restore,
)
from competitions.services.proposals import (
    proposal_move,
    proposal_submit,
)

__all__ = [
    "campaign_create",
    "check_rules",
    "indicator_add",
    "pact_create",
    "pact_review",
    "plan_close",
    "plan_create",
    "plan_update",
    "pledge_save",
    "progress_delete",
    "progress_deleted",
    "progress_record",
    "progress_restore",
    "proposal_move",
    "proposal_submit",
    "red_flag_award",
    "red_flag_withdraw",
    "scores_enter",
    "veto_record",
]
