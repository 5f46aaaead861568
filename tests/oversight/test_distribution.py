"""The distribution of the groups over the three classes (oversight/distribution.py) and the
report built on it (oversight/reports.py), hand-worked.

The seed's survey: two workshops of the Shanxi Machine Factory, 33 groups, 9 of class 1, 22 of
class 2 and 2 of class 3. Here the foundry (鑄工) has 17 groups, 5 / 11 / 1, and the farm tools
workshop (農具) 16, 4 / 11 / 1. In the period before, 15 of the foundry's groups were 3 / 11 / 1
and 15 of the farm tools' 3 / 10 / 2 (the factory: 30 groups, 6 / 21 / 3).

Shares are of the confirmed groups, in percent to one place; a change is in percentage points,
the difference of the two shares shown.
"""

import datetime
from types import SimpleNamespace

import pytest

from oversight import distribution, reports
from oversight.models import Assessment, AssessmentPeriod, GroupClass
from tests.factories import FactoryUnionFactory, UnionGroupFactory, WorkshopUnionFactory
from tests.oversight.factories import AssessmentFactory, AssessmentPeriodFactory, submitted

pytestmark = pytest.mark.django_db

WORKSHOP = ("group__workshop", "group__workshop__name")
FACTORY = ("group__workshop__factory", "group__workshop__factory__name")
LABELS = ["Class 1 (good)", "Class 2 (average)", "Class 3 (lagging)"]


def confirmed(period, group, group_class):
    return AssessmentFactory(period=period, group=group, confirmed=True, proposed_class=group_class)


def classes(good, average, lagging):
    return [1] * good + [2] * average + [3] * lagging


def pcts(row):
    return [row.pct(value) for value in GroupClass.values]


def counts(row):
    return [row["class_1"], row["class_2"], row["class_3"]]


@pytest.fixture
def seed(world):
    factory = FactoryUnionFactory(federation=world.federation, name="山西機器廠")
    foundry = WorkshopUnionFactory(factory=factory, name="鑄工")
    tools = WorkshopUnionFactory(factory=factory, name="農具")
    # The later period is made first: the order of periods is by date, not by creation.
    now = AssessmentPeriodFactory(
        federation=world.federation,
        name="1952年下半年",
        starts_on=datetime.date(1952, 7, 1),
        ends_on=datetime.date(1952, 12, 31),
    )
    before = AssessmentPeriodFactory(
        federation=world.federation,
        name="1952年上半年",
        starts_on=datetime.date(1952, 1, 1),
        ends_on=datetime.date(1952, 6, 30),
        status=AssessmentPeriod.Status.CLOSED,
    )
    foundry_groups = [UnionGroupFactory(workshop=foundry) for _ in range(17)]
    tools_groups = [UnionGroupFactory(workshop=tools) for _ in range(16)]
    for group, value in zip(foundry_groups, classes(5, 11, 1), strict=True):
        confirmed(now, group, value)
    for group, value in zip(tools_groups, classes(4, 11, 1), strict=True):
        confirmed(now, group, value)
    for group, value in zip(foundry_groups[:15], classes(3, 11, 1), strict=True):
        confirmed(before, group, value)
    for group, value in zip(tools_groups[:15], classes(3, 10, 2), strict=True):
        confirmed(before, group, value)
    assessments = Assessment.objects.filter(group__workshop__factory=factory)
    return SimpleNamespace(
        factory=factory,
        foundry=foundry,
        tools=tools,
        now=now,
        before=before,
        assessments=assessments,
        current=assessments.filter(period=now),
        previous=assessments.filter(period=before),
    )


def test_the_seeds_survey_gives_the_seeds_shares(seed):
    total = distribution.total(seed.current)

    assert counts(total) == [9, 22, 2]
    assert (total["confirmed"], total["awaiting"], total["assessed"]) == (33, 0, 33)
    assert pcts(total) == [27.3, 66.7, 6.1]
    assert [(value, str(label), n, pct) for value, label, n, pct in total.classes] == [
        (1, LABELS[0], 9, 27.3),
        (2, LABELS[1], 22, 66.7),
        (3, LABELS[2], 2, 6.1),
    ]


def test_each_workshop_has_its_own_shares(seed):
    rows = distribution.by(seed.current, *WORKSHOP)

    assert set(rows) == {seed.foundry.pk, seed.tools.pk}
    foundry, tools = rows[seed.foundry.pk], rows[seed.tools.pk]
    assert foundry["name"] == "鑄工"
    assert counts(foundry) == [5, 11, 1]
    # 5/17 = 29.41, 11/17 = 64.71, 1/17 = 5.88
    assert pcts(foundry) == [29.4, 64.7, 5.9]
    assert tools["name"] == "農具"
    assert counts(tools) == [4, 11, 1]
    # 4/16 = 25, 11/16 = 68.75
    assert (tools.pct(1), tools.pct(2)) == (25.0, 68.8)


def test_a_share_exactly_half_way_rounds_up(seed):
    tools = distribution.by(seed.current, *WORKSHOP)[seed.tools.pk]

    assert tools.pct(3) == 6.3


def test_assessments_not_yet_confirmed_wait_apart_from_the_shares(seed):
    for _ in range(3):
        submitted(
            period=seed.now,
            group=UnionGroupFactory(workshop=seed.foundry),
            proposed_class=GroupClass.GOOD,
        )
    AssessmentFactory(period=seed.now, group=UnionGroupFactory(workshop=seed.foundry))
    AssessmentFactory(period=seed.now, group=UnionGroupFactory(workshop=seed.tools), returned=True)

    total = distribution.total(seed.current)

    assert counts(total) == [9, 22, 2]
    assert (total["confirmed"], total["awaiting"], total["assessed"]) == (33, 3, 38)
    # Three proposed as good but not confirmed change nothing: still 9 of 33.
    assert pcts(total) == [27.3, 66.7, 6.1]
    foundry = distribution.by(seed.current, *WORKSHOP)[seed.foundry.pk]
    assert (foundry["awaiting"], foundry["confirmed"]) == (3, 17)
    assert pcts(foundry) == [29.4, 64.7, 5.9]


def test_the_change_since_the_period_before_is_in_percentage_points(seed):
    now = distribution.total(seed.current)
    before = distribution.total(seed.previous)

    # Before: 6, 21, 3 of 30 = 20.0, 70.0, 10.0.
    assert pcts(before) == [20.0, 70.0, 10.0]
    # 27.3 - 20.0 = 7.3; 66.7 - 70.0 = -3.3; 6.1 - 10.0 = -3.9
    assert now.change(before) == [7.3, -3.3, -3.9]
    assert [(v, str(label), n, pct, change) for v, label, n, pct, change in now.cells(before)] == [
        (1, LABELS[0], 9, 27.3, 7.3),
        (2, LABELS[1], 22, 66.7, -3.3),
        (3, LABELS[2], 2, 6.1, -3.9),
    ]


def test_without_a_period_before_there_is_no_change(seed):
    cells = distribution.total(seed.current).cells(None)

    assert [cell[4] for cell in cells] == [None, None, None]
    assert [cell[3] for cell in cells] == [27.3, 66.7, 6.1]


def test_each_workshop_is_compared_with_itself_in_the_period_before(seed):
    newcomer = WorkshopUnionFactory(factory=seed.factory, name="翻砂")
    confirmed(seed.now, UnionGroupFactory(workshop=newcomer), GroupClass.AVERAGE)

    rows = distribution.compared(seed.current, seed.previous, *WORKSHOP)

    # In name order (by code point: 翻 < 農 < 鑄).
    assert [row["name"] for row in rows] == ["翻砂", "農具", "鑄工"]
    assert [row["unit"] for row in rows] == [newcomer.pk, seed.tools.pk, seed.foundry.pk]
    newcomer_row, tools, foundry = rows
    # The new workshop has nothing to be compared with.
    assert newcomer_row["change"] == [None, None, None]
    assert pcts(newcomer_row["now"]) == [0.0, 100.0, 0.0]
    # Foundry before: 3, 11, 1 of 15 = 20.0, 73.3, 6.7.
    # 29.4 - 20.0 = 9.4; 64.7 - 73.3 = -8.6; 5.9 - 6.7 = -0.8
    assert foundry["change"] == [9.4, -8.6, -0.8]
    # Farm tools before: 3, 10, 2 of 15 = 20.0, 66.7, 13.3. 25.0 - 20.0 = 5.0; 68.8 - 66.7 = 2.1
    assert tools["change"][:2] == [5.0, 2.1]


def test_without_a_previous_period_no_unit_has_a_change(seed):
    rows = distribution.compared(seed.current, None, *WORKSHOP)

    assert [row["change"] for row in rows] == [[None, None, None], [None, None, None]]


def test_the_trend_runs_oldest_period_first(seed):
    trend = distribution.trend(seed.assessments)

    assert [row["period__name"] for row in trend] == ["1952年上半年", "1952年下半年"]
    assert [pcts(row) for row in trend] == [[20.0, 70.0, 10.0], [27.3, 66.7, 6.1]]
    assert [row["confirmed"] for row in trend] == [30, 33]


def test_with_no_group_confirmed_there_is_no_share(world):
    period = AssessmentPeriodFactory(federation=world.federation)
    submitted(period=period, group=world.group_a, proposed_class=GroupClass.GOOD)
    before = AssessmentPeriodFactory(
        federation=world.federation,
        starts_on=datetime.date(2024, 10, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    confirmed(before, world.group_a, GroupClass.GOOD)

    total = distribution.total(Assessment.objects.filter(period=period))

    assert (total["confirmed"], total["awaiting"]) == (0, 1)
    assert pcts(total) == [None, None, None]
    previous = distribution.total(Assessment.objects.filter(period=before))
    assert [cell[3:] for cell in total.cells(previous)] == [(None, None)] * 3
    # Nothing assessed at all: the same, no division by zero.
    nothing = distribution.total(Assessment.objects.none())
    assert (nothing["confirmed"], pcts(nothing)) == (0, [None, None, None])
    assert pcts(distribution.empty()) == [None, None, None]


# --- The report, as each user sees it ----------------------------------------------------------


@pytest.fixture
def city(world, seed):
    """Beside the seed's factory: in factory A, alice's group is good and 杜鳴舉's lagging; in
    factory B, bob's group is average."""
    confirmed(seed.now, world.group_a, GroupClass.GOOD)
    confirmed(seed.now, world.group_a2, GroupClass.LAGGING)
    confirmed(seed.now, world.group_b, GroupClass.AVERAGE)
    return seed


def test_factory_staff_count_only_their_factorys_groups(charlie, world, city):
    report = reports.report(charlie, city.now, reports.periods(charlie))

    total = report["total"]
    assert counts(total) == [1, 0, 1]
    assert total["confirmed"] == 2
    assert pcts(total) == [50.0, 0.0, 50.0]
    assert [row["name"] for row in report["units"]] == ["太原機器廠"]
    assert report["previous"] == city.before
    # Factory A had no group confirmed before: no change to show.
    assert [cell[4] for cell in report["total_cells"]] == [None, None, None]
    assert [row["confirmed"] for row in report["trend"]] == [2]


def test_the_federation_counts_every_factory_of_the_city(fiona, world, city):
    report = reports.report(fiona, city.now, reports.periods(fiona))

    # 9 + 1, 22 + 1, 2 + 1 of 36 = 27.8, 63.9, 8.3
    assert counts(report["total"]) == [10, 23, 3]
    assert pcts(report["total"]) == [27.8, 63.9, 8.3]
    units = {row["name"]: row for row in report["units"]}
    assert set(units) == {"太原機器廠", "太原鋼鐵廠", "山西機器廠"}
    assert pcts(units["山西機器廠"]["now"]) == [27.3, 66.7, 6.1]
    assert units["山西機器廠"]["change"] == [7.3, -3.3, -3.9]
    assert pcts(units["太原鋼鐵廠"]["now"]) == [0.0, 100.0, 0.0]


def test_the_federation_looks_into_one_factory_by_workshop(fiona, world, city):
    report = reports.report(fiona, city.now, reports.periods(fiona), factory=world.factory_a)

    assert [(row["name"], counts(row["now"])) for row in report["units"]] == [
        ("裝配", [0, 0, 1]),
        ("金工", [1, 0, 0]),
    ]
    assert counts(report["total"]) == [1, 0, 1]
