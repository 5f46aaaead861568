"""Forms answer bad input with a clear message and keep what the user typed."""

import datetime

from django.urls import reverse
from django.utils import timezone

from groups.models import Member, Role
from tests.factories import MemberFactory, RoleFactory


def member_data(**changes):
    data = {
        "name": "李秀英",
        "gender": "f",
        "employee_number": "E-777",
        "trade": "車工",
        "skill_grade": "4",
        "phone": "13800000000",
        "joined_union_on": "2024-05-06",
    }
    data.update(changes)
    return data


def test_it_adds_a_member_to_the_group(alice_client, world):
    url = reverse("groups:member_create", args=[world.group_a.pk])
    response = alice_client.post(url, member_data())
    assert response.status_code == 302
    member = Member.objects.get(name="李秀英")
    assert member.group == world.group_a
    assert member.factory == world.factory_a
    assert member.memberships.get().started_on == datetime.date(2024, 5, 6)
    assert member.history.get().history_user.username == "alice"


def test_it_keeps_what_was_typed_when_the_employee_number_is_taken(alice_client, world):
    url = reverse("groups:member_create", args=[world.group_a.pk])
    taken = world.leader_a.employee_number
    response = alice_client.post(url, member_data(employee_number=taken))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Employee number {taken} is already 韓潤&#x27;s in this factory." in page
    assert 'value="李秀英"' in page
    assert 'value="2024-05-06"' in page
    assert not Member.objects.filter(name="李秀英").exists()


def test_it_refuses_a_date_in_the_future(alice_client, world):
    url = reverse("groups:member_create", args=[world.group_a.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = alice_client.post(url, member_data(joined_union_on=tomorrow.isoformat()))
    assert "This date is in the future." in response.content.decode()


def test_it_reads_dates_as_iso_whatever_the_language(alice_client, world):
    url = reverse("groups:member_create", args=[world.group_a.pk])
    alice_client.cookies["django_language"] = "zh-hans"
    response = alice_client.post(url, member_data())
    assert response.status_code == 302


def test_it_asks_for_the_date_a_member_left(alice_client, world):
    url = reverse("groups:member_edit", args=[world.leader_a.pk])
    data = member_data(employee_number=world.leader_a.employee_number, status="left")
    response = alice_client.post(url, data)
    assert "Give the date the member transferred or left." in response.content.decode()
    world.leader_a.refresh_from_db()
    assert world.leader_a.status == Member.Status.ACTIVE


def test_it_names_the_current_leader_when_a_second_is_assigned(alice_client, world):
    member = MemberFactory(group=world.group_a, name="張德明")
    url = reverse("groups:role_create", args=[world.group_a.pk])
    data = {"member": member.pk, "kind": "union_leader", "started_on": "2026-01-05"}
    response = alice_client.post(url, data)
    page = response.content.decode()
    assert "韓潤 is the union group leader since 2024-11-01. End that term first." in page
    assert 'value="2026-01-05"' in page
    assert not member.roles.exists()


def test_it_assigns_an_activist_to_an_officer(alice_client, world):
    officer = RoleFactory(
        member=MemberFactory(group=world.group_a, name="王保全"),
        kind=Role.Kind.OFFICER,
        portfolio=Role.Portfolio.PRODUCTION,
    )
    activist = MemberFactory(group=world.group_a, name="趙鐵柱")
    url = reverse("groups:role_create", args=[world.group_a.pk])
    data = {
        "member": activist.pk,
        "kind": "activist",
        "mentor": officer.pk,
        "started_on": "2026-01-05",
    }
    assert alice_client.post(url, data).status_code == 302
    page = alice_client.get(world.group_a.get_absolute_url()).content.decode()
    assert 'data-officer="王保全"' in page
    assert 'data-activist="趙鐵柱"' in page


def test_it_refuses_to_end_a_role_before_it_began(alice_client, world):
    role = world.group_a.roles.get()
    url = reverse("groups:role_end", args=[role.pk])
    response = alice_client.post(url, {"ended_on": "2020-01-01"})
    assert response.status_code == 400
    assert "A role cannot end before it began (2024-11-01)." in response.content.decode()
    role.refresh_from_db()
    assert role.ended_on is None


def test_it_ends_a_role(alice_client, world):
    role = world.group_a.roles.get()
    url = reverse("groups:role_end", args=[role.pk])
    response = alice_client.post(url, {"ended_on": "2025-11-01"})
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.ended_on == datetime.date(2025, 11, 1)


def test_it_archives_an_empty_group_with_a_reason(charlie_client, world):
    world.leader_a.status = Member.Status.LEFT
    world.leader_a.status_changed_on = datetime.date(2026, 1, 1)
    world.leader_a.save()
    url = reverse("groups:group_archive", args=[world.group_a.pk])
    response = charlie_client.post(url, {"archived_on": "2026-02-01", "reason": ""})
    assert "This field is required." in response.content.decode()
    response = charlie_client.post(url, {"archived_on": "2026-02-01", "reason": "併入裝配車間"})
    assert response.status_code == 302
    world.group_a.refresh_from_db()
    assert world.group_a.archive_reason == "併入裝配車間"


def test_it_says_why_a_group_with_members_cannot_be_archived(charlie_client, world):
    url = reverse("groups:group_archive", args=[world.group_a.pk])
    response = charlie_client.post(url, {"archived_on": "2026-02-01", "reason": "併入"})
    assert "Move this group&#x27;s 1 active members to other groups first." in (
        response.content.decode()
    )
