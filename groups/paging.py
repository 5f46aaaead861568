"""What paged lists share."""

from django.core.paginator import Paginator

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
