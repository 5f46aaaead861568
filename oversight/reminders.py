"""What of the classification is due, for ``send_reminders`` (``notifications``): daily, while
any wait, the federation hears how many assessments await its review. Two queries."""

from django.db.models import Count, Q
from django.urls import reverse

from notifications.audience import federation_accounts
from notifications.services import Due
from oversight.models import Assessment, AssessmentPeriod


def assessments_awaiting_review(today):
    periods = list(
        AssessmentPeriod.objects.annotate(
            waiting=Count("assessments", filter=Q(assessments__status=Assessment.Status.SUBMITTED))
        ).filter(waiting__gt=0)
    )
    staff = federation_accounts({period.federation_id for period in periods})
    return [
        Due(
            kind="assessments_waiting",
            target=period,
            group_id=None,
            url=f"{reverse('oversight:assessment_list')}?period={period.pk}&status=submitted",
            params={"count": period.waiting, "period": period.name},
            users=staff.get(period.federation_id, []),
        )
        for period in periods
    ]
