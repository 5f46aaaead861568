"""The meeting record on one page: the attendance, minutes and summary forms of the separate
steps, and the decisions with their action items, as one form.

Decisions and action items are two formsets: an action row names the decision it belongs to by
the decision's place on the page (``slot``), so that a new decision and its new action items are
sent together. Spare blank rows are rendered by the server (static/js/site.js shows them one at a
time); a blank row is left out.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from groups.forms import DateField, DateInput
from groups.params import MAX_ID
from groups.validators import LONG_TEXT, no_control_characters, no_control_characters_in_text
from meetings.forms import AttendanceForm, MinutesForm, SummaryForm
from meetings.services import MOST_DECISIONS
from meetings.services.record import ActionRow, DecisionRow

#: Blank rows offered beyond those recorded: decisions, and action items under each decision.
SPARE_DECISIONS = 2
SPARE_ACTIONS = 3
#: The most rows a page may send (a formset refuses more).
MAX_DECISIONS = MOST_DECISIONS
MAX_ACTIONS = 120


class RecordDecisionForm(forms.Form):
    id = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )


class RecordActionForm(forms.Form):
    id = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    slot = forms.IntegerField(min_value=0, max_value=MAX_DECISIONS, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=300,
        validators=[no_control_characters],
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    owner = forms.TypedChoiceField(
        label=_("Owner"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    due_on = DateField(
        label=_("Due on"),
        allow_future=True,
        required=False,
        widget=DateInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, members, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.meeting = meeting
        self.fields["owner"].choices = [("", "—")] + [(m.pk, m.name) for m in members]

    def is_blank(self):
        data = getattr(self, "cleaned_data", {})
        return not (data.get("description") or data.get("owner") or data.get("due_on"))

    def clean(self):
        data = super().clean()
        if self.errors or self.is_blank():
            return data
        for name in ("description", "owner", "due_on"):
            if not data.get(name):
                self.add_error(name, _("An action item needs its action, owner and due date."))
        due_on = data.get("due_on")
        if due_on and due_on < self.meeting.scheduled_on:
            self.add_error(
                "due_on",
                ValidationError(
                    _("The action cannot be due before the meeting (%(date)s)."),
                    params={"date": self.meeting.scheduled_on.isoformat()},
                ),
            )
        return data


DecisionFormSet = forms.formset_factory(
    RecordDecisionForm,
    extra=0,
    max_num=MAX_DECISIONS,
    absolute_max=MAX_DECISIONS,
    validate_max=True,
)
ActionFormSet = forms.formset_factory(
    RecordActionForm,
    extra=0,
    max_num=MAX_ACTIONS,
    absolute_max=MAX_ACTIONS,
    validate_max=True,
)


def _slot(form):
    """The decision an action row belongs to, as sent (a bad value belongs to none)."""
    value = form["slot"].value()
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class MeetingRecordForm:
    """The parts of the record page, validated together. ``decisions`` and ``actions`` are the
    meeting's decisions and its action items tied to them, ``members`` the group's active
    members (each read once: the page costs the same whatever the group's size)."""

    def __init__(self, data, *, meeting, members, decisions, actions):
        self.meeting = meeting
        self.attendance = AttendanceForm(data, members=members, meeting=meeting, prefix="att")
        self.minutes = MinutesForm(data, meeting=meeting, prefix="min")
        self.summary = SummaryForm(data, initial={"summary": meeting.summary}, prefix="sum")
        # Kept while the meeting is summarised, and written when the leader is ready.
        self.summary.fields["summary"].required = meeting.status == meeting.Status.SUMMARISED
        initial_decisions = [{"id": d.pk, "text": d.text} for d in decisions]
        slot_of = {d.pk: slot for slot, d in enumerate(decisions)}
        # Blank rows only up to what a page may send: a meeting with many decisions gets fewer.
        spare_decisions = max(0, min(SPARE_DECISIONS, MAX_DECISIONS - len(decisions)))
        slots = len(decisions) + spare_decisions
        initial_actions = [
            {
                "id": a.pk,
                "slot": slot_of[a.decision_id],
                "description": a.description,
                "owner": a.owner_id,
                "due_on": a.due_on,
            }
            for a in actions
            if a.decision_id in slot_of
        ]
        spare_actions = [{"slot": slot} for slot in range(slots) for _spare in range(SPARE_ACTIONS)]
        initial_actions += spare_actions[: max(0, MAX_ACTIONS - len(initial_actions))]
        initial_actions.sort(key=lambda row: row["slot"])
        self.decisions = DecisionFormSet(
            data,
            initial=initial_decisions + [{} for _spare in range(spare_decisions)],
            prefix="dec",
        )
        self.actions = ActionFormSet(
            data,
            initial=initial_actions,
            prefix="act",
            form_kwargs={"members": members, "meeting": meeting},
        )
        # The one field a refusal of the service may name (groups.forms.refusals_into).
        self.fields = {"summary": self.summary.fields["summary"]}
        self.errors_above = []

    # Refusals of the service (groups.forms.refusals_into) go beside the summary or above.
    def add_error(self, field, error):
        if field == "summary":
            self.summary.add_error("summary", error)
        else:
            self.errors_above.extend(ValidationError(error).messages)

    def is_valid(self):
        parts = [self.attendance, self.minutes, self.summary, self.decisions, self.actions]
        # Every part is validated (not just up to the first wrong one), and the decisions with
        # their action items too, so that every mistake shows at once.
        valid = [part.is_valid() for part in parts]
        valid.append(self._check_blocks())
        return all(valid)

    def blocks(self):
        """Each decision row with the action rows under it, in page order."""
        by_slot = {}
        for form in self.actions:
            by_slot.setdefault(_slot(form), []).append(form)
        return [(slot, form, by_slot.get(slot, [])) for slot, form in enumerate(self.decisions)]

    def _check_blocks(self):
        valid = True
        count = len(self.decisions.forms)
        for form in self.actions:
            slot = getattr(form, "cleaned_data", {}).get("slot")
            if slot is not None and slot >= count:
                self.errors_above.append(_("An action item belongs to no decision."))
                return False
        for _slot_no, decision, actions in self.blocks():
            text = getattr(decision, "cleaned_data", {}).get("text", "").strip()
            filled = [a for a in actions if not a.is_blank()]
            if filled and not text:
                decision.add_error("text", _("Write the decision these action items carry out."))
                valid = False
        return valid

    def decision_rows(self):
        owners = {m.pk: m for m in self.actions.form_kwargs["members"]}
        rows = []
        for _slot_no, decision, actions in self.blocks():
            text = decision.cleaned_data.get("text", "").strip()
            if not text:
                continue  # a blank row, or a decision cleared to remove it
            rows.append(
                DecisionRow(
                    pk=decision.cleaned_data.get("id"),
                    text=text,
                    actions=[
                        ActionRow(
                            pk=a.cleaned_data.get("id"),
                            description=a.cleaned_data["description"].strip(),
                            owner=owners[a.cleaned_data["owner"]],
                            due_on=a.cleaned_data["due_on"],
                        )
                        for a in actions
                        if not a.is_blank()
                    ],
                )
            )
        return rows

    def service_kwargs(self):
        minutes = self.minutes.cleaned_data
        return {
            "attendance": self.attendance.attendance(),
            "minutes": self.minutes.minutes(),
            "target_missed": minutes.get("target_missed", False),
            "criticism": minutes.get("criticism", ""),
            "causes": minutes.get("causes", ""),
            "remedies": minutes.get("remedies", ""),
            "decisions": self.decision_rows(),
            "summary": self.summary.cleaned_data.get("summary", ""),
        }
