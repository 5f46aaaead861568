"""A member's own sign-in (accounts.views.member_sign_in): factory staff give it, the person sets
their password from a one-time link, and what the account may do follows the member's role in
their group, their moves and their leaving, at once and with no superuser."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from groups import services
from groups.models import Role, Scope
from tests.factories import MemberFactory

PASSWORD = "a-pass-phrase-of-my-own-7"


@pytest.fixture
def li(world):
    """李大有, a plain member of alice's group 韓潤小組, with an e-mail address."""
    return MemberFactory(group=world.group_a, name="李大有", email="li@example.org")


def give_sign_in(client, member):
    response = client.post(reverse("accounts:member_sign_in", args=[member.pk]))
    assert response.status_code == 200, response.content.decode()[:500]
    return response


def set_password(link):
    """Follow the one-time link as the member would and choose a password."""
    client = Client()
    set_url = client.get(link)["Location"]
    done = client.post(set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    return client


def signed_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the sign-in was refused"
    return client


def test_staff_give_a_member_a_sign_in_that_the_member_completes(
    world, li, charlie_client, mailoutbox
):
    page = give_sign_in(charlie_client, li)
    user = get_user_model().objects.get(scope__member=li)
    assert user.username == f"f{world.factory_a.pk}-{li.employee_number}"
    assert not user.has_usable_password()
    scope = Scope.objects.get(user=user)
    assert (scope.level, scope.group, scope.member) == ("group", world.group_a, li)
    shown = re.search(r'href="(http://testserver/accounts/reset/[^"]+)"', page.content.decode())
    link = shown.group(1)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["li@example.org"]
    assert link in mailoutbox[0].body and user.username in mailoutbox[0].body

    set_password(link.removeprefix("http://testserver"))
    client = signed_in(user.username)
    assert client.get(reverse("groups:group_detail", args=[world.group_a.pk])).status_code == 200
    # The link worked once.
    again = Client().get(link.removeprefix("http://testserver"))
    assert "set-password" not in again.get("Location", "")


def test_a_second_click_makes_a_new_link_for_the_same_account(world, li, charlie_client):
    give_sign_in(charlie_client, li)
    give_sign_in(charlie_client, li)
    assert Scope.objects.filter(member=li).count() == 1


def test_a_plain_member_reads_the_group_and_writes_nothing(world, li, charlie_client):
    link = re.search(
        r"/accounts/reset/[^\"<\s]+", give_sign_in(charlie_client, li).content.decode()
    )
    set_password(link.group(0))
    client = signed_in(get_user_model().objects.get(scope__member=li).username)
    group = world.group_a
    assert client.get(reverse("meetings:group_meetings", args=[group.pk])).status_code == 200
    assert client.get(reverse("meetings:meeting_create", args=[group.pk])).status_code == 403
    assert client.get(reverse("welfare:case_create", args=[group.pk])).status_code == 403
    assert client.get(reverse("groups:member_create", args=[group.pk])).status_code == 403

    # Made an officer, the member writes the group's records at once; the role ended, no more.
    role = Role.objects.create(
        group=group,
        member=li,
        kind=Role.Kind.OFFICER,
        portfolio=Role.Portfolio.PRODUCTION,
        started_on=datetime.date.today(),
    )
    assert client.get(reverse("meetings:meeting_create", args=[group.pk])).status_code == 200
    assert client.get(reverse("welfare:case_create", args=[group.pk])).status_code == 403
    services.role_end(role=role, on=datetime.date.today())
    assert client.get(reverse("meetings:meeting_create", args=[group.pk])).status_code == 403


def test_the_sign_in_moves_with_the_member_and_ends_when_they_leave(world, li, charlie_client):
    link = re.search(
        r"/accounts/reset/[^\"<\s]+", give_sign_in(charlie_client, li).content.decode()
    )
    set_password(link.group(0))
    username = get_user_model().objects.get(scope__member=li).username
    client = signed_in(username)
    old, new = world.group_a, world.group_a2
    services.member_move(member=li, to_group=new, on=datetime.date.today())
    assert client.get(reverse("groups:group_detail", args=[new.pk])).status_code == 200
    assert client.get(reverse("groups:group_detail", args=[old.pk])).status_code == 404

    li.refresh_from_db()
    li.status, li.status_changed_on = li.Status.LEFT, datetime.date.today()
    services.member_update(member=li, previous_status=li.Status.ACTIVE)
    response = client.get(reverse("groups:group_detail", args=[new.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    refused = Client().post(reverse("login"), {"username": username, "password": PASSWORD})
    assert refused.status_code == 200


def test_only_staff_of_the_members_factory_give_sign_ins(
    world, li, alice_client, bob_client, fiona_client, walter_client
):
    url = reverse("accounts:member_sign_in", args=[li.pk])
    assert alice_client.post(url).status_code == 403  # the group's leader
    assert fiona_client.post(url).status_code == 403  # the federation
    assert bob_client.post(url).status_code == 404  # another factory's
    assert walter_client.post(url).status_code == 200  # the workshop's staff
    assert Scope.objects.filter(member=li).count() == 1


def test_a_member_who_has_left_gets_no_sign_in(world, li, charlie_client):
    li.status, li.status_changed_on = li.Status.LEFT, datetime.date.today()
    services.member_update(member=li, previous_status=li.Status.ACTIVE)
    response = charlie_client.post(reverse("accounts:member_sign_in", args=[li.pk]))
    assert response.status_code == 400
    assert "Only an active member can be given a sign-in." in response.content.decode()
    assert not Scope.objects.filter(member=li).exists()


# --- Staff sign-ins for a factory or a workshop --------------------------------------------------


def staff_url(level, unit):
    return reverse("accounts:staff_sign_in", args=[level, unit.pk])


def test_factory_staff_give_a_workshop_a_staff_sign_in(world, charlie_client, mailoutbox):
    data = {"username": "zhang_ws", "name": "張德明", "email": "zhang@example.org"}
    page = charlie_client.post(staff_url("workshop", world.workshop_a2), data)
    assert page.status_code == 200
    user = get_user_model().objects.get(username="zhang_ws")
    scope = Scope.objects.get(user=user)
    assert (scope.level, scope.workshop) == ("workshop", world.workshop_a2)
    assert not user.is_staff and not user.has_usable_password()
    link = re.search(r'href="http://testserver(/accounts/reset/[^"]+)"', page.content.decode())
    assert len(mailoutbox) == 1 and "zhang_ws" in mailoutbox[0].body
    set_password(link.group(1))
    client = signed_in("zhang_ws")
    # The new staff run their workshop's groups, and nothing beside it.
    assert client.get(reverse("groups:group_archive", args=[world.group_a2.pk])).status_code == 200
    assert client.get(reverse("groups:group_detail", args=[world.group_a.pk])).status_code == 404


def test_the_federation_gives_a_factory_a_staff_sign_in(world, fiona_client):
    data = {"username": "li_factory", "name": "李秀蘭"}
    assert fiona_client.post(staff_url("factory", world.factory_a), data).status_code == 200
    user = get_user_model().objects.get(username="li_factory")
    assert user.is_staff and Scope.objects.get(user=user).factory == world.factory_a


def test_nobody_makes_a_sign_in_above_or_beside_their_scope(
    world, walter_client, alice_client, bob_client, charlie_client
):
    data = {"username": "x_new", "name": "某人"}
    assert walter_client.post(staff_url("factory", world.factory_a), data).status_code == 403
    assert walter_client.post(staff_url("workshop", world.workshop_a2), data).status_code == 404
    assert alice_client.post(staff_url("workshop", world.workshop_a), data).status_code == 403
    assert bob_client.post(staff_url("workshop", world.workshop_a), data).status_code == 404
    assert charlie_client.post(staff_url("federation", world.federation), data).status_code == 404
    assert not get_user_model().objects.filter(username="x_new").exists()
    assert walter_client.post(staff_url("workshop", world.workshop_a), data).status_code == 200


def test_a_taken_sign_in_name_is_refused(world, charlie, charlie_client):
    response = charlie_client.post(
        staff_url("workshop", world.workshop_a), {"username": "CHARLIE", "name": "重名"}
    )
    assert response.status_code == 400
    assert "This sign-in name is taken." in response.content.decode()
