"""List filters shared by the admin's changelists, and the guard every changelist passes.

Big tables (meetings, cases, plans, dues) are not drilled down by ``date_hierarchy``: its year and
month links scan the table for the dates that have rows, and a hand-typed year such as 9999
overflows the date arithmetic. A range filter offers fixed periods instead, whose values are
checked against the list it offers. Nor are their related filters (a meeting's factory) listed
from the rows, as Django's ``RelatedOnlyFieldListFilter`` does with a DISTINCT over the whole
table: ``VisibleRelatedFilter`` lists the small table's rows the user sees (their factories)."""

import datetime
from contextlib import nullcontext

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.paginator import Paginator
from django.db import DataError, connection, transaction
from django.db.models import DateTimeField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.admin_paginator import EstimatedCountPaginator


def _ranges(today):
    month = today.replace(day=1)
    quarter_ago = (month - datetime.timedelta(days=1)).replace(day=1)
    quarter_ago = (quarter_ago - datetime.timedelta(days=32)).replace(day=1)
    year = today.replace(month=1, day=1)
    last_year = year.replace(year=year.year - 1)
    return {
        "future": (_("Later than today"), today + datetime.timedelta(days=1), None),
        "month": (_("This month"), month, today),
        "quarter": (_("The last three months"), quarter_ago, today),
        "year": (_("This year"), year, today),
        "last_year": (_("Last year"), last_year, year - datetime.timedelta(days=1)),
        "earlier": (_("Before last year"), None, last_year - datetime.timedelta(days=1)),
    }


def date_range(field):
    """A list filter on the date ``field`` by fixed periods (this month, this year, …), titled
    with the field's name."""

    class DateRangeFilter(admin.SimpleListFilter):
        parameter_name = f"{field}_range"
        title = _("date")

        def __init__(self, request, params, model, model_admin):
            model_field = model._meta.get_field(field)
            self.title = model_field.verbose_name
            # A moment is compared by its local date.
            self.lookup = f"{field}__date" if isinstance(model_field, DateTimeField) else field
            super().__init__(request, params, model, model_admin)

        def lookups(self, request, model_admin):
            return [(key, label) for key, (label, _start, _end) in _ranges(self._today()).items()]

        def queryset(self, request, queryset):
            chosen = _ranges(self._today()).get(self.value())
            if chosen is None:
                return queryset
            _label, start, end = chosen
            if start is not None:
                queryset = queryset.filter(**{f"{self.lookup}__gte": start})
            if end is not None:
                queryset = queryset.filter(**{f"{self.lookup}__lte": end})
            return queryset

        @staticmethod
        def _today():
            return timezone.localdate()

    DateRangeFilter.__name__ = f"DateRangeFilter_{field}"
    return DateRangeFilter


class VisibleRelatedFilter(admin.RelatedFieldListFilter):
    """A related filter (``("group__workshop__factory", VisibleRelatedFilter)``) that lists the
    related rows the user sees, read from their own small table (the user's factories, from
    ``FactoryUnion.objects.visible_to``), rather than the values the rows point to, which
    ``RelatedOnlyFieldListFilter`` reads with a DISTINCT over the whole big table. Either way it
    never names a unit outside the user's scope."""

    def field_choices(self, field, request, model_admin):
        manager = field.remote_field.model._default_manager
        if not hasattr(manager, "visible_to"):
            return admin.RelatedOnlyFieldListFilter.field_choices(self, field, request, model_admin)
        visible = manager.visible_to(request.user).values("pk")
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, limit_choices_to={"pk__in": visible}, ordering=ordering
        )


class SafeChangelistMixin:
    """For a ModelAdmin: a hand-typed filter the database cannot take is an invalid lookup, and
    a changelist of a big table is not counted row by row (``groups.admin_paginator``)."""

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if self.paginator is not Paginator:  # an admin's own paginator
            return super().get_paginator(
                request, queryset, per_page, orphans, allow_empty_first_page
            )
        return EstimatedCountPaginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            root=self.get_queryset(request),
        )

    def get_changelist_instance(self, request):
        """The changelist, or "invalid lookup" (the admin's ``?e=1`` page) for a hand-typed
        filter the database cannot take: a year 0 or 99999999999999999999, a value out of a
        column's range. The changelist runs its queries here; inside a transaction (a test, or
        ATOMIC_REQUESTS) they run in a savepoint so that a PostgreSQL error leaves it usable."""
        guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
        try:
            with guard:
                return super().get_changelist_instance(request)
        except (ValueError, TypeError, OverflowError, DataError) as error:
            raise IncorrectLookupParameters(error) from error


def guard_changelists(site):
    """Put every admin registered on ``site`` behind ``SafeChangelistMixin``, those of Django
    and of third-party apps (auth's groups, the second factor's devices) included: each of
    them takes hand-typed filters too."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, SafeChangelistMixin):
            continue
        base = type(model_admin)
        guarded = type(base.__name__, (SafeChangelistMixin, base), {"__module__": base.__module__})
        site.unregister(model)
        site.register(model, guarded)
