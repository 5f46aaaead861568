"""Writes that span several rows: all of it happens, or none of it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from groups import services
from groups.models import GroupMembership, Member, Role, UnionGroup
from tests.factories import MemberFactory, RoleFactory

DAY = datetime.date(2026, 3, 1)


def test_it_moves_a_member_and_keeps_where_they_were(world):
    member = MemberFactory(group=world.group_a)
    services.member_move(member=member, to_group=world.group_a2, on=DAY)
    member.refresh_from_db()
    assert member.group == world.group_a2
    stays = list(member.memberships.order_by("started_on").values_list("group", "ended_on"))
    assert stays == [(world.group_a.pk, DAY), (world.group_a2.pk, None)]


def test_it_ends_the_roles_of_a_member_who_moves(world):
    member = MemberFactory(group=world.group_a)
    officer = RoleFactory(
        member=member, kind=Role.Kind.OFFICER, portfolio=Role.Portfolio.PRODUCTION
    )
    services.member_move(member=member, to_group=world.group_a2, on=DAY)
    officer.refresh_from_db()
    assert officer.ended_on == DAY


def test_it_moves_nobody_to_another_factory(world):
    member = MemberFactory(group=world.group_a)
    with pytest.raises(ValidationError):
        services.member_move(member=member, to_group=world.group_b, on=DAY)
    member.refresh_from_db()
    assert member.group == world.group_a
    assert member.memberships.get().ended_on is None


def test_it_changes_nothing_when_a_move_is_dated_before_the_stay_began(world):
    member = MemberFactory(group=world.group_a, joined_union_on=DAY)
    RoleFactory(member=member, kind=Role.Kind.ACTIVIST, mentor=None, started_on=DAY)
    with pytest.raises(ValidationError):
        services.member_move(member=member, to_group=world.group_a2, on=DAY.replace(day=1, month=1))
    assert member.roles.current().count() == 1
    assert GroupMembership.objects.filter(member=member).count() == 1


def test_it_ends_roles_and_the_stay_when_a_member_leaves(world):
    member = world.leader_a
    member.status = Member.Status.LEFT
    member.status_changed_on = DAY
    services.member_update(member=member, previous_status=Member.Status.ACTIVE)
    assert not member.roles.current().exists()
    assert member.memberships.get().ended_on == DAY


def test_it_refuses_a_second_union_group_leader_with_a_clear_message(world):
    member = MemberFactory(group=world.group_a)
    with pytest.raises(ValidationError) as error:
        services.role_assign(
            group=world.group_a, member=member, kind=Role.Kind.UNION_LEADER, started_on=DAY
        )
    assert "韓潤" in str(error.value.message_dict["kind"])


def test_it_links_an_activist_only_to_a_current_officer_of_the_same_group(world):
    outsider_officer = RoleFactory(
        member=MemberFactory(group=world.group_b),
        kind=Role.Kind.OFFICER,
        portfolio=Role.Portfolio.WELFARE,
    )
    member = MemberFactory(group=world.group_a)
    with pytest.raises(ValidationError) as error:
        services.role_assign(
            group=world.group_a,
            member=member,
            kind=Role.Kind.ACTIVIST,
            started_on=DAY,
            mentor=outsider_officer,
        )
    assert "mentor" in error.value.message_dict


def test_it_gives_no_role_to_a_member_of_another_group(world):
    with pytest.raises(ValidationError) as error:
        services.role_assign(
            group=world.group_a,
            member=world.leader_b,
            kind=Role.Kind.PRODUCTION_LEADER,
            started_on=DAY,
        )
    assert "member" in error.value.message_dict


def test_it_archives_a_group_only_once_its_members_have_moved(world):
    with pytest.raises(ValidationError):
        services.group_archive(group=world.group_a, on=DAY, reason="合併")
    world.group_a.refresh_from_db()
    assert not world.group_a.is_archived
    services.member_move(member=world.leader_a, to_group=world.group_a2, on=DAY)
    services.group_archive(group=world.group_a, on=DAY, reason="合併")
    assert UnionGroup.objects.get(pk=world.group_a.pk).archived_on == DAY


def test_it_keeps_each_ended_role_in_the_history(world):
    role = world.group_a.roles.get()
    services.role_end(role=role, on=DAY)
    assert role.history.count() == 2
    assert role.history.first().ended_on == DAY
