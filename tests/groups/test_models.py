"""Invariants the database itself holds, whatever door the data comes in by."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from groups.models import Member, Role, Scope, consecutive_terms
from tests.factories import MemberFactory, RoleFactory, UserFactory


def refused(make, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make(**fields)


def test_it_refuses_two_current_union_group_leaders_in_a_group(world):
    second = MemberFactory(group=world.group_a)
    refused(RoleFactory, member=second, kind=Role.Kind.UNION_LEADER)


def test_it_allows_the_next_leader_once_the_term_has_ended(world):
    term = world.group_a.roles.get(kind=Role.Kind.UNION_LEADER)
    term.ended_on = datetime.date(2025, 11, 1)
    term.save()
    second = MemberFactory(group=world.group_a)
    RoleFactory(member=second, started_on=datetime.date(2025, 11, 1))
    assert world.group_a.roles.current().filter(kind=Role.Kind.UNION_LEADER).get().member == second


def test_it_allows_one_current_leader_in_each_group(world):
    assert Role.objects.current().filter(kind=Role.Kind.UNION_LEADER).count() == 2


def test_it_refuses_an_employee_number_twice_in_a_factory(world):
    refused(
        MemberFactory,
        group=world.group_a2,
        employee_number=world.leader_a.employee_number,
    )


def test_it_allows_the_same_employee_number_in_another_factory(world):
    member = MemberFactory(group=world.group_b, employee_number=world.leader_a.employee_number)
    assert member.factory == world.factory_b


def test_it_refuses_a_role_that_ends_before_it_began(world):
    refused(
        RoleFactory,
        member=MemberFactory(group=world.group_a),
        kind=Role.Kind.ACTIVIST,
        started_on=datetime.date(2025, 5, 1),
        ended_on=datetime.date(2025, 4, 30),
    )


def test_it_refuses_a_portfolio_on_anyone_but_an_officer(world):
    refused(
        RoleFactory,
        member=MemberFactory(group=world.group_a),
        kind=Role.Kind.PRODUCTION_LEADER,
        portfolio=Role.Portfolio.WELFARE,
    )


def test_it_refuses_a_skill_grade_outside_one_to_eight(world):
    refused(MemberFactory, group=world.group_a, skill_grade=9)


def test_it_refuses_a_member_who_left_without_a_date(world):
    refused(MemberFactory, group=world.group_a, status=Member.Status.LEFT)


def test_it_refuses_a_scope_whose_unit_does_not_match_its_level(world):
    user = UserFactory()
    refused(Scope.objects.create, user=user, level="group", factory=world.factory_a)


def test_it_refuses_a_second_current_stay_in_a_group(world):
    refused(
        world.leader_a.memberships.create,
        group=world.group_a2,
        started_on=datetime.date(2025, 1, 1),
    )


class FakeMember:
    def __init__(self, pk):
        self.pk = pk


class FakeRole:
    def __init__(self, pk, member_pk, day):
        self.pk = pk
        self.member = FakeMember(member_pk)
        self.started_on = datetime.date(2000, 1, 1) + datetime.timedelta(days=day)


@given(st.lists(st.integers(min_value=1, max_value=3), max_size=12))
def test_it_groups_terms_into_runs_held_back_to_back(holders):
    roles = [FakeRole(pk, member, day=pk * 365) for pk, member in enumerate(holders)]
    runs = consecutive_terms(reversed(roles))
    assert sum(len(terms) for _, terms in runs) == len(roles)
    # Newest run first; neighbouring runs are held by different members.
    chronological = list(reversed(runs))
    assert [r for _, terms in chronological for r in terms] == roles
    for (a, _), (b, _) in zip(chronological, chronological[1:], strict=False):
        assert a.pk != b.pk
