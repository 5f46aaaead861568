"""Query counts of the welfare pages, pinned, and the same for 2 rows as for 50.

Each page is loaded once with 2 rows of what it lists and once with 50; both loads must run the
pinned number of queries. A page that grows a query per row fails here before it is slow.
"""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    FactoryUnionFactory,
    MemberFactory,
    UnionGroupFactory,
    WorkshopUnionFactory,
)
from tests.helpers import assert_flat_queries
from tests.welfare.factories import (
    ActivityFactory,
    CaseActionFactory,
    InsuranceClaimFactory,
    WelfareCaseFactory,
)
from welfare.models import CaseAction, WelfareCase

DAY = datetime.timedelta(days=1)
PAGE_SIZE = 25  # of the case list and the activity list
FIGURES_PAGE_SIZE = 50  # of the figures page's units


def _today():
    return timezone.localdate()


def _case_with_aid(group, name, *, opened_days_ago=30, resolved=False):
    """A case of a new member of ``group`` named ``name``, with a visit, a grant, goods and a
    paid labour insurance claim; resolved after ten days if ``resolved``."""
    opened_on = _today() - opened_days_ago * DAY
    extra = {}
    if resolved:
        extra = {
            "status": WelfareCase.Status.RESOLVED,
            "resolved_on": opened_on + 10 * DAY,
            "days_to_resolve": 10,
        }
    case = WelfareCaseFactory(
        member=MemberFactory(group=group, name=name), opened_on=opened_on, **extra
    )
    CaseActionFactory(case=case)
    CaseActionFactory(
        case=case,
        kind=CaseAction.Kind.GRANT,
        brought="",
        amount=Decimal(30),
        source=CaseAction.Source.UNION_FUND,
        text="",
    )
    CaseActionFactory(
        case=case,
        kind=CaseAction.Kind.GOODS,
        brought="棉被",
        amount=Decimal(12),
        source=CaseAction.Source.FACTORY,
        text="",
    )
    InsuranceClaimFactory(
        case=case,
        status="paid",
        amount_paid=Decimal(30),
        decided_on=opened_on + DAY,
    )
    return case


# The case list.


def _cases_in(groups, made, **case_kwargs):
    """``add_rows`` for a list of cases: each of a new member of one of ``groups`` in turn, with
    a visit; ``made`` keeps them in the order they were made."""

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            group = groups[i % len(groups)]
            member = MemberFactory(group=group, name=f"困難戶{i + 1:02d}號")
            case = WelfareCaseFactory(member=member, **case_kwargs)
            CaseActionFactory(case=case)
            made.append(case)
            added.append(case)
        return added

    return add_rows


def test_it_lists_charlie_the_cases_in_fixed_queries(
    charlie_client, world, django_assert_num_queries
):
    """Cases of groups of both of factory A's workshops; the newest 25 are on the first page."""
    made = []

    def shown(case):
        return f">{case.member.name}</a>" if case in made[-PAGE_SIZE:] else None

    # 1 session, 2 user, 3 charlie's scope with its units (factory staff read cases: no
    # query), 4 count of the cases (paginator), 5 the page of cases with member, group and
    # workshop.
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("welfare:case_list"),
        add_rows=_cases_in([world.group_a, world.group_a2], made),
        rows_now=0,
        pinned=5,
        shown=shown,
    )
    assert response.context["page"].paginator.count == 50


def test_it_lists_alice_her_groups_cases_in_fixed_queries(
    alice_client, world, django_assert_num_queries
):
    made = []

    def shown(case):
        return f">{case.member.name}</a>" if case in made[-PAGE_SIZE:] else None

    # 1 session, 2 user, 3 alice's scope with its units and whether her member leads the group
    # or keeps its welfare (she may read its cases), 4 the group with workshop and factory,
    # 5 count of the cases (paginator), 6 the page of cases with member, group and workshop.
    assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        reverse("welfare:case_list") + f"?group={world.group_a.pk}",
        add_rows=_cases_in([world.group_a], made),
        rows_now=0,
        pinned=6,
        shown=shown,
    )


def test_it_lists_the_follow_ups_due_in_fixed_queries(
    charlie_client, world, django_assert_num_queries
):
    """Cases whose follow-up is today or past, the earliest first; the first 25 are on the
    first page. A case whose follow-up is to come is not listed."""
    WelfareCaseFactory(
        member=MemberFactory(group=world.group_a, name="下週再看"), follow_up_on=_today() + DAY
    )
    made = []
    add_cases = _cases_in([world.group_a, world.group_a2], made)

    def add_rows(n):
        added = add_cases(n)
        for case in added:
            i = made.index(case)
            case.follow_up_on = _today() - (50 - i) * DAY
            case.save(update_fields=["follow_up_on"])
        return added

    def shown(case):
        return f">{case.member.name}</a>" if case in made[:PAGE_SIZE] else None

    # 1 session, 2 user, 3 charlie's scope with its units, 4 count of the cases due
    # (paginator), 5 the page of cases with member, group and workshop.
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("welfare:case_list") + "?due=1",
        add_rows=add_rows,
        rows_now=0,
        pinned=5,
        shown=shown,
    )
    assert "下週再看" not in response.content.decode()
    assert response.context["page"].paginator.count == 50


# A case.


def test_it_shows_a_case_in_fixed_queries(
    charlie, charlie_client, world, django_assert_num_queries
):
    """Each row: an action on the case (visits, grants, goods, referrals and notes in turn),
    a labour insurance claim and a reading of the case by another account."""
    case = WelfareCaseFactory(
        member=MemberFactory(group=world.group_a, name="龐秀芝"), opened_on=_today() - 60 * DAY
    )
    kinds = [
        {"kind": "visit"},
        {"kind": "grant", "brought": "", "amount": Decimal(20), "source": "union_fund"},
        {"kind": "goods", "brought": "棉衣", "amount": Decimal(8), "source": "factory"},
        {"kind": "referral", "brought": "", "referred_to": "factory_union"},
        {"kind": "note", "brought": "", "who": ""},
    ]
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            action = CaseActionFactory(
                case=case,
                done_on=case.opened_on + (i % 50) * DAY,
                text=f"第{i + 1}次記下的情況",
                recorded_by=charlie,
                **kinds[i % len(kinds)],
            )
            InsuranceClaimFactory(case=case, amount_claimed=Decimal(10 + i))
            made.append(action)
            added.append(action)
        return added

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the case with its group,
    # workshop, factory, member and opener, 5 the record that charlie read it, 6 its actions
    # with who recorded them, 7 its latest changes, 8 the latest changes of its actions, each
    # with who made them, 9 its labour insurance claims, 10 its status changes with who made
    # them, 11 who read it last, with their accounts.
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        case.get_absolute_url(),
        add_rows=add_rows,
        rows_now=0,
        pinned=11,
        shown=lambda action: action.text,
    )
    assert len(response.context["actions"]) == 50
    assert len(response.context["claims"]) == 50


# The figures.


def _groups_of_factory_a(world):
    """``add_rows`` for factory A's groups, in both workshops in turn, each with a case opened a
    month ago, a case resolved, and their aid."""

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(added) + UnionGroupFactory._meta.model.objects.count()
            workshop = world.workshop_a if i % 2 else world.workshop_a2
            group = UnionGroupFactory(workshop=workshop, name=f"A{i:02d}號小組")
            _case_with_aid(group, f"A{i:02d}號困難戶")
            _case_with_aid(group, f"A{i:02d}號病人", opened_days_ago=40, resolved=True)
            added.append(group)
        return added

    return add_rows


def _unit_link(unit):
    return f'{unit.get_absolute_url()}">{unit.name}</a>'


def test_it_shows_charlie_the_figures_by_group_in_fixed_queries(
    charlie_client, world, django_assert_num_queries
):
    # 1 session, 2 user, 3 charlie's scope with its units, 4 count of the groups (paginator),
    # 5 the page of groups with workshop, 6-8 their figures (cases and actions grouped by
    # group, and the median days to resolve), 9-12 the same, with the labour insurance claims,
    # for all the cases charlie sees, 13 the cases opened per category.
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("welfare:figures") + "?by=group",
        add_rows=_groups_of_factory_a(world),
        rows_now=2,
        pinned=13,
        shown=_unit_link,
    )
    total = response.context["total"]
    assert (total["opened"], total["resolved"], total["median_days"]) == (96, 48, 10.0)
    figures = [unit.figures for unit in response.context["page"]]
    assert sorted(f["opened"] for f in figures) == [0, 0] + [2] * 48


def test_it_shows_charlie_the_figures_by_workshop_in_fixed_queries(
    charlie_client, world, django_assert_num_queries
):
    def add_rows(n):
        added = []
        for i in range(n):
            workshop = WorkshopUnionFactory(factory=world.factory_a, name=f"A{i:02d}車間")
            group = UnionGroupFactory(workshop=workshop)
            _case_with_aid(group, f"A{i:02d}車間困難戶")
            added.append(workshop)
        return added

    # 1 session, 2 user, 3 charlie's scope with its units, 4 count of the workshops
    # (paginator), 5 the page of workshops with factory, 6-8 their figures, 9-12 those of all
    # the cases charlie sees, 13 the cases opened per category.
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("welfare:figures") + "?by=workshop",
        add_rows=add_rows,
        rows_now=2,
        pinned=13,
        shown=_unit_link,
    )
    assert response.context["total"]["visits"] == 48


def test_it_shows_the_federation_the_figures_by_factory_in_fixed_queries(
    fiona_client, world, django_assert_num_queries
):
    """Per factory of the city: its cases and their aid, no name."""

    def add_rows(n):
        added = []
        for i in range(n):
            factory = FactoryUnionFactory(federation=world.federation, name=f"A{i:02d}廠")
            group = UnionGroupFactory(workshop=WorkshopUnionFactory(factory=factory))
            _case_with_aid(group, f"A{i:02d}廠困難戶")
            added.append(factory)
        return added

    # 1 session, 2 user, 3 fiona's scope with its units, 4 count of the factories
    # (paginator), 5 the page of factories, 6-8 their figures, 9-12 those of all the cases
    # of the city, 13 the cases opened per category.
    response = assert_flat_queries(
        django_assert_num_queries,
        fiona_client,
        reverse("welfare:figures"),
        add_rows=add_rows,
        rows_now=2,
        pinned=13,
        shown=_unit_link,
    )
    assert response.context["level"] == "factory"
    content = response.content.decode()
    assert "廠困難戶" not in content
    total = response.context["total"]
    assert (total["opened"], total["aid_union_fund"], total["insurance_paid"]) == (48, 1440, 1440)


def test_it_shows_the_federation_the_figures_by_workshop_in_fixed_queries(
    fiona_client, world, django_assert_num_queries
):
    def add_rows(n):
        added = []
        for i in range(n):
            factory = world.factory_a if i % 2 else world.factory_b
            workshop = WorkshopUnionFactory(factory=factory, name=f"A{i:02d}車間")
            _case_with_aid(UnionGroupFactory(workshop=workshop), f"A{i:02d}車間困難戶")
            added.append(workshop)
        return added

    # 1 session, 2 user, 3 fiona's scope with its units, 4 count of the workshops
    # (paginator), 5 the page of workshops with factory, 6-8 their figures, 9-12 those of all
    # the cases of the city, 13 the cases opened per category. (Three workshops and 48 more:
    # the first page has all 48.)
    response = assert_flat_queries(
        django_assert_num_queries,
        fiona_client,
        reverse("welfare:figures") + "?by=workshop",
        add_rows=add_rows,
        rows_now=3,
        pinned=13,
        shown=_unit_link,
    )
    assert "車間困難戶" not in response.content.decode()


def test_it_shows_the_federation_the_figures_by_group_in_fixed_queries(
    fiona_client, world, django_assert_num_queries
):
    def add_rows(n):
        added = []
        for i in range(n):
            workshop = world.workshop_a if i % 2 else world.workshop_b
            group = UnionGroupFactory(workshop=workshop, name=f"A{i:02d}號小組")
            _case_with_aid(group, f"A{i:02d}號困難戶", resolved=bool(i % 3))
            added.append(group)
        return added

    # 1 session, 2 user, 3 fiona's scope with its units, 4 count of the groups (paginator),
    # 5 the page of groups with workshop, 6-8 their figures, 9-12 those of all the cases of
    # the city, 13 the cases opened per category. (Three groups and 48 more: the first page
    # has all 48.)
    response = assert_flat_queries(
        django_assert_num_queries,
        fiona_client,
        reverse("welfare:figures") + "?by=group",
        add_rows=add_rows,
        rows_now=3,
        pinned=13,
        shown=_unit_link,
    )
    assert "號困難戶" not in response.content.decode()
    assert response.context["total"]["resolved"] == 32


# Recreation and culture.


def test_it_lists_a_groups_activities_in_fixed_queries(
    alice_client, world, django_assert_num_queries
):
    """Each activity has two members of the group taking part; the newest 25 are on the first
    page."""
    made = []
    members = MemberFactory.create_batch(2, group=world.group_a)

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            activity = ActivityFactory(
                group=world.group_a,
                held_on=_today() - (50 - i) * DAY,
                title=f"第{i + 1}場籃球賽",
            )
            activity.participants.set(members)
            made.append(activity)
            added.append(activity)
        return added

    def shown(activity):
        return activity.title if activity in made[-PAGE_SIZE:] else None

    # 1 session, 2 user, 3 alice's scope with its units, 4 the group with workshop and
    # factory, 5 count of its activities (paginator), 6 the page of activities with those who
    # took part counted, 7 count of its activities of the last twelve months.
    response = assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        reverse("welfare:activity_list", args=[world.group_a.pk]),
        add_rows=add_rows,
        rows_now=0,
        pinned=7,
        shown=shown,
    )
    assert {a.taking_part for a in response.context["page"]} == {2}
