from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.forms import DateField
from groups.models import Member, Role, UnionGroup
from groups.params import IdModelChoiceField, IdModelMultipleChoiceField
from groups.validators import LONG_TEXT, no_control_characters, no_control_characters_in_text
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Candidate,
    GroupReport,
    Meeting,
    Resolution,
    ResolutionReport,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class MeetingForm(forms.ModelForm):
    scheduled_on = DateField(label=_("Date"), allow_future=True)
    starts_at = forms.TimeField(label=_("Time"), required=False, widget=TimeInput)
    topics = forms.MultipleChoiceField(
        label=_("Production topics"),
        choices=AgendaItem.Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a production meeting: the topics it will take up."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item a line."),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )

    class Meta:
        model = Meeting
        fields = ["kind", "study_topic", "title", "scheduled_on", "starts_at", "place"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            items = list(self.instance.agenda_items.all())
            self.initial["topics"] = [i.topic for i in items if i.topic]
            self.initial["agenda"] = "\n".join(i.title for i in items if not i.topic)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Meeting.Kind.STUDY and not data.get("study_topic"):
            self.add_error("study_topic", _("Choose what the study session is about."))
        if kind != Meeting.Kind.PRODUCTION and data.get("topics"):
            self.add_error("topics", _("Production topics belong to a production meeting."))
        data["agenda_lines"] = [
            line.strip() for line in data.get("agenda", "").splitlines() if line.strip()
        ]
        if not data["agenda_lines"] and not data.get("topics"):
            self.add_error("agenda", _("A prepared meeting has an agenda: give at least one item."))
        return data


class AnnounceForm(forms.Form):
    announced_on = DateField(label=_("Notice given on"), initial=timezone.localdate)


class AttendanceForm(forms.Form):
    """One row a member of the group: present, absent (with the reason) or excused."""

    def __init__(self, *args, members, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        recorded = {a.member_id: a for a in meeting.attendances.all()}
        for member in self.members:
            earlier = recorded.get(member.pk)
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=Attendance.Status.choices,
                initial=earlier.status if earlier else Attendance.Status.PRESENT,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{member.pk}"] = forms.CharField(
                label=_("Reason"),
                required=False,
                max_length=200,
                initial=earlier.reason if earlier else "",
                validators=[no_control_characters],
            )

    def rows(self):
        for member in self.members:
            yield member, self[f"status_{member.pk}"], self[f"reason_{member.pk}"]

    def clean(self):
        data = super().clean()
        known = {str(m.pk) for m in self.members}
        lead = self.add_prefix("status_")
        strangers = [
            key.removeprefix(lead)
            for key in self.data
            if key.startswith(lead) and key.removeprefix(lead) not in known
        ]
        if strangers:
            # Named by the number sent, never looked up: the name of another group's member is
            # not the sender's to read.
            raise forms.ValidationError(
                _("Not members of this group: %(names)s."),
                params={"names": ", ".join(f"#{key[:20]}" for key in strangers[:5])},
            )
        for member in self.members:
            status = data.get(f"status_{member.pk}")
            if status == Attendance.Status.ABSENT and not data.get(f"reason_{member.pk}"):
                self.add_error(f"reason_{member.pk}", _("Give the reason for the absence."))
        return data

    def attendance(self):
        return {
            m.pk: (self.cleaned_data[f"status_{m.pk}"], self.cleaned_data[f"reason_{m.pk}"])
            for m in self.members
        }


class MinutesForm(forms.Form):
    target_missed = forms.BooleanField(
        label=_("A target or the quality was missed"),
        required=False,
        help_text=_("Then hold criticism and self-criticism, find the causes, agree remedies."),
    )
    criticism = forms.CharField(
        label=_("Criticism and self-criticism"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    causes = forms.CharField(
        label=_("Causes found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    remedies = forms.CharField(
        label=_("Remedies agreed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(meeting.agenda_items.all())
        for item in reversed(self.items):
            self.fields = {
                f"item_{item.pk}": forms.CharField(
                    label=item.label,
                    required=False,
                    initial=item.minutes,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    max_length=LONG_TEXT,
                    validators=[no_control_characters_in_text],
                ),
                **self.fields,
            }
        for name in ("target_missed", "criticism", "causes", "remedies"):
            self.fields[name].initial = getattr(meeting, name)
        if meeting.kind != Meeting.Kind.PRODUCTION and not meeting.target_missed:
            for name in ("target_missed", "criticism", "causes", "remedies"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("target_missed"):
            for name in ("causes", "remedies"):
                if not data.get(name, "").strip():
                    self.add_error(name, _("Record this when a target was missed."))
        return data

    def minutes(self):
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the meeting settled, what went well and what to do better."),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )


class ActionItemForm(forms.ModelForm):
    due_on = DateField(label=_("Due on"), allow_future=True)

    class Meta:
        field_classes = {"owner": IdModelChoiceField, "decision": IdModelChoiceField}
        model = ActionItem
        fields = ["decision", "description", "owner", "due_on"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["owner"].queryset = meeting.group.members.active()
        self.fields["decision"].queryset = meeting.decisions.all()
        self.fields["decision"].help_text = _("The decision the action carries out, if any.")

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < self.meeting.scheduled_on:
            raise forms.ValidationError(
                _("The action cannot be due before the meeting (%(date)s)."),
                params={"date": self.meeting.scheduled_on.isoformat()},
            )
        return due_on


class CandidateForm(forms.Form):
    member = IdModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    office = forms.ChoiceField(label=_("Office"), choices=Candidate.Office.choices)
    portfolio = forms.ChoiceField(
        label=_("Portfolio"), choices=[("", "—")] + Role.Portfolio.choices, required=False
    )
    votes = forms.IntegerField(label=_("Votes"), min_value=0)
    elected = forms.BooleanField(label=_("Elected"), required=False)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = group.members.active()

    def clean(self):
        data = super().clean()
        if data.get("office") == Candidate.Office.OFFICER and not data.get("portfolio"):
            self.add_error("portfolio", _("An officer stands for a portfolio."))
        return data


class BaseCandidateFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data]
        if not rows:
            raise forms.ValidationError(_("Enter at least one candidate."))
        leaders = [r for r in rows if r["office"] == Candidate.Office.UNION_LEADER and r["elected"]]
        if len(leaders) > 1:
            raise forms.ValidationError(_("Only one union group leader can be elected."))
        seen = set()
        for r in rows:
            key = (r["member"].pk, r["office"])
            if key in seen:
                raise forms.ValidationError(
                    _("%(name)s is listed twice for the same office."),
                    params={"name": r["member"].name},
                )
            seen.add(key)

    def candidates(self):
        return [f.cleaned_data for f in self.forms if f.cleaned_data]


CandidateFormSet = forms.formset_factory(
    CandidateForm, formset=BaseCandidateFormSet, extra=4, max_num=30
)


class ResolutionForm(forms.ModelForm):
    issued_on = DateField(label=_("Issued on"), initial=timezone.localdate)
    due_on = DateField(label=_("Report due on"), allow_future=True)
    groups = IdModelMultipleChoiceField(
        label=_("Groups"),
        queryset=UnionGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to send it to every group."),
    )

    class Meta:
        model = Resolution
        fields = ["title", "text", "issued_on", "due_on"]

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.all_groups = groups
        self.fields["groups"].queryset = groups
        self.fields["groups"].label_from_instance = lambda g: f"{g.workshop.name} · {g.name}"

    def clean(self):
        data = super().clean()
        if data.get("due_on") and data.get("issued_on") and data["due_on"] < data["issued_on"]:
            self.add_error("due_on", _("The report cannot be due before the resolution is issued."))
        if not data.get("groups"):
            data["groups"] = self.all_groups
        return data


class ResolutionReportForm(forms.ModelForm):
    class Meta:
        field_classes = {"meeting": IdModelChoiceField}
        model = ResolutionReport
        fields = ["status", "note", "meeting"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = self.instance.group.meetings.order_by("-scheduled_on")

    def clean(self):
        data = super().clean()
        if data.get("status") == ResolutionReport.Status.DONE and not data.get("note", "").strip():
            self.add_error("note", _("Say how the resolution was carried out."))
        return data


class GroupReportForm(forms.ModelForm):
    class Meta:
        model = GroupReport
        fields = ["kind", "subject", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
