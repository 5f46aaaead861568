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


class BelowTheCity:
    """Rows that tell a member's wage (a wage base, a month's dues, an excusal's reason): their
    factory's and workshop's staff only, never the city federation's."""

    def has_module_permission(self, request):
        scope = self._scope(request)
        return request.user.is_active and (
            request.user.is_superuser
            or (scope is not None and scope.level in (Level.FACTORY, Level.WORKSHOP))
        )


@admin.register(WageBase)
class WageBaseAdmin(BelowTheCity, ScopedHistoryAdmin):
    """Members' wage bases."""

    write_levels = (Level.FACTORY, Level.WORKSHOP)
    list_display = ["member", "amount"]
    list_select_related = ["member"]
    search_fields = ["member__name", "member__employee_number"]


@admin.register(Excusal)
class ExcusalAdmin(BelowTheCity, ScopedHistoryAdmin):
    write_levels = (Level.FACTORY, Level.WORKSHOP)
    list_display = ["member", "starts_on", "ends_on", "reason"]
    list_select_related = ["member"]
    list_filter = [date_range("starts_on")]


@admin.register(DuesPayment)
class DuesPaymentAdmin(BelowTheCity, ScopedAdmin):
    """The ledger, read-only here: dues are marked on the group's sheet."""

    list_display = ["member", "group", "month", "amount", "status", "paid_on", "from_group_total"]
    list_select_related = ["member", "group"]
    list_filter = [date_range("month"), "status", "from_group_total"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
