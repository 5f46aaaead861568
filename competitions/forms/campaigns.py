"""Emulation campaigns: the campaign with its rules and groups, scores, vetoes and the red flag."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.forms.rows import BaseRowFormSet, IndicatorForm, quantity_field
from competitions.models import (
    Campaign,
    VetoItem,
)
from groups.forms import DateField
from groups.models import FactoryUnion, Federation, UnionGroup, WorkshopUnion
from groups.params import IdModelChoiceField, IdModelMultipleChoiceField
from groups.scoping import Level, user_scope
from groups.validators import (
    LONG_TEXT,
    no_control_characters,
    no_control_characters_in_text,
)


class RuleForm(IndicatorForm):
    target = None
    weight = forms.DecimalField(
        label=_("Weight"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal(0),
        initial=1,
        error_messages={"min_value": _("A weight cannot be negative.")},
    )


class BaseRuleFormSet(BaseRowFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or self.non_form_errors():
            return
        if not any(row["weight"] > 0 for row in self.rows()):
            raise forms.ValidationError(
                _("At least one indicator must have a weight above zero, or nothing can be scored.")
            )


RuleFormSet = forms.formset_factory(
    RuleForm, formset=BaseRuleFormSet, extra=3, max_num=8, validate_max=True, absolute_max=8
)


def organised_units(user):
    """The units whose campaigns and pacts the user organises, as (value, label, unit) triples:
    the city for federation staff, the factory and its workshops for factory staff."""
    scope = user_scope(user)
    if user.is_superuser or (scope and scope.level == Level.FEDERATION):
        factories = FactoryUnion.objects.all()
        if scope and scope.level == Level.FEDERATION:
            factories = factories.filter(federation=scope.federation_id)
        units = []
        federations = {f.federation_id for f in factories}
        for federation in Federation.objects.filter(pk__in=federations):
            units.append((f"city:{federation.pk}", str(federation), federation))
        for factory in factories:
            units.append((f"factory:{factory.pk}", str(factory), factory))
        return units
    if scope and scope.level == Level.FACTORY:
        factory = scope.factory
        units = [(f"factory:{factory.pk}", str(factory), factory)]
        for workshop in WorkshopUnion.objects.filter(factory=factory):
            units.append((f"workshop:{workshop.pk}", f"{factory} · {workshop}", workshop))
        return units
    return []


def group_label(group):
    return f"{group.workshop.factory.name} · {group.workshop.name} · {group.name}"


class GroupChoiceField(IdModelMultipleChoiceField):
    def label_from_instance(self, group):
        return group_label(group)


class OneGroupField(IdModelChoiceField):
    def label_from_instance(self, group):
        return group_label(group)


class CampaignForm(forms.ModelForm):
    ROUNDS = [
        ("month", _("A round each month")),
        ("quarter", _("A round each quarter")),
        ("single", _("One round")),
    ]
    unit = forms.ChoiceField(label=_("Held in"))
    starts_on = DateField(label=_("Starts on"), allow_future=True, initial=timezone.localdate)
    ends_on = DateField(label=_("Ends on"), allow_future=True)
    rounds = forms.ChoiceField(label=_("Rounds"), choices=ROUNDS, initial="month")
    all_groups = forms.BooleanField(
        label=_("Every active group of the workshop, factory or city takes part"), required=False
    )
    groups = GroupChoiceField(
        label=_("Participating groups"),
        queryset=UnionGroup.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    veto_items = forms.CharField(
        label=_("Veto items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line: any of them removes a group from the ranking of that round."),
        initial=_("A serious safety accident"),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )

    class Meta:
        model = Campaign
        fields = ["name", "kind", "unit", "starts_on", "ends_on", "rounds", "red_flag"]
        fields += ["missing_figures", "description"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "missing_figures": forms.RadioSelect,
        }
        labels = {"missing_figures": _("When a group has no figure on an indicator in a round")}
        help_texts = {
            "missing_figures": _(
                "Stated on the campaign's page and its standings; the standings show such a"
                " figure as not reported."
            )
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = organised_units(user)
        self.units = {value: unit for value, _label, unit in units}
        self.fields["unit"].choices = [(value, label) for value, label, _unit in units]
        self.fields["groups"].queryset = (
            UnionGroup.objects.visible_to(user).active().select_related("workshop__factory")
        )
        # Shown chosen (as the weakest); a page or script of before the choice, which sends
        # none, launches the campaign the way campaigns were scored then, stated on its page.
        self.fields["missing_figures"].required = False

    def clean_missing_figures(self):
        return self.cleaned_data.get("missing_figures") or Campaign.Missing.WEAKEST

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A campaign ends on or after the day it starts."))
        elif starts_on and ends_on and (ends_on - starts_on).days > 5 * 366:
            # Each month can be a round: a century-long campaign would write a thousand of them.
            self.add_error("ends_on", _("A campaign runs for five years at most."))
        value = data.get("unit")
        if value in self.units:
            level, _pk = value.split(":")
            unit = self.units[value]
            data["scope"] = {
                "city": Campaign.Scope.CITY,
                "factory": Campaign.Scope.FACTORY,
                "workshop": Campaign.Scope.WORKSHOP,
            }[level]
            data["workshop"] = unit if level == "workshop" else None
            data["factory"] = unit if level == "factory" else getattr(unit, "factory", None)
            data["federation"] = unit if level == "city" else data["factory"].federation
            if data.get("all_groups"):
                groups = UnionGroup.objects.active().select_related("workshop__factory")
                if level == "workshop":
                    groups = groups.filter(workshop=unit)
                elif level == "factory":
                    groups = groups.filter(workshop__factory=unit)
                else:
                    groups = groups.filter(workshop__factory__federation=unit)
                data["groups"] = groups
        if not data.get("all_groups") and len(data.get("groups") or []) < 2:
            self.add_error("groups", _("An emulation campaign needs at least two groups."))
        data["veto_lines"] = [
            line.strip() for line in data.get("veto_items", "").splitlines() if line.strip()
        ]
        return data


class ScoresForm(forms.Form):
    """The organiser's value for each group on each rule; blank takes the progress entries."""

    def __init__(self, *args, groups, rules, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups, self.rules = list(groups), list(rules)
        for group in self.groups:
            for rule in self.rules:
                score = scores.get((group.pk, rule.pk))
                self.fields[self.key(group.pk, rule.pk)] = quantity_field(
                    f"{group.name} · {rule.label}",
                    required=False,
                    initial=score.value if score else None,
                )

    @staticmethod
    def key(group_pk, rule_pk):
        return f"s_{group_pk}_{rule_pk}"

    def rows(self):
        """(group, [(rule, bound field)]) for the template."""
        return [
            (group, [(rule, self[self.key(group.pk, rule.pk)]) for rule in self.rules])
            for group in self.groups
        ]

    def values(self):
        return {
            (g.pk, r.pk): self.cleaned_data.get(self.key(g.pk, r.pk))
            for g in self.groups
            for r in self.rules
        }


class VetoForm(forms.Form):
    group = IdModelChoiceField(label=_("Union group"), queryset=None)
    item = IdModelChoiceField(label=_("Veto item"), queryset=None)
    note = forms.CharField(
        label=_("What happened"), max_length=300, validators=[no_control_characters]
    )

    def __init__(self, *args, campaign, **kwargs):
        # Its own element ids: the standings page shows it beside the award form, whose union
        # group is id_group too (duplicate ids confuse screen readers and the labels' "for").
        # The field names, and so what is posted, stay as they are.
        kwargs.setdefault("auto_id", "id_veto_%s")
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = campaign.groups.all()
        self.fields["item"].queryset = VetoItem.objects.filter(campaign=campaign)


class AwardForm(forms.Form):
    group = IdModelChoiceField(label=_("Union group"), queryset=None)
    on = DateField(label=_("Awarded on"), initial=timezone.localdate)
    citation = forms.CharField(
        label=_("Citation"), max_length=300, required=False, validators=[no_control_characters]
    )

    def __init__(self, *args, campaign, leaders=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups = campaign.groups.all()
        if leaders:
            groups = groups.filter(pk__in=[row.group_id for row in leaders])
            self.fields["group"].initial = leaders[0].group_id
        self.fields["group"].queryset = groups
