"""A factory's monthly remittance statement (dues:statement): the figures worked by hand, who may
read it, the downloads, and its query count pinned."""

import datetime
import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from dues import services
from dues.models import DuesPayment, DuesRule, Excusal, WageBase
from dues.statement import statement
from tests.factories import MemberFactory, UnionGroupFactory, WorkshopUnionFactory
from tests.helpers import assert_flat_queries

THIS_MONTH = timezone.localdate().replace(day=1)
LAST_MONTH = (THIS_MONTH - datetime.timedelta(days=1)).replace(day=1)


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def marked(world, alice, charlie):
    """Factory A's last month. Workshop A (韓潤小組): 韓潤 paid 0.40 (wage 80), B did not pay
    0.30 (wage 64 → 0.32 → 0.3), C excused. Workshop A2 (杜鳴舉小組): D paid 1.00 (wage 200),
    E not marked yet. Shares 10 / 50 / 40."""
    DuesRule.objects.create(
        factory=world.factory_a,
        effective_from=datetime.date(2020, 1, 1),
        rate=D("0.50"),
        minimum=D("0.20"),
        step=DuesRule.Step.JIAO,
        group_share=D("10"),
        factory_share=D("50"),
        federation_share=D("40"),
    )
    a = world.leader_a
    b, c = MemberFactory(group=world.group_a), MemberFactory(group=world.group_a)
    d, e = MemberFactory(group=world.group_a2), MemberFactory(group=world.group_a2)
    for member, wage in [(a, "80"), (b, "64"), (d, "200"), (e, "70")]:
        WageBase.objects.create(member=member, amount=D(wage))
    Excusal.objects.create(member=c, starts_on=LAST_MONTH, reason="病休")
    services.dues_mark(
        group=world.group_a, month=LAST_MONTH, member_id=a.pk, status="paid", user=alice
    )
    services.dues_close(group=world.group_a, month=LAST_MONTH, user=alice)
    services.dues_mark(
        group=world.group_a2, month=LAST_MONTH, member_id=d.pk, status="paid", user=charlie
    )
    # Factory B's dues are not factory A's.
    other = MemberFactory(group=world.group_b)
    DuesPayment.objects.create(
        member=other, group=world.group_b, month=LAST_MONTH, amount=D("9.00"), status="paid",
        paid_on=LAST_MONTH,
    )  # fmt: skip


def test_the_statement_adds_up_as_by_hand(world, marked):
    result = statement(world.factory_a, LAST_MONTH)
    lines = {line.name: line for line in result.lines}
    a, a2 = lines[world.workshop_a.name], lines[world.workshop_a2.name]
    assert (a.on_rolls, a.marked, a.excused, a.paid, a.owed) == (3, 3, 1, 1, 2)
    assert (a.collected, a.due, a.outstanding, a.rate) == (D("0.40"), D("0.70"), D("0.30"), 50.0)
    assert (a2.on_rolls, a2.marked, a2.paid, a2.owed, a2.unmarked) == (2, 1, 1, 1, 1)
    assert (a2.collected, a2.due, a2.outstanding) == (D("1.00"), D("1.00"), D("0.00"))
    total = result.total
    assert (total.on_rolls, total.marked, total.unmarked) == (5, 4, 1)
    assert (total.collected, total.due, total.rate) == (D("1.40"), D("1.70"), 66.7)
    # 1.40 yuan: 0.14 kept by the groups, 0.70 by the factory, 0.56 passed up.
    assert result.shares == (D("0.14"), D("0.70"), D("0.56"))


def test_the_page_shows_the_statement_to_print(world, marked, charlie_client):
    url = reverse("dues:statement", args=[world.factory_a.pk])
    response = charlie_client.get(url, {"month": f"{LAST_MONTH:%Y-%m}"})
    assert response.status_code == 200
    content = response.content.decode()
    assert world.factory_a.name in content and "data-print" in content
    assert "0.56" in content and "1.40" in content
    # One member is not marked yet: the statement says so.
    assert 'id="unmarked"' in content
    assert "9.00" not in content  # factory B's dues
    # Factory staff find it from the rates page.
    rates = charlie_client.get(reverse("dues:rates"), {"month": f"{LAST_MONTH:%Y-%m}"})
    assert f'href="{url}?month={LAST_MONTH:%Y-%m}"' in rates.content.decode()


def test_the_statement_downloads_as_a_workbook_and_csv(world, marked, charlie_client):
    url = reverse("dues:statement", args=[world.factory_a.pk])
    month = f"{LAST_MONTH:%Y-%m}"
    response = charlie_client.get(url, {"month": month, "format": "xlsx"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(_body(response)))
    rows = [[cell.value for cell in row] for row in book.active.iter_rows()]
    assert rows[0][0] == "Workshop union"
    labels = {row[0]: row for row in rows[1:]}
    assert D(str(labels["Total"][7])) == D("1.40")
    assert D(str(labels["Passed up to the federation"][7])) == D("0.56")
    csv = charlie_client.get(url, {"month": month, "format": "csv"})
    assert "Passed up to the federation" in _body(csv).decode("utf-8-sig")


def test_who_reads_the_statement(
    world, marked, charlie_client, fiona_client, walter_client, alice_client, bob_client
):
    url = reverse("dues:statement", args=[world.factory_a.pk])
    month = {"month": f"{LAST_MONTH:%Y-%m}"}
    # The factory's staff and the city federation read it; the federation finds it per factory.
    assert charlie_client.get(url, month).status_code == 200
    assert fiona_client.get(url, month).status_code == 200
    rates = fiona_client.get(reverse("dues:rates"), month).content.decode()
    assert f'href="{url}?month={month["month"]}"' in rates
    # A workshop's or a group's people inside the factory see it but may not read this;
    # another factory's people do not see it.
    assert walter_client.get(url, month).status_code == 403
    assert alice_client.get(url, month).status_code == 403
    assert bob_client.get(url, month).status_code == 404
    assert (
        charlie_client.get(reverse("dues:statement", args=[world.factory_b.pk])).status_code == 404
    )


@pytest.mark.parametrize("month", ["", "2025-13", "abcd", "99999-01", "-1", "2025-1-1"])
def test_a_bad_month_shows_this_month(world, marked, charlie_client, month):
    response = charlie_client.get(
        reverse("dues:statement", args=[world.factory_a.pk]), {"month": month}
    )
    assert response.status_code == 200
    assert response.context["month"] == THIS_MONTH


def test_the_statement_runs_fixed_queries_whatever_the_factorys_size(
    world, charlie_client, django_assert_num_queries
):
    DuesRule.objects.create(factory=world.factory_a, effective_from=datetime.date(2020, 1, 1))

    def add_workshops(n):
        made = []
        for _ in range(n):
            workshop = WorkshopUnionFactory(factory=world.factory_a)
            group = UnionGroupFactory(workshop=workshop)
            member = MemberFactory(group=group, joined_union_on=datetime.date(2020, 1, 1))
            DuesPayment.objects.create(
                member=member, group=group, month=THIS_MONTH, amount=D("0.4"), status="paid",
                paid_on=THIS_MONTH,
            )  # fmt: skip
            made.append(workshop)
        return made

    # 1-3 session, user and scope, 4 the factory, 5 the collection by workshop, 6 the excused,
    # 7 the members on the rolls, 8 the rule, 9 the workshops.
    assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("dues:statement", args=[world.factory_a.pk]),
        add_rows=add_workshops,
        rows_now=2,
        pinned=9,
        shown=lambda workshop: workshop.name,
    )


def test_the_federation_is_not_shown_a_sum_due_that_would_tell_a_wage(
    world, marked, fiona_client, charlie_client
):
    # Workshop A2 has one member owing (D, wage 200: 1.00 due). The federation sees what was
    # collected, not the sum due; the factory's staff see both.
    url = reverse("dues:statement", args=[world.factory_a.pk])
    month = {"month": f"{LAST_MONTH:%Y-%m}"}
    lines = {x.name: x for x in fiona_client.get(url, month).context["statement"].lines}
    assert lines[world.workshop_a2.name].due_hidden and lines[world.workshop_a.name].due_hidden
    body = _body(fiona_client.get(url, {**month, "format": "csv"})).decode("utf-8-sig")
    a2 = next(line for line in body.splitlines() if line.startswith(world.workshop_a2.name))
    assert a2.split(",")[7:] == ["1.00", "", ""]
    mine = charlie_client.get(url, month).context["statement"].lines
    assert not any(line.due_hidden for line in mine)
