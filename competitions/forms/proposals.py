"""Rationalization proposals and their moves."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.forms.rows import quantity_field
from competitions.models import (
    Proposal,
)
from groups.forms import DateField
from groups.params import IdModelMultipleChoiceField
from groups.validators import (
    SHORT_TEXT,
    no_control_characters_in_text,
)


class ProposalForm(forms.ModelForm):
    submitted_on = DateField(label=_("Submitted on"), initial=timezone.localdate)
    estimated_money = quantity_field(_("Estimated saving (yuan)"), required=False)
    estimated_hours = quantity_field(_("Estimated hours saved"), required=False)

    class Meta:
        field_classes = {"authors": IdModelMultipleChoiceField}
        model = Proposal
        fields = ["authors", "title", "description", "category", "submitted_on"]
        fields += ["estimated_money", "estimated_hours"]
        widgets = {
            "authors": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authors"].queryset = group.members.active()


class ProposalMoveForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Proposal.Status.choices)
    on = DateField(label=_("Date"), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=SHORT_TEXT,
        validators=[no_control_characters_in_text],
    )
    realised_money = quantity_field(_("Realised saving (yuan)"), required=False)
    realised_hours = quantity_field(_("Realised hours saved"), required=False)
    reward = quantity_field(_("Reward (yuan)"), required=False)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        # Every status validates (so that a wrong move gets a message saying why); the menu
        # offers only the next ones.
        choices = [(s.value, s.label) for s in map(Proposal.Status, proposal.next_statuses)]
        self.fields["status"].widget.choices = choices

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status not in self.proposal.next_statuses:
            raise forms.ValidationError(
                _("A proposal that is %(now)s cannot become %(next)s.")
                % {
                    "now": self.proposal.get_status_display(),
                    "next": Proposal.Status(status).label,
                }
            )
        return status

    def clean(self):
        data = super().clean()
        if data.get("status") == Proposal.Status.REJECTED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason the proposal was rejected."))
        return data
