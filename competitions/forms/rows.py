"""The rows of indicators (a plan's) and rules (a campaign's): what the two formsets share."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from competitions.models import (
    HIGHER_IS_BETTER,
    Kind,
)
from groups.validators import (
    no_control_characters,
)

DIRECTIONS = [
    ("", _("As usual for the indicator")),
    ("higher", _("Higher is better")),
    ("lower", _("Lower is better")),
]


def quantity_field(label, *, required=True, **kwargs):
    """A non-negative figure: a negative one is a form error, not a database error."""
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        error_messages={"min_value": _("This figure cannot be negative.")},
        **kwargs,
    )


class IndicatorForm(forms.Form):
    """A target on an indicator: what it measures, the target, and which way is better."""

    kind = forms.ChoiceField(label=_("Indicator"), choices=[("", "—"), *Kind.choices])
    name = forms.CharField(
        label=_("Indicator name"),
        max_length=100,
        required=False,
        validators=[no_control_characters],
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=30, required=False, validators=[no_control_characters]
    )
    target = quantity_field(_("Target"))
    direction = forms.ChoiceField(
        label=_("Which way is better"), choices=DIRECTIONS, required=False
    )

    def has_changed(self):
        # A row is blank until it names something: its weight and direction have defaults.
        names = [name for name in ("kind", "name", "unit", "target") if name in self.fields]
        return any(self[name].data not in (None, "") for name in names)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Kind.CUSTOM and not data.get("name"):
            self.add_error("name", _("Name the custom indicator."))
        if kind == Kind.PASS_SHARE and (data.get("target") or 0) > 100:
            self.add_error("target", _("A share passing is at most 100%."))
        return data

    def row(self):
        """The row as the services take it: what it measures, which way is better, and the
        target (or, in a campaign's rules, the weight)."""
        data = self.cleaned_data
        direction = data.get("direction")
        higher = HIGHER_IS_BETTER[data["kind"]] if not direction else direction == "higher"
        figure = "target" if "target" in self.fields else "weight"
        return {
            "kind": data["kind"],
            "name": data.get("name", ""),
            "unit": data.get("unit", ""),
            figure: data[figure],
            "higher_is_better": higher,
        }


class BaseRowFormSet(forms.BaseFormSet):
    """Rows of a formset that were filled in; blank extra rows are left out."""

    empty_message = _("Fill in at least one indicator.")

    def rows(self):
        return [f.row() for f in self.forms if f.has_changed() and f.cleaned_data.get("kind")]

    def clean(self):
        if any(self.errors):
            return
        if not self.rows():
            raise forms.ValidationError(self.empty_message)


IndicatorFormSet = forms.formset_factory(
    IndicatorForm, formset=BaseRowFormSet, extra=3, max_num=8, validate_max=True, absolute_max=8
)
