from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.forms import DateField
from groups.models import FactoryUnion
from groups.params import IdModelChoiceField
from roster.reading import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("An XLSX workbook or a CSV file laid out as the template, at most %(mb)d MB.")
        % {"mb": MAX_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        max_length=255,
    )


class ConfirmForm(forms.Form):
    mark_left = forms.BooleanField(
        label=_("Mark the members who are not in this file as having left the union"),
        required=False,
    )
    left_on = DateField(label=_("Left on"), required=False, initial=timezone.localdate)
    missing = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def clean(self):
        data = super().clean()
        if data.get("mark_left") and not data.get("left_on"):
            self.add_error("left_on", _("Give the date they left."))
        return data

    def left_on_date(self):
        return self.cleaned_data["left_on"] if self.cleaned_data.get("mark_left") else None


class SignInsForm(forms.Form):
    """Sign-ins for the people of an imported file: its group leaders and officers, or all."""

    LEADERS, EVERYONE = "leaders", "everyone"
    who = forms.ChoiceField(
        label=_("Give sign-ins to"),
        choices=[
            (LEADERS, _("the union and production group leaders and the officers in this file")),
            (EVERYONE, _("every member in this file")),
        ],
        initial=LEADERS,
        widget=forms.RadioSelect,
    )


class AdminUploadForm(UploadForm):
    """The back office's upload: the factory chosen among those of the user's scope."""

    factory = IdModelChoiceField(queryset=FactoryUnion.objects.none(), label=_("Factory union"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factory"].queryset = FactoryUnion.objects.visible_to(user).order_by(
            "name", "pk"
        )
        self.order_fields(["factory", "file"])
