import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import FactoryUnion, Member, Role, UnionGroup, WorkshopUnion
from groups.params import IdModelChoiceField, parse_id
from groups.scoping import scoped_below_city
from groups.validators import no_control_characters, plausible_date


class _ServiceCall:
    """A service called for a user: what it refuses (a ValidationError: a rule of the domain, a
    race lost to another user) is reported to the user and the view goes on, ``done`` False."""

    def __init__(self, report):
        self.report = report
        self.done = False

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:
            self.done = True
            return False
        if issubclass(kind, ValidationError):
            self.report(error)
            return True
        return False


def _add_refusal(form, error):
    if not hasattr(form, "add_error"):  # a formset: above its rows
        form._non_form_errors = form.error_class(error.messages)
    elif hasattr(error, "error_dict"):  # beside the fields it names, the others above the form
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        form.add_error(None, error)


def refusals_into(form):
    """``with refusals_into(form) as call: services.x(...)``, then ``if call.done:``: a
    refusal becomes the form's error (or formset's), beside the fields it names, else above."""
    return _ServiceCall(lambda error: _add_refusal(form, error))


def refusals_as_message(request):
    """The same for a button without a form of its own: a refusal is shown as an error message on
    the page the user goes back to."""
    return _ServiceCall(lambda error: messages.error(request, " ".join(error.messages)))


class DateInput(forms.DateInput):
    """The browser's own date picker. Django's zh locales print dates as 2026年11月5日 and cannot
    read them back, so dates travel as ISO 8601 whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    widget = DateInput
    default_validators = [plausible_date]

    def __init__(self, *, allow_future=False, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)
        self.allow_future = allow_future

    def validate(self, value):
        super().validate(value)
        if value and not self.allow_future and value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."), code="future")


SKILL_GRADES = [("", "—")] + [(n, _("Grade %(n)d") % {"n": n}) for n in range(1, 9)]


class MemberForm(forms.ModelForm):
    joined_union_on = DateField(label=_("Joined the union on"))
    status_changed_on = DateField(label=_("Status since"), required=False)
    skill_grade = forms.TypedChoiceField(
        label=_("Skill grade"),
        choices=SKILL_GRADES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Grade 1 to 8 of the eight-grade wage scale."),
    )

    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "employee_number",
            "trade",
            "skill_grade",
            "phone",
            "email",
            "joined_union_on",
            "status",
            "status_changed_on",
        ]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}

    def __init__(self, *args, factory: FactoryUnion, **kwargs):
        super().__init__(*args, **kwargs)
        self.factory = factory
        if not self.instance.pk:
            # A new member is active; leaving and transferring are edits of an existing member.
            del self.fields["status"]
            del self.fields["status_changed_on"]

    def clean_employee_number(self):
        number = self.cleaned_data["employee_number"].strip()
        taken = Member.objects.filter(factory=self.factory, employee_number=number)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        holder = taken.first()
        if holder:
            raise forms.ValidationError(
                _("Employee number %(number)s is already %(name)s's in this factory."),
                params={"number": number, "name": holder.name},
                code="unique",
            )
        return number

    def clean(self):
        data = super().clean()
        status = data.get("status", Member.Status.ACTIVE)
        changed_on = data.get("status_changed_on")
        joined_on = data.get("joined_union_on")
        if status != Member.Status.ACTIVE and not changed_on:
            self.add_error("status_changed_on", _("Give the date the member transferred or left."))
        if changed_on and joined_on and changed_on < joined_on:
            self.add_error("status_changed_on", _("This is before the member joined the union."))
        return data

    def _post_clean(self):
        # The factory is not a field of the form; set it so that model validation sees it.
        self.instance.factory = self.factory
        super()._post_clean()


class MoveMemberForm(forms.Form):
    to_group = IdModelChoiceField(label=_("To group"), queryset=UnionGroup.objects.none())
    on = DateField(label=_("Moved on"), initial=timezone.localdate)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_group"].queryset = groups.select_related("workshop")
        self.fields["to_group"].label_from_instance = lambda g: f"{g.workshop} · {g.name}"


class RoleForm(forms.Form):
    member = IdModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    kind = forms.ChoiceField(label=_("Role"), choices=Role.Kind.choices)
    portfolio = forms.ChoiceField(
        label=_("Portfolio"),
        choices=[("", "—")] + Role.Portfolio.choices,
        required=False,
        help_text=_("For an officer."),
    )
    mentor = IdModelChoiceField(
        label=_("Officer keeping close"),
        queryset=Role.objects.none(),
        required=False,
        help_text=_("For an activist: the officer who keeps close to them."),
    )
    started_on = DateField(label=_("From"), initial=timezone.localdate)

    def __init__(self, *args, group: UnionGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = group.members.active()
        officers = Role.objects.current().filter(group=group, kind=Role.Kind.OFFICER)
        self.fields["mentor"].queryset = officers.select_related("member")
        self.fields["mentor"].label_from_instance = lambda r: f"{r.member.name} · {r.title}"


class EndRoleForm(forms.Form):
    ended_on = DateField(label=_("Ended on"), initial=timezone.localdate)


class ArchiveGroupForm(forms.Form):
    archived_on = DateField(label=_("Archived on"), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason for archiving"),
        max_length=200,
        help_text=_("E.g. the team was merged into another group."),
        validators=[no_control_characters],
    )


class GroupFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Group or leader name"), "type": "search"}),
        max_length=200,
        validators=[no_control_characters],
    )
    factory = IdModelChoiceField(
        label=_("Factory union"), queryset=FactoryUnion.objects.none(), required=False
    )
    workshop = IdModelChoiceField(
        label=_("Workshop union"), queryset=WorkshopUnion.objects.none(), required=False
    )
    archived = forms.BooleanField(label=_("Archived groups"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factory"].queryset = FactoryUnion.objects.visible_to(user)
        workshops = WorkshopUnion.objects.visible_to(user).select_related("factory")
        if factory_id := parse_id(self.data.get("factory")):
            workshops = workshops.filter(factory_id=factory_id)
        elif not scoped_below_city(user):
            # A city has hundreds of workshops: offer them once a factory is chosen.
            workshops = workshops.none()
        self.fields["workshop"].queryset = workshops
        self.fields["workshop"].label_from_instance = lambda w: f"{w.factory} · {w.name}"
        for name in ("q", "factory", "workshop"):
            css = "form-control" if name == "q" else "form-select"
            self.fields[name].widget.attrs["class"] = css
        self.fields["archived"].widget.attrs["class"] = "form-check-input"

    def filter(self, groups):
        if not self.is_valid():
            return groups.active()
        data = self.cleaned_data
        groups = groups.search(data["q"].strip())
        if data["factory"]:
            groups = groups.filter(workshop__factory=data["factory"])
        if data["workshop"]:
            groups = groups.filter(workshop=data["workshop"])
        return groups.filter(archived_on__isnull=not data["archived"])


class PeriodForm(forms.Form):
    """The period the preparedness figures cover: the last twelve months unless chosen."""

    start = DateField(label=_("From"), required=False, allow_future=True)
    end = DateField(label=_("Until"), required=False, allow_future=True)

    def period(self):
        today = timezone.localdate()
        default = (today - datetime.timedelta(days=364), today)
        if not self.is_valid():
            return default
        start = self.cleaned_data.get("start") or default[0]
        end = self.cleaned_data.get("end") or default[1]
        return (start, end) if start <= end else (end, start)
