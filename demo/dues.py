"""Demo dues for ``seed_demo``: every factory's rule (half of one per cent of the wage, at least
two jiao, to the jiao; sixty per cent kept by the factory, forty passed up), every member's wage
base, and a year of monthly payments up to last month: the good groups pay in full, the others
now and then owe a month, the lagging groups more often. This month is left for the groups to
mark. Idempotent: a factory that has a rule is left alone."""

import datetime
import random
from decimal import Decimal

from demo.common import classes_of, month_after
from dues.models import DuesPayment, DuesRule, WageBase
from groups.models import FactoryUnion, Member, UnionGroup

PAID = {"good": 1.0, "ordinary": 0.93, "lagging": 0.75}


def seed_dues(today, city, good_groups):
    groups = list(UnionGroup.objects.active().select_related("workshop__factory").order_by("pk"))
    classes = classes_of(groups, city, good_groups)
    this_month = today.replace(day=1)
    for factory in FactoryUnion.objects.order_by("pk"):
        if DuesRule.objects.filter(factory=factory).exists():
            continue
        rule = DuesRule.objects.create(factory=factory, effective_from=datetime.date(2020, 1, 1))
        members = list(
            Member.objects.active().filter(factory=factory).select_related("group").order_by("pk")
        )
        wages, payments = [], []
        for member in members:
            rng = random.Random(f"dues/{member.pk}")
            wage = Decimal(rng.randint(45, 120))
            wages.append(WageBase(member=member, amount=wage))
            chance = PAID[classes.get(member.group_id, "ordinary")]
            due = rule.due(wage)
            first = max(month_after(this_month, -12), month_after(member.joined_union_on, 1))
            month = first.replace(day=1)
            while month < this_month:
                paid = rng.random() < chance
                payments.append(
                    DuesPayment(
                        member=member,
                        group=member.group,
                        month=month,
                        amount=due,
                        status=DuesPayment.Status.PAID if paid else DuesPayment.Status.UNPAID,
                        paid_on=month.replace(day=rng.randint(5, 25)) if paid else None,
                    )
                )
                month = month_after(month, 1)
        WageBase.objects.bulk_create(wages)
        DuesPayment.objects.bulk_create(payments, batch_size=2000)
