import itertools

from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, ChangeList

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


class MonthByMonthChangeList(ChangeList):
    """The city's ledger in its own order (the newest month first, each month by member name)
    without sorting a whole month of the city (80,000 payments joined to their members) to show
    fifty rows of it: the months of the page's rows are read first, from the months' index, then
    the page's rows month by month, where the members' names are in an index: three or four
    small queries instead of one that reads the whole month. For the whole city only (a
    superuser's): a factory's or a workshop's ledger is read as Django reads it (its months are
    not in an index of their own, and finding them would cost more than it saves)."""

    def get_results(self, request):
        super().get_results(request)
        if not request.user.is_superuser or self.queryset.query.distinct:
            return  # a scope's ledger, or rows that a search may repeat: as Django reads them
        if ORDER_VAR in self.params or (self.show_all and self.can_show_all) or not self.multi_page:
            return  # another order, or the whole list on one page
        bottom = (self.page_num - 1) * self.list_per_page
        months = self.queryset.order_by("-month").values_list("month", flat=True)
        months = list(months[bottom : bottom + self.list_per_page])
        if not months:
            return
        # Where the page begins in its first month: after the rows of the months after it.
        start = bottom - self.queryset.filter(month__gt=months[0]).count()
        pages = []
        for month, rows in itertools.groupby(months):
            count = len(list(rows))
            pages.append(self.queryset.filter(month=month)[start : start + count])
            start = 0
        self.result_list = pages[0] if len(pages) == 1 else [row for page in pages for row in page]


@admin.register(DuesPayment)
class DuesPaymentAdmin(BelowTheCity, ScopedAdmin):
    """The ledger, read-only here: dues are marked on the group's sheet."""

    list_display = ["member", "group", "month", "amount", "status", "paid_on", "from_group_total"]
    list_select_related = ["member", "group"]
    list_filter = [date_range("month"), "status", "from_group_total"]

    def get_changelist(self, request, **kwargs):
        return MonthByMonthChangeList

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
