"""Pages of figures over a whole scope keep their figures for 30 seconds (``groups.kept``): a
second reader of the same scope within that time reads them back instead of computing them, a
change shows at once to the browser that made it and to the others within 30 seconds, and no
scope ever sees another's.

charlie and carol are staff of factory A; bert is staff of factory B; walter is staff of
workshop A; fiona and flora are the city federation's staff.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups import kept, replica
from tests.factories import MemberFactory, scoped_user
from tests.oversight.factories import AssessmentPeriodFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _later(monkeypatch, seconds):
    """The clock ``seconds`` on."""
    now = timezone.now() + datetime.timedelta(seconds=seconds)
    monkeypatch.setattr(timezone, "now", lambda: now)


# (page, url, the scope of the two readers)
PAGES = {
    "factory": (lambda w: reverse("groups:factory_detail", args=[w.factory_a.pk]), "factory_a"),
    "workshop": (lambda w: reverse("groups:workshop_detail", args=[w.workshop_a.pk]), "factory_a"),
    "staff home": (lambda w: reverse("home"), "factory_a"),
    "dues rates": (lambda w: reverse("dues:rates"), "factory_a"),
    "welfare figures": (lambda w: reverse("welfare:figures") + "?by=group", "factory_a"),
    "proposal figures": (lambda w: reverse("competitions:proposal_figures"), "factory_a"),
    "federation home": (lambda w: reverse("home"), "federation"),
    "distribution report": (
        lambda w: reverse("admin:oversight_assessment_report"),
        "federation",
    ),
}


def _readers(world, unit):
    return [
        _client(scoped_user(name, getattr(world, unit), is_staff=True))
        for name in ("reader1", "reader2")
    ]


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert 'id="figures-at"' in response.content.decode()
    return response, len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_a_second_reader_reads_the_kept_figures_until_30_seconds_pass(world, page, monkeypatch):
    AssessmentPeriodFactory(federation=world.federation)
    url_of, unit = PAGES[page]
    url = url_of(world)
    first_reader, second_reader = _readers(world, unit)
    first, computing = _get(first_reader, url)
    again, reading = _get(second_reader, url)
    assert again.context["figures_at"] == first.context["figures_at"]
    assert reading < computing
    _later(monkeypatch, kept.KEPT_SECONDS - 1)
    assert _get(second_reader, url)[0].context["figures_at"] == first.context["figures_at"]
    _later(monkeypatch, kept.KEPT_SECONDS)
    later, queries = _get(second_reader, url)
    assert later.context["figures_at"] > first.context["figures_at"]
    assert queries == computing


def test_a_new_member_shows_at_once_to_whoever_added_them_and_to_the_others_in_30_s(
    world, charlie_client, monkeypatch
):
    carol_client = _client(scoped_user("carol", world.factory_a, is_staff=True))
    url = reverse("groups:factory_detail", args=[world.factory_a.pk])

    def members_of_workshop_a(client):
        response = client.get(url)
        (workshop,) = [w for w in response.context["workshops"] if w.pk == world.workshop_a.pk]
        return workshop.member_count

    assert members_of_workshop_a(charlie_client) == 1
    assert members_of_workshop_a(carol_client) == 1
    response = charlie_client.post(
        reverse("groups:member_create", args=[world.group_a.pk]),
        {
            "name": "新會員",
            "gender": "f",
            "employee_number": "N-0001",
            "joined_union_on": "2021-05-01",
        },
    )
    assert response.status_code == 302 and replica.COOKIE in response.cookies
    # charlie sees his change at once, and his figures are kept for carol.
    assert members_of_workshop_a(charlie_client) == 2
    assert members_of_workshop_a(carol_client) == 2
    # A change made by nobody's browser here shows to carol within 30 seconds.
    MemberFactory(group=world.group_a, name="又一會員")
    assert members_of_workshop_a(carol_client) == 2
    _later(monkeypatch, kept.KEPT_SECONDS)
    assert members_of_workshop_a(carol_client) == 3


def test_another_factory_never_reads_the_kept_figures_of_this_one(world, charlie_client):
    bert_client = _client(scoped_user("bert", world.factory_b, is_staff=True))
    url = reverse("dues:rates")
    charlie_rows = charlie_client.get(url).context["rows"]
    bert_rows = bert_client.get(url).context["rows"]
    assert {row["unit"].pk for row in charlie_rows} == {world.group_a.pk, world.group_a2.pk}
    assert {row["unit"].pk for row in bert_rows} == {world.group_b.pk}


def test_the_language_keeps_figures_of_its_own(world, charlie_client):
    url = reverse("welfare:figures") + "?by=group"
    english = charlie_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    chinese = charlie_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "福利" in chinese.content.decode()
    # Not the English figures read back: computed for Chinese, and kept for it.
    assert chinese.context["figures_at"] > english.context["figures_at"]
    again = charlie_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert again.context["figures_at"] == chinese.context["figures_at"]


def test_signing_in_or_a_form_with_errors_is_not_a_write(world, charlie):
    charlie.set_password("a-long-enough-password-1952")
    charlie.save()
    client = Client()
    wrong = client.post(reverse("login"), {"username": "charlie", "password": "wrong"})
    assert wrong.status_code == 200 and replica.COOKIE not in wrong.cookies
    signed_in = client.post(
        reverse("login"), {"username": "charlie", "password": "a-long-enough-password-1952"}
    )
    assert signed_in.status_code == 302 and replica.COOKIE not in signed_in.cookies
    language = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert language.status_code == 302 and replica.COOKIE not in language.cookies
    refused = client.post(reverse("groups:member_create", args=[world.group_a.pk]), {"name": ""})
    assert refused.status_code == 200 and replica.COOKIE not in refused.cookies
