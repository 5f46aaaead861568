"""What the classification offers the role home pages: a group's latest class, the groups
confirmed lagging and the assessments awaiting review. A fixed number of queries each."""

from oversight.models import Assessment, GroupClass


def latest_assessment(group):
    """The group's newest confirmed assessment (one query)."""
    return (
        Assessment.objects.filter(group=group, status=Assessment.Status.CONFIRMED)
        .select_related("period")
        .order_by("-period__starts_on")
        .first()
    )


def lagging(user, period):
    """The groups confirmed lagging in the period, and how many (two queries)."""
    assessments = (
        Assessment.objects.visible_to(user)
        .filter(
            period=period, status=Assessment.Status.CONFIRMED, confirmed_class=GroupClass.LAGGING
        )
        .select_related("group__workshop__factory")
        .order_by("group__workshop__factory__name", "group__name", "pk")
    )
    return {"rows": list(assessments[:20]), "count": assessments.count()}


def awaiting_review(user):
    """How many assessments of the user's scope wait for the federation's review (one query)."""
    return Assessment.objects.visible_to(user).filter(status=Assessment.Status.SUBMITTED).count()
