"""What of the meetings app is due, for ``send_reminders`` (``notifications``): each function
takes the day and returns ``notifications.services.Due`` rows, in a fixed number of queries
whatever the number of groups. Nothing of an archived group, a cancelled meeting or a member
who has left."""

import datetime
from collections import defaultdict

from django.db.models import Count, Q

from groups.models import Member, Scope
from meetings.models import ActionItem, GroupReport, Meeting, Resolution, ResolutionReport
from notifications.audience import group_accounts, leader_accounts, member_accounts
from notifications.services import Due

#: A resolution's report is recalled this many days before it is due, and daily after.
REPORT_AHEAD_DAYS = 3


def meetings_announced(today):
    """Meetings announced since yesterday and still ahead: every account of the group (its
    members' own, at once whatever they chose: the agenda is for preparing), but the one who
    announced it. Once a person and meeting: the notice's day is the day it was announced."""
    meetings = list(
        Meeting.objects.filter(
            status=Meeting.Status.ANNOUNCED,
            announced_on__gte=today - datetime.timedelta(days=1),
            scheduled_on__gte=today,
            group__archived_on__isnull=True,
        )
        .select_related("group")
        .prefetch_related("agenda_items")
    )
    group_ids = {meeting.group_id for meeting in meetings}
    accounts = group_accounts(group_ids)
    # Members without a sign-in (no group account of their own) are told by e-mail alone, or
    # by a text message if they have a phone and no address.
    signed_in = Scope.objects.filter(
        group__in=group_ids, member__isnull=False, user__is_active=True
    ).values("member")
    unsigned = defaultdict(list)
    for member in (
        Member.objects.active()
        .filter(group__in=group_ids)
        .exclude(email="", phone="")
        .exclude(pk__in=signed_in)
    ):
        unsigned[member.group_id].append(member)
    dues = []
    for meeting in meetings:
        # A production topic in the language the command runs in (the site's); titles as typed.
        agenda = "；".join(str(item.label) for item in meeting.agenda_items.all())
        dues.append(
            Due(
                kind="meeting_announced",
                target=meeting,
                group_id=meeting.group_id,
                url=meeting.get_absolute_url(),
                params={
                    "group": meeting.group.name,
                    "title": meeting.title,
                    "when": " ".join(
                        [meeting.scheduled_on.isoformat()]
                        + ([meeting.starts_at.strftime("%H:%M")] if meeting.starts_at else [])
                    ),
                    "place": meeting.place,
                    "agenda": agenda or "—",
                },
                users=[
                    user
                    for user in accounts.get(meeting.group_id, [])
                    if user.pk != meeting.announced_by_id
                ],
                members=unsigned.get(meeting.group_id, []),
                day=meeting.announced_on,
            )
        )
    return dues


def action_items_due(today):
    """Open action items due today or overdue: their owner (if they have an account) and the
    group's leader."""
    items = list(
        ActionItem.objects.open()
        .filter(due_on__lte=today, meeting__group__archived_on__isnull=True)
        .filter(owner__status=Member.Status.ACTIVE)
        .select_related("meeting__group")
    )
    leaders = leader_accounts({item.meeting.group_id for item in items})
    owners = member_accounts({item.owner_id for item in items})
    return [
        Due(
            kind="action_item",
            target=item,
            group_id=item.meeting.group_id,
            url=item.meeting.get_absolute_url(),
            params={
                "group": item.meeting.group.name,
                "description": item.description,
                "due_on": item.due_on.isoformat(),
                "overdue": item.due_on < today,
            },
            users=owners.get(item.owner_id, []) + leaders.get(item.meeting.group_id, []),
        )
        for item in items
    ]


def meetings_unannounced(today):
    """Meetings of the next two days not announced yet (the booklet's good groups give two
    days' notice): the group's leader."""
    meetings = list(
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            scheduled_on__gt=today,
            scheduled_on__lte=today + datetime.timedelta(days=2),
            group__archived_on__isnull=True,
        ).select_related("group")
    )
    leaders = leader_accounts({meeting.group_id for meeting in meetings})
    return [
        Due(
            kind="meeting_unannounced",
            target=meeting,
            group_id=meeting.group_id,
            url=meeting.get_absolute_url(),
            params={
                "group": meeting.group.name,
                "title": meeting.title,
                "scheduled_on": meeting.scheduled_on.isoformat(),
            },
            users=leaders.get(meeting.group_id, []),
        )
        for meeting in meetings
    ]


def resolution_reports_due(today):
    """Reports on resolutions due within three days or overdue, not done: the group's leader;
    and to whoever issued the resolution, how many groups still owe it."""
    reports = list(
        ResolutionReport.objects.exclude(status=ResolutionReport.Status.DONE)
        .filter(
            resolution__due_on__lte=today + datetime.timedelta(days=REPORT_AHEAD_DAYS),
            group__archived_on__isnull=True,
        )
        .select_related("resolution", "group")
    )
    leaders = leader_accounts({report.group_id for report in reports})
    dues = [
        Due(
            kind="resolution_report",
            target=report,
            group_id=report.group_id,
            url=report.resolution.get_absolute_url(),
            params={
                "group": report.group.name,
                "title": report.resolution.title,
                "due_on": report.resolution.due_on.isoformat(),
                "overdue": report.resolution.due_on < today,
            },
            users=leaders.get(report.group_id, []),
        )
        for report in reports
    ]
    owing = (
        Resolution.objects.filter(pk__in={report.resolution_id for report in reports})
        .filter(issued_by__is_active=True)
        .annotate(
            owing=Count(
                "reports",
                filter=~Q(reports__status=ResolutionReport.Status.DONE)
                & Q(reports__group__archived_on__isnull=True),
            )
        )
        .select_related("issued_by")
    )
    dues += [
        Due(
            kind="resolution_owing",
            target=resolution,
            group_id=None,
            url=resolution.get_absolute_url(),
            params={"title": resolution.title, "count": resolution.owing},
            users=[resolution.issued_by],
        )
        for resolution in owing
    ]
    return dues


def report_answered(report: GroupReport, answered_by):
    """At once, to whoever sent the report up (if their sign-in is still active and not the one
    who answered): the union answered it. For ``services.group_report_answer``."""
    sender = report.sent_by
    users = (
        [sender] if sender is not None and sender.is_active and sender.pk != answered_by.pk else []
    )
    return [
        Due(
            kind="report_answered",
            target=report,
            group_id=report.group_id,
            url=report.get_absolute_url(),
            params={"group": report.group.name, "subject": report.subject},
            users=users,
        )
    ]
