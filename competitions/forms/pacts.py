"""Mutual-aid pacts and their reviews."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.forms.campaigns import OneGroupField
from competitions.models import (
    Pact,
)
from groups.forms import DateField
from groups.models import UnionGroup
from groups.validators import (
    LONG_TEXT,
    no_control_characters_in_text,
)


class PactForm(forms.ModelForm):
    group = OneGroupField(label=_("Union group"), queryset=UnionGroup.objects.none())
    partner_group = OneGroupField(
        label=_("Partner group"),
        queryset=UnionGroup.objects.none(),
        required=False,
        help_text=_("Another group, or leave empty and name a department."),
    )
    starts_on = DateField(label=_("Starts on"), allow_future=True, initial=timezone.localdate)
    ends_on = DateField(label=_("Ends on"), allow_future=True)

    class Meta:
        model = Pact
        fields = ["group", "partner_group", "partner_department", "title"]
        fields += ["group_commitments", "partner_commitments", "starts_on", "ends_on"]
        widgets = {
            "group_commitments": forms.Textarea(attrs={"rows": 3}),
            "partner_commitments": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        groups = UnionGroup.objects.visible_to(user).active().select_related("workshop__factory")
        self.fields["group"].queryset = groups
        self.fields["partner_group"].queryset = groups

    def clean(self):
        data = super().clean()
        group, partner = data.get("group"), data.get("partner_group")
        department = data.get("partner_department", "").strip()
        if group and partner and group == partner:
            self.add_error("partner_group", _("A group cannot make a pact with itself."))
        elif partner and department:
            self.add_error(
                "partner_department", _("Name one partner: another group or a department.")
            )
        elif not partner and not department and "partner_group" not in self.errors:
            self.add_error(None, _("Name one partner: another group or a department."))
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A pact ends on or after the day it starts."))
        return data

    def _post_clean(self):
        # The service validates the whole pact (and the database keeps its constraints).
        pass


class PactReviewForm(forms.Form):
    reviewed_on = DateField(label=_("Reviewed on"), initial=timezone.localdate)
    kept = forms.TypedChoiceField(
        label=_("Was the pact kept?"),
        choices=[("1", _("Kept")), ("0", _("Problems"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    problems = forms.CharField(
        label=_("Problems"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    actions = forms.CharField(
        label=_("What was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )

    def clean(self):
        data = super().clean()
        if data.get("kept") is False and not data.get("problems", "").strip():
            self.add_error("problems", _("Say what went wrong when the pact was not kept."))
        return data
