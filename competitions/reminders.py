"""What of the competitions app is due, for ``send_reminders`` (``notifications``), in a fixed
number of queries whatever the number of groups."""

import datetime

from django.db.models import Exists, OuterRef

from competitions.models import GuaranteePlan, ProgressEntry
from competitions.panels import PLAN_STALE_DAYS
from notifications.audience import leader_accounts
from notifications.services import Due, week_of


def plans_without_progress(today):
    """Weekly, to the group's leader: a guarantee plan running for two weeks or more with no
    progress entered in the last two weeks (as Odoo reminds owners of goals left un-updated)."""
    since = today - datetime.timedelta(days=PLAN_STALE_DAYS)
    recent = ProgressEntry.objects.filter(indicator__plan=OuterRef("pk"), on__gt=since)
    plans = list(
        GuaranteePlan.objects.filter(
            starts_on__lte=since, ends_on__gte=today, group__archived_on__isnull=True
        )
        .exclude(Exists(recent))
        .select_related("group")
    )
    leaders = leader_accounts({plan.group_id for plan in plans})
    return [
        Due(
            kind="plan_without_progress",
            target=plan,
            group_id=plan.group_id,
            url=plan.get_absolute_url(),
            params={"group": plan.group.name, "days": PLAN_STALE_DAYS},
            users=leaders.get(plan.group_id, []),
            day=week_of(today),
        )
        for plan in plans
    ]
