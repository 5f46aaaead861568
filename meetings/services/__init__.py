"""Writes of the meetings app: each validates first, then saves all of it in one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from groups.models import Member, Role, UnionGroup
from meetings import reminders
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Candidate,
    Decision,
    GroupReport,
    Meeting,
    Resolution,
    ResolutionReport,
)
from notifications.at_once import notify_at_once

#: The most decisions a meeting records (the one-page record sends them all at once).
MOST_DECISIONS = 30


@transaction.atomic
def meeting_plan(
    *,
    group: UnionGroup,
    user,
    kind: str,
    title: str,
    scheduled_on: datetime.date,
    place: str,
    agenda: list[str],
    topics: list[str] = (),
    starts_at: datetime.time | None = None,
    study_topic: str = "",
) -> Meeting:
    """Plan a meeting with its agenda: the chosen production topics first, then free items."""
    group.check_open()
    meeting = Meeting(
        group=group,
        kind=kind,
        title=title,
        scheduled_on=scheduled_on,
        starts_at=starts_at,
        place=place,
        study_topic=study_topic if kind == Meeting.Kind.STUDY else "",
        planned_by=user,
    )
    meeting.full_clean()
    meeting.save()
    _set_agenda(meeting, agenda, topics if kind == Meeting.Kind.PRODUCTION else ())
    return meeting


def _set_agenda(meeting, agenda, topics):
    items = [AgendaItem(topic=topic) for topic in topics]
    items += [AgendaItem(title=line) for line in agenda]
    for position, item in enumerate(items, start=1):
        item.meeting = meeting
        item.position = position
    bulk_create_with_history(items, AgendaItem)


@transaction.atomic
def meeting_update(*, meeting: Meeting, agenda: list[str], topics: list[str] = ()) -> Meeting:
    """Change a meeting that has not been held yet, and replace its agenda."""
    if meeting.is_held:
        raise ValidationError(_("A meeting that has been held can no longer be changed."))
    # The agenda is replaced (delete, then insert): one editor at a time, or both agendas stay.
    Meeting.all_objects.select_for_update(no_key=True).filter(pk=meeting.pk).first()
    if meeting.kind != Meeting.Kind.STUDY:
        meeting.study_topic = ""
    meeting.full_clean()
    meeting.save()
    meeting.agenda_items.all().delete()
    _set_agenda(meeting, agenda, topics if meeting.kind == Meeting.Kind.PRODUCTION else ())
    return meeting


@transaction.atomic
def meeting_announce(*, meeting: Meeting, user, on: datetime.date) -> Meeting:
    """The notice goes out to the members, with the agenda, on a date."""
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be announced."))
    if on > meeting.scheduled_on:
        message = _("The notice must go out before the meeting (%(date)s).")
        raise ValidationError(
            {"announced_on": message % {"date": meeting.scheduled_on.isoformat()}}
        )
    meeting.status = Meeting.Status.ANNOUNCED
    meeting.announced_on = on
    meeting.announced_by = user
    meeting.save()
    return meeting


@transaction.atomic
def meeting_record_attendance(*, meeting: Meeting, user, rows: dict) -> Meeting:
    """Record who came. ``rows`` maps a member's pk to ``(status, reason)``; every member must be
    an active member of the meeting's group. Recording attendance marks the meeting held."""
    # The meeting's row is locked first: two leaders recording at once take turns, and the
    # second corrects the rows the first wrote instead of inserting them again.
    Meeting.all_objects.select_for_update(no_key=True).filter(pk=meeting.pk).first()
    if meeting.scheduled_on > timezone.localdate():
        raise ValidationError(_("Attendance can be recorded once the meeting day has come."))
    members = {m.pk: m for m in meeting.group.members.active()}
    strangers = [pk for pk in rows if pk not in members]
    if strangers:
        # Named by number: another group's member's name is not the caller's to read.
        raise ValidationError(
            _("Not members of this group: %(names)s.")
            % {"names": ", ".join(f"#{pk}" for pk in strangers[:5])}
        )
    missing = [m.name for pk, m in members.items() if pk not in rows]
    if missing:
        raise ValidationError(_("Record every member: %(names)s.") % {"names": ", ".join(missing)})
    for pk, (status, reason) in rows.items():
        if status == Attendance.Status.ABSENT and not reason.strip():
            raise ValidationError(
                _("Give the reason %(name)s was absent.") % {"name": members[pk].name}
            )
    # Correct the rows of today's members in place, so that the history shows what changed; a
    # member who has since left keeps their row.
    existing = {a.member_id: a for a in meeting.attendances.filter(member__in=rows.keys())}
    new, changed = [], []
    for pk, (status, reason) in rows.items():
        row = existing.get(pk)
        if row is None:
            new.append(Attendance(meeting=meeting, member_id=pk, status=status, reason=reason))
        elif (row.status, row.reason) != (status, reason.strip()):
            row.status, row.reason = status, reason
            changed.append(row)
    for row in new + changed:
        row.reason = row.reason.strip()
    bulk_create_with_history(new, Attendance, default_user=user)
    bulk_update_with_history(changed, Attendance, ["status", "reason"], default_user=user)
    if meeting.is_held and not new and not changed:
        return meeting  # the same attendance sent again: who recorded it, and when, stand
    if not meeting.is_held:
        meeting.status = Meeting.Status.HELD
    meeting.held_recorded_by = user
    meeting.held_recorded_at = timezone.now()
    meeting.save()
    return meeting


def _require_held(meeting, message):
    if not meeting.is_held:
        raise ValidationError(message)


@transaction.atomic
def meeting_record_minutes(
    *,
    meeting: Meeting,
    minutes: dict,
    target_missed: bool = False,
    criticism: str = "",
    causes: str = "",
    remedies: str = "",
) -> Meeting:
    """The minutes of each agenda item, and, when a target or the quality was missed, the
    criticism and self-criticism with the causes found and the remedies agreed."""
    _require_held(meeting, _("Minutes are written once the meeting has been held."))
    if target_missed and not (causes.strip() and remedies.strip()):
        raise ValidationError(
            _("When a target was missed, record the causes found and the remedies agreed.")
        )
    # Only what changed is written (with its history), in one statement: the one-page record
    # sends every item's minutes each time it is saved.
    changed = []
    for item in meeting.agenda_items.all():
        if item.pk in minutes and item.minutes != minutes[item.pk]:
            item.minutes = minutes[item.pk]
            changed.append(item)
    bulk_update_with_history(changed, AgendaItem, ["minutes"])
    values = {
        "target_missed": target_missed,
        "criticism": criticism,
        "causes": causes,
        "remedies": remedies,
    }
    if any(getattr(meeting, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(meeting, name, value)
        meeting.save()
    return meeting


@transaction.atomic
def meeting_summarise(*, meeting: Meeting, user, summary: str) -> Meeting:
    _require_held(
        meeting, _("The summary is written after the meeting: record the attendance first.")
    )
    if not summary.strip():
        raise ValidationError({"summary": _("Write the summary.")})
    meeting.summary = summary.strip()
    meeting.status = Meeting.Status.SUMMARISED
    meeting.summarised_by = user
    meeting.summarised_at = timezone.now()
    meeting.save()
    return meeting


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str) -> Decision:
    _require_held(meeting, _("Decisions are recorded once the meeting has been held."))
    if meeting.decisions.count() >= MOST_DECISIONS:
        # The one-page record sends them all at once: it takes this many.
        raise ValidationError(
            _("A meeting records at most %(count)d decisions.") % {"count": MOST_DECISIONS}
        )
    return Decision.objects.create(meeting=meeting, text=text)


def action_errors(meeting, owner, due_on):
    """What is wrong with an action item of ``meeting`` given to ``owner`` by ``due_on``:
    ``{field: message}``, empty when nothing is."""
    errors = {}
    if owner.group_id != meeting.group_id or owner.status != Member.Status.ACTIVE:
        errors["owner"] = _("The owner must be a member of the group.")
    if due_on < meeting.scheduled_on:
        errors["due_on"] = _("The action cannot be due before the meeting (%(date)s).") % {
            "date": meeting.scheduled_on.isoformat()
        }
    return errors


@transaction.atomic
def action_item_add(
    *,
    meeting: Meeting,
    description: str,
    owner: Member,
    due_on: datetime.date,
    decision: Decision | None = None,
) -> ActionItem:
    errors = action_errors(meeting, owner, due_on)
    if decision is not None and decision.meeting_id != meeting.pk:
        errors["decision"] = _("Choose a decision of this meeting.")
    if errors:
        raise ValidationError(errors)
    return ActionItem.objects.create(
        meeting=meeting, decision=decision, description=description, owner=owner, due_on=due_on
    )


@transaction.atomic
def action_item_done(*, item: ActionItem, on: datetime.date | None) -> ActionItem:
    """Mark an action done on a date, or open again with ``None``."""
    if on is not None and on < item.meeting.scheduled_on:
        raise ValidationError(_("The action cannot be done before the meeting."))
    item.done_on = on
    item.save(update_fields=["done_on"])
    return item


@transaction.atomic
def election_record(*, meeting: Meeting, candidates: list[dict]) -> list[Candidate]:
    """Record an election's candidates and votes, and start the terms of those elected: the new
    union group leader's term starts the day of the meeting and the old one ends; elected officers
    replace the officers of the same portfolio (their activists follow a re-elected officer)."""
    if meeting.kind != Meeting.Kind.ELECTION:
        raise ValidationError(_("Only an election meeting records an election."))
    # Checked (no candidates yet), then created: a second recorder waits and sees the first.
    Meeting.all_objects.select_for_update(no_key=True).filter(pk=meeting.pk).first()
    _require_held(meeting, _("Record the attendance of the election meeting first."))
    if meeting.candidates.exists():
        raise ValidationError(_("This election has already been recorded."))
    on = meeting.scheduled_on
    leaders = [c for c in candidates if c["office"] == Candidate.Office.UNION_LEADER]
    elected_leaders = [c for c in leaders if c["elected"]]
    if len(elected_leaders) > 1:
        raise ValidationError(_("Only one union group leader can be elected."))
    for c in candidates:
        if c["member"].group_id != meeting.group_id or c["member"].status != "active":
            raise ValidationError(
                _("%(name)s is not a member of this group.") % {"name": c["member"].name}
            )
        if c["office"] == Candidate.Office.OFFICER and not c.get("portfolio"):
            raise ValidationError(
                _("Give the portfolio %(name)s stood for.") % {"name": c["member"].name}
            )
    rows = bulk_create_with_history(
        [
            Candidate(
                meeting=meeting,
                member=c["member"],
                office=c["office"],
                portfolio=c.get("portfolio", "") if c["office"] == Candidate.Office.OFFICER else "",
                votes=c["votes"],
                elected=c["elected"],
            )
            for c in candidates
        ],
        Candidate,
    )
    current = Role.objects.current().filter(group=meeting.group)
    for c in elected_leaders:
        for old in current.filter(kind=Role.Kind.UNION_LEADER):
            _end(old, on)
        Role.objects.create(
            group=meeting.group, member=c["member"], kind=Role.Kind.UNION_LEADER, started_on=on
        )
    for c in candidates:
        if c["office"] != Candidate.Office.OFFICER or not c["elected"]:
            continue
        activists = []
        for old in current.filter(kind=Role.Kind.OFFICER, portfolio=c["portfolio"]):
            activists += list(old.activists.filter(ended_on__isnull=True))
            _end(old, on)
        officer = Role.objects.create(
            group=meeting.group,
            member=c["member"],
            kind=Role.Kind.OFFICER,
            portfolio=c["portfolio"],
            started_on=on,
        )
        for activist in activists:
            activist.mentor = officer
            activist.save(update_fields=["mentor"])
    return rows


def _end(role, on):
    if role.started_on > on:
        raise ValidationError(
            _("%(name)s's term began after the election.") % {"name": role.member.name}
        )
    role.ended_on = on
    role.save(update_fields=["ended_on"])


@transaction.atomic
def resolution_issue(
    *,
    user,
    factory,
    workshop,
    title: str,
    text: str,
    issued_on: datetime.date,
    due_on: datetime.date,
    groups,
) -> Resolution:
    """Issue a resolution to groups; each of them gets a report to fill in."""
    groups = list(groups)
    if not groups:
        raise ValidationError({"groups": _("Choose the groups the resolution goes to.")})
    outside = [g.name for g in groups if g.workshop.factory_id != factory.pk]
    if workshop is not None:
        outside += [g.name for g in groups if g.workshop_id != workshop.pk]
    if outside:
        raise ValidationError(
            {"groups": _("Outside the issuing union: %(names)s.") % {"names": ", ".join(outside)}}
        )
    resolution = Resolution(
        factory=factory,
        workshop=workshop,
        title=title,
        text=text,
        issued_on=issued_on,
        due_on=due_on,
        issued_by=user,
    )
    resolution.full_clean()
    resolution.save()
    bulk_create_with_history(
        [ResolutionReport(resolution=resolution, group=group) for group in groups], ResolutionReport
    )
    return resolution


@transaction.atomic
def resolution_report(
    *, report: ResolutionReport, user, status: str, note: str, meeting: Meeting | None
) -> ResolutionReport:
    if meeting is not None and meeting.group_id != report.group_id:
        raise ValidationError({"meeting": _("Choose a meeting of this group.")})
    if status == ResolutionReport.Status.DONE and not note.strip():
        raise ValidationError({"note": _("Say how the resolution was carried out.")})
    report.status, report.note, report.meeting = status, note, meeting
    report.reported_at = timezone.now()
    report.reported_by = user
    report.save()
    return report


def group_report_send(*, group: UnionGroup, user, kind: str, subject: str, text: str):
    report = GroupReport(group=group, sent_by=user, kind=kind, subject=subject, text=text)
    report.full_clean()
    report.save()
    return report


def group_report_read(*, report: GroupReport, user) -> GroupReport:
    if report.read_at is None:
        report.read_at = timezone.now()
        report.read_by = user
        report.save(update_fields=["read_at", "read_by"])
    return report


@transaction.atomic
def group_report_answer(*, report: GroupReport, user, answer: str) -> GroupReport:
    group_report_read(report=report, user=user)
    report.answer = answer
    report.answered_at = timezone.now()
    report.answered_by = user
    report.save(update_fields=["answer", "answered_at", "answered_by"])
    # The sender hears of it once this commits (and by e-mail from the background task).
    notify_at_once(reminders.report_answered(report, user))
    return report
