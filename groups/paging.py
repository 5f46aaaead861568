"""What paged lists share."""

from django.core.paginator import Paginator
from django.db.models import Count

from groups.models import UnionGroup


def filters_query(request):
    """The page's filters as a query string without the page number, for the links to its other
    pages and to its export."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


PAGE_SIZE = 50


def group_page(request, groups):
    """A page of groups with their figures. The figures are computed for the page's 50 groups
    only: with them in the paginated query, the database computes them for every skipped row."""
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = page.object_list.values("pk")
    page.object_list = list(
        UnionGroup.objects.filter(pk__in=shown).select_related("workshop__factory").with_figures()
    )
    return page


def with_page_figures(page, related, key, **aggregates):
    """Give each record of ``page`` the ``aggregates`` of its ``related`` rows (a queryset whose
    field ``key`` points at the page's records), computed for the page's records only, in one
    grouped query: annotated on the paginated query, the database would compute them for every
    record of the list before cutting the page. A record without any gets 0 for a count and
    None for the rest."""
    page.object_list = list(page.object_list)
    found = {
        row[key]: row
        for row in related.filter(**{f"{key}__in": [record.pk for record in page.object_list]})
        .order_by()
        .values(key)
        .annotate(**aggregates)
    }
    for record in page.object_list:
        row = found.get(record.pk, {})
        for name, aggregate in aggregates.items():
            setattr(record, name, row.get(name, 0 if isinstance(aggregate, Count) else None))
    return page
