from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """The user's own account: password, second factor, sessions (no models of its own)."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import push_idle_end

        # Signing in writes the session: its idle end is pushed back with it.
        def pushed(sender, request=None, user=None, **kwargs):
            if request is not None and hasattr(request, "session"):
                push_idle_end(request.session)

        user_logged_in.connect(pushed, dispatch_uid="accounts.push_idle_end", weak=False)
