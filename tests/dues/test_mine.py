"""A member's own dues (dues:mine): this month's amount, the earlier months and what is owed;
the member's own and nobody else's."""

import datetime
from decimal import Decimal as D

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dues.models import DuesPayment, DuesRule, Excusal, WageBase
from tests.factories import MemberFactory, scoped_user

THIS_MONTH = timezone.localdate().replace(day=1)


def months_back(n):
    month = THIS_MONTH
    for _ in range(n):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def pay(member, month, status="paid", amount="0.40", **extra):
    return DuesPayment.objects.create(
        member=member,
        group=member.group,
        month=month,
        amount=D(amount),
        status=status,
        paid_on=month if status == "paid" else None,
        **extra,
    )


def test_a_member_reads_their_own_dues(world, alice_client):
    DuesRule.objects.create(factory=world.factory_a, effective_from=datetime.date(2020, 1, 1))
    me = world.leader_a
    WageBase.objects.create(member=me, amount=D("90"))  # 0.45 → 0.5 (half up to the jiao)
    pay(me, months_back(1))
    pay(me, months_back(2), "unpaid", "0.45")
    pay(me, months_back(3), "unpaid", "0.40")
    # A month moved from the group's total names nobody: not this member's arrears.
    pay(me, months_back(4), "unpaid", "0.35", from_group_total=True)
    neighbour = MemberFactory(group=world.group_a)
    pay(neighbour, months_back(1), "unpaid", "7.70")

    response = alice_client.get(reverse("dues:mine"))
    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["due"] == D("0.50")
    assert (response.context["arrears_months"], response.context["arrears"]) == (2, D("0.85"))
    assert "0.85" in content and 'id="arrears"' in content
    assert [p.month for p in response.context["payments"]] == [months_back(n) for n in (1, 2, 3, 4)]
    assert "7.70" not in content and neighbour.name not in content
    # The leader's home page leads there.
    assert reverse("dues:mine") in alice_client.get(reverse("home")).content.decode()


def test_an_excused_member_owes_nothing_this_month(world, alice_client):
    DuesRule.objects.create(factory=world.factory_a, effective_from=datetime.date(2020, 1, 1))
    Excusal.objects.create(member=world.leader_a, starts_on=THIS_MONTH, reason="病休")
    response = alice_client.get(reverse("dues:mine"))
    assert response.context["due"] == D("0.00")


def test_a_plain_member_reads_their_dues_but_not_the_groups_sheet(world):
    plain = MemberFactory(group=world.group_a)
    pay(plain, months_back(1), "unpaid", "0.30")
    client = Client()
    client.force_login(scoped_user("plain", world.group_a, member=plain))
    response = client.get(reverse("dues:mine"))
    assert response.status_code == 200
    assert response.context["arrears"] == D("0.30")
    assert client.get(reverse("dues:sheet", args=[world.group_a.pk])).status_code == 403


def test_an_account_that_is_nobodys_has_no_dues_of_its_own(world, charlie_client, fiona_client):
    assert charlie_client.get(reverse("dues:mine")).status_code == 404
    assert fiona_client.get(reverse("dues:mine")).status_code == 404


def test_the_page_runs_fixed_queries_whatever_the_months(
    world, alice_client, django_assert_num_queries
):
    DuesRule.objects.create(factory=world.factory_a, effective_from=datetime.date(2020, 1, 1))
    pay(world.leader_a, months_back(1))
    # 1-3 session, user and scope, 4 the member, 5 the payments, 6 the arrears, 7 whether they
    # are on the rolls on the 15th, 8 the rule, 9 an excusal, 10 the wage base.
    with django_assert_num_queries(10):
        alice_client.get(reverse("dues:mine"))
    for n in range(2, 40):
        pay(world.leader_a, months_back(n), "unpaid" if n % 3 else "paid")
    with django_assert_num_queries(10):
        response = alice_client.get(reverse("dues:mine"))
    assert len(response.context["payments"]) == 24


def test_a_member_who_joined_after_the_15th_owes_nothing_this_month(world):
    DuesRule.objects.create(factory=world.factory_a, effective_from=datetime.date(2020, 1, 1))
    late = MemberFactory(group=world.group_a, joined_union_on=THIS_MONTH.replace(day=16))
    client = Client()
    client.force_login(scoped_user("late", world.group_a, member=late))
    response = client.get(reverse("dues:mine"))
    assert response.context["due"] is None
    assert "Nothing is due this month." in response.content.decode()


def test_marking_a_month_moved_from_a_groups_total_makes_it_the_members_own(world, alice):
    from dues import services

    DuesRule.objects.create(factory=world.factory_a, effective_from=datetime.date(2020, 1, 1))
    pay(world.leader_a, months_back(1), "paid", "0.30", from_group_total=True)
    payment = services.dues_mark(
        group=world.group_a, month=months_back(1), member_id=world.leader_a.pk,
        status="unpaid", user=alice,
    )  # fmt: skip
    assert not payment.from_group_total
