"""Hand-worked standings of a campaign round (competitions.scoring.standings).

Every example runs in March 2025, a month well in the past: the campaign, its round and the
groups' progress entries are made directly, and each expected total is worked out in a comment
from the method in the docstring of competitions/scoring.py.
"""

import datetime
from decimal import Decimal

import pytest

from competitions.models import GuaranteePlan, Kind
from competitions.scoring import leaders, standings
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
MARCH_31 = datetime.date(2025, 3, 31)
D = Decimal


def march(day):
    return datetime.date(2025, 3, day)


def make_round(rules, *names, **campaign):
    """A campaign over March 2025 with these rules and groups, and its one round. Returns the
    round, the rules by kind and the groups by name."""
    campaign = CampaignFactory(starts_on=MARCH_1, ends_on=MARCH_31, rules=rules, **campaign)
    groups = {name: ParticipantFactory(campaign=campaign, group__name=name).group for name in names}
    rules = {rule.kind: rule for rule in campaign.rules.all()}
    return RoundFactory(campaign=campaign), rules, groups


def by_name(rows):
    return {row.group_name: row for row in rows}


def totals(rows):
    """{name: (total, rank)} of the standings."""
    return {row.group_name: (row.total, row.rank) for row in rows}


def test_weighted_mean_of_points():
    # Output weighs 3, scrap 1 (less is better), cost saving 0 (counts for nothing).
    round_, rules, g = make_round(
        [
            {"kind": Kind.OUTPUT, "weight": D(3)},
            {"kind": Kind.SCRAP, "weight": D(1)},
            {"kind": Kind.COST_SAVING, "weight": D(0)},
        ],
        "甲組",
        "乙組",
        "丙組",
    )
    record_progress(g["甲組"], Kind.OUTPUT, march(3), 70)
    record_progress(g["甲組"], Kind.OUTPUT, march(20), 50)  # summed: 120
    record_progress(g["甲組"], Kind.SCRAP, march(20), 5)
    record_progress(g["甲組"], Kind.COST_SAVING, march(20), 100)
    record_progress(g["乙組"], Kind.OUTPUT, march(10), 100)
    record_progress(g["乙組"], Kind.SCRAP, march(10), 2)
    record_progress(g["丙組"], Kind.OUTPUT, march(10), 90)
    record_progress(g["丙組"], Kind.SCRAP, march(10), 6)
    record_progress(g["丙組"], Kind.COST_SAVING, march(10), 500)

    rows = standings(round_)

    # Output, 90..120:      甲 (120-90)/30 = 100,  乙 (100-90)/30 = 33.33…,  丙 0.
    # Scrap, 2..6, less:    甲 (6-5)/4 = 25,       乙 (6-2)/4 = 100,        丙 0.
    # Cost saving: 丙 100, 甲 0, but with weight 0 it moves nothing.
    # 甲 = (3×100 + 1×25) / 4 = 81.25
    # 乙 = (3×33.33… + 1×100) / 4 = 200 / 4 = 50.00
    # 丙 = (3×0 + 1×0) / 4 = 0
    assert [row.group_name for row in rows] == ["甲組", "乙組", "丙組"]
    assert totals(rows) == {
        "甲組": (D("81.25"), 1),
        "乙組": (D("50.00"), 2),
        "丙組": (D("0.00"), 3),
    }
    a, b, c = (row.cell_by_rule for row in rows)
    assert a[rules[Kind.OUTPUT].pk].value == D("120.00")
    assert a[rules[Kind.OUTPUT].pk].points == D("100.0")
    assert a[rules[Kind.SCRAP].pk].points == D("25.0")
    assert b[rules[Kind.OUTPUT].pk].points == D("33.3")
    assert b[rules[Kind.SCRAP].pk].points == D("100.0")
    assert c[rules[Kind.COST_SAVING].pk].points == D("100.0")
    assert not any(cell.entered for row in rows for cell in row.cells)
    assert all(row.has_values and not row.vetoed for row in rows)


def test_fewer_incidents_score_higher():
    round_, rules, g = make_round([Kind.INCIDENTS], "甲組", "乙組", "丙組")
    record_progress(g["甲組"], Kind.INCIDENTS, march(5), 0)
    record_progress(g["乙組"], Kind.INCIDENTS, march(5), 1)
    record_progress(g["丙組"], Kind.INCIDENTS, march(5), 2)
    record_progress(g["丙組"], Kind.INCIDENTS, march(25), 1)  # summed: 3

    rows = standings(round_)

    # Incidents, 0..3, less is better: 甲 (3-0)/3 = 100, 乙 (3-1)/3 = 66.666… → 66.67, 丙 0.
    assert [row.group_name for row in rows] == ["甲組", "乙組", "丙組"]
    assert totals(rows) == {
        "甲組": (D("100.00"), 1),
        "乙組": (D("66.67"), 2),
        "丙組": (D("0.00"), 3),
    }
    # No incidents recorded as a 0 is a value (the best one), not a missing value.
    assert by_name(rows)["甲組"].cells[0].value == D("0.00")
    assert by_name(rows)["甲組"].has_values


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    round_, rules, g = make_round([Kind.OUTPUT], "甲組", "乙組", "丙組", "丁組")
    for name, value in (("甲組", 100), ("乙組", 100), ("丙組", 50), ("丁組", 0)):
        record_progress(g[name], Kind.OUTPUT, march(9), value)

    rows = standings(round_)

    # Output, 0..100: 甲 100, 乙 100, 丙 50, 丁 0. Ranks 1, 1, 3, 4.
    assert totals(rows) == {
        "甲組": (D("100.00"), 1),
        "乙組": (D("100.00"), 1),
        "丙組": (D("50.00"), 3),
        "丁組": (D("0.00"), 4),
    }
    assert [row.rank for row in rows] == [1, 1, 3, 4]
    assert {row.group_name for row in leaders(rows)} == {"甲組", "乙組"}


def test_vetoed_group_leaves_the_ranking_and_the_bounds():
    round_, rules, g = make_round([Kind.OUTPUT], "甲組", "乙組", "丙組")
    for name, value in (("甲組", 120), ("乙組", 100), ("丙組", 60)):
        record_progress(g[name], Kind.OUTPUT, march(9), value)

    # Before the veto, output 60..120: 甲 100, 乙 (100-60)/60 = 66.67, 丙 0.
    assert totals(standings(round_)) == {
        "甲組": (D("100.00"), 1),
        "乙組": (D("66.67"), 2),
        "丙組": (D("0.00"), 3),
    }

    VetoFactory(round=round_, group=g["甲組"])
    rows = standings(round_)

    # 甲 is out; output 60..100 over 乙 and 丙 only: 乙 100, 丙 0.
    assert [row.group_name for row in rows] == ["乙組", "丙組", "甲組"]
    assert totals(rows) == {
        "乙組": (D("100.00"), 1),
        "丙組": (D("0.00"), 2),
        "甲組": (None, None),
    }
    vetoed = by_name(rows)["甲組"]
    assert vetoed.vetoed
    assert vetoed.cells[0].value == D("120.00")  # still shown
    assert vetoed.cells[0].points is None
    assert [row.group_name for row in leaders(rows)] == ["乙組"]


def test_group_without_entries_gets_no_points_and_ranks_last():
    round_, rules, g = make_round([Kind.OUTPUT, Kind.PASS_SHARE], "甲組", "乙組", "丙組", "丁組")
    record_progress(g["甲組"], Kind.OUTPUT, march(2), 100)
    record_progress(g["甲組"], Kind.PASS_SHARE, march(2), 97)
    record_progress(g["甲組"], Kind.PASS_SHARE, march(16), 99)  # a share: averaged, 98
    record_progress(g["乙組"], Kind.OUTPUT, march(2), 60)
    record_progress(g["乙組"], Kind.PASS_SHARE, march(2), 100)
    record_progress(g["丁組"], Kind.OUTPUT, march(2), 80)
    record_progress(g["丁組"], Kind.PASS_SHARE, march(2), 94)
    # 丙組 recorded nothing at all (it has no plan either).

    rows = standings(round_)

    # Output, 60..100:      甲 100, 丁 (80-60)/40 = 50, 乙 0, 丙 no value → 0.
    # Pass share, 94..100:  甲 (98-94)/6 = 66.67, 乙 100, 丁 0, 丙 no value → 0.
    # 甲 = (100 + 66.666…)/2 = 83.33;  乙 = (0 + 100)/2 = 50;  丁 = (50 + 0)/2 = 25;  丙 = 0.
    assert [row.group_name for row in rows] == ["甲組", "乙組", "丁組", "丙組"]
    assert totals(rows) == {
        "甲組": (D("83.33"), 1),
        "乙組": (D("50.00"), 2),
        "丁組": (D("25.00"), 3),
        "丙組": (D("0.00"), 4),
    }
    assert by_name(rows)["甲組"].cell_by_rule[rules[Kind.PASS_SHARE].pk].value == D("98.00")
    idle = by_name(rows)["丙組"]
    assert not idle.has_values
    assert [(cell.value, cell.points) for cell in idle.cells] == [(None, D("0.0"))] * 2
    assert all(by_name(rows)[name].has_values for name in ("甲組", "乙組", "丁組"))


def test_only_entries_within_the_round_count():
    campaign = CampaignFactory(
        starts_on=MARCH_1, ends_on=datetime.date(2025, 4, 30), rules=[Kind.OUTPUT]
    )
    a = ParticipantFactory(campaign=campaign, group__name="甲組").group
    b = ParticipantFactory(campaign=campaign, group__name="乙組").group
    march_round = RoundFactory(campaign=campaign, starts_on=MARCH_1, ends_on=MARCH_31)
    april_round = RoundFactory(
        campaign=campaign,
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2025, 4, 30),
    )
    quarter = GuaranteePlan.Period.QUARTER
    record_progress(a, Kind.OUTPUT, datetime.date(2025, 2, 28), 1000, period=quarter)  # before
    record_progress(a, Kind.OUTPUT, MARCH_1, 10, period=quarter)  # first day counts
    record_progress(a, Kind.OUTPUT, MARCH_31, 20, period=quarter)  # last day counts
    record_progress(a, Kind.OUTPUT, datetime.date(2025, 4, 1), 1000, period=quarter)  # after
    record_progress(b, Kind.OUTPUT, march(15), 40, period=quarter)

    rows = standings(march_round)

    # March: 甲 10 + 20 = 30, 乙 40. Output 30..40: 乙 100, 甲 0.
    assert totals(rows) == {"乙組": (D("100.00"), 1), "甲組": (D("0.00"), 2)}
    assert by_name(rows)["甲組"].cells[0].value == D("30.00")

    # April: 甲 1000, alone in the bounds (100); 乙 recorded nothing (0).
    assert totals(standings(april_round)) == {"甲組": (D("100.00"), 1), "乙組": (D("0.00"), 2)}


def test_organiser_score_overrides_progress_and_scores_custom_rules():
    round_, rules, g = make_round(
        [{"kind": Kind.OUTPUT, "weight": D(2)}, {"kind": Kind.CUSTOM, "name": "文明生產"}],
        "甲組",
        "乙組",
        "丙組",
    )
    output, custom = rules[Kind.OUTPUT], rules[Kind.CUSTOM]
    record_progress(g["甲組"], Kind.OUTPUT, march(4), 100)
    record_progress(g["乙組"], Kind.OUTPUT, march(4), 50)
    record_progress(g["丙組"], Kind.OUTPUT, march(4), 150)
    # A custom indicator on a plan does not score a custom rule: only the organiser does.
    record_progress(g["乙組"], Kind.CUSTOM, march(4), 999, name="文明生產")
    score = ScoreFactory(round=round_, group=g["乙組"], rule=output, value=D(140))
    ScoreFactory(round=round_, group=g["甲組"], rule=custom, value=D(8))
    ScoreFactory(round=round_, group=g["丙組"], rule=custom, value=D(6))

    rows = standings(round_)

    # Output (乙's 140 entered in place of its 50), 100..150: 甲 0, 乙 80, 丙 100.
    # Custom, 6..8: 甲 100, 丙 0, 乙 no score → 0.
    # 甲 = (2×0 + 100)/3 = 33.33;  乙 = (2×80 + 0)/3 = 53.33;  丙 = (2×100 + 0)/3 = 66.67.
    assert [row.group_name for row in rows] == ["丙組", "乙組", "甲組"]
    assert totals(rows) == {
        "丙組": (D("66.67"), 1),
        "乙組": (D("53.33"), 2),
        "甲組": (D("33.33"), 3),
    }
    b = by_name(rows)["乙組"].cell_by_rule
    assert (b[output.pk].value, b[output.pk].entered) == (D("140.00"), True)
    assert (b[custom.pk].value, b[custom.pk].points) == (None, D("0.0"))
    a = by_name(rows)["甲組"].cell_by_rule
    assert (a[output.pk].value, a[output.pk].entered) == (D("100.00"), False)
    assert (a[custom.pk].value, a[custom.pk].entered) == (D("8.00"), True)

    # Without the organiser's value, 乙's own 50 counts again. Output 50..150:
    # 甲 50, 乙 0, 丙 100. 甲 = (100 + 100)/3 = 66.67, 乙 = 0, 丙 = (200 + 0)/3 = 66.67.
    score.delete()
    rows = standings(round_)
    assert totals(rows) == {
        "甲組": (D("66.67"), 1),
        "丙組": (D("66.67"), 1),
        "乙組": (D("0.00"), 3),
    }
    assert by_name(rows)["乙組"].cell_by_rule[output.pk].value == D("50.00")


def test_everyone_equal_scores_100():
    round_, rules, g = make_round([Kind.OUTPUT, Kind.SCRAP], "甲組", "乙組", "丙組")
    for group in g.values():
        record_progress(group, Kind.OUTPUT, march(7), 50)
        record_progress(group, Kind.SCRAP, march(7), 2)

    rows = standings(round_)

    assert totals(rows) == {name: (D("100.00"), 1) for name in g}
    assert all(cell.points == D("100.0") for row in rows for cell in row.cells)
    assert len(leaders(rows)) == 3


def test_the_standings_are_kept_until_something_they_count_changes(django_assert_num_queries):
    """Computed once per change, not per request: read again, they cost one small query; a
    progress entry, a score, a group's new name or a veto computes them again."""
    round_, rules, g = make_round([Kind.OUTPUT, Kind.CUSTOM], "甲組", "乙組")
    record_progress(g["甲組"], Kind.OUTPUT, march(9), 10)
    record_progress(g["乙組"], Kind.OUTPUT, march(9), 20)
    first = standings(round_)
    assert [row.group_name for row in first] == ["乙組", "甲組"]
    with django_assert_num_queries(1):  # the version only
        again = standings(round_)
    assert totals(again) == totals(first)

    record_progress(g["甲組"], Kind.OUTPUT, march(10), 30)  # 甲 now 40
    assert [row.group_name for row in standings(round_)] == ["甲組", "乙組"]
    ScoreFactory(round=round_, group=g["乙組"], rule=rules[Kind.CUSTOM], value=D(100))
    assert totals(standings(round_))["乙組"] == (D("50.00"), 1)
    g["乙組"].name = "乙組（改名）"
    g["乙組"].save()
    assert standings(round_)[0].group_name == "乙組（改名）"
    VetoFactory(round=round_, group=g["乙組"])
    rows = standings(round_)
    assert [row.group_name for row in rows] == ["甲組", "乙組（改名）"] and rows[-1].vetoed
