from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from groups.validators import no_control_characters

KEY_SALT = "accounts.two_factor.key"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        # isdigit() alone takes "²" and other digits int() cannot read.
        if not (code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("The code is six digits."))
        return code


class VerifyForm(CodeForm):
    """The code of the user's device, to verify this session."""

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = super().clean_code()
        # verify_token throttles: each failure doubles the wait before the next try counts.
        if not self.device.verify_token(code):
            raise forms.ValidationError(_("That code is not right, or it has expired."))
        return code


class SetupForm(CodeForm):
    """A new authenticator: its key travels signed in the form (the page shows it anyway), so that
    nothing is written until the user proves the app has it with a code."""

    key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.is_bound:
            self.initial["key"] = signing.dumps(default_key(), salt=KEY_SALT)

    def signed_key(self):
        return self["key"].value()

    def device(self):
        """The device the form offers (unsaved), for its QR code and secret."""
        try:
            # A post without the key is as stale as one with a bad signature.
            key = signing.loads(self.signed_key() or "", salt=KEY_SALT, max_age=3600)
        except signing.BadSignature:
            return None
        return TOTPDevice(user=self.user, key=key, name="authenticator", confirmed=True)

    def clean(self):
        cleaned = super().clean()
        device = self.device()
        if device is None:
            raise forms.ValidationError(_("The page has expired: start again."))
        code = cleaned.get("code")
        if code:
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            if not totp.verify(int(code), tolerance=device.tolerance):
                self.add_error("code", _("That code is not right, or it has expired."))
            else:
                device.last_t = totp.t()
                device.drift = totp.drift
        cleaned["device"] = device
        return cleaned


class SignInForm(forms.Form):
    """Giving a member a sign-in takes no field: the button is the form (and its token)."""


class StaffForm(forms.Form):
    """A sign-in for union staff: the name they sign in with, who they are, where the link goes."""

    username = forms.CharField(
        label=_("Sign-in name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    name = forms.CharField(label=_("Full name"), max_length=150, validators=[no_control_characters])
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("Where the sign-in link is sent.")
    )
