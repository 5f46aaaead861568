"""Honest standings, worked by hand (competitions.scoring): a group with no figure on an
indicator is "not reported" and scored as its campaign stated at launch (as the weakest, or left
out); advanced and lagging go to the top and the bottom third of the groups with a score, never
across a tie and never to a group without a score; the standings page says so.

Every round is March 2025, as in test_scoring.py; each expectation is worked out in a comment.
"""

import datetime
from decimal import Decimal

import pytest

from competitions.models import Campaign, Kind
from competitions.scoring import leaders, mark, standings, standings_page, third_of
from tests.competitions.factories import (
    CampaignFactory,
    ParticipantFactory,
    RoundFactory,
    ScoreFactory,
    record_progress,
)

pytestmark = pytest.mark.django_db

D = Decimal
WEAKEST, LEFT_OUT = Campaign.Missing.WEAKEST, Campaign.Missing.LEFT_OUT
ELEVEN = ["甲組", "乙組", "丙組", "丁組", "戊組", "己組", "庚組", "辛組", "壬組", "癸組", "子組"]


def march(day):
    return datetime.date(2025, 3, day)


def make_round(rules, names, missing=WEAKEST, **campaign):
    campaign = CampaignFactory(
        starts_on=march(1), ends_on=march(31), rules=rules, missing_figures=missing, **campaign
    )
    groups = {name: ParticipantFactory(campaign=campaign, group__name=name).group for name in names}
    rules = {rule.kind: rule for rule in campaign.rules.all()}
    return RoundFactory(campaign=campaign), rules, groups


def table(rows):
    """{name: (total, rank, advanced, lagging)}, after marking."""
    mark(rows)
    return {r.group_name: (r.total, r.rank, r.advanced, r.lagging) for r in rows}


def marked(rows):
    mark(rows)
    advanced = {r.group_name for r in rows if r.advanced}
    lagging = {r.group_name for r in rows if r.lagging}
    return advanced, lagging


# --- One group with a figure, none with a figure ------------------------------------------


def test_one_group_with_a_figure_counted_as_the_weakest_marks_none_of_the_others_advanced():
    # The round: one group of eleven entered a figure.
    round_, rules, g = make_round([Kind.OUTPUT], ELEVEN, WEAKEST)
    record_progress(g["甲組"], Kind.OUTPUT, march(5), 80)

    rows = standings(round_)

    # Output, 80..80: 甲 alone, all equal → 100. The ten others have no figure: as the weakest,
    # 0 points; they tie at rank 2. Eleven with a score, a third is 3: 甲 alone scores 100 or
    # more (1 ≤ 3) → advanced; the ten tie across both lines (ten score 0 or more, ten 0 or less,
    # > 3) → neither mark.
    result = table(rows)
    assert result["甲組"] == (D("100.00"), 1, True, False)
    assert all(result[name] == (D("0.00"), 2, False, False) for name in ELEVEN[1:])
    assert [row.group_name for row in rows if row.has_values] == ["甲組"]
    assert [row.group_name for row in leaders(rows)] == ["甲組"]


def test_one_group_with_a_figure_left_out_ranks_it_alone_and_marks_nobody():
    round_, rules, g = make_round([Kind.OUTPUT], ELEVEN, LEFT_OUT)
    record_progress(g["甲組"], Kind.OUTPUT, march(5), 80)

    rows = standings(round_)

    # 甲 100, rank 1. The ten others: the only indicator left out → no score, no rank, listed
    # after the ranked. One group with a score: nobody to be ahead of or behind → no marks.
    result = table(rows)
    assert rows[0].group_name == "甲組"
    assert result["甲組"] == (D("100.00"), 1, False, False)
    assert all(result[name] == (None, None, False, False) for name in ELEVEN[1:])
    assert all(not row.scored and not row.vetoed for row in rows[1:])
    assert [cell.points for row in rows[1:] for cell in row.cells] == [None] * 10


@pytest.mark.parametrize("missing", [WEAKEST, LEFT_OUT])
def test_a_round_with_no_figure_yet_has_no_score_no_rank_no_mark_and_no_leader(missing):
    round_, rules, g = make_round([Kind.OUTPUT, Kind.SCRAP], ["甲組", "乙組", "丙組"], missing)

    rows = standings(round_)

    # No group has a figure on any indicator: no indicator counts for anybody, even as the
    # weakest (there is no weakest figure): nobody has a score.
    assert table(rows) == dict.fromkeys(g, (None, None, False, False))
    assert [cell.points for row in rows for cell in row.cells] == [None] * 6
    assert leaders(rows) == []


# --- A lower-is-better indicator with a missing figure ------------------------------------


def safety_round(missing):
    round_, rules, g = make_round([Kind.INCIDENTS], ["甲組", "乙組", "丙組"], missing)
    record_progress(g["甲組"], Kind.INCIDENTS, march(5), 0)
    record_progress(g["乙組"], Kind.INCIDENTS, march(5), 1)
    # 丙組 entered nothing.
    return round_, rules, g


def test_a_missing_incident_count_as_the_weakest_scores_like_the_most_incidents():
    round_, rules, g = safety_round(WEAKEST)

    rows = standings(round_)

    # Incidents, 0..1, less is better: 甲 (1-0)/1 = 100, 乙 (1-1)/1 = 0, 丙 not reported → the
    # weakest, 0 (as the campaign stated). 乙 and 丙 tie at rank 2.
    # Three with a score, a third is 1: 甲 advanced; 乙 and 丙 tie across the line → no mark.
    assert table(rows) == {
        "甲組": (D("100.00"), 1, True, False),
        "乙組": (D("0.00"), 2, False, False),
        "丙組": (D("0.00"), 2, False, False),
    }
    silent = next(row for row in rows if row.group_name == "丙組")
    assert (silent.cells[0].value, silent.cells[0].points) == (None, D("0.0"))
    assert not silent.has_values


def test_a_missing_incident_count_left_out_leaves_the_group_without_a_score():
    round_, rules, g = safety_round(LEFT_OUT)

    rows = standings(round_)

    # 甲 100, 乙 0 as above; 丙's only indicator is left out → no score, no rank: not reporting
    # counts neither as an accident nor as none.
    assert table(rows) == {
        "甲組": (D("100.00"), 1, True, False),
        "乙組": (D("0.00"), 2, False, True),
        "丙組": (None, None, False, False),
    }
    assert [row.group_name for row in rows] == ["甲組", "乙組", "丙組"]


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        # Incidents 0..2 (less is better): 甲 100, 乙 0; output 50..100: 甲 100, 乙 0, 丙 100.
        # As the weakest, 丙's incidents 0: 丙 = (0 + 100)/2 = 50.
        (WEAKEST, {"甲組": (D("100.00"), 1), "丙組": (D("50.00"), 2), "乙組": (D("0.00"), 3)}),
        # Left out, 丙 is scored on output alone: 100/1 = 100, tying 甲 first.
        (LEFT_OUT, {"甲組": (D("100.00"), 1), "丙組": (D("100.00"), 1), "乙組": (D("0.00"), 3)}),
    ],
)
def test_a_missing_figure_beside_a_reported_one_under_each_rule(missing, expected):
    round_, rules, g = make_round([Kind.INCIDENTS, Kind.OUTPUT], ["甲組", "乙組", "丙組"], missing)
    record_progress(g["甲組"], Kind.INCIDENTS, march(5), 0)
    record_progress(g["甲組"], Kind.OUTPUT, march(5), 100)
    record_progress(g["乙組"], Kind.INCIDENTS, march(5), 2)
    record_progress(g["乙組"], Kind.OUTPUT, march(5), 50)
    record_progress(g["丙組"], Kind.OUTPUT, march(5), 100)

    rows = standings(round_)

    assert {row.group_name: (row.total, row.rank) for row in rows} == expected
    incidents = {row.group_name: row.cell_by_rule[rules[Kind.INCIDENTS].pk] for row in rows}
    assert incidents["丙組"].value is None
    assert incidents["丙組"].points == (D("0.0") if missing == WEAKEST else None)
    assert all(row.has_values for row in rows)


def test_a_weighted_rule_left_out_weighs_nothing_in_the_mean():
    # Output weighs 3, a custom mark 1; 乙 has no custom mark.
    round_, rules, g = make_round(
        [{"kind": Kind.OUTPUT, "weight": D(3)}, {"kind": Kind.CUSTOM, "name": "安全檢查"}],
        ["甲組", "乙組"],
        LEFT_OUT,
    )
    record_progress(g["甲組"], Kind.OUTPUT, march(5), 100)
    record_progress(g["乙組"], Kind.OUTPUT, march(5), 50)
    ScoreFactory(round=round_, group=g["甲組"], rule=rules[Kind.CUSTOM], value=D(60))

    # Output 50..100: 甲 100, 乙 0. Custom 60..60: 甲 100. 甲 = (300 + 100)/4 = 100;
    # 乙 = (3 × 0)/3 = 0 (the custom mark left out, its weight with it).
    assert {r.group_name: (r.total, r.rank) for r in standings(round_)} == {
        "甲組": (D("100.00"), 1),
        "乙組": (D("0.00"), 2),
    }


# --- Ties at the top and at the line of a third ------------------------------------------


def scored_round(values, missing=WEAKEST):
    names = list(values)
    round_, rules, g = make_round([Kind.OUTPUT], names, missing)
    for name, value in values.items():
        record_progress(g[name], Kind.OUTPUT, march(9), value)
    return standings(round_)


def test_a_tie_at_the_top_within_the_third_is_all_advanced():
    # Six with a score, a third is 2. Output 0..100 gives the points as the values.
    rows = scored_round({"甲組": 100, "乙組": 100, "丙組": 60, "丁組": 50, "戊組": 20, "己組": 0})
    # 甲 and 乙 tie first: two score 100 or more (≤ 2) → both advanced. 戊: 2 score 20 or less,
    # 己 1 → lagging. 丙, 丁 neither.
    assert [row.rank for row in rows] == [1, 1, 3, 4, 5, 6]
    assert marked(rows) == ({"甲組", "乙組"}, {"戊組", "己組"})


def test_a_tie_at_the_top_wider_than_the_third_is_not_marked():
    rows = scored_round({"甲組": 100, "乙組": 100, "丙組": 100, "丁組": 50, "戊組": 20, "己組": 0})
    # Three tie first, more than a third (2): none of them is called advanced over the others.
    assert [row.rank for row in rows] == [1, 1, 1, 4, 5, 6]
    assert marked(rows) == (set(), {"戊組", "己組"})


def test_a_tie_across_the_line_of_a_third_gets_neither_mark():
    rows = scored_round({"甲組": 100, "乙組": 80, "丙組": 80, "丁組": 50, "戊組": 20, "己組": 0})
    # 乙 and 丙 tie at rank 2: three groups score 80 or more (> 2) → not advanced; 甲 alone is.
    assert marked(rows) == ({"甲組"}, {"戊組", "己組"})


def test_a_tie_at_the_bottom_inside_the_third_is_all_lagging():
    values = {"甲組": 100, "乙組": 90, "丙組": 80, "丁組": 70, "戊組": 60, "己組": 10, "庚組": 10}
    rows = scored_round(values)
    # Seven, a third is 2: 甲 and 乙 advanced; 己 and 庚 tie last, two score 10 or less → lagging.
    assert marked(rows) == ({"甲組", "乙組"}, {"己組", "庚組"})


def test_everyone_equal_is_neither_advanced_nor_lagging():
    rows = scored_round({"甲組": 50, "乙組": 50, "丙組": 50})
    assert [row.rank for row in rows] == [1, 1, 1]
    assert marked(rows) == (set(), set())


def test_two_groups_with_a_score_are_one_advanced_one_lagging():
    assert marked(scored_round({"甲組": 70, "乙組": 30})) == ({"甲組"}, {"乙組"})
    assert [third_of(n) for n in range(8)] == [0, 0, 1, 1, 1, 1, 2, 2]


def test_no_mark_falls_on_a_group_without_a_score():
    round_, rules, g = make_round([Kind.OUTPUT], ["甲組", "乙組", "丙組", "丁組"], LEFT_OUT)
    record_progress(g["甲組"], Kind.OUTPUT, march(9), 100)
    record_progress(g["乙組"], Kind.OUTPUT, march(9), 10)
    rows = standings(round_)
    # Two with a score: 甲 advanced, 乙 lagging; 丙 and 丁 (nothing reported) unmarked and unranked.
    assert marked(rows) == ({"甲組"}, {"乙組"})
    assert {row.group_name for row in rows if not row.scored} == {"丙組", "丁組"}
    summary, _number, _rows = standings_page(round_, 1, 100)
    assert (summary.ranked_count, summary.third, summary.count) == (2, 1, 4)
    assert [(a.group_name, b.group_name) for a, b in summary.pairs] == [("甲組", "乙組")]


# --- What the pages say -----------------------------------------------------------------------


def standings_url(round_):
    return f"{round_.campaign.get_absolute_url()}rounds/{round_.number}/"


@pytest.mark.parametrize(("language", "word"), [("zh-hant", "未報"), ("zh-hans", "未报")])
def test_the_page_shows_not_reported_and_states_both_rules(charlie_client, world, language, word):
    campaign = CampaignFactory(
        factory=world.factory_a,
        starts_on=march(1),
        ends_on=march(31),
        rules=[Kind.INCIDENTS],
        missing_figures=LEFT_OUT,
        groups=[world.group_a, world.group_a2],
    )
    round_ = RoundFactory(campaign=campaign)
    record_progress(world.group_a, Kind.INCIDENTS, march(5), 0)
    charlie_client.cookies["django_language"] = language

    page = charlie_client.get(standings_url(round_)).content.decode()

    assert word in page  # 杜鳴舉小組 entered nothing
    rows = {
        row.group_name: row for row in charlie_client.get(standings_url(round_)).context["rows"]
    }
    assert rows["杜鳴舉小組"].rank is None and not rows["杜鳴舉小組"].advanced
    assert 'id="missing-rule"' in page and 'id="marks-rule"' in page
    detail = charlie_client.get(campaign.get_absolute_url()).content.decode()
    assert 'id="missing-rule"' in detail


def test_the_page_names_the_rules_in_english(charlie_client, world):
    campaign = CampaignFactory(
        factory=world.factory_a,
        rules=[Kind.OUTPUT],
        missing_figures=WEAKEST,
        groups=[world.group_a, world.group_a2],
        starts_on=march(1),
        ends_on=march(31),
    )
    round_ = RoundFactory(campaign=campaign)
    record_progress(world.group_a, Kind.OUTPUT, march(5), 10)

    response = charlie_client.get(standings_url(round_))
    page = response.content.decode()

    assert "not reported" in page
    assert "it counts as the weakest: 0 points on that indicator" in page
    # Two groups with a score: 韓潤小組 100, 杜鳴舉小組 0 (not reported, as the weakest).
    assert "Of the 2 groups with a score, the top third (1) are marked advanced" in page
    assert [(r.group_name, r.advanced, r.lagging) for r in response.context["rows"]] == [
        ("韓潤小組", True, False),
        ("杜鳴舉小組", False, True),
    ]
    campaign.missing_figures = LEFT_OUT
    campaign.save()
    response = charlie_client.get(standings_url(round_))
    page = response.content.decode()
    assert "the indicator is left out of that group's score" in page
    assert "Advanced and lagging groups are marked once two groups have a score" in page
    assert response.context["ranked_count"] == 1


def test_a_leader_whose_group_has_no_score_is_told_so(alice_client, world):
    campaign = CampaignFactory(
        factory=world.factory_a,
        rules=[Kind.OUTPUT],
        missing_figures=LEFT_OUT,
        groups=[world.group_a, world.group_a2],
        starts_on=march(1),
        ends_on=march(31),
    )
    round_ = RoundFactory(campaign=campaign)
    record_progress(world.group_a2, Kind.OUTPUT, march(5), 10)
    page = alice_client.get(standings_url(round_)).content.decode()
    assert "韓潤小組 has no score in this round: it has not reported a figure that counts." in page
