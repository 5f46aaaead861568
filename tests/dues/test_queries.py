"""Query counts of the dues pages, pinned, and the same for 2 rows as for 50."""

import datetime
from decimal import Decimal as D

from django.urls import reverse
from django.utils import timezone

from dues.models import DuesPayment, DuesRule, Excusal, WageBase
from tests.factories import MemberFactory, UnionGroupFactory
from tests.helpers import assert_flat_queries

THIS_MONTH = timezone.localdate().replace(day=1)
LAST_MONTH = (THIS_MONTH - datetime.timedelta(days=1)).replace(day=1)


def _rule(factory):
    DuesRule.objects.create(factory=factory, effective_from=datetime.date(2020, 1, 1))


def test_the_sheet_runs_fixed_queries_whatever_the_groups_size(
    world, alice_client, django_assert_num_queries
):
    _rule(world.factory_a)

    def add_members(n):
        made = []
        for index in range(n):
            member = MemberFactory(group=world.group_a, name=f"會員甲{len(made)}-{index}")
            WageBase.objects.create(member=member, amount=D("70"))
            if index % 3 == 0:
                Excusal.objects.create(member=member, starts_on=THIS_MONTH, reason="病休")
            DuesPayment.objects.create(
                member=member, group=world.group_a, month=LAST_MONTH, amount=D("0.4"),
                status="unpaid",
            )  # fmt: skip
            made.append(member)
        return made

    # 1-3 session, user and scope, 4 the group, 5 its workshop's factory's rule, 6 who owes the
    # month (memberships with members), 7 wage bases, 8 excusals, 9 payments, 10 arrears.
    assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        reverse("dues:sheet", args=[world.group_a.pk]),
        add_rows=add_members,
        rows_now=1,
        pinned=10,
        shown=lambda m: m.name,
    )


def test_the_rates_run_fixed_queries_whatever_the_number_of_groups(
    world, charlie_client, django_assert_num_queries
):
    _rule(world.factory_a)

    def add_groups(n):
        made = []
        for index in range(n):
            group = UnionGroupFactory(workshop=world.workshop_a, name=f"新組{index}-{n}")
            member = MemberFactory(group=group)
            DuesPayment.objects.create(
                member=member, group=group, month=THIS_MONTH, amount=D("0.4"), status="paid",
                paid_on=THIS_MONTH,
            )  # fmt: skip
            made.append(group)
        return made

    # 1-3 session, user and scope, 4 the groups, 5 the payments by group, 6 who owes the month
    # by group, 7 the rules in force.
    assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("dues:rates"),
        add_rows=add_groups,
        rows_now=2,
        pinned=7,
        shown=lambda g: g.name,
    )
