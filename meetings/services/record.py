"""The meeting record on one page: who came, the minutes of each agenda item, the decisions with
the action items that carry them out, and the summary, saved together or not at all.

The decisions and their action items are replaced by what the page sends: the rows it names (by
id) are corrected in place, so that their history shows what changed, the rows it no longer
names are deleted and the new ones inserted, all under the meeting's lock. The same page sent
twice, or by two leaders at once, therefore leaves one set of rows. Action items not tied to a
decision (recorded before they were, or added on their own) are left as they are.
"""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from groups.models import Member
from meetings.models import ActionItem, Decision, Meeting
from meetings.services import (
    action_errors,
    meeting_record_attendance,
    meeting_record_minutes,
    meeting_summarise,
)


@dataclasses.dataclass
class ActionRow:
    description: str
    owner: Member
    due_on: datetime.date
    pk: int | None = None


@dataclasses.dataclass
class DecisionRow:
    text: str
    actions: list[ActionRow] = dataclasses.field(default_factory=list)
    pk: int | None = None


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    user,
    attendance: dict,
    minutes: dict,
    decisions: list[DecisionRow],
    summary: str,
    target_missed: bool = False,
    criticism: str = "",
    causes: str = "",
    remedies: str = "",
) -> Meeting:
    """Record a meeting that has been held, all of it at once. ``attendance`` maps a member's pk
    to ``(status, reason)`` (every active member of the group), ``minutes`` an agenda item's pk
    to its minutes; ``decisions`` is the whole list of the meeting's decisions with their action
    items; a summary marks the meeting summarised (a summarised meeting keeps one)."""
    meeting.group.check_open()
    # Everything this replaces is read after the lock: a second sender waits for the first and
    # then replaces the first one's rows instead of adding to them.
    Meeting.all_objects.select_for_update(no_key=True).filter(pk=meeting.pk).first()
    meeting_record_attendance(meeting=meeting, user=user, rows=attendance)
    meeting_record_minutes(
        meeting=meeting,
        minutes=minutes,
        target_missed=target_missed,
        criticism=criticism,
        causes=causes,
        remedies=remedies,
    )
    _replace_decisions(meeting, decisions)
    summary = summary.strip()
    if summary and (summary != meeting.summary or meeting.status != Meeting.Status.SUMMARISED):
        meeting_summarise(meeting=meeting, user=user, summary=summary)
    elif not summary and meeting.status == Meeting.Status.SUMMARISED:
        raise ValidationError({"summary": _("A summarised meeting keeps its summary.")})
    return meeting


def _replace_decisions(meeting, rows):
    decisions = {d.pk: d for d in meeting.decisions.all()}
    actions = {a.pk: a for a in meeting.action_items.filter(decision__isnull=False)}
    _check(meeting, rows, decisions, actions)
    kept_decisions, kept_actions = set(), set()
    for row in rows:
        decision = decisions.get(row.pk) if row.pk else None
        if decision is None:
            decision = Decision.objects.create(meeting=meeting, text=row.text)
        elif decision.text != row.text:
            decision.text = row.text
            decision.save(update_fields=["text"])
        kept_decisions.add(decision.pk)
        for action_row in row.actions:
            action = actions.get(action_row.pk) if action_row.pk else None
            # Compared by the ids: reading each row's decision and owner would cost two
            # queries an action item.
            values = {
                "decision_id": decision.pk,
                "description": action_row.description,
                "owner_id": action_row.owner.pk,
                "due_on": action_row.due_on,
            }
            if action is None:
                action = ActionItem.objects.create(meeting=meeting, **values)
            elif any(getattr(action, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(action, name, value)
                action.save(update_fields=list(values))
            kept_actions.add(action.pk)
    # One at a time, so that the history keeps each deleted row.
    for pk in actions.keys() - kept_actions:
        actions[pk].delete()
    removed = decisions.keys() - kept_decisions
    if removed and ActionItem.objects.filter(decision_id__in=removed).exists():
        raise ValidationError(_("A decision with action items of its own cannot be removed here."))
    for pk in removed:
        decisions[pk].delete()


def _check(meeting, rows, decisions, actions):
    """Refuse rows that name another meeting's decisions or actions (or one removed since the
    page was loaded), name one twice, or give an action to someone outside the group."""
    seen_decisions, seen_actions = set(), set()
    stale = _("The record was changed since this page was loaded: open it again.")
    for row in rows:
        if row.pk is not None and (row.pk not in decisions or row.pk in seen_decisions):
            raise ValidationError(stale)
        seen_decisions.add(row.pk)
        if not row.text.strip():
            raise ValidationError(_("Write the decision these action items carry out."))
        for action in row.actions:
            if action.pk is not None and (action.pk not in actions or action.pk in seen_actions):
                raise ValidationError(stale)
            seen_actions.add(action.pk)
            errors = action_errors(meeting, action.owner, action.due_on)
            if errors:
                raise ValidationError(list(errors.values()))
