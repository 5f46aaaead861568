"""The back office's lists of big tables, as a user sees them: the factory filter lists the user's
own factories (read from the factories, not from a DISTINCT over the rows), and the count under
the list is exact once filtered or searched; unfiltered, over many rows on PostgreSQL, it is the
database's estimate, said to be one ("about").

charlie is factory union staff of factory A; fiona is city federation staff.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from groups.admin_filters import VisibleRelatedFilter
from groups.admin_paginator import EstimatedCountPaginator, planned_rows
from meetings.models import Meeting
from tests.factories import FactoryUnionFactory
from tests.meetings.factories import MeetingFactory

MEETINGS = reverse("admin:meetings_meeting_changelist")
ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the estimate is PostgreSQL's"
)


def _spec(response, title):
    return next(s for s in response.context["cl"].filter_specs if str(s.title) == title)


@pytest.fixture
def meetings(world):
    """Three meetings of group A, one of group B; none in factory B's other groups."""
    return [
        *(MeetingFactory(group=world.group_a, title=f"小組會{i}") for i in range(3)),
        MeetingFactory(group=world.group_b, title="鋼廠小組會"),
    ]


@pytest.fixture
def few_exact(monkeypatch):
    """Counted exactly up to two rows only, so that four meetings are "many"."""
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 2)


# The factory filter.


def test_the_factory_filter_lists_charlies_factory_only(charlie, charlie_client, world, meetings):
    request = RequestFactory().get(MEETINGS)
    request.user = charlie
    path = "group__workshop__factory"
    spec = VisibleRelatedFilter(
        get_fields_from_path(Meeting, path)[-1],
        request,
        {},
        Meeting,
        admin.site.get_model_admin(Meeting),
        path,
    )
    assert [label for _pk, label in spec.lookup_choices] == [world.factory_a.name]
    # One factory: nothing to choose, no filter shown; and never factory B's name.
    response = charlie_client.get(MEETINGS)
    assert "factory union" not in [str(s.title) for s in response.context["cl"].filter_specs]
    assert world.factory_b.name not in response.content.decode()


def test_the_factory_filter_lists_every_factory_of_the_city_for_fiona(
    fiona_client, world, meetings
):
    # Factory C has no meeting yet: listed all the same, from the city's factories.
    factory_c = FactoryUnionFactory(federation=world.federation, name="太原紡織廠")
    response = fiona_client.get(MEETINGS)
    choices = {label for _pk, label in _spec(response, "factory union").lookup_choices}
    assert choices == {world.factory_a.name, world.factory_b.name, factory_c.name}


def test_the_factory_filter_still_filters(fiona_client, world, meetings):
    response = fiona_client.get(
        MEETINGS + f"?group__workshop__factory__id__exact={world.factory_b.pk}"
    )
    assert [m.title for m in response.context["cl"].result_list] == ["鋼廠小組會"]
    assert response.context["cl"].result_count == 1


def test_charlie_cannot_list_another_factorys_meetings_by_the_filter(
    charlie_client, world, meetings
):
    # Not his to choose: the filter is not his, and the list stays his factory's.
    response = charlie_client.get(
        MEETINGS + f"?group__workshop__factory__id__exact={world.factory_b.pk}"
    )
    assert {m.group for m in response.context["cl"].result_list} == {world.group_a}
    assert "鋼廠小組會" not in response.content.decode()


# The count.


def test_a_short_list_is_counted_exactly(fiona_client, meetings):
    response = fiona_client.get(MEETINGS)
    cl = response.context["cl"]
    assert (cl.result_count, cl.paginator.estimated) == (4, False)
    assert "about" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "count"),
    [("?q=小組會", 4), ("?q=鋼廠", 1), ("?status__exact=planned", 4), ("?status__exact=held", 0)],
)
def test_a_filtered_or_searched_list_is_counted_exactly(
    fiona_client, meetings, few_exact, query, count
):
    cl = fiona_client.get(MEETINGS + query).context["cl"]
    assert (cl.result_count, cl.paginator.estimated) == (count, False)


@ON_POSTGRESQL
def test_a_long_unfiltered_list_shows_postgresqls_estimate(fiona_client, meetings, few_exact):
    connection.cursor().execute("ANALYZE meetings_meeting")
    response = fiona_client.get(MEETINGS)
    cl = response.context["cl"]
    assert cl.paginator.estimated
    scoped = Meeting.objects.visible_to(response.wsgi_request.user)
    assert cl.result_count == max(planned_rows(scoped), 3)
    assert f"about {cl.result_count} meetings" in response.content.decode()
    # Filtered, the same list is counted exactly again.
    cl = fiona_client.get(MEETINGS + "?kind__exact=group").context["cl"]
    assert not cl.paginator.estimated


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite counts")
def test_sqlite_counts_a_long_list_exactly(fiona_client, meetings, few_exact):
    cl = fiona_client.get(MEETINGS).context["cl"]
    assert (cl.result_count, cl.paginator.estimated) == (4, False)


def test_charlie_is_counted_his_factorys_meetings_only(charlie_client, meetings):
    cl = charlie_client.get(MEETINGS).context["cl"]
    assert cl.result_count == 3
