"""Dues per member per month (dues/): the rule's arithmetic worked by hand, who owes a month,
excusals, arrears, one payment a member a month, the sheet's marks, rates and remittance."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from dues import services
from dues.models import DuesPayment, DuesRule, Excusal, WageBase
from dues.sheet import sheet
from groups import services as organisation
from tests.factories import MemberFactory

THIS_MONTH = timezone.localdate().replace(day=1)
LAST_MONTH = (THIS_MONTH - datetime.timedelta(days=1)).replace(day=1)


def rule(factory, **kwargs):
    values = {"rate": D("0.50"), "minimum": D("0.20"), "step": DuesRule.Step.JIAO}
    values.update(kwargs)
    return DuesRule.objects.create(
        factory=factory, effective_from=datetime.date(2020, 1, 1), **values
    )


@pytest.mark.parametrize(
    "wage, step, due",
    [
        (D("68.00"), DuesRule.Step.JIAO, D("0.30")),  # 0.34 → 0.3
        (D("75.00"), DuesRule.Step.JIAO, D("0.40")),  # 0.375 → 0.4 (half up)
        (D("30.00"), DuesRule.Step.JIAO, D("0.20")),  # 0.15 → 0.2, the minimum anyway
        (D("20.00"), DuesRule.Step.FEN, D("0.20")),  # 0.10, below the minimum
        (D("500.00"), DuesRule.Step.YUAN, D("3.00")),  # 2.5 → 3
        (D("123.45"), DuesRule.Step.FEN, D("0.62")),  # 0.61725 → 0.62
        (None, DuesRule.Step.JIAO, D("0.20")),  # no wage recorded: the minimum
    ],
)
def test_the_rule_reckons_as_by_hand(world, wage, step, due):
    assert rule(world.factory_a, step=step).due(wage) == due


def test_the_shares_add_up_to_what_was_collected(world):
    even = rule(world.factory_a, group_share=0, factory_share=60, federation_share=40)
    assert even.shares(D("10.00")) == (D("0.00"), D("6.00"), D("4.00"))
    thirds = DuesRule(group_share=D("33.33"), factory_share=D("33.33"), federation_share=D("33.34"))
    # 35 fen by thirds: 11.67, 11.67, 11.67 → 11 each, the two fen left to the largest losses.
    assert thirds.shares(D("0.35")) == (D("0.12"), D("0.11"), D("0.12"))
    halves = DuesRule(group_share=50, factory_share=50, federation_share=0)
    assert halves.shares(D("10.05")) == (D("5.03"), D("5.02"), D("0.00"))  # never negative


def test_who_owes_a_month_follows_the_15th(world):
    rule(world.factory_a)
    day = THIS_MONTH
    early = MemberFactory(group=world.group_a, joined_union_on=day.replace(day=10))
    late = MemberFactory(group=world.group_a, joined_union_on=day.replace(day=16))
    names = {row.member.pk for row in sheet(world.group_a, day)[1]}
    assert early.pk in names and late.pk not in names
    assert world.leader_a.pk in names


def test_a_member_who_moves_by_the_15th_owes_the_new_group(world):
    rule(world.factory_a)
    mover = MemberFactory(group=world.group_a, joined_union_on=datetime.date(2020, 1, 1))
    organisation.member_move(member=mover, to_group=world.group_a2, on=LAST_MONTH.replace(day=10))
    old = {r.member.pk for r in sheet(world.group_a, LAST_MONTH)[1]}
    new = {r.member.pk for r in sheet(world.group_a2, LAST_MONTH)[1]}
    assert mover.pk not in old and mover.pk in new


def test_marks_excusals_arrears_and_the_rate(world, alice):
    rule(world.factory_a)
    a = world.leader_a
    b = MemberFactory(group=world.group_a)
    c = MemberFactory(group=world.group_a)
    WageBase.objects.create(member=a, amount=D("80.00"))  # 0.40
    WageBase.objects.create(member=b, amount=D("64.00"))  # 0.32 → 0.30
    Excusal.objects.create(member=c, starts_on=LAST_MONTH, reason="病休，停發工資")

    services.dues_mark(
        group=world.group_a, month=LAST_MONTH, member_id=a.pk, status="paid", user=alice
    )
    assert services.dues_close(group=world.group_a, month=LAST_MONTH, user=alice) == 1
    payments = {p.member_id: p for p in DuesPayment.objects.filter(month=LAST_MONTH)}
    assert (payments[a.pk].status, payments[a.pk].amount) == ("paid", D("0.40"))
    assert (payments[b.pk].status, payments[b.pk].amount) == ("unpaid", D("0.30"))
    assert (payments[c.pk].status, payments[c.pk].amount) == ("excused", D("0.00"))

    rows = {r.member.pk: r for r in sheet(world.group_a, THIS_MONTH)[1]}
    assert (rows[b.pk].arrears_months, rows[b.pk].arrears) == (1, D("0.30"))
    assert str(rows[b.pk].arrears) == "0.30"  # shown in yuan and fen, on SQLite too
    assert rows[c.pk].excused  # the excusal has no end: still excused
    assert services.dues_all_paid(group=world.group_a, month=THIS_MONTH, user=alice) == 2
    assert services.dues_all_paid(group=world.group_a, month=THIS_MONTH, user=alice) == 0
    # The arrears paid late.
    services.dues_mark(
        group=world.group_a, month=LAST_MONTH, member_id=b.pk, status="paid", user=alice
    )
    assert sheet(world.group_a, THIS_MONTH)[1][0].arrears_months == 0


def test_a_month_is_paid_once_per_member(world):
    rule(world.factory_a)
    member = world.leader_a
    DuesPayment.objects.create(
        member=member, group=world.group_a, month=LAST_MONTH, amount=D("0.40"), status="unpaid"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesPayment.objects.create(
            member=member, group=world.group_a, month=LAST_MONTH, amount=D("0.4"), status="paid",
            paid_on=LAST_MONTH,
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesPayment.objects.create(
            member=member, group=world.group_a, month=THIS_MONTH, amount=D("-1"), status="unpaid"
        )
    # A month is its first day; a payment has the day it was paid.
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesPayment.objects.create(
            member=member, group=world.group_a, month=THIS_MONTH.replace(day=15),
            amount=D("0.4"), status="unpaid",
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesPayment.objects.create(
            member=member, group=world.group_a, month=THIS_MONTH, amount=D("0.4"), status="paid"
        )
    assert DuesPayment.objects.filter(member=member).count() == 1


def test_the_sheet_is_the_groups_writers_own(
    world, alice_client, bob_client, fiona_client, charlie_client
):
    rule(world.factory_a)
    url = reverse("dues:sheet", args=[world.group_a.pk])
    assert alice_client.get(url).status_code == 200
    assert charlie_client.get(url).status_code == 200
    assert bob_client.get(url).status_code == 404
    assert fiona_client.get(url).status_code == 403  # the federation sees rates, not wages
    mark = reverse("dues:mark", args=[world.group_a.pk])
    response = bob_client.post(mark, {"member": world.leader_a.pk, "status": "paid"})
    assert response.status_code == 404
    assert not DuesPayment.objects.exists()


def test_a_leader_marks_the_sheet(world, alice_client):
    rule(world.factory_a)
    url = reverse("dues:mark", args=[world.group_a.pk])
    month = THIS_MONTH.strftime("%Y-%m")
    response = alice_client.post(
        url, {"member": world.leader_a.pk, "status": "paid", "month": month}
    )
    assert response.status_code == 302
    page = alice_client.get(response["Location"])
    assert "1 of 1 paid" in page.content.decode()
    # The day it was paid and who collected it stand beside the member.
    today = timezone.localdate()
    # Collected by the person whose account it is: alice's account belongs to 韓潤.
    assert f"on {today:%m-%d}, collected by 韓潤" in page.content.decode()
    # A month not begun, another group's member, a status that is not one: refused, no row.
    future = (THIS_MONTH + datetime.timedelta(days=40)).strftime("%Y-%m")
    for data in (
        {"member": world.leader_b.pk, "status": "paid"},
        {"member": world.leader_a.pk, "status": "forgiven"},
        {"member": "x", "status": "paid"},
    ):
        assert alice_client.post(url, {**data, "month": month}).status_code == 302
    alice_client.post(url, {"member": world.leader_a.pk, "status": "unpaid", "month": future})
    assert DuesPayment.objects.count() == 1


def test_rates_by_group_for_the_factory_and_by_factory_for_the_federation(
    world, alice, charlie_client, fiona_client, alice_client
):
    rule(world.factory_a)
    WageBase.objects.create(member=world.leader_a, amount=D("4321.00"))
    MemberFactory(group=world.group_a)
    services.dues_mark(
        group=world.group_a,
        month=THIS_MONTH,
        member_id=world.leader_a.pk,
        status="paid",
        user=alice,
    )
    services.dues_close(group=world.group_a, month=THIS_MONTH, user=alice)
    url = reverse("dues:rates")
    page = charlie_client.get(url)
    rows = {row["unit"].pk: row for row in page.context["rows"]}
    group = rows[world.group_a.pk]
    assert (group["paid"], group["owed"], group["rate"]) == (1, 2, 50.0)
    assert group["collected"] == D("21.60")  # 0.5% of 4,321 is 21.605: to the jiao, 21.6
    federation = fiona_client.get(url)
    factories = {row["unit"].pk: row for row in federation.context["rows"]}
    assert factories[world.factory_a.pk]["paid"] == 1
    assert "4321" not in federation.content.decode()  # never a wage
    assert alice_client.get(url).status_code == 403


# --- Two collectors at once, on PostgreSQL -----------------------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time: the races need PostgreSQL",
)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_leaders_marking_one_sheet_at_once_lose_nothing_and_count_nothing_twice(world, alice):
    from tests.security.test_races import _client, _together

    rule(world.factory_a)
    members = [world.leader_a, *(MemberFactory(group=world.group_a) for _ in range(7))]
    url_all = reverse("dues:all_paid", args=[world.group_a.pk])
    url_mark = reverse("dues:mark", args=[world.group_a.pk])
    clients = [_client(alice) for _ in range(6)]

    def work(i):
        if i % 2:
            return clients[i].post(url_all, {})
        return clients[i].post(url_mark, {"member": members[i].pk, "status": "unpaid"})

    responses = _together(6, work)
    assert all(r.status_code == 302 for r in responses)
    rows = DuesPayment.objects.filter(group=world.group_a, month=THIS_MONTH)
    assert rows.count() == len(members)  # one a member, nobody lost, nobody twice
    assert rows.filter(status="paid").count() + rows.filter(status="unpaid").count() == len(members)


def test_the_remittance_statement_adds_up_by_workshop_and_factory(
    world, alice, charlie_client, fiona_client
):
    rule(world.factory_a, group_share=0, factory_share=60, federation_share=40)
    other = MemberFactory(group=world.group_a2)
    WageBase.objects.create(member=world.leader_a, amount=D("80.00"))  # 0.40
    WageBase.objects.create(member=other, amount=D("60.00"))  # 0.30
    for group, member in ((world.group_a, world.leader_a), (world.group_a2, other)):
        services.dues_mark(
            group=group, month=THIS_MONTH, member_id=member.pk, status="paid", user=alice
        )
    page = charlie_client.get(reverse("dues:rates"))
    rows = page.context["rows"]
    subtotals = {r["subtotal"]["workshop"].name: r["subtotal"] for r in rows if "subtotal" in r}
    assert subtotals["金工"]["collected"] == D("0.40")
    assert subtotals["金工"]["shares"] == [D("0.00"), D("0.24"), D("0.16")]
    assert subtotals["裝配"]["shares"] == [D("0.00"), D("0.18"), D("0.12")]
    totals = page.context["totals"]
    assert (totals["collected"], totals["shares"]) == (D("0.70"), [D("0"), D("0.42"), D("0.28")])
    assert totals["rate"] == 100.0
    city = fiona_client.get(reverse("dues:rates")).context["totals"]
    assert city["shares"][2] == D("0.28")  # passed up to the federation


def test_a_member_who_moves_on_the_15th_owes_the_new_group_only(world):
    rule(world.factory_a)
    mover = MemberFactory(group=world.group_a, joined_union_on=datetime.date(2020, 1, 1))
    organisation.member_move(member=mover, to_group=world.group_a2, on=LAST_MONTH.replace(day=15))
    old = {r.member.pk for r in sheet(world.group_a, LAST_MONTH)[1]}
    new = {r.member.pk for r in sheet(world.group_a2, LAST_MONTH)[1]}
    assert mover.pk not in old and mover.pk in new


def test_the_federation_reads_no_members_dues_in_the_admin(world, fiona_client, charlie_client):
    for name in ("duespayment", "excusal", "wagebase"):
        url = reverse(f"admin:dues_{name}_changelist")
        assert fiona_client.get(url).status_code == 403, name
        assert charlie_client.get(url).status_code == 200, name


def test_a_mark_made_by_another_group_is_not_overwritten(world, alice, charlie):
    """韓潤's group marked him paid for last month; he was then moved, as of the 10th, to
    杜鳴舉小組, whose sheet now lists him for that month: it may not mark him again."""
    rule(world.factory_a)
    me = world.leader_a
    services.dues_mark(
        group=world.group_a, month=LAST_MONTH, member_id=me.pk, status="paid", user=alice
    )
    organisation.member_move(member=me, to_group=world.group_a2, on=LAST_MONTH.replace(day=10))
    rows = {r.member.pk: r for r in sheet(world.group_a2, LAST_MONTH)[1]}
    assert rows[me.pk].status == "paid"
    with pytest.raises(ValidationError, match="Another group has marked"):
        services.dues_mark(
            group=world.group_a2, month=LAST_MONTH, member_id=me.pk, status="unpaid", user=charlie
        )
    payment = DuesPayment.objects.get(member=me, month=LAST_MONTH)
    assert (payment.group, payment.status) == (world.group_a, "paid")
    # "All paid" on the new group's sheet leaves his row as it is too.
    assert services.dues_all_paid(group=world.group_a2, month=LAST_MONTH, user=charlie) == 0
    assert DuesPayment.objects.filter(member=me).count() == 1


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_the_counted_messages_read_in_chinese(world, alice_client, language):
    rule(world.factory_a)
    MemberFactory(group=world.group_a)
    alice_client.cookies["django_language"] = language
    url = reverse("dues:all_paid", args=[world.group_a.pk])
    response = alice_client.post(url, {"month": THIS_MONTH.strftime("%Y-%m")}, follow=True)
    message = str(list(response.context["messages"])[0])
    assert "2" in message and not any(c.isascii() and c.isalpha() for c in message), message


def test_the_rate_counts_members_not_marked_yet_as_owing(world, alice, charlie_client):
    rule(world.factory_a)
    MemberFactory(group=world.group_a)  # on the rolls, not marked
    services.dues_mark(
        group=world.group_a, month=LAST_MONTH, member_id=world.leader_a.pk, status="paid",
        user=alice,
    )  # fmt: skip
    response = charlie_client.get(reverse("dues:rates"), {"month": LAST_MONTH.strftime("%Y-%m")})
    row = next(r for r in response.context["rows"] if r["unit"] == world.group_a)
    assert (row["paid"], row["owed"], row["rate"]) == (1, 2, 50.0)
