"""What the lists of campaigns and pacts share: current, ended or all of them, a page at a time."""

from django.core.paginator import Paginator
from django.utils import timezone

SHOWN = {"current": "ends_on__gte", "past": "ends_on__lt"}
PAGE_SIZE = 25


def by_end(request, records):
    """The page of ``records`` (which run until ``ends_on``) the ``show`` parameter asks for:
    those still running (the default), those ended, or all; with the choice, for the template
    ``competitions/_show_filter.html``."""
    show = request.GET.get("show", "current")
    if show in SHOWN:
        records = records.filter(**{SHOWN[show]: timezone.localdate()})
    return {"page": Paginator(records, PAGE_SIZE).get_page(request.GET.get("page")), "show": show}
