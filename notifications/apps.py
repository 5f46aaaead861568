from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from groups.scoping import SCOPE_FIGURES
        from notifications.models import unread_count

        # The navbar's badge comes with the scope's one query: no query more on any page.
        SCOPE_FIGURES["unread_notifications"] = unread_count
