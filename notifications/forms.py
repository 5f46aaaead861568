from django import forms
from django.utils.translation import gettext_lazy as _

from groups.scoping import user_scope
from notifications.kinds import KINDS
from notifications.models import Preference


class PreferenceForm(forms.ModelForm):
    mailed_kinds = forms.MultipleChoiceField(
        label=_("E-mail me about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The site lists every notice whatever you choose here."),
    )

    class Meta:
        model = Preference
        fields = ["language", "delivery"]
        help_texts = {"language": _("Empty: the language your factory union chose.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailed_kinds"].choices = [(k.name, k.label) for k in KINDS.values()]
        muted = set(self.instance.muted_kinds or [])
        self.fields["mailed_kinds"].initial = [name for name in KINDS if name not in muted]

    def muted_kinds(self):
        chosen = set(self.cleaned_data["mailed_kinds"])
        return [name for name in KINDS if name not in chosen]

    def clean_delivery(self):
        delivery = self.cleaned_data["delivery"]
        if delivery == Preference.Delivery.SMS:
            scope = user_scope(self.instance.user)
            member = scope.member if scope is not None else None
            if member is None or not member.phone:
                raise forms.ValidationError(
                    _(
                        "Your member record has no phone number: ask your union group leader "
                        "to add it."
                    )
                )
        return delivery
