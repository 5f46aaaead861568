"""Query counts of the list and detail pages, pinned, and the same for 2 rows as for 50.

Each page is loaded once with 2 rows of what it lists and once with 50; both loads must run the
pinned number of queries. A page that grows a query per row fails here before it is slow.
"""

import datetime

from django.urls import reverse

from groups.models import GroupMembership, Role
from tests.factories import (
    FactoryUnionFactory,
    MemberFactory,
    RoleFactory,
    UnionGroupFactory,
    WorkshopUnionFactory,
)
from tests.helpers import assert_flat_queries


def test_it_lists_factories_in_fixed_queries(fiona_client, world, django_assert_num_queries):
    def add_rows(n):
        added = []
        for _ in range(n):
            factory = FactoryUnionFactory(federation=world.federation)
            MemberFactory(group=UnionGroupFactory(workshop__factory=factory))
            added.append(factory)
        return added

    # 1 session, 2 user, 3 fiona's scope with its units, 4 count of factories (paginator),
    # 5 active groups per factory, 6 active members per factory, 7 the page of factories.
    assert_flat_queries(
        django_assert_num_queries,
        fiona_client,
        reverse("groups:factory_list"),
        add_rows=add_rows,
        rows_now=2,
        pinned=7,
    )


def test_it_shows_a_factory_in_fixed_queries(charlie_client, world, django_assert_num_queries):
    def add_rows(n):
        added = []
        for _ in range(n):
            workshop = WorkshopUnionFactory(factory=world.factory_a)
            MemberFactory(group=UnionGroupFactory(workshop=workshop))
            added.append(workshop)
        return added

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the factory, 5 its workshops,
    # 6 active groups per workshop, 7 active members per workshop, 8 the preparedness figures
    # of the meetings per workshop (the whole factory's are their sum); 9-11 the welfare
    # figures per workshop (cases, actions, median days), 12-14 the welfare chart per month
    # (cases opened, cases resolved, visits and aid).
    assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        world.factory_a.get_absolute_url(),
        add_rows=add_rows,
        rows_now=2,
        pinned=14,
    )


def _add_groups(workshop):
    """Groups in ``workshop``, each with a union group leader and another member."""

    def add_rows(n):
        added = []
        for _ in range(n):
            group = UnionGroupFactory(workshop=workshop)
            RoleFactory(member=MemberFactory(group=group))
            MemberFactory(group=group)
            added.append(group)
        return added

    return add_rows


def test_it_shows_a_workshop_in_fixed_queries(walter_client, world, django_assert_num_queries):
    # 1 session, 2 user, 3 walter's scope with its units, 4 the workshop with its factory,
    # 5 count of its active groups (paginator), 6 the page of groups, each with its leader's
    # name and member count as subqueries, 7 the preparedness figures of the meetings per group.
    assert_flat_queries(
        django_assert_num_queries,
        walter_client,
        world.workshop_a.get_absolute_url(),
        add_rows=_add_groups(world.workshop_a),
        rows_now=1,
        pinned=7,
    )


def test_it_lists_groups_in_fixed_queries(walter_client, world, django_assert_num_queries):
    # 1 session, 2 user, 3 walter's scope with its units, 4 count of groups (paginator),
    # 5 the filter form's factories, 6 its workshops with their factories, 7 the page of
    # groups with workshop and factory joined, leader's name and member count as subqueries.
    assert_flat_queries(
        django_assert_num_queries,
        walter_client,
        reverse("groups:group_list"),
        add_rows=_add_groups(world.workshop_a),
        rows_now=1,
        pinned=7,
    )


def test_it_shows_a_group_in_fixed_queries(alice_client, world, django_assert_num_queries):
    """Members, current and past roles (officers with their activists) and former members all
    grow with the rows."""
    group = world.group_a
    officers = []

    def add_rows(n):
        added = []
        for i in range(n):
            member = MemberFactory(group=group)
            if i % 2 == 0 or not officers:
                officers.append(
                    RoleFactory(member=member, kind=Role.Kind.OFFICER, portfolio="publicity")
                )
            else:
                RoleFactory(member=member, kind=Role.Kind.ACTIVIST, mentor=officers[-1])
            RoleFactory(
                member=member,
                kind=Role.Kind.ACTIVIST,
                started_on=datetime.date(2021, 1, 1),
                ended_on=datetime.date(2022, 1, 1),
            )
            former = MemberFactory(group=world.group_a2)
            GroupMembership.objects.create(
                member=former,
                group=group,
                started_on=datetime.date(2019, 1, 1),
                ended_on=datetime.date(2020, 1, 1),
            )
            added.append(member)
        return added

    # 1 session, 2 user, 3 alice's scope with its units, 4 the group with workshop and
    # factory, 5 all its roles with their members, 6 its active members, 7 the preparedness
    # figures of its meetings, 8 its next three meetings (none: their agenda items would be
    # a query more, see tests/meetings/test_queries.py), 9 its open action items, 10 the
    # resolutions it has still to carry out, 11 its former members (the last 20 stays that
    # ended, with their members), 12 its current guarantee plan (none: its indicators would be
    # a query more, see tests/competitions), 13 the campaigns it takes part in now, 14 its
    # pacts in force, 15 this year's proposal figures, 16 its ten welfare cases not closed
    # (alice's scope, query 3, also says whether her member leads the group or keeps its
    # welfare), 17-18 its welfare counts of the last year (cases, then visits and aid), 19 its
    # latest activities with who took part.
    assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        group.get_absolute_url(),
        add_rows=add_rows,
        rows_now=1,
        pinned=19,
    )


def test_it_shows_a_member_in_fixed_queries(alice, alice_client, world, django_assert_num_queries):
    """History records (each by a user), stays in groups and roles all grow with the rows."""
    member = world.leader_a

    def add_rows(n):
        added = []
        for i in range(n):
            member.trade = f"工種{member.history.count() + 1}"
            member.skill_grade = i % 8 + 1
            member._history_user = alice
            member.save()
            elsewhere = UnionGroupFactory(workshop=world.workshop_a)
            GroupMembership.objects.create(
                member=member,
                group=elsewhere,
                started_on=datetime.date(2000 + i % 20, 1, 1),
                ended_on=datetime.date(2000 + i % 20, 6, 1),
            )
            RoleFactory(
                member=member,
                group=elsewhere,
                kind=Role.Kind.OFFICER,
                portfolio="culture",
                started_on=datetime.date(2000 + i % 20, 1, 1),
                ended_on=datetime.date(2000 + i % 20, 6, 1),
            )
            added.append(elsewhere)
        return added

    # 1 session, 2 user, 3 alice's scope with its units, 4 the member with group, workshop
    # and factory, 5 the last 21 history records with their users (diffs are in Python),
    # 6 the member's stays with group and workshop, 7 the member's roles with their groups.
    response = assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        member.get_absolute_url(),
        add_rows=add_rows,
        rows_now=1,
        pinned=7,
    )
    # Each change is signed with the name of the member the account belongs to, not its
    # sign-in name (loaded with the history: no query more).
    content = response.content.decode()
    assert "· 韓潤 ·" in content
    assert "alice" not in content
