"""The welfare figures of the user's scope by factory, workshop or group: counts and sums only,
for everyone in scope, and their export."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from groups.export import csv_response
from groups.forms import PeriodForm
from groups.kept import kept, kept_context
from groups.models import FactoryUnion, UnionGroup, WorkshopUnion
from groups.paging import filters_query
from groups.replica import reads_from_replica
from groups.scoping import Level, user_scope
from welfare import figures
from welfare.forms import (
    BY_CHOICES,
)
from welfare.models import (
    CaseAction,
)


def _levels(user):
    """The levels the user's figures can be broken down by, the first being the default."""
    scope = user_scope(user)
    if user.is_superuser or (scope and scope.level == Level.FEDERATION):
        return [Level.FACTORY, Level.WORKSHOP, Level.GROUP]
    if scope and scope.level == Level.FACTORY:
        return [Level.WORKSHOP, Level.GROUP]
    return [Level.GROUP]


UNITS = {
    Level.FACTORY: lambda user: FactoryUnion.objects.visible_to(user),
    Level.WORKSHOP: lambda user: WorkshopUnion.objects.visible_to(user).select_related("factory"),
    Level.GROUP: lambda user: UnionGroup.objects.visible_to(user).select_related("workshop"),
}


def _figures_request(request):
    period_form = PeriodForm(request.GET or None)
    start, end = period_form.period()
    levels = _levels(request.user)
    by = request.GET.get("by")
    level = Level(by) if by in levels else levels[0]
    return period_form, start, end, levels, level


def figures_page(request):
    """Welfare figures for a period, per factory, workshop or group of the user's scope: counts
    and sums only, so the city federation reads them too. A page of units at a time; four
    grouped queries for the page and four for the total, whatever the number of units."""
    period_form, start, end, levels, level = _figures_request(request)
    units = UNITS[level](request.user).order_by("name", "pk")
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    ids = [unit.pk for unit in page]
    user = request.user

    def compute():
        return {
            "rows": figures.by_unit(user, level, start, end, ids=ids, claims=False),
            "total": figures.total(user, start, end),
            "categories": figures.by_category(user, start, end),
        }

    # Sums over every case, visit and grant of the scope and period: kept (groups.kept).
    kept_figures, at = kept(request, "welfare-figures", [level, start, end, page.number], compute)
    for unit in page:
        unit.figures = kept_figures["rows"].get(unit.pk) or figures.empty()
    context = {
        **kept_context(kept_figures, at),
        "period_form": period_form,
        "start": start,
        "end": end,
        "page": page,
        "level": level,
        "levels": [(value, label) for value, label in BY_CHOICES if value in levels],
        "query": filters_query(request),
        "sources": CaseAction.Source.choices,
    }
    return render(request, "welfare/figures.html", context)


def money(value):
    """An amount in yuan with its two places, whatever the database summed it as."""
    return f"{value:.2f}"


@reads_from_replica
def figures_export(request):
    """The figures of every unit of the chosen level, as CSV."""
    _form, start, end, _levels_, level = _figures_request(request)
    units = UNITS[level](request.user).order_by("name", "pk")
    rows = figures.by_unit(request.user, level, start, end)
    sources = CaseAction.Source.choices
    header = [
        _("Unit"),
        _("Cases opened"),
        _("Open at the end"),
        _("Resolved"),
        _("Median days to resolve"),
        _("Visits"),
        *[_("Grants: %(source)s (yuan)") % {"source": label} for _value, label in sources],
        _("Goods given"),
        _("Goods (yuan)"),
        _("Labour insurance paid (yuan)"),
    ]

    def lines():
        for unit in units.iterator():
            row = rows.get(unit.pk) or figures.empty()
            yield [
                str(unit),
                row["opened"],
                row["open_at_end"],
                row["resolved"],
                row["median_days"] if row["median_days"] is not None else "",
                row["visits"],
                *[money(row[f"aid_{value}"]) for value, _label in sources],
                row["goods"],
                money(row["goods_value"]),
                money(row["insurance_paid"]),
            ]

    name = f"welfare-figures-{level}-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    return csv_response(name, header, lines())
