from django.contrib import admin

from dues.models import DuesPayment, DuesRule, Excusal, WageBase
from groups.admin import ScopedAdmin, ScopedHistoryAdmin
from groups.admin_filters import date_range
from groups.scoping import Level


@admin.register(DuesRule)
class DuesRuleAdmin(ScopedHistoryAdmin):
    """Each factory's rule, set by its union staff."""

    write_levels = (Level.FACTORY,)
    list_display = [
        "factory",
        "effective_from",
        "rate",
        "minimum",
        "step",
        "group_share",
        "factory_share",
        "federation_share",
    ]
    list_filter = [date_range("effective_from")]
    list_select_related = ["factory"]


@admin.register(WageBase)
class WageBaseAdmin(ScopedHistoryAdmin):
    """Members' wage bases: their factory's and workshop's staff only (never the federation's)."""

    write_levels = (Level.FACTORY, Level.WORKSHOP)
    list_display = ["member", "amount"]
    list_select_related = ["member"]
    search_fields = ["member__name", "member__employee_number"]
    autocomplete_fields = []

    def has_module_permission(self, request):
        scope = self._scope(request)
        return request.user.is_superuser or (
            scope is not None and scope.level in (Level.FACTORY, Level.WORKSHOP)
        )


@admin.register(Excusal)
class ExcusalAdmin(ScopedHistoryAdmin):
    write_levels = (Level.FACTORY, Level.WORKSHOP)
    list_display = ["member", "starts_on", "ends_on", "reason"]
    list_select_related = ["member"]
    list_filter = [date_range("starts_on")]


@admin.register(DuesPayment)
class DuesPaymentAdmin(ScopedAdmin):
    """The ledger, read-only here: dues are marked on the group's sheet."""

    list_display = ["member", "group", "month", "amount", "status", "paid_on"]
    list_select_related = ["member", "group"]
    list_filter = [date_range("month"), "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
