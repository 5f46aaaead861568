"""Guarantee plans: the plan, its progress, pledges and closing."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.forms.rows import quantity_field
from competitions.models import (
    GuaranteePlan,
    Pledge,
)
from groups.forms import DateField
from groups.params import IdModelChoiceField
from groups.validators import (
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
)


class PlanForm(forms.ModelForm):
    day = DateField(
        label=_("Period containing"),
        allow_future=True,
        initial=timezone.localdate,
        help_text=_("Any day of the month or quarter the plan is for."),
    )

    class Meta:
        model = GuaranteePlan
        fields = ["period", "day", "production_plan", "knacks"]
        widgets = {"knacks": forms.Textarea(attrs={"rows": 3})}


class PlanEditForm(forms.ModelForm):
    class Meta:
        model = GuaranteePlan
        fields = ["production_plan", "knacks"]
        widgets = {"knacks": forms.Textarea(attrs={"rows": 3})}


class ProgressForm(forms.Form):
    indicator = IdModelChoiceField(label=_("Indicator"), queryset=None)
    on = DateField(label=_("Date"), initial=timezone.localdate)
    value = quantity_field(_("Actual value"))
    note = forms.CharField(
        label=_("Note"), max_length=200, required=False, validators=[no_control_characters]
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = plan.indicators.all()
        self.fields["indicator"].label_from_instance = lambda i: i.label


class PledgeForm(forms.ModelForm):
    target = quantity_field(_("Numeric target"), required=False)

    class Meta:
        field_classes = {"member": IdModelChoiceField}
        model = Pledge
        fields = ["member", "text", "target", "unit"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = plan.group.members.active()


class ClosePlanForm(forms.Form):
    OUTCOMES = [("fulfilled", _("Fulfilled")), ("unfulfilled", _("Not fulfilled"))]
    KEPT = [("", _("Not assessed")), ("yes", _("Kept")), ("no", _("Not kept"))]

    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the plan was not fulfilled: what held it back."),
        max_length=SHORT_TEXT,
        validators=[no_control_characters_in_text],
    )
    on = DateField(label=_("Closed on"), initial=timezone.localdate)

    def __init__(self, *args, pledges, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledges = list(pledges)
        for pledge in self.pledges:
            self.fields[f"pledge_{pledge.pk}"] = forms.ChoiceField(
                label=f"{pledge.member.name}: {pledge.text}",
                choices=self.KEPT,
                required=False,
                initial={True: "yes", False: "no"}.get(pledge.kept, ""),
            )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "unfulfilled" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the plan was not fulfilled."))
        return data

    def kept(self):
        values = {"yes": True, "no": False, "": None}
        return {p.pk: values[self.cleaned_data.get(f"pledge_{p.pk}", "")] for p in self.pledges}
