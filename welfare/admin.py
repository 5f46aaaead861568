"""The back office of the welfare app. Cases are private: only those who read case details on
the site (``Capability.READ_CASES``) see them here, and the city federation does not see them at
all, not even in the app list. Cases are worked on the site, where every move is kept; here they
are read (and each reading is recorded, as on the site)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote

from groups.admin import ScopedAdmin, ScopedHistoryAdmin
from groups.admin_filters import VisibleRelatedFilter, date_range
from groups.capabilities import Capability, user_can
from groups.people import named
from welfare import services
from welfare.models import (
    Activity,
    CaseAccess,
    CaseAction,
    InsuranceClaim,
    StatusChange,
    WelfareCase,
)


class PrivateAdminMixin:
    """Hidden from whoever may not read case details."""

    def has_module_permission(self, request):
        return super().has_module_permission(request) and user_can(
            request.user, Capability.READ_CASES
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return user_can(request.user, Capability.READ_CASES)


class CaseActionInline(ReadOnlyInline):
    model = CaseAction
    fields = ["done_on", "kind", "who", "brought", "amount", "source", "referred_to", "text"]


class InsuranceClaimInline(ReadOnlyInline):
    model = InsuranceClaim
    fields = ["benefit", "filed_on", "amount_claimed", "status", "decided_on", "amount_paid"]


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["changed_on", "from_status", "to_status", "changed_by", "note"]


@admin.register(WelfareCase)
class WelfareCaseAdmin(PrivateAdminMixin, ScopedHistoryAdmin):
    list_display = ["member", "group", "category", "tier", "status", "opened_on", "follow_up_on"]
    list_filter = [
        date_range("opened_on"),
        "status",
        "category",
        "tier",
        ("group__workshop__factory", VisibleRelatedFilter),
    ]
    list_select_related = ["member", "group"]
    search_fields = ["member__name", "group__name"]
    write_levels = ()
    inlines = [CaseActionInline, InsuranceClaimInline, StatusChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Not even a superuser: a case's status moves only through the site, which keeps them.
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and getattr(response, "status_code", None) == 200:
            # A 200 means the case is in the user's queryset: record the reading.
            services.record_access(cases=[int(unquote(object_id))], user=request.user)
        return response


@admin.register(CaseAccess)
class CaseAccessAdmin(PrivateAdminMixin, ScopedAdmin):
    list_display = ["at", "user", "how", "case"]
    list_filter = [date_range("at"), "how"]
    list_select_related = [*named("user"), "case__member"]
    search_fields = ["user__username", "case__member__name"]
    write_levels = ()


@admin.register(Activity)
class ActivityAdmin(ScopedHistoryAdmin):
    list_display = ["title", "group", "kind", "held_on"]
    list_filter = [
        date_range("held_on"),
        "kind",
        ("group__workshop__factory", VisibleRelatedFilter),
    ]
    list_select_related = ["group"]
    search_fields = ["title", "group__name"]
    autocomplete_fields = ["group", "participants"]
    readonly_fields = ["recorded_by"]
