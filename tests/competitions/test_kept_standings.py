"""Standings are computed once per change and kept (competitions.scoring): every change to what
they are computed from shows in the next read, and a group's place is read from the kept places
without ranking the city again."""

import datetime
from decimal import Decimal

import pytest

from competitions.models import Kind, Score
from competitions.scoring import leaders, places, standings
from tests.competitions.factories import (
    CampaignFactory,
    ParticipantFactory,
    RoundFactory,
    ScoreFactory,
    VetoFactory,
    record_progress,
)

pytestmark = pytest.mark.django_db

MARCH_1 = datetime.date(2025, 3, 1)


@pytest.fixture
def race():
    campaign = CampaignFactory(
        starts_on=MARCH_1,
        ends_on=datetime.date(2025, 3, 31),
        rules=[Kind.OUTPUT, {"kind": Kind.CUSTOM, "name": "安全"}],
    )
    a = ParticipantFactory(campaign=campaign, group__name="甲小組").group
    b = ParticipantFactory(campaign=campaign, group__name="乙小組").group
    round_ = RoundFactory(campaign=campaign)
    rules = {rule.kind: rule for rule in campaign.rules.all()}
    record_progress(a, Kind.OUTPUT, datetime.date(2025, 3, 10), 100)
    record_progress(b, Kind.OUTPUT, datetime.date(2025, 3, 10), 50)
    return round_, a, b, rules


def ranks(round_):
    return {row.group_name: row.rank for row in standings(round_)}


def test_a_kept_read_costs_one_small_query(race, django_assert_num_queries):
    round_, a, b, _rules = race
    standings(round_)
    places(round_)
    with django_assert_num_queries(1):  # the campaign's version
        assert ranks(round_) == {"甲小組": 1, "乙小組": 2}
    with django_assert_num_queries(1):
        assert places(round_) == ({a.pk: 1, b.pk: 2}, 2)


def test_each_change_shows_in_the_next_read(race):
    round_, a, b, rules = race
    assert ranks(round_) == {"甲小組": 1, "乙小組": 2} and places(round_)[0][b.pk] == 2
    # Progress recorded for a plan.
    record_progress(b, Kind.OUTPUT, datetime.date(2025, 3, 20), 100)
    assert ranks(round_) == {"甲小組": 2, "乙小組": 1} and places(round_)[0][b.pk] == 1
    # A score entered by the organiser, then changed.
    ScoreFactory(round=round_, group=a, rule=rules[Kind.CUSTOM], value=Decimal(100))
    ScoreFactory(round=round_, group=b, rule=rules[Kind.CUSTOM], value=Decimal(0))
    assert ranks(round_)["甲小組"] == 1
    Score.objects.filter(group=a).get().delete()
    assert ranks(round_)["乙小組"] == 1
    # A veto takes a group out of the ranking.
    VetoFactory(round=round_, group=b)
    assert ranks(round_) == {"甲小組": 1, "乙小組": None}
    assert places(round_) == ({a.pk: 1}, 1)
    # A group renamed.
    a.name = "甲組"
    a.save()
    assert "甲組" in ranks(round_)


def test_a_round_nobody_has_figures_in_yet_has_no_leader(charlie_client, world):
    # At the start of a round every group ties first with nothing: no red flag is offered.
    campaign = CampaignFactory(factory=world.factory_a, rules=[Kind.OUTPUT])
    for i in range(3):
        group = {"workshop": world.workshop_a, "name": f"{i}組"}
        ParticipantFactory(campaign=campaign, **{f"group__{k}": v for k, v in group.items()})
    round_ = RoundFactory(campaign=campaign)
    assert leaders(standings(round_)) == []
    page = charlie_client.get(f"{campaign.get_absolute_url()}rounds/{round_.number}/")
    assert page.status_code == 200 and page.context["award_form"] is None
