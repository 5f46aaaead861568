"""Hand-worked welfare figures (welfare/figures.py) and the CSV files they are exported in
(groups/export.py).

Most examples run in March 2025, a month well in the past: cases, actions and claims are made
directly with their dates, and each expected figure is worked out in a comment from the
docstrings of welfare/figures.py. Figures are counts and sums only: they never carry a name.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from groups.export import cell, csv_response
from groups.scoping import Level
from tests.factories import UnionGroupFactory
from tests.welfare.factories import CaseActionFactory, InsuranceClaimFactory, WelfareCaseFactory
from welfare import figures
from welfare.models import CaseAction, InsuranceClaim, WelfareCase

pytestmark = pytest.mark.django_db

D = Decimal
START = datetime.date(2025, 3, 1)
MID = datetime.date(2025, 3, 15)
END = datetime.date(2025, 3, 31)
Category = WelfareCase.Category
Kind = CaseAction.Kind
Source = CaseAction.Source
Claim = InsuranceClaim.Status


def day(month, number, year=2025):
    return datetime.date(year, month, number)


def make_case(group, opened, *, resolved=None, closed=None, category=Category.ILLNESS, **kwargs):
    """A case of a new member of ``group``: resolved and/or closed on the days given."""
    status = "closed" if closed else "resolved" if resolved else "open"
    return WelfareCaseFactory(
        member__group=group,
        opened_on=opened,
        status=status,
        resolved_on=resolved,
        days_to_resolve=(resolved - opened).days if resolved else None,
        closed_on=closed,
        category=category,
        **kwargs,
    )


def resolved_after(group, days, on=MID):
    """A case of ``group`` resolved on ``on`` after ``days`` days."""
    return make_case(group, on - datetime.timedelta(days=days), resolved=on)


def visit(case, on):
    return CaseActionFactory(case=case, kind=Kind.VISIT, done_on=on)


def grant(case, on, amount, source):
    return CaseActionFactory(
        case=case, kind=Kind.GRANT, done_on=on, amount=D(amount), source=source, brought=""
    )


def goods(case, on, amount=None, source=""):
    value = None if amount is None else D(amount)
    return CaseActionFactory(
        case=case, kind=Kind.GOODS, done_on=on, brought="棉被", amount=value, source=source
    )


def claim(case, filed, claimed, *, paid=None, status=Claim.FILED, decided=None):
    return InsuranceClaimFactory(
        case=case,
        filed_on=filed,
        amount_claimed=D(claimed),
        amount_paid=None if paid is None else D(paid),
        status=status,
        decided_on=decided,
    )


def row(**values):
    """A figures row as ``figures.empty()`` starts it, with these values."""
    return dict(figures.empty()) | values


# --- Medians -------------------------------------------------------------------------------------


def overall_median():
    return figures._medians(WelfareCase.objects.all(), None, START, END)


def test_median_of_an_odd_count_is_the_middle_one(world):
    for days in (9, 2, 4):
        resolved_after(world.group_a, days)

    assert overall_median() == {0: 4.0}  # 2, 4, 9


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(world):
    for days in (11, 2, 9, 4):
        resolved_after(world.group_a, days)

    assert overall_median() == {0: 6.5}  # 2, 4, 9, 11: (4 + 9) / 2


def test_median_of_one_case_and_of_none(world, fiona):
    assert overall_median() == {}
    make_case(world.group_a, day(3, 2))  # open: no days to resolve

    assert overall_median() == {}
    assert figures.total(fiona, START, END)["median_days"] is None

    resolved_after(world.group_a, 12)

    assert overall_median() == {0: 12.0}


@pytest.fixture
def medians_world(world):
    """Resolved cases in three groups of factory A and one of factory B, and some that fall
    outside March.

    - 韓潤小組 (workshop A): 2, 4, 9 days; also 50 days (resolved in February), 60 days
      (resolved in April) and an open case, none of which count;
    - a third group in workshop A: 11 days;
    - 杜鳴舉小組 (workshop A2): 1 and 3 days;
    - 溫小清小組 (factory B): 7 days.
    """
    group_a3 = UnionGroupFactory(workshop=world.workshop_a, name="第三小組")
    for days in (9, 2, 4):
        resolved_after(world.group_a, days)
    resolved_after(world.group_a, 50, on=day(2, 28))
    resolved_after(world.group_a, 60, on=day(4, 1))
    make_case(world.group_a, day(1, 2))
    resolved_after(group_a3, 11)
    resolved_after(world.group_a2, 3, on=START)  # the first day of the period counts
    resolved_after(world.group_a2, 1, on=END)  # and the last
    resolved_after(world.group_b, 7)
    world.group_a3 = group_a3
    return world


def test_medians_per_group(medians_world):
    w = medians_world

    medians = figures._medians(WelfareCase.objects.all(), "group", START, END)

    # Were the cases of February or April counted, 韓潤小組's median would be 6.5 (2, 4, 9, 50).
    assert medians == {
        w.group_a.pk: 4.0,
        w.group_a3.pk: 11.0,
        w.group_a2.pk: 2.0,
        w.group_b.pk: 7.0,
    }


def test_medians_per_workshop_and_factory(medians_world):
    w = medians_world
    cases = WelfareCase.objects.all()

    by_workshop = figures._medians(cases, figures.CASE_KEYS[Level.WORKSHOP], START, END)
    by_factory = figures._medians(cases, figures.CASE_KEYS[Level.FACTORY], START, END)

    # Workshop A: 2, 4, 9, 11 → 6.5. Workshop A2: 1, 3 → 2. Workshop B: 7.
    assert by_workshop == {w.workshop_a.pk: 6.5, w.workshop_a2.pk: 2.0, w.workshop_b.pk: 7.0}
    # Factory A: 1, 2, 3, 4, 9, 11 → (3 + 4) / 2 = 3.5. Factory B: 7.
    assert by_factory == {w.factory_a.pk: 3.5, w.factory_b.pk: 7.0}
    # The whole city: 1, 2, 3, 4, 7, 9, 11 → 4.
    assert overall_median() == {0: 4.0}


def test_medians_in_the_figures_of_each_level(medians_world, fiona, charlie):
    w = medians_world

    by_group = figures.by_unit(fiona, Level.GROUP, START, END)
    by_factory = figures.by_unit(charlie, Level.FACTORY, START, END)

    assert {pk: r["median_days"] for pk, r in by_group.items()} == {
        w.group_a.pk: 4.0,
        w.group_a3.pk: 11.0,
        w.group_a2.pk: 2.0,
        w.group_b.pk: 7.0,
    }
    assert {pk: r["median_days"] for pk, r in by_factory.items()} == {w.factory_a.pk: 3.5}
    assert figures.total(fiona, START, END)["median_days"] == 4.0
    assert figures.total(charlie, START, END)["median_days"] == 3.5


# --- A month of welfare work ---------------------------------------------------------------------


@pytest.fixture
def march(world):
    """March 2025 in three groups. What counts, worked by hand:

    韓潤小組 (group A): cases
      a1 opened 02-10, open              → open at the end
      a2 opened 03-05, resolved 04-02    → opened, open at the end (resolved after March)
      a3 opened 03-03, closed 04-05      → opened, open at the end (closed after March)
      a4 opened 02-01, resolved 03-20    → resolved, 47 days
      a5 opened 03-10, closed 03-25      → opened
      a6 opened 04-03                    → nothing (after March)
      a7 opened 01-05, resolved 02-20    → nothing (before March)
      a8 opened 01-10, resolved 03-31    → resolved, 80 days (the last day counts)
      a9 opened 03-31, open              → opened, open at the end
      a10 opened 03-01, resolved 03-11   → opened (the first day counts), resolved, 10 days
      a11 opened 02-01, resolved 03-05, closed 03-15 → resolved, 32 days
      opened 5, open at the end 4, resolved 4, median of 10, 32, 47, 80 = 39.5.
    On a1: visits 03-01 and 03-31 (and 02-28, 04-01 outside); grants 200 + 150.50 from the
    union fund and 80 from labour insurance (and 1000 from the factory on 04-01, 500 on 02-27,
    outside); goods worth 35 (paid from the union fund: goods, not a grant) and goods of no
    stated worth; a referral; a note. Claims filed in March: paid 400 of 500, approved 300 (not
    paid yet), rejected, filed; and one paid 90 but filed in February.

    杜鳴舉小組 (group A2): b1 opened 03-02, resolved 03-09 (7 days), an injury; a visit, a grant of
    100 from the factory, a claim paid 60.

    溫小清小組 (group B, factory B): c1 opened 03-15, open; a grant of 999 from the union fund;
    a claim paid 700.
    """
    a, a2, b = world.group_a, world.group_a2, world.group_b
    a1 = make_case(a, day(2, 10), description="母親病重，需要照顧。")
    make_case(a, day(3, 5), resolved=day(4, 2), category=Category.HOUSING)
    make_case(a, day(3, 3), closed=day(4, 5), category=Category.FAMILY)
    make_case(a, day(2, 1), resolved=day(3, 20))
    make_case(a, day(3, 10), closed=day(3, 25))
    make_case(a, day(4, 3), category=Category.OTHER)
    make_case(a, day(1, 5), resolved=day(2, 20))
    make_case(a, day(1, 10), resolved=day(3, 31))
    make_case(a, day(3, 31))
    make_case(a, day(3, 1), resolved=day(3, 11), category=Category.BEREAVEMENT)
    a11 = make_case(a, day(2, 1), resolved=day(3, 5))
    a11.status, a11.closed_on = "closed", day(3, 15)
    a11.save()

    for on in (day(3, 1), day(3, 31), day(2, 28), day(4, 1)):
        visit(a1, on)
    grant(a1, day(3, 5), "200", Source.UNION_FUND)
    grant(a1, day(3, 6), "150.50", Source.UNION_FUND)
    grant(a1, day(3, 7), "80", Source.LABOUR_INSURANCE)
    grant(a1, day(4, 1), "1000", Source.FACTORY)
    grant(a1, day(2, 27), "500", Source.FACTORY)
    goods(a1, day(3, 8), "35", Source.UNION_FUND)
    goods(a1, day(3, 9))
    CaseActionFactory(
        case=a1, kind=Kind.REFERRAL, done_on=day(3, 12), referred_to="factory_union", brought=""
    )
    CaseActionFactory(case=a1, kind=Kind.NOTE, done_on=day(3, 13), who="", brought="")
    claim(a1, day(3, 2), 500, paid=400, status=Claim.PAID, decided=day(3, 20))
    claim(a1, day(3, 3), 300, paid=300, status=Claim.APPROVED, decided=day(3, 21))
    claim(a1, day(3, 4), 100, status=Claim.REJECTED, decided=day(3, 22))
    claim(a1, day(3, 5), 50)
    claim(a1, day(2, 10), 90, paid=90, status=Claim.PAID, decided=day(2, 20))

    b1 = make_case(a2, day(3, 2), resolved=day(3, 9), category=Category.INJURY)
    visit(b1, day(3, 3))
    grant(b1, day(3, 4), "100", Source.FACTORY)
    claim(b1, day(3, 5), 60, paid=60, status=Claim.PAID, decided=day(3, 6))

    c1 = make_case(b, day(3, 15), description="妻子生產，住院費用高。")
    grant(c1, day(3, 16), "999", Source.UNION_FUND)
    claim(c1, day(3, 17), 700, paid=700, status=Claim.PAID, decided=day(3, 18))
    return world


GROUP_A = row(
    opened=5,
    open_at_end=4,
    resolved=4,
    median_days=39.5,
    visits=2,
    grants=3,
    aid_union_fund=D("350.50"),
    aid_labour_insurance=D("80.00"),
    aid_factory=D("0.00"),
    goods=2,
    goods_value=D("35.00"),
    referrals=1,
    claims=4,
    insurance_paid=D("400.00"),
)
GROUP_A2 = row(
    opened=1,
    resolved=1,
    median_days=7.0,
    visits=1,
    grants=1,
    aid_factory=D("100.00"),
    claims=1,
    insurance_paid=D("60.00"),
)
GROUP_B = row(
    opened=1,
    open_at_end=1,
    grants=1,
    aid_union_fund=D("999.00"),
    claims=1,
    insurance_paid=D("700.00"),
)
# Factory A is groups A and A2: resolved 7, 10, 32, 47, 80 → median 32.
FACTORY_A = row(
    opened=6,
    open_at_end=4,
    resolved=5,
    median_days=32.0,
    visits=3,
    grants=4,
    aid_union_fund=D("350.50"),
    aid_labour_insurance=D("80.00"),
    aid_factory=D("100.00"),
    goods=2,
    goods_value=D("35.00"),
    referrals=1,
    claims=5,
    insurance_paid=D("460.00"),
)
# The city: factory A and factory B; median of 7, 10, 32, 47, 80 is still 32.
CITY = row(
    opened=7,
    open_at_end=5,
    resolved=5,
    median_days=32.0,
    visits=3,
    grants=5,
    aid_union_fund=D("1349.50"),
    aid_labour_insurance=D("80.00"),
    aid_factory=D("100.00"),
    goods=2,
    goods_value=D("35.00"),
    referrals=1,
    claims=6,
    insurance_paid=D("1160.00"),
)


def plain(rows):
    return {pk: dict(figures_row) for pk, figures_row in rows.items()}


def test_by_group(march, fiona):
    w = march

    rows = figures.by_unit(fiona, Level.GROUP, START, END)

    assert plain(rows) == {w.group_a.pk: GROUP_A, w.group_a2.pk: GROUP_A2, w.group_b.pk: GROUP_B}
    assert rows[w.group_a.pk].aid_total == D("430.50")  # grants only: 200 + 150.50 + 80
    assert rows[w.group_b.pk].aid_total == D("999.00")


def test_by_workshop_and_by_factory(march, fiona):
    w = march

    by_workshop = figures.by_unit(fiona, Level.WORKSHOP, START, END)
    by_factory = figures.by_unit(fiona, Level.FACTORY, START, END)

    assert plain(by_workshop) == {
        w.workshop_a.pk: GROUP_A,
        w.workshop_a2.pk: GROUP_A2,
        w.workshop_b.pk: GROUP_B,
    }
    assert plain(by_factory) == {w.factory_a.pk: FACTORY_A, w.factory_b.pk: GROUP_B}


def test_by_unit_of_some_units_only(march, fiona):
    w = march

    rows = figures.by_unit(fiona, Level.GROUP, START, END, ids=[w.group_a2.pk, w.group_b.pk])

    assert plain(rows) == {w.group_a2.pk: GROUP_A2, w.group_b.pk: GROUP_B}


def test_by_unit_within_a_filter_narrows_cases_actions_and_claims(march, fiona):
    w = march

    rows = figures.by_unit(fiona, Level.FACTORY, START, END, within={"category": Category.INJURY})

    # Only b1 is an injury: its case, its visit, its grant and its claim.
    assert plain(rows) == {w.factory_a.pk: GROUP_A2}


def test_a_period_with_nothing_in_it(march, fiona):
    w = march
    start, end = day(6, 1), day(6, 30)

    rows = figures.by_unit(fiona, Level.GROUP, start, end)

    # In June only the cases still open count: a1, a6 (opened in April), a9 and c1; a2 was
    # resolved and a3 closed in April.
    assert plain(rows) == {
        w.group_a.pk: row(open_at_end=3),
        w.group_a2.pk: row(),
        w.group_b.pk: row(open_at_end=1),
    }


def test_total_of_each_scope(march, fiona, charlie, walter, alice, bob):
    assert dict(figures.total(fiona, START, END)) == CITY
    assert dict(figures.total(charlie, START, END)) == FACTORY_A
    assert dict(figures.total(walter, START, END)) == GROUP_A  # workshop A holds group A only
    assert dict(figures.total(alice, START, END)) == GROUP_A
    assert dict(figures.total(bob, START, END)) == GROUP_B


def test_group_summary(march, fiona, charlie):
    w = march
    counted = [
        "opened",
        "open_at_end",
        "resolved",
        "visits",
        "grants",
        "goods",
        "goods_value",
        "referrals",
        *(f"aid_{value}" for value in Source.values),
    ]

    summary = figures.group_summary(fiona, w.group_a, START, END)

    assert {key: summary[key] for key in counted} == {key: GROUP_A[key] for key in counted}
    assert summary.aid_total == D("430.50")
    # A group outside charlie's factory shows nothing to him.
    outside = figures.group_summary(charlie, w.group_b, START, END)
    assert {key: outside[key] for key in counted} == {key: row()[key] for key in counted}


def test_by_category_lists_every_category(march, fiona, charlie):
    city = [(str(label), n) for label, n in figures.by_category(fiona, START, END)]
    factory = [(str(label), n) for label, n in figures.by_category(charlie, START, END)]

    # Opened in March: a5, a9 and c1 illness; b1 injury; a2 housing; a3 family; a10
    # bereavement. a6 (other) was opened in April.
    assert city == [
        ("Illness", 3),
        ("Injury at work", 1),
        ("Housing", 1),
        ("Family hardship", 1),
        ("Bereavement", 1),
        ("Childbirth", 0),
        ("Other", 0),
    ]
    assert factory == [("Illness", 2), *city[1:]]
    assert [label for label, _n in city] == [str(label) for _v, label in Category.choices]


def test_counted_for_covers_the_scope_only(march, fiona, charlie, alice, bob):
    w = march
    cases = WelfareCase.objects

    def groups_of(user):
        return set(cases.counted_for(user).values_list("group", flat=True))

    assert groups_of(fiona) == {w.group_a.pk, w.group_a2.pk, w.group_b.pk}
    assert groups_of(charlie) == {w.group_a.pk, w.group_a2.pk}
    assert groups_of(alice) == {w.group_a.pk}
    assert groups_of(bob) == {w.group_b.pk}
    assert set(figures.by_unit(charlie, Level.GROUP, START, END)) == {w.group_a.pk, w.group_a2.pk}
    assert set(figures.by_unit(charlie, Level.FACTORY, START, END)) == {w.factory_a.pk}
    assert set(figures.by_unit(fiona, Level.FACTORY, START, END)) == {
        w.factory_a.pk,
        w.factory_b.pk,
    }
    # The federation counts every case and reads none.
    assert cases.counted_for(fiona).count() == 13
    assert not cases.visible_to(fiona).exists()


def _values(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from _values(value)
    else:
        yield data


def test_figures_are_numbers_never_names(march, fiona):
    w = march
    start, end = day(1, 1), END
    results = [
        *(plain(figures.by_unit(fiona, level, start, end)) for level in figures.CASE_KEYS),
        dict(figures.total(fiona, start, end)),
        dict(figures.group_summary(fiona, w.group_a, start, end)),
        [n for _label, n in figures.by_category(fiona, start, end)],
        [
            {key: value for key, value in month.items() if key != "month"}
            for month in figures.monthly(
                WelfareCase.objects.counted_for(fiona),
                CaseAction.objects.counted_for(fiona),
                start,
                end,
            )
        ],
    ]

    values = list(_values(results))
    assert values
    assert all(value is None or isinstance(value, (int, float, Decimal)) for value in values)
    for level in figures.CASE_KEYS:  # units by primary key, not by name
        assert all(isinstance(pk, int) for pk in figures.by_unit(fiona, level, start, end))


def test_figures_page_and_export_name_nobody(march, fiona_client):
    names = [case.member.name for case in WelfareCase.objects.select_related("member")]
    descriptions = list(WelfareCase.objects.values_list("description", flat=True))
    query = {"start": "2025-03-01", "end": "2025-03-31", "by": "group"}

    page = fiona_client.get(reverse("welfare:figures"), query).content.decode()
    export = b"".join(fiona_client.get(reverse("welfare:figures_export"), query).streaming_content)

    text = export.decode("utf-8")
    for secret in (*names, *descriptions):
        assert secret not in page
        assert secret not in text
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text[1:])))
    assert len(lines) == 4  # the header and the city's three groups
    by_name = {line[0]: line for line in lines[1:]}
    # Unit, opened, open at the end, resolved, median, visits, grants by source (union fund,
    # labour insurance, factory), goods, goods (yuan), labour insurance paid.
    group_a = by_name[march.group_a.name]
    assert group_a[1:6] == ["5", "4", "4", "39.5", "2"]
    assert [D(value) for value in group_a[6:]] == [D("350.50"), D(80), D(0), 2, D(35), D(400)]
    assert by_name[march.group_b.name][4] == ""  # no case resolved: no median


# --- Months --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            day(11, 15, 2024),
            day(2, 10),
            [day(11, 1, 2024), day(12, 1, 2024), day(1, 1), day(2, 1)],
        ),
        (day(12, 31, 2024), day(1, 1), [day(12, 1, 2024), day(1, 1)]),
        (day(1, 31), day(3, 1), [day(1, 1), day(2, 1), day(3, 1)]),
        (day(3, 5), day(3, 20), [day(3, 1)]),
    ],
)
def test_months_of_a_period(start, end, expected):
    assert figures.months(start, end) == expected


@pytest.mark.parametrize(
    ("today", "first"),
    [(day(3, 15), day(4, 1, 2024)), (day(1, 31), day(2, 1, 2024)), (day(12, 1), day(1, 1))],
)
def test_last_twelve_months(today, first):
    assert figures.last_twelve_months(today) == (first, today)


def test_monthly_buckets_across_the_new_year(world, alice, fiona):
    """From 2024-11-15 to 2025-02-10, in alice's group:

    - opened 2024-11-14 (before the period, in its first month): not counted;
    - opened 11-20: November; opened 12-01 and resolved 2025-01-15: December, January;
    - opened 12-31: December; opened 2025-02-10 (the last day): February; 02-11: not counted;
    - opened 2024-10-01 and resolved 11-16: resolved in November;
    - a visit 12-05, a visit 01-01, a grant of 100 on 01-02 (aid 100 in January: aid is grants,
      as on every page) and goods worth 20 on 01-03, goods of no stated worth 01-04; outside: a
      grant 11-14, a visit 02-11.
    And in bob's group, a case opened 12-10: in the city's figures only.
    """
    a = world.group_a
    start, end = day(11, 15, 2024), day(2, 10)
    make_case(a, day(11, 14, 2024))
    make_case(a, day(11, 20, 2024))
    worked = make_case(a, day(12, 1, 2024), resolved=day(1, 15))
    make_case(a, day(12, 31, 2024))
    make_case(a, day(2, 10))
    make_case(a, day(2, 11))
    early = make_case(a, day(10, 1, 2024), resolved=day(11, 16, 2024))
    make_case(world.group_b, day(12, 10, 2024))
    visit(worked, day(12, 5, 2024))
    visit(worked, day(1, 1))
    grant(worked, day(1, 2), "100", Source.UNION_FUND)
    goods(worked, day(1, 3), "20")
    goods(worked, day(1, 4))
    grant(early, day(11, 14, 2024), "500", Source.FACTORY)
    visit(worked, day(2, 11))

    def monthly(user):
        return figures.monthly(
            WelfareCase.objects.counted_for(user), CaseAction.objects.counted_for(user), start, end
        )

    assert monthly(alice) == [
        {"month": day(11, 1, 2024), "opened": 1, "resolved": 1, "visits": 0, "aid": 0},
        {"month": day(12, 1, 2024), "opened": 2, "resolved": 0, "visits": 1, "aid": 0},
        {"month": day(1, 1), "opened": 0, "resolved": 1, "visits": 1, "aid": D("100.00")},
        {"month": day(2, 1), "opened": 1, "resolved": 0, "visits": 0, "aid": 0},
    ]
    assert [month["opened"] for month in monthly(fiona)] == [1, 3, 0, 1]


# --- CSV files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+86 351 123", "'+86 351 123"),
        ("-1+1", "'-1+1"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("韓潤", "韓潤"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (12, "12"),
        (-12, "-12"),
        (D("-3.50"), "-3.50"),
        (-2.5, "-2.5"),
        (day(3, 5), "2025-03-05"),
    ],
)
def test_cell_defuses_formulae_and_leaves_numbers_and_dates(value, expected):
    assert cell(value) == expected


def test_csv_starts_with_a_byte_order_mark_and_escapes_every_cell():
    response = csv_response("x.csv", ["名字", "=head"], [["=1+1", -3], ["韓潤", None]])

    text = b"".join(response.streaming_content).decode("utf-8")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert text.startswith("\ufeff名字")
    assert list(csv.reader(io.StringIO(text[1:]))) == [
        ["名字", "'=head"],
        ["'=1+1", "-3"],
        ["韓潤", ""],
    ]


def test_case_export_defuses_a_description_that_looks_like_a_formula(world, alice_client):
    WelfareCaseFactory(member__group=world.group_a, description='=HYPERLINK("http://x","y")')

    response = alice_client.get(reverse("welfare:case_export"))

    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    [_header, line] = list(csv.reader(io.StringIO(text[1:])))
    assert line[-1] == '\'=HYPERLINK("http://x","y")'


def test_insurance_paid_counts_in_the_month_it_was_paid(admin_user):
    """A claim filed in February and paid in March counts as filed in February and paid in
    March."""
    group = UnionGroupFactory()
    case = make_case(group, day(2, 1))
    InsuranceClaimFactory(
        case=case,
        filed_on=day(2, 10),
        amount_claimed=D(80),
        amount_paid=D(60),
        status=Claim.PAID,
        decided_on=day(3, 5),
    )
    february = figures.by_unit(admin_user, Level.GROUP, day(2, 1), day(2, 28), ids=[group.pk])
    march = figures.by_unit(admin_user, Level.GROUP, START, END, ids=[group.pk])
    assert (february[group.pk]["claims"], february[group.pk]["insurance_paid"]) == (1, D(0))
    assert (march[group.pk]["claims"], march[group.pk]["insurance_paid"]) == (0, D(60))


def test_figures_pages_answer_for_a_factory_without_workshops(client, world):
    """No unit to list: the page and its export show zeros, not an error."""
    from tests.factories import FactoryUnionFactory, scoped_user

    empty = FactoryUnionFactory(federation=world.federation, name="新建廠")
    client.force_login(scoped_user("newstaff", empty, is_staff=True))
    response = client.get(reverse("welfare:figures"))
    assert response.status_code == 200
    assert response.context["total"]["median_days"] is None
    export = client.get(reverse("welfare:figures_export"))
    assert export.status_code == 200
    assert len(b"".join(export.streaming_content).decode().splitlines()) == 1  # the header
