"""What the meetings of groups add up to over a period, for any number of groups in a fixed number
of grouped queries: the figures the classification weighs (``figures_by_group``)."""

import dataclasses

from django.db.models import Count, Q

from groups.figures import by_group, share
from meetings.models import ActionItem, Meeting, ResolutionReport

HELD = [Meeting.Status.HELD, Meeting.Status.SUMMARISED]


@dataclasses.dataclass
class MeetingFigures:
    """A group's meetings over a period; shares in percent, None when there is nothing to share."""

    meetings_held: int = 0
    production_meetings: int = 0
    announced_ahead_pct: float | None = None
    summarised_pct: float | None = None
    attendance_pct: float | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    reports_due: int = 0
    overdue_reports: int = 0


def figures_by_group(ids, start, end, until):
    """``{group pk: MeetingFigures}`` for the groups ``ids`` over ``start``–``end``; ``until`` is
    the day the period is judged at (its end, or today for a period under way). Four queries."""
    meetings = Meeting.objects.filter(group__in=ids).between(start, end)
    preparedness = {row["group"]: row for row in meetings.preparedness("group")}
    production = by_group(
        meetings.filter(kind=Meeting.Kind.PRODUCTION, status__in=HELD), n=Count("pk")
    )
    # Action items open at the end of the period (or today, for a period under way): decided by
    # then and not done by then; overdue when their day had passed.
    open_actions = ActionItem.objects.filter(
        Q(done_on__isnull=True) | Q(done_on__gt=until),
        meeting__group__in=ids,
        meeting__scheduled_on__lte=until,
        meeting__voided_at__isnull=True,  # a cancelled meeting's items are not owed
    ).order_by()
    actions = {
        row["meeting__group"]: row
        for row in open_actions.values("meeting__group").annotate(
            open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=until))
        )
    }
    # Resolution reports whose day fell in the period and had passed by its end (or today):
    # overdue when not done by then (done later counts as overdue too).
    done_in_time = Q(status=ResolutionReport.Status.DONE, reported_at__date__lte=until) | Q(
        status=ResolutionReport.Status.DONE, reported_at__isnull=True
    )
    reports = by_group(
        ResolutionReport.objects.filter(
            group__in=ids, resolution__due_on__gte=start, resolution__due_on__lt=until
        ),
        due=Count("pk"),
        overdue=Count("pk", filter=~done_in_time),
    )
    result = {}
    for pk in ids:
        meeting = preparedness.get(pk) or {}
        action = actions.get(pk) or {}
        report = reports.get(pk) or {}
        result[pk] = MeetingFigures(
            meetings_held=meeting.get("held", 0),
            production_meetings=(production.get(pk) or {}).get("n", 0),
            announced_ahead_pct=share(meeting.get("announced_ahead"), meeting.get("held")),
            summarised_pct=share(meeting.get("summarised"), meeting.get("held")),
            attendance_pct=share(
                meeting.get("attendance_present"), meeting.get("attendance_expected")
            ),
            open_actions=action.get("open", 0),
            overdue_actions=action.get("overdue", 0),
            reports_due=report.get("due", 0),
            overdue_reports=report.get("overdue", 0),
        )
    return result
