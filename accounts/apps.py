from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """The user's own account: password, second factor, sessions (no models of its own)."""

    name = "accounts"
    verbose_name = _("Accounts")
