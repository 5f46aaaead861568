from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.forms import DateField
from groups.models import Member
from groups.params import IdModelChoiceField, IdModelMultipleChoiceField
from groups.validators import (
    LONG_TEXT,
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
)
from welfare.models import Activity, CaseAction, InsuranceClaim, WelfareCase

Kind = CaseAction.Kind


def amount_field(label, *, required=True, **kwargs):
    """Money in yuan: a negative amount is a form error, not a database error."""
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        error_messages={"min_value": _("An amount cannot be negative.")},
        **kwargs,
    )


class MemberChoiceField(IdModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.name} · {member.employee_number}"


class CaseForm(forms.Form):
    """A new case: whose hardship, what kind, how hard, and the first follow-up."""

    member = MemberChoiceField(label=_("Member"), queryset=Member.objects.none())
    category = forms.ChoiceField(label=_("Category"), choices=WelfareCase.Category.choices)
    tier = forms.TypedChoiceField(
        label=_("How hard"),
        choices=WelfareCase.Tier.choices,
        coerce=int,
        initial=WelfareCase.Tier.SERIOUS,
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the hardship is, as the member or the group told it."),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    opened_on = DateField(label=_("Opened on"))
    follow_up_on = DateField(
        label=_("Follow up on"),
        required=False,
        allow_future=True,
        help_text=_("When to look in on the member again."),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.active().filter(group=group)
        self.fields["opened_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        opened, follow_up = data.get("opened_on"), data.get("follow_up_on")
        if opened and follow_up and follow_up < opened:
            self.add_error("follow_up_on", _("The follow-up cannot come before the case."))
        return data


class CaseEditForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=WelfareCase.Category.choices)
    tier = forms.TypedChoiceField(label=_("How hard"), choices=WelfareCase.Tier.choices, coerce=int)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    opened_on = DateField(label=_("Opened on"))


class FollowUpForm(forms.Form):
    follow_up_on = DateField(
        label=_("Follow up on"),
        required=False,
        allow_future=True,
        help_text=_("Leave empty to clear the follow-up."),
    )

    def clean_follow_up_on(self):
        day = self.cleaned_data["follow_up_on"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("A follow-up is today or later."))
        return day


# The fields of each kind of action, with the labels that kind gives them.
ACTION_FIELDS = {
    Kind.VISIT: [
        ("who", _("Who went")),
        ("brought", _("What was brought")),
        ("text", _("What was learnt")),
    ],
    Kind.GRANT: [
        ("amount", _("Amount (yuan)")),
        ("source", _("Source")),
        ("who", _("Handed over by")),
        ("text", _("Note")),
    ],
    Kind.GOODS: [
        ("brought", _("What was given")),
        ("amount", _("Worth (yuan), if known")),
        ("source", _("Paid from")),
        ("who", _("Handed over by")),
        ("text", _("Note")),
    ],
    Kind.REFERRAL: [
        ("referred_to", _("Referred to")),
        ("who", _("Passed on by")),
        ("text", _("What was asked")),
    ],
    Kind.NOTE: [("text", _("Note"))],
}


class ActionForm(forms.Form):
    """A visit, grant, goods, referral or note on a case: the fields its kind needs."""

    done_on = DateField(label=_("Date"))
    who = forms.CharField(max_length=200, required=False, validators=[no_control_characters])
    brought = forms.CharField(max_length=200, required=False, validators=[no_control_characters])
    amount = amount_field(_("Amount (yuan)"), required=False)
    source = forms.ChoiceField(required=False, choices=[("", "—"), *CaseAction.Source.choices])
    referred_to = forms.ChoiceField(
        required=False, choices=[("", "—"), *CaseAction.ReferredTo.choices]
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )

    REQUIRED = {
        Kind.VISIT: {"who"},
        Kind.GRANT: {"amount", "source"},
        Kind.GOODS: {"brought"},
        Kind.REFERRAL: {"referred_to"},
        Kind.NOTE: {"text"},
    }

    def __init__(self, *args, case, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.case, self.kind = case, kind
        wanted = dict(ACTION_FIELDS[kind])
        for name in list(self.fields):
            if name == "done_on":
                continue
            if name not in wanted:
                del self.fields[name]
                continue
            self.fields[name].label = wanted[name]
            self.fields[name].required = name in self.REQUIRED[kind]
        self.fields["done_on"].initial = timezone.localdate()

    def clean_done_on(self):
        day = self.cleaned_data["done_on"]
        if day < self.case.opened_on:
            raise forms.ValidationError(
                _("This is before the case was opened (%(date)s).")
                % {"date": self.case.opened_on.isoformat()}
            )
        return day

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if self.kind == Kind.GRANT and amount is not None and amount == 0:
            raise forms.ValidationError(_("A grant is more than nothing."))
        return amount

    def action(self):
        """The cleaned fields as ``services.action_add`` takes them."""
        data = self.cleaned_data
        return {
            "kind": self.kind,
            "done_on": data["done_on"],
            "who": data.get("who", ""),
            "brought": data.get("brought", ""),
            "amount": data.get("amount"),
            "source": data.get("source", ""),
            "referred_to": data.get("referred_to", ""),
            "text": data.get("text", ""),
        }


class MoveForm(forms.Form):
    """Move a case on (or reopen it): the day, and a note."""

    on = DateField(label=_("Date"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT,
        validators=[no_control_characters_in_text],
    )

    def __init__(self, *args, case, to_status, **kwargs):
        super().__init__(*args, **kwargs)
        self.case, self.to_status = case, to_status
        self.fields["on"].initial = timezone.localdate()
        reopening = WelfareCase.is_reopening(case.status, to_status)
        if reopening:
            self.fields["note"].required = True
            self.fields["note"].help_text = _("Say why the case is reopened.")
        elif to_status == WelfareCase.Status.CLOSED and case.follow_up_overdue(
            timezone.localdate()
        ):
            self.fields["note"].help_text = _(
                "The follow-up is overdue: say why the case is closed without it."
            )

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day < self.case.opened_on:
            raise forms.ValidationError(
                _("This is before the case was opened (%(date)s).")
                % {"date": self.case.opened_on.isoformat()}
            )
        return day


class ClaimForm(forms.ModelForm):
    filed_on = DateField(label=_("Filed on"))
    amount_claimed = amount_field(_("Amount claimed (yuan)"))
    amount_paid = amount_field(_("Amount paid (yuan)"), required=False)
    decided_on = DateField(label=_("Decided on"), required=False)

    class Meta:
        model = InsuranceClaim
        fields = [
            "benefit",
            "filed_on",
            "amount_claimed",
            "status",
            "decided_on",
            "amount_paid",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        claimed, paid = data.get("amount_claimed"), data.get("amount_paid")
        status, decided, filed = data.get("status"), data.get("decided_on"), data.get("filed_on")
        if claimed is not None and claimed == 0:
            self.add_error("amount_claimed", _("A claim is for more than nothing."))
        if claimed and paid and paid > claimed:
            self.add_error("amount_paid", _("More cannot be paid than was claimed."))
        if status == InsuranceClaim.Status.PAID and not paid and "amount_paid" not in self.errors:
            self.add_error("amount_paid", _("Say how much was paid."))
        if status == InsuranceClaim.Status.FILED and decided:
            self.add_error("decided_on", _("A claim still filed is not decided yet."))
        if status and status != InsuranceClaim.Status.FILED and not decided:
            self.add_error("decided_on", _("Say when the claim was decided."))
        if decided and filed and decided < filed:
            self.add_error("decided_on", _("A claim is decided after it is filed."))
        return data

    def _post_clean(self):
        # The service saves the claim; the model's own validation would repeat these checks.
        pass


class MemberCheckboxes(IdModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, member):
        return member.name


class ActivityForm(forms.ModelForm):
    held_on = DateField(label=_("Date"))
    participants = MemberCheckboxes(
        label=_("Who took part"), queryset=Member.objects.none(), required=False
    )

    class Meta:
        model = Activity
        fields = ["held_on", "kind", "title", "participants", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(group=group)
        if self.instance.pk:
            # Those who took part stay listed even if they have since left the group.
            members = members.active() | Member.objects.filter(activities=self.instance)
        else:
            members = members.active()
            self.fields["held_on"].initial = timezone.localdate()
        self.fields["participants"].queryset = members.distinct().order_by("name", "pk")

    def _post_clean(self):
        pass


BY_CHOICES = [
    ("factory", _("By factory")),
    ("workshop", _("By workshop")),
    ("group", _("By group")),
]
