from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import (
    HIGHER_IS_BETTER,
    Campaign,
    GuaranteePlan,
    Kind,
    Pact,
    Pledge,
    Proposal,
    VetoItem,
)
from groups.forms import DateField
from groups.models import FactoryUnion, Federation, UnionGroup, WorkshopUnion
from groups.params import IdModelChoiceField, IdModelMultipleChoiceField
from groups.scoping import Level, user_scope
from groups.validators import (
    LONG_TEXT,
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
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


# --- Campaigns -------------------------------------------------------------------------------


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
        fields += ["description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = organised_units(user)
        self.units = {value: unit for value, _label, unit in units}
        self.fields["unit"].choices = [(value, label) for value, label, _unit in units]
        self.fields["groups"].queryset = (
            UnionGroup.objects.visible_to(user).active().select_related("workshop__factory")
        )

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


# --- Pacts and proposals ---------------------------------------------------------------------


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
