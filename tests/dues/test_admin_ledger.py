"""The ledger in the back office, as a superuser pages through the whole city's: the newest month
first, each month by member name, page after page, the same rows in the same order as Django's
own reading (dues.admin.MonthByMonthChangeList reads them month by month)."""

import datetime
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dues.models import DuesPayment
from tests.factories import MemberFactory, UserFactory

LEDGER = reverse("admin:dues_duespayment_changelist")
NEWER = timezone.localdate().replace(day=1)  # this month
OLDER = (NEWER - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def root_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def ledger(world):
    """70 members in groups A and B (names repeat: 張三 and 李四, in turn), each with last month's
    dues and 40 of them with this month's: 110 rows, the second page spanning both months."""
    members = [
        MemberFactory(
            group=(world.group_a, world.group_b)[i % 2], name=("張三", "李四", f"王{i:02d}")[i % 3]
        )
        for i in range(70)
    ]
    for month, payers in ((OLDER, members), (NEWER, members[:40])):
        DuesPayment.objects.bulk_create(
            DuesPayment(member=m, group=m.group, month=month, amount=D("0.50"), status="unpaid")
            for m in payers
        )
    return members


def _expected():
    """Django's own order: the newest month first, then the member's name, then the payment."""
    return list(
        DuesPayment.objects.order_by("-month", "member__name", "pk").values_list("pk", flat=True)
    )


@pytest.mark.parametrize("page", [1, 2, 3])
def test_the_superuser_pages_through_the_ledger_in_its_order(root_client, ledger, page):
    response = root_client.get(LEDGER + f"?p={page}")
    cl = response.context["cl"]
    shown = [payment.pk for payment in cl.result_list]
    assert shown == _expected()[(page - 1) * 50 : page * 50]
    assert cl.result_count == 110
    content = response.content.decode()
    assert all(str(payment.member) in content for payment in cl.result_list)


@pytest.mark.parametrize("query", ["?o=1&p=2", "?o=-3.1&p=2", "?status__exact=unpaid&p=2"])
def test_another_order_or_a_filter_is_read_as_asked(root_client, ledger, query):
    cl = root_client.get(LEDGER + query).context["cl"]
    assert [payment.pk for payment in cl.result_list] == list(
        cl.queryset.values_list("pk", flat=True)[50:100]
    )


def test_a_factorys_staff_reads_their_factorys_ledger_only(charlie_client, ledger, world):
    cl = charlie_client.get(LEDGER + "?p=2").context["cl"]
    assert {payment.group for payment in cl.result_list} == {world.group_a}
    assert cl.result_count == 55
