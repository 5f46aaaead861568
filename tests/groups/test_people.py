"""Every account is shown by its person's name (groups.people): the member's it belongs to, else
the staff account's full name, else the sign-in name; read from what the page loaded, never a
query more."""

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from groups.models import Member
from groups.people import MEMBER_PATH, named, person_name
from tests.factories import UserFactory, scoped_user

User = get_user_model()


def _loaded(user):
    return User.objects.select_related(MEMBER_PATH).get(pk=user.pk)


def test_a_members_account_is_called_by_the_members_name(alice, world):
    assert person_name(_loaded(alice)) == "韓潤"
    # Corrected on the member, corrected everywhere (nothing copied onto the account).
    Member.objects.filter(pk=world.leader_a.pk).update(name="韓潤生")
    assert person_name(_loaded(alice)) == "韓潤生"


def test_a_staff_account_is_called_by_its_full_name_else_its_sign_in_name(world):
    named_staff = scoped_user("liu", world.factory_a, first_name="劉桂英")
    assert person_name(_loaded(named_staff)) == "劉桂英"
    assert person_name(_loaded(scoped_user("zhao", world.factory_a))) == "zhao"
    assert person_name(UserFactory(username="nobody")) == "nobody"  # no scope at all
    assert person_name(None) == ""


def test_naming_never_queries(alice, django_assert_num_queries):
    """An account loaded without its member is named from the account itself (the name it was
    given when it was made), not by a query per row."""
    bare = User.objects.get(pk=alice.pk)
    bare.first_name = "韓潤"
    loaded = _loaded(alice)
    with django_assert_num_queries(0):
        assert person_name(bare) == "韓潤"
        assert person_name(loaded) == "韓潤"


def test_the_filter_and_str_name_the_person(alice):
    """Templates use ``|person``; the admin and third-party pages use str()."""
    user = _loaded(alice)
    assert Template("{% load people %}{{ u|person }}").render(Context({"u": user})) == "韓潤"
    assert str(user) == "韓潤"


def test_named_follows_each_user_field_to_its_member():
    assert named("planned_by", "history_user") == [
        "planned_by__scope__member",
        "history_user__scope__member",
    ]


@pytest.mark.parametrize(
    ("persona", "shown"), [("alice", "韓潤 · 韓潤小組"), ("charlie", "charlie · 太原機器廠")]
)
def test_the_account_menu_shows_the_persons_name(request, persona, shown):
    client = request.getfixturevalue(f"{persona}_client")
    content = client.get(reverse("groups:group_list")).content.decode()
    assert shown in content


def test_a_history_names_the_member_who_signed_in(alice, world, charlie_client):
    """A change made with a member's account is signed with the member's name in the history
    staff read (the member's own page)."""
    member = world.leader_a
    member.trade = "車工"
    member._history_user = alice
    member.save()
    content = charlie_client.get(member.get_absolute_url()).content.decode()
    assert "· 韓潤 ·" in content
    assert "alice" not in content


def test_the_admin_history_names_the_person(alice, world):
    """The back office's history of a record (simple-history's page, which shows str() of the
    account) names the person too."""
    member = world.leader_a
    member.trade = "鉗工"
    member._history_user = alice
    member.save()
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse("admin:groups_member_history", args=[member.pk])
    content = client.get(url).content.decode()
    assert "韓潤" in content
    assert ">alice<" not in content
