"""The federation's home page keeps its figures for 30 seconds (pages.home): a second look within
that time reads no assessment, a change shows at once to whoever made it and to the others within
30 seconds, and no scope or language is ever shown another's figures.

fiona and flora are staff of the city federation; gina is staff of another city's federation; the
superuser sees every city.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from groups import replica
from oversight.models import AssessmentPeriod
from pages import home
from tests.factories import (
    FactoryUnionFactory,
    FederationFactory,
    UnionGroupFactory,
    UserFactory,
    WorkshopUnionFactory,
    scoped_user,
)
from tests.oversight.factories import AssessmentFactory, AssessmentPeriodFactory

HOME = reverse("home")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def period(world):
    return AssessmentPeriodFactory(federation=world.federation, name="1952年下半年")


@pytest.fixture
def submitted(world, period):
    """Group A's assessment awaiting review, group B's confirmed good."""
    return {
        "a": AssessmentFactory(period=period, group=world.group_a, submitted=True),
        "b": AssessmentFactory(
            period=period, group=world.group_b, confirmed=True, proposed_class=1
        ),
    }


@pytest.fixture
def flora_client(world):
    return _client(scoped_user("flora", world.federation, is_staff=True))


@pytest.fixture
def other_city(db):
    """Another federation with two groups confirmed and one awaiting review, and gina, its
    staff."""
    federation = FederationFactory(name="大同市總工會")
    factory = FactoryUnionFactory(federation=federation, name="大同機車廠")
    group = UnionGroupFactory(workshop=WorkshopUnionFactory(factory=factory), name="大同小組")
    period = AssessmentPeriodFactory(federation=federation, name="大同1952年下半年")
    for _ in range(2):
        AssessmentFactory(
            period=period, group=UnionGroupFactory(workshop=group.workshop), confirmed=True
        )
    AssessmentFactory(period=period, group=group, submitted=True)
    return _client(scoped_user("gina", federation, is_staff=True))


def _later(monkeypatch, seconds):
    """The clock ``seconds`` on."""
    now = timezone.now() + datetime.timedelta(seconds=seconds)
    monkeypatch.setattr(timezone, "now", lambda: now)


def test_a_second_look_reads_the_kept_figures(fiona_client, submitted, django_assert_num_queries):
    first = fiona_client.get(HOME)
    assert first.context["awaiting"] == 1
    # 1 session, 2 user, 3 fiona's scope with its units, 4 the periods: no assessment is read.
    with django_assert_num_queries(4):
        again = fiona_client.get(HOME)
    assert again.context["awaiting"] == 1
    assert again.context["report"]["total"] == first.context["report"]["total"]
    assert again.context["figures_at"] == first.context["figures_at"]
    assert 'id="figures-at"' in again.content.decode()


def test_a_change_shows_at_once_to_its_author(fiona_client, flora_client, submitted, monkeypatch):
    assert fiona_client.get(HOME).context["awaiting"] == 1
    assert flora_client.get(HOME).context["awaiting"] == 1
    # flora confirms group A's assessment: any successful POST marks her browser as having
    # written, and her home page is computed afresh.
    response = flora_client.post(
        reverse("admin:oversight_confirm", args=[submitted["a"].pk]),
        {"confirm-group_class": 2, "confirm-reason": ""},
    )
    assert response.status_code == 302 and replica.COOKIE in response.cookies
    response = flora_client.get(HOME)
    assert response.context["awaiting"] == 0
    assert response.context["report"]["total"]["confirmed"] == 2
    # Computed afresh for her, and kept for the others: fiona sees it too.
    assert fiona_client.get(HOME).context["awaiting"] == 0


def test_a_change_shows_to_the_others_within_30_seconds(
    fiona_client, flora_client, submitted, world, period, monkeypatch
):
    assert fiona_client.get(HOME).context["awaiting"] == 1
    # A change made elsewhere, by nobody's browser here (charlie submits group A2's
    # assessment on the site).
    AssessmentFactory(period=period, group=world.group_a2, submitted=True)
    assert flora_client.get(HOME).context["awaiting"] == 1
    _later(monkeypatch, home.KEPT_SECONDS - 1)
    assert flora_client.get(HOME).context["awaiting"] == 1
    _later(monkeypatch, home.KEPT_SECONDS)
    response = flora_client.get(HOME)
    assert response.context["awaiting"] == 2
    assert fiona_client.get(HOME).context["awaiting"] == 2


def test_another_federation_never_sees_the_citys_kept_figures(
    fiona_client, other_city, submitted, world
):
    response = fiona_client.get(HOME)
    assert response.context["awaiting"] == 1
    units = {row["name"] for row in response.context["report"]["units"]}
    assert units == {world.factory_a.name, world.factory_b.name}
    # gina, right after: her city's figures, not the ones kept for fiona's.
    response = other_city.get(HOME)
    assert [row["name"] for row in response.context["report"]["units"]] == ["大同機車廠"]
    assert response.context["report"]["total"]["assessed"] == 3
    content = response.content.decode()
    assert world.factory_a.name not in content and world.factory_b.name not in content
    # And fiona still hers.
    units = {row["name"] for row in fiona_client.get(HOME).context["report"]["units"]}
    assert units == {world.factory_a.name, world.factory_b.name}


def test_the_superuser_is_not_shown_a_federations_kept_figures(fiona_client, other_city, submitted):
    assert fiona_client.get(HOME).context["awaiting"] == 1
    root = _client(UserFactory(username="root", is_staff=True, is_superuser=True))
    # Every city's: fiona's group A and gina's group await review.
    assert root.get(HOME).context["awaiting"] == 2
    assert fiona_client.get(HOME).context["awaiting"] == 1


def test_each_language_is_kept_apart(fiona_client, submitted):
    english = fiona_client.get(HOME)
    assert english.context["report"]["unit_label"] == "Factory union"
    chinese = fiona_client.get(HOME, headers={"accept-language": "zh-hans"})
    with translation.override("zh-hans"):
        expected = gettext("Factory union")
    assert expected != "Factory union"
    assert chinese.context["report"]["unit_label"] == expected
    # And the English figures are still English.
    assert fiona_client.get(HOME).context["report"]["unit_label"] == "Factory union"


def test_the_kept_figures_are_those_of_the_period_asked_for(fiona_client, submitted, world):
    earlier = AssessmentPeriodFactory(
        federation=world.federation,
        name="1952年上半年",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        status=AssessmentPeriod.Status.CLOSED,
    )
    AssessmentFactory(period=earlier, group=world.group_a, confirmed=True, proposed_class=3)
    # The newest closed period by default; the open one when asked for; each kept apart.
    for _ in range(2):
        report = fiona_client.get(HOME).context["report"]
        assert (report["period"], report["total"]["assessed"]) == (earlier, 1)
        report = fiona_client.get(HOME + f"?period={submitted['a'].period_id}").context["report"]
        assert (report["period"].pk, report["total"]["assessed"]) == (submitted["a"].period_id, 2)
