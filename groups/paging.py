"""What paged lists share."""


def filters_query(request):
    """The page's filters as a query string without the page number, for the links to its other
    pages and to its export."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
