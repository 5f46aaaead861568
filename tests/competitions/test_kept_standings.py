"""Standings are computed once per change and kept (competitions.scoring): every change to what
they are computed from shows in the next read, and a group's place is read from the kept places
without ranking the city again."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from competitions.models import Campaign, Kind, Score
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


def test_the_rule_for_a_missing_figure_changed_scores_the_rounds_afresh(race):
    round_, a, b, rules = race
    # The custom mark: 甲 has one, 乙 none. As the weakest, 乙 gets 0 on it; left out, its score
    # is its output alone.
    ScoreFactory(round=round_, group=a, rule=rules[Kind.CUSTOM], value=Decimal(80))
    # Output 50..100: 甲 100, 乙 0; custom 80..80: 甲 100. 甲 100, 乙 (0 + 0)/2 = 0.
    assert {row.group_name: row.total for row in standings(round_)}["乙小組"] == Decimal("0.00")
    places(round_)
    campaign = Campaign.objects.get(pk=round_.campaign_id)
    campaign.missing_figures = Campaign.Missing.LEFT_OUT
    campaign.save()
    # Left out: 乙 = 0/1 = 0 on output alone, still 0; without its output entry it has no score.
    Score.objects.create(round=round_, group=b, rule=rules[Kind.OUTPUT], value=Decimal(100))
    # Output now 100 and 100: both 100. 甲 (100 + 100)/2 = 100, 乙 100/1 = 100: tied first.
    assert ranks(round_) == {"甲小組": 1, "乙小組": 1}
    assert places(round_) == ({a.pk: 1, b.pk: 1}, 2)
    campaign.missing_figures = Campaign.Missing.WEAKEST
    campaign.save()
    # As the weakest again, 乙's missing custom mark is 0: (100 + 0)/2 = 50, second.
    assert ranks(round_) == {"甲小組": 1, "乙小組": 2}
    assert places(round_) == ({a.pk: 1, b.pk: 2}, 2)


def test_a_campaign_saved_from_an_old_copy_is_scored_as_saved(race):
    round_, a, b, rules = race
    ScoreFactory(round=round_, group=a, rule=rules[Kind.CUSTOM], value=Decimal(80))
    stale = Campaign.objects.get(pk=round_.campaign_id)  # loaded, say, in the admin
    record_progress(b, Kind.OUTPUT, datetime.date(2025, 3, 20), 100)  # 乙 150
    # As the weakest: output 100..150, 甲 0, 乙 100; custom 甲 100, 乙 0. Both 50, tied first.
    assert ranks(round_) == {"甲小組": 1, "乙小組": 1}
    # Saved from the copy loaded before the progress entry: its older version is not written
    # back (the standings kept under the current one would be read as the new rule's).
    stale.missing_figures = Campaign.Missing.LEFT_OUT
    stale.save()
    # Left out: 甲 (0 + 100)/2 = 50, 乙 100/1 = 100.
    assert ranks(round_) == {"甲小組": 2, "乙小組": 1}
    assert Campaign.objects.get(pk=round_.campaign_id).standings_version > stale.standings_version


def test_the_page_shows_each_change_though_its_table_is_kept(race, charlie_client, world):
    round_, a, b, rules = race
    campaign = round_.campaign
    campaign.factory = world.factory_a
    campaign.save()
    url = reverse("competitions:standings", args=[campaign.pk, round_.number])

    def table():
        text = charlie_client.get(url).content.decode()
        return text[
            text.index('id="standings"') : text.index("</table>", text.index('id="standings"'))
        ]

    first = table()
    assert first == table()  # read back as rendered
    assert first.index("甲小組") < first.index("乙小組")
    record_progress(b, Kind.OUTPUT, datetime.date(2025, 3, 20), 200)
    after = table()
    assert after.index("乙小組") < after.index("甲小組")
    b.name = "乙小組（新）"
    b.save()
    assert "乙小組（新）" in table()
    chinese = charlie_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "排名" in chinese or "名次" in chinese


def test_a_veto_items_new_name_shows_in_the_kept_table(race, charlie_client, world):
    round_, a, b, rules = race
    campaign = round_.campaign
    campaign.factory = world.factory_a
    campaign.save()
    veto = VetoFactory(round=round_, group=b)
    url = reverse("competitions:standings", args=[campaign.pk, round_.number])

    def table():
        text = charlie_client.get(url).content.decode()
        start = text.index('id="standings"')
        return text[start : text.index("</table>", start)]

    assert veto.item.name in table()
    veto.item.name = "重大質量事故"
    veto.item.save()
    assert "重大質量事故" in table()
