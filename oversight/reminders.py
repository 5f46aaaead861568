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


def assessments_reviewed(assessments, reviewed_by):
    """At once, to the staff who assessed (and submitted) each assessment: the federation
    returned it (with its reason) or confirmed its class. For ``services``' reviews; the
    assessments come with their group and period, and their assessors, loaded."""
    dues = []
    for assessment in assessments:
        returned = assessment.status == Assessment.Status.RETURNED
        assessors = {
            user.pk: user
            for user in (assessment.assessed_by, assessment.submitted_by)
            if user is not None and user.is_active and user.pk != reviewed_by.pk
        }
        params = {"group": assessment.group.name, "period": assessment.period.name}
        if returned:
            params["reason"] = assessment.return_reason
        else:
            params["class"] = assessment.confirmed_class
        dues.append(
            Due(
                kind="assessment_returned" if returned else "assessment_confirmed",
                target=assessment,
                group_id=assessment.group_id,
                url=assessment.get_absolute_url(),
                params=params,
                users=list(assessors.values()),
            )
        )
    return dues
