from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from groups.admin import ScopedAdmin
from groups.scoping import Level
from notifications.models import Email, FactoryMailSettings


@admin.register(Email)
class EmailAdmin(ScopedAdmin):
    """What was sent to whom, and what is waiting or failed: read here, never changed, except
    that failed e-mails may be queued again."""

    list_display = [
        "created_at",
        "channel",
        "address",
        "subject",
        "status",
        "attempts",
        "last_error",
    ]
    list_filter = ["status", "channel"]
    list_select_related = ["factory"]
    date_hierarchy = None
    actions = ["send_again"]
    readonly_fields = [
        "user",
        "member",
        "factory",
        "channel",
        "address",
        "language",
        "subject",
        "body_text",
        "digest_day",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    exclude = ["body_html", "headers"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the chosen failed e-mails again"))
    def send_again(self, request, queryset):
        count = queryset.filter(status=Email.Status.FAILED).update(
            status=Email.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        # The next run of send_reminders hands them to the worker, in the sending window.
        self.message_user(
            request,
            ngettext("%(count)s e-mail queued again.", "%(count)s e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not (request.user.is_superuser or self._scope(request).level == Level.FACTORY):
            actions.pop("send_again", None)
        return actions


@admin.register(FactoryMailSettings)
class FactoryMailSettingsAdmin(ScopedAdmin):
    list_display = ["factory", "language", "window_starts", "window_ends"]
    list_select_related = ["factory"]
    write_levels = (Level.FACTORY,)
