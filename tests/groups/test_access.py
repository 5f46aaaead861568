"""Who may open which page of the groups app, and what the pages and forms let them reach.

Every page: it works for its user, anonymous visitors are sent to sign in, an outsider guessing
ids gets 404, the federation reads but never writes group records, a group leader cannot do what
is for the factory and workshop staff who run groups from above, POST-only views refuse GET.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import GroupMembership, Member, Role, UnionGroup
from tests.factories import MemberFactory, RoleFactory

READ_PAGES = [
    "factory_list",
    "factory_detail",
    "workshop_detail",
    "group_list",
    "group_detail",
    "member_detail",
]
# Pages that change the records of a group: every scope below the federation may use them.
WRITE_FORMS = ["member_create", "role_create", "member_edit"]
# Pages for those who run groups from above (factory and workshop staff).
MANAGER_FORMS = ["group_archive", "member_move"]
POST_ONLY = ["role_end", "group_restore"]
ALL_PAGES = ["home", *READ_PAGES, *WRITE_FORMS, *MANAGER_FORMS, *POST_ONLY]
# Pages whose URL names one of alice's objects (all but the two lists and home).
OBJECT_PAGES = [p for p in ALL_PAGES if p not in ("home", "factory_list", "group_list")]


def _requests(pages):
    """(page, method) pairs: GET and POST, but only POST for POST-only views (GET: 405)."""
    return [(p, m) for p in pages for m in ("get", "post") if not (p in POST_ONLY and m == "get")]


FACTORY_B = "太原鋼鐵廠"
LEADER_B = "溫小清"  # also the start of group B's name, 溫小清小組


def _urls(world):
    """Every page, pointing at alice's objects (group A, its leader and the leader's role)."""
    role = Role.objects.get(member=world.leader_a)
    by_group = {"group_pk": world.group_a.pk}
    return {
        "home": reverse("home"),
        "factory_list": reverse("groups:factory_list"),
        "factory_detail": reverse("groups:factory_detail", args=[world.factory_a.pk]),
        "workshop_detail": reverse("groups:workshop_detail", args=[world.workshop_a.pk]),
        "group_list": reverse("groups:group_list"),
        "group_detail": reverse("groups:group_detail", args=[world.group_a.pk]),
        "group_archive": reverse("groups:group_archive", args=[world.group_a.pk]),
        "group_restore": reverse("groups:group_restore", args=[world.group_a.pk]),
        "member_create": reverse("groups:member_create", kwargs=by_group),
        "role_create": reverse("groups:role_create", kwargs=by_group),
        "member_detail": reverse("groups:member_detail", args=[world.leader_a.pk]),
        "member_edit": reverse("groups:member_edit", args=[world.leader_a.pk]),
        "member_move": reverse("groups:member_move", args=[world.leader_a.pk]),
        "role_end": reverse("groups:role_end", args=[role.pk]),
    }


def _today():
    return timezone.localdate().isoformat()


def _valid_post(world, page):
    """A POST body each form would accept from someone allowed to use it (none for the rest)."""
    return {
        "member_create": {
            "name": "新會員",
            "gender": "f",
            "employee_number": "N-0001",
            "joined_union_on": "2021-05-01",
        },
        "role_create": {
            "member": world.leader_a.pk,
            "kind": "production_leader",
            "started_on": _today(),
        },
        "member_edit": {
            "name": "韓潤",
            "gender": "m",
            "employee_number": world.leader_a.employee_number,
            "joined_union_on": "2020-03-01",
            "status": "active",
            "trade": "車工",
        },
        "group_archive": {"archived_on": _today(), "reason": "合併"},
        "member_move": {"to_group": world.group_a2.pk, "on": _today()},
        "role_end": {"ended_on": _today()},
        "group_restore": {},
    }.get(page, {})


def _snapshot():
    """What a refused request must leave untouched."""
    return (
        list(Member.objects.order_by("pk").values()),
        list(Role.objects.order_by("pk").values()),
        list(GroupMembership.objects.order_by("pk").values()),
        list(UnionGroup.objects.order_by("pk").values()),
    )


def _client(request, persona):
    return request.getfixturevalue(f"{persona}_client")


# It works for its user.


@pytest.mark.parametrize(
    ("persona", "dashboard", "target"),
    [
        ("alice", "home_leader", "group_a"),
        ("bob", "home_leader", "group_b"),
        ("walter", "home_staff", "workshop_a"),
        ("charlie", "home_staff", "factory_a"),
        ("fiona", "home_federation", None),
    ],
)
def test_it_shows_each_user_the_dashboard_of_their_role(request, world, persona, dashboard, target):
    """Home is each role's dashboard (oversight.views.home), which links to the user's scope."""
    response = _client(request, persona).get("/")
    assert response.status_code == 200
    assert f"oversight/{dashboard}.html" in [t.name for t in response.templates]
    expected = getattr(world, target).get_absolute_url() if target else "/factories/"
    assert f'href="{expected}"' in response.content.decode()


@pytest.mark.parametrize(
    ("page", "persona"),
    [(p, "alice") for p in READ_PAGES + WRITE_FORMS] + [(p, "charlie") for p in MANAGER_FORMS],
)
def test_it_shows_each_page_to_its_user(request, world, page, persona):
    response = _client(request, persona).get(_urls(world)[page])
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("page", "persona"),
    [(p, "alice") for p in WRITE_FORMS + ["role_end"]]
    + [(p, "charlie") for p in MANAGER_FORMS + ["group_restore"]],
)
def test_it_accepts_each_write_from_its_user(request, world, page, persona):
    url = _urls(world)[page]
    if page in ("group_archive", "group_restore"):
        # Only a group without active members can be archived: group A2 has none.
        url = reverse(f"groups:{page}", args=[world.group_a2.pk])
        if page == "group_restore":
            UnionGroup.objects.filter(pk=world.group_a2.pk).update(
                archived_on="2025-01-01", archive_reason="合併"
            )
    before = _snapshot()
    response = _client(request, persona).post(url, _valid_post(world, page))
    assert response.status_code == 302
    assert _snapshot() != before


# Anonymous visitors sign in first.


@pytest.mark.parametrize("page", ALL_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_visitors_to_sign_in(anon_client, world, page, method):
    url = _urls(world)[page]
    before = _snapshot()
    response = getattr(anon_client, method)(url)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"
    assert _snapshot() == before


# An outsider guessing ids finds nothing.


@pytest.mark.parametrize(("page", "method"), _requests(OBJECT_PAGES))
def test_it_hides_alices_objects_from_an_outsider(bob_client, world, page, method):
    before = _snapshot()
    response = getattr(bob_client, method)(_urls(world)[page], _valid_post(world, page))
    assert response.status_code == 404
    assert _snapshot() == before


# The federation reads, and writes no group record.


@pytest.mark.parametrize("page", READ_PAGES)
def test_it_lets_the_federation_read(fiona_client, world, page):
    response = fiona_client.get(_urls(world)[page])
    assert response.status_code == 200


@pytest.mark.parametrize(("page", "method"), _requests(WRITE_FORMS + MANAGER_FORMS + POST_ONLY))
def test_it_forbids_the_federation_to_write(fiona_client, world, page, method):
    before = _snapshot()
    response = getattr(fiona_client, method)(_urls(world)[page], _valid_post(world, page))
    assert response.status_code == 403
    assert _snapshot() == before


def test_it_offers_the_federation_no_write_buttons(fiona_client, world):
    content = fiona_client.get(_urls(world)["group_detail"]).content.decode()
    for page in ("member_create", "role_create", "group_archive", "role_end"):
        assert _urls(world)[page] not in content


# A group leader does not run groups from above.


@pytest.mark.parametrize(("page", "method"), _requests(MANAGER_FORMS + ["group_restore"]))
def test_it_forbids_a_group_leader_to_manage_her_group(alice_client, world, page, method):
    before = _snapshot()
    response = getattr(alice_client, method)(_urls(world)[page], _valid_post(world, page))
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize(("page", "persona"), [("role_end", "alice"), ("group_restore", "charlie")])
def test_it_refuses_get_on_post_only_views(request, world, page, persona):
    before = _snapshot()
    response = _client(request, persona).get(_urls(world)[page])
    assert response.status_code == 405
    assert _snapshot() == before


# Lists show what lies in the user's scope, nothing beside it.


@pytest.mark.parametrize("page", ["factory_list", "group_list", "factory_detail"])
def test_it_keeps_other_factories_out_of_alices_lists(alice_client, world, page):
    content = alice_client.get(_urls(world)[page]).content.decode()
    assert "太原機器廠" in content
    assert FACTORY_B not in content
    assert LEADER_B not in content
    if page == "group_list":
        assert "韓潤小組" in content
        assert world.group_a2.name not in content


def test_it_shows_walter_his_workshops_groups_only(walter_client, world):
    content = walter_client.get(_urls(world)["group_list"]).content.decode()
    assert world.group_a.name in content
    assert world.group_a2.name not in content
    assert world.group_b.name not in content
    content = walter_client.get(_urls(world)["factory_detail"]).content.decode()
    assert world.workshop_a.name in content
    assert world.workshop_a2.name not in content
    response = walter_client.get(world.workshop_a2.get_absolute_url())
    assert response.status_code == 404


def test_it_shows_charlie_his_factorys_groups_only(charlie_client, world):
    content = charlie_client.get(_urls(world)["group_list"]).content.decode()
    assert world.group_a.name in content
    assert world.group_a2.name in content
    assert world.group_b.name not in content
    assert FACTORY_B not in content


def test_it_shows_the_federation_every_factory(fiona_client, world):
    content = fiona_client.get(_urls(world)["group_list"]).content.decode()
    for group in (world.group_a, world.group_a2, world.group_b):
        assert group.name in content
    content = fiona_client.get(_urls(world)["factory_list"]).content.decode()
    assert "太原機器廠" in content and FACTORY_B in content


# Writes through forms stay inside the scope.


def test_it_refuses_alice_a_role_in_bobs_group(alice_client, world):
    url = reverse("groups:role_create", kwargs={"group_pk": world.group_b.pk})
    before = _snapshot()
    response = alice_client.post(
        url, {"member": world.leader_b.pk, "kind": "officer", "portfolio": "culture"}
    )
    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("group", ["group_a2", "group_b"])
def test_it_refuses_alice_a_member_of_another_group_in_her_role_form(alice_client, world, group):
    outsider = MemberFactory(group=getattr(world, group), name="外人")
    url = _urls(world)["role_create"]
    assert "外人" not in alice_client.get(url).content.decode()
    before = _snapshot()
    response = alice_client.post(
        url, {"member": outsider.pk, "kind": "production_leader", "started_on": _today()}
    )
    assert response.status_code == 200
    assert "member" in response.context["form"].errors
    assert _snapshot() == before


def test_it_refuses_alice_an_officer_of_another_group_as_mentor(alice_client, world):
    officer_b = RoleFactory(
        member=MemberFactory(group=world.group_b), kind="officer", portfolio="culture"
    )
    activist = MemberFactory(group=world.group_a)
    before = _snapshot()
    response = alice_client.post(
        _urls(world)["role_create"],
        {
            "member": activist.pk,
            "kind": "activist",
            "mentor": officer_b.pk,
            "started_on": _today(),
        },
    )
    assert response.status_code == 200
    assert "mentor" in response.context["form"].errors
    assert _snapshot() == before


def test_it_refuses_alice_the_end_of_bobs_role(alice_client, world):
    role_b = Role.objects.get(member=world.leader_b)
    response = alice_client.post(
        reverse("groups:role_end", args=[role_b.pk]), {"ended_on": _today()}
    )
    assert response.status_code == 404
    role_b.refresh_from_db()
    assert role_b.ended_on is None


def test_it_lets_charlie_move_a_member_within_his_factory(charlie_client, world):
    url = _urls(world)["member_move"]
    content = charlie_client.get(url).content.decode()
    assert world.group_a2.name in content
    assert world.group_b.name not in content
    response = charlie_client.post(url, {"to_group": world.group_a2.pk, "on": _today()})
    assert response.status_code == 302
    world.leader_a.refresh_from_db()
    assert world.leader_a.group == world.group_a2
    stays = GroupMembership.objects.filter(member=world.leader_a)
    assert stays.get(ended_on__isnull=True).group == world.group_a2
    assert stays.get(ended_on__isnull=False).group == world.group_a


def test_it_refuses_charlie_a_move_to_another_factory(charlie_client, world):
    before = _snapshot()
    response = charlie_client.post(
        _urls(world)["member_move"], {"to_group": world.group_b.pk, "on": _today()}
    )
    assert response.status_code == 200
    assert "to_group" in response.context["form"].errors
    assert _snapshot() == before


def test_it_refuses_walter_a_move_to_another_workshop(walter_client, world):
    before = _snapshot()
    response = walter_client.post(
        _urls(world)["member_move"], {"to_group": world.group_a2.pk, "on": _today()}
    )
    assert response.status_code == 200
    assert "to_group" in response.context["form"].errors
    assert _snapshot() == before
