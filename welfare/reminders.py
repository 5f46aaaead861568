"""What of the welfare app is due, for ``send_reminders`` (``notifications``): follow-ups of
cases, to the case's readers only (its group's leader and welfare officer, the staff above it;
each checked again against the case's own ``visible_to`` when the notice is made). A fixed
number of queries whatever the number of groups."""

from groups.models import Member
from notifications.audience import case_reader_accounts
from notifications.services import Due
from welfare.models import WelfareCase


def follow_ups_due(today):
    cases = list(
        WelfareCase.objects.follow_up_due(today)
        .filter(group__archived_on__isnull=True, member__status=Member.Status.ACTIVE)
        .select_related("group", "member")
    )
    readers = case_reader_accounts({case.group_id for case in cases})
    return [
        Due(
            kind="welfare_follow_up",
            target=case,
            group_id=case.group_id,
            url=case.get_absolute_url(),
            params={
                "group": case.group.name,
                "member": case.member.name,
                "due_on": case.follow_up_on.isoformat(),
                "overdue": case.follow_up_on < today,
            },
            users=readers.get(case.group_id, []),
        )
        for case in cases
    ]
