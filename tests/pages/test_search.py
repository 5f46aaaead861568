"""The search of the navigation bar: members by name or employee number, groups by their name or
their union group leader's, within the user's scope, in a fixed number of queries."""

import itertools

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.models import Member, Role
from tests.factories import MemberFactory, RoleFactory, UnionGroupFactory
from tests.helpers import assert_flat_queries

URL = reverse("search")


def _found(client, text, **extra):
    response = client.get(URL, {"q": text, **extra})
    assert response.status_code == 200
    return response.content.decode()


def test_it_finds_a_member_by_name_with_the_group_and_workshop(charlie_client, world):
    content = _found(charlie_client, "韓潤")
    assert world.leader_a.get_absolute_url() in content
    # The member's group and workshop, and the role held now.
    assert "金工" in content and world.group_a.get_absolute_url() in content
    assert "Union group leader" in content


def test_a_short_text_finds_the_names_that_begin_with_it(charlie_client, world):
    """One or two characters are a surname (or a two-character name): "王" is the Wangs, not
    every name with 王 in it; three or more are found anywhere in a name."""
    member = MemberFactory(group=world.group_a2, name="歐陽小清")
    wang = MemberFactory(group=world.group_a2, name="張王明")
    for text, found in [("歐", True), ("歐陽", True), ("陽小清", True), ("小清", False)]:
        assert (member.get_absolute_url() in _found(charlie_client, text)) is found, text
    assert wang.get_absolute_url() not in _found(charlie_client, "王")
    assert wang.get_absolute_url() in _found(charlie_client, "張王")


def test_it_finds_a_member_by_employee_number_in_any_case(charlie_client, world):
    member = MemberFactory(group=world.group_a2, name="竇桂英", employee_number="Tx-40417")
    for text in ("Tx-40417", "tx-404", "40417"):
        content = _found(charlie_client, text)
        assert member.get_absolute_url() in content, text
        assert "裝配" in content  # the member's workshop


def test_it_finds_a_group_by_its_name_or_its_leaders(charlie_client, world):
    group = UnionGroupFactory(workshop=world.workshop_a2, name="翻砂二組")
    RoleFactory(member=MemberFactory(group=group, name="閻四貨"), group=group)
    for text in ("翻砂", "閻四貨"):
        content = _found(charlie_client, text)
        assert group.get_absolute_url() in content, text
    assert "union group leader 閻四貨" in content


def test_an_outsiders_member_never_appears(
    alice_client, bob_client, charlie_client, walter_client, fiona_client, world
):
    """Each account finds only what its scope holds: bob's member and group are in factory B."""
    outsider = world.leader_b
    for client in (alice_client, charlie_client, walter_client):
        content = _found(client, "溫小清")
        assert outsider.get_absolute_url() not in content
        assert world.group_b.get_absolute_url() not in content
        assert "No member found." in content and "No group found." in content
        assert _found(client, outsider.employee_number).count("溫小清") == 0
    # And the other way round; the federation sees both.
    assert world.leader_a.get_absolute_url() not in _found(bob_client, "韓潤")
    content = _found(fiona_client, "溫")  # 溫小清 and 溫小清小組
    assert outsider.get_absolute_url() in content
    assert world.group_b.get_absolute_url() in content
    assert "太原鋼鐵廠" in content  # the city sees each result's factory too


def test_a_group_account_finds_only_its_own_group(alice_client, world):
    neighbour = MemberFactory(group=world.group_a2, name="韓小明")  # same factory, other group
    content = _found(alice_client, "韓")
    assert world.leader_a.get_absolute_url() in content
    assert neighbour.get_absolute_url() not in content


def test_it_pages_the_members_and_keeps_the_search(charlie_client, world):
    members = [MemberFactory(group=world.group_a, name=f"查{i:03d}") for i in range(45)]
    content = _found(charlie_client, "查")
    assert "Page 1 of 3" in content
    assert "?q=%E6%9F%A5&amp;page=2" in content
    second = _found(charlie_client, "查", page="2")
    assert members[20].get_absolute_url() in second
    assert members[0].get_absolute_url() not in second
    # A page that is not one: the nearest page, not an error.
    assert "Page 3 of 3" in _found(charlie_client, "查", page="999999999999999999999999")


def test_it_searches_in_fixed_queries(charlie_client, world, django_assert_num_queries):
    numbers = itertools.count()

    def add_rows(n):
        made = []
        for _ in range(n):
            i = next(numbers)
            group = UnionGroupFactory(workshop=world.workshop_a, name=f"查組{i:03d}")
            member = MemberFactory(group=group, name=f"查{i:03d}")
            RoleFactory(member=member, group=group, kind=Role.Kind.UNION_LEADER)
            made.append(member)
        return made

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the first groups found with their
    # workshop, factory, leader's name and member count, 5 the members found (counted), 6 a
    # page of them with group, workshop and factory, 7 their current roles.
    assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        f"{URL}?q=查",
        add_rows=add_rows,
        rows_now=0,
        pinned=7,
        # The first page holds the first 20 names.
        shown=lambda m: m.get_absolute_url() if m.name < "查020" else None,
    )


def test_it_asks_for_a_word_first(charlie_client, django_assert_num_queries):
    # 1 session, 2 user, 3 the scope (the navigation bar): nothing is searched.
    with django_assert_num_queries(3):
        content = _found(charlie_client, "")
    assert "No member found." not in content


def test_it_refuses_a_word_too_long_or_with_control_characters(charlie_client, world):
    for text in ("韓" * 51, "韓\x00潤", "韓\x1b潤"):
        content = _found(charlie_client, text)
        assert "No member found." not in content  # nothing was searched
        assert "invalid-feedback" in content


hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["%", "_", "%%", "\\", "'", '"', "<script>", "\x00", "韓%", "1" * 400]),
)


def test_it_never_fails_on_any_query(world, charlie, fiona):
    clients = []
    for user in (charlie, fiona):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)

    @settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(
        q=hostile_text,
        page=st.one_of(st.none(), hostile_text),
        which=st.sampled_from([0, 1]),
    )
    def check(q, page, which):
        query = {"q": q} if page is None else {"q": q, "page": page}
        response = clients[which].get(URL, query)
        assert response.status_code == 200, (q, page)
        # Escaped wherever it is shown back.
        assert "<script>" not in response.content.decode().split("</nav>", 1)[1]

    check()


def test_the_navigation_bar_has_the_search(charlie_client):
    content = charlie_client.get(reverse("home")).content.decode()
    assert f'action="{URL}"' in content and 'name="q"' in content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
@pytest.mark.parametrize("text", ["王", "韓潤", "陽小清", "tx-404", "40417", "Li Wei"])
def test_each_search_can_be_served_by_a_trigram_index(world, text):
    """The SQL of the member search matches the indexes' expressions (migration groups 0008):
    with scans of the whole table or of another index forbidden, the plan reads the members
    through them (the planner's own choice depends on the table's size, tiny here)."""
    members = Member.objects.search(text).order_by()
    sql, params = members.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "_trgm" in plan, plan
    assert "Seq Scan on groups_member" not in plan, plan
