"""The back office at /admin/ shows each staff account what its scope shows on the site.

charlie is factory union staff of factory A; fiona is city federation staff, who reads every
record and changes none; the superuser sees and changes everything.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from groups.models import GroupMembership, Member, Role
from tests.factories import UserFactory

FACTORY_B = "太原鋼鐵廠"
LEADER_B = "溫小清"  # also the start of group B's name, 溫小清小組


@pytest.fixture
def root_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def _admin_url(obj, view="change", *args):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk, *args])


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _bobs_objects(world):
    """One of each kind of record in factory B, by model name."""
    return {
        "factoryunion": world.factory_b,
        "workshopunion": world.workshop_b,
        "uniongroup": world.group_b,
        "member": world.leader_b,
        "groupmembership": GroupMembership.objects.get(member=world.leader_b),
        "role": Role.objects.get(member=world.leader_b),
    }


def _change_data(member, **changes):
    """The admin change form of ``member``, as its Save button posts it."""
    data = {
        "factory": member.factory_id,
        "group": member.group_id,
        "name": member.name,
        "gender": member.gender,
        "employee_number": member.employee_number,
        "trade": member.trade,
        "skill_grade": member.skill_grade or "",
        "phone": member.phone,
        "joined_union_on": member.joined_union_on.isoformat(),
        "status": member.status,
        "status_changed_on": "",
        "_save": "Save",
    }
    return data | changes


# Every registered model's changelist renders for the superuser.


@pytest.mark.parametrize(
    "model",
    sorted(admin.site._registry, key=lambda m: m._meta.label),
    ids=lambda m: m._meta.label,
)
def test_it_renders_every_changelist_for_the_superuser(root_client, world, model):
    response = root_client.get(_changelist(model))
    assert response.status_code == 200


def test_it_shows_the_superuser_every_factorys_members(root_client, world):
    content = root_client.get(_changelist(Member)).content.decode()
    assert world.leader_a.name in content
    assert LEADER_B in content


# Factory staff see their factory, nothing beside it.


def test_it_lists_only_charlies_factorys_members(charlie_client, world):
    content = charlie_client.get(_changelist(Member)).content.decode()
    assert world.leader_a.name in content
    assert LEADER_B not in content


def test_it_lists_only_charlies_factorys_groups(charlie_client, world):
    content = charlie_client.get(_changelist(world.group_a)).content.decode()
    assert world.group_a.name in content
    assert world.group_a2.name in content
    assert world.group_b.name not in content


@pytest.mark.parametrize("model_name", ["member", "uniongroup", "workshopunion", "role"])
def test_it_keeps_other_factories_out_of_charlies_changelists(charlie_client, world, model_name):
    """Not in the rows, and not in the filters beside them either."""
    model = type(_bobs_objects(world)[model_name])
    response = charlie_client.get(_changelist(model))
    assert response.status_code == 200
    content = response.content.decode()
    assert FACTORY_B not in content
    assert world.workshop_b.name not in content
    assert LEADER_B not in content


@pytest.mark.parametrize(
    "model_name",
    ["factoryunion", "workshopunion", "uniongroup", "member", "groupmembership", "role"],
)
def test_it_does_not_show_charlie_another_factorys_record(charlie_client, world, model_name):
    # Django's admin answers an object outside get_queryset() as if it did not exist: a redirect
    # to the admin index with a message.
    obj = _bobs_objects(world)[model_name]
    response = charlie_client.get(_admin_url(obj), follow=True)
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    content = response.content.decode()
    assert "doesn’t exist" in content
    assert LEADER_B not in content
    assert FACTORY_B not in content


@pytest.mark.parametrize("model_name", ["uniongroup", "member", "role"])
def test_it_hides_another_factorys_history_from_charlie(charlie_client, world, model_name):
    obj = _bobs_objects(world)[model_name]
    assert charlie_client.get(_admin_url(obj, "history")).status_code == 404
    record = obj.history.first()
    url = _admin_url(obj, "simple_history", record.history_id)
    assert charlie_client.get(url).status_code == 404


def test_it_shows_charlie_his_factorys_history(charlie_client, world):
    response = charlie_client.get(_admin_url(world.leader_a, "history"))
    assert response.status_code == 200
    assert world.leader_a.name in response.content.decode()


def test_it_refuses_charlie_a_post_to_another_factorys_member(charlie_client, world):
    bobs = world.leader_b
    response = charlie_client.post(_admin_url(bobs), _change_data(bobs, name="改名"))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    bobs.refresh_from_db()
    assert bobs.name == LEADER_B


@pytest.mark.parametrize(
    ("field", "target"), [("group", "group_b"), ("factory", "factory_b"), ("group", "group_a2")]
)
def test_a_members_group_and_factory_do_not_change_in_the_admin(
    charlie_client, world, field, target
):
    # A move is dated, ends roles and takes the sign-in along: it is made on the site's Move
    # page. Here the group and the factory are read-only, whatever is posted.
    member = world.leader_a
    data = _change_data(member, **{field: getattr(world, target).pk}, trade="鉗工")
    response = charlie_client.post(_admin_url(member), data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.group, member.factory, member.trade) == (world.group_a, world.factory_a, "鉗工")
    assert GroupMembership.objects.filter(member=member, ended_on__isnull=True).get().group == (
        world.group_a
    )


def test_a_member_added_in_the_admin_begins_a_stay_in_the_group(charlie_client, world):
    data = _change_data(world.leader_a, name="新會員", employee_number="ADM-1")
    response = charlie_client.post(reverse("admin:groups_member_add"), data)
    assert response.status_code == 302
    member = Member.objects.get(employee_number="ADM-1")
    stay = GroupMembership.objects.get(member=member)
    assert (stay.group, stay.started_on, stay.ended_on) == (
        world.group_a,
        member.joined_union_on,
        None,
    )


def test_a_member_added_in_the_admin_must_be_in_the_groups_factory(charlie_client, world):
    data = _change_data(
        world.leader_a, name="新會員", employee_number="ADM-2", group=world.group_a.pk,
        factory=world.factory_b.pk,
    )  # fmt: skip
    response = charlie_client.post(reverse("admin:groups_member_add"), data)
    assert response.status_code == 200
    assert not Member.objects.filter(employee_number="ADM-2").exists()


def test_a_member_who_leaves_in_the_admin_ends_their_stay_roles_and_sign_in(
    charlie_client, world, alice
):
    member = world.leader_a
    data = _change_data(member, status=Member.Status.LEFT, status_changed_on="2025-06-30")
    response = charlie_client.post(_admin_url(member), data)
    assert response.status_code == 302
    assert not GroupMembership.objects.filter(member=member, ended_on__isnull=True).exists()
    assert not Role.objects.filter(member=member, ended_on__isnull=True).exists()
    alice.refresh_from_db()
    assert not alice.is_active  # alice's account is the member's own


@pytest.mark.parametrize(
    ("model_name", "field_name", "expected"),
    [
        ("member", "group", ["group_a", "group_a2"]),
        ("member", "factory", ["factory_a"]),
        ("uniongroup", "workshop", ["workshop_a", "workshop_a2"]),
        ("role", "group", ["group_a", "group_a2"]),
        ("role", "member", ["leader_a"]),
    ],
)
def test_it_autocompletes_only_charlies_factory(
    charlie_client, world, model_name, field_name, expected
):
    response = charlie_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "groups", "model_name": model_name, "field_name": field_name, "term": ""},
    )
    assert response.status_code == 200
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert ids == {getattr(world, name).pk for name in expected}


def test_it_records_who_changed_a_member_in_the_admin(charlie, charlie_client, world):
    member = world.leader_a
    response = charlie_client.post(_admin_url(member), _change_data(member, trade="鉗工"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.trade == "鉗工"
    record = member.history.first()
    assert record.trade == "鉗工"
    assert record.history_user == charlie


# The federation reads every record and changes none.


def test_it_lists_every_factorys_members_for_the_federation(fiona_client, world):
    content = fiona_client.get(_changelist(Member)).content.decode()
    assert world.leader_a.name in content
    assert LEADER_B in content


@pytest.mark.parametrize("model_name", ["uniongroup", "member", "role"])
def test_it_shows_the_federation_a_record_without_a_save_button(fiona_client, world, model_name):
    obj = _bobs_objects(world)[model_name]
    response = fiona_client.get(_admin_url(obj))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="_save"' not in content
    assert 'name="_continue"' not in content
    assert fiona_client.get(_admin_url(obj, "history")).status_code == 200


def test_it_refuses_the_federation_a_change(fiona_client, world):
    member = world.leader_b
    response = fiona_client.post(_admin_url(member), _change_data(member, name="改名"))
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.name == LEADER_B


@pytest.mark.parametrize("model_name", ["uniongroup", "member", "role"])
def test_it_refuses_the_federation_an_add(fiona_client, world, model_name):
    model = type(_bobs_objects(world)[model_name])
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    assert fiona_client.get(url).status_code == 403
    assert fiona_client.post(url, {}).status_code == 403


def test_it_refuses_the_federation_a_revert_from_history(fiona_client, world):
    member = world.leader_b
    url = _admin_url(member, "simple_history", member.history.first().history_id)
    assert fiona_client.get(url).status_code == 403
    assert fiona_client.post(url, _change_data(member, name="改名")).status_code == 403
    member.refresh_from_db()
    assert member.name == LEADER_B


def test_a_number_another_member_has_is_a_form_error_not_a_server_error(charlie_client, world):
    from tests.factories import MemberFactory

    other = MemberFactory(group=world.group_a, employee_number="TAKEN-1")
    member = world.leader_a
    response = charlie_client.post(
        _admin_url(member), _change_data(member, employee_number="TAKEN-1")
    )
    assert response.status_code == 200
    assert "employee_number" in response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.employee_number != other.employee_number


def test_leaving_before_the_stay_began_is_a_form_error(charlie_client, world):
    member = world.leader_a  # in the group since 2020-03-01, its leader since later
    began = member.roles.current().get().started_on
    data = _change_data(member, status=Member.Status.LEFT, status_changed_on="2019-01-01")
    response = charlie_client.post(_admin_url(member), data)
    assert response.status_code == 200
    assert began.isoformat() in str(response.context["adminform"].form.errors)
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE


def test_no_member_is_added_to_an_archived_group(charlie_client, world):
    import datetime

    from groups import services

    services.group_archive(group=world.group_a2, on=datetime.date(2025, 1, 1), reason="合併")
    data = _change_data(
        world.leader_a, name="新會員", employee_number="ADM-9", group=world.group_a2.pk
    )
    response = charlie_client.post(reverse("admin:groups_member_add"), data)
    assert response.status_code == 200
    assert not Member.objects.filter(employee_number="ADM-9").exists()
