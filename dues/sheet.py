"""A group's monthly collection sheet: who owes the month, how much, and where each stands; and
the collection figures of groups, workshops and factories, counted in the database.

Who owes a month: the members in the group on its 15th (a member who joins after the 15th
starts the next month; one who leaves or moves away by the 15th owes the group nothing that
month). Excused members owe nothing. Arrears are the earlier months marked not paid (those moved
from a group's monthly total, which named nobody, aside)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from dues.models import ZERO, DuesPayment, DuesRule, Excusal, WageBase
from groups.models import GroupMembership
from groups.people import named

MID_MONTH = 15


def first_of(day):
    return day.replace(day=1)


def parse_month(text, default):
    """``YYYY-MM`` as the month's first day, or ``default`` for anything else."""
    try:
        year, month = (int(part) for part in str(text).split("-"))
        return datetime.date(year, month, 1) if 1900 <= year <= 2100 else default
    except (TypeError, ValueError):
        return default


@dataclass
class SheetRow:
    member: object
    due: object
    status: str  # a DuesPayment.Status, or "" for not marked yet
    excused: bool
    payment: object
    arrears_months: int = 0
    arrears: object = ZERO


def owing_memberships(group, month):
    day = month.replace(day=MID_MONTH)
    return (
        GroupMembership.objects.filter(group=group, started_on__lte=day)
        # A stay that ends on the 15th (a move or leaving that day) owes nothing that month.
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .select_related("member")
        .order_by("member__name", "member__pk")
    )


def sheet(group, month):
    """``(rule, rows)`` of the group's sheet for ``month``: five queries, whatever the group's
    size."""
    members = []
    seen = set()
    for stay in owing_memberships(group, month):
        if stay.member_id not in seen:
            seen.add(stay.member_id)
            members.append(stay.member)
    rule = DuesRule.objects.in_force(group.workshop.factory_id, month)
    ids = [m.pk for m in members]
    wages = dict(WageBase.objects.filter(member__in=ids).values_list("member", "amount"))
    excused = set(
        Excusal.objects.covering(month).filter(member__in=ids).values_list("member", flat=True)
    )
    payments = {
        p.member_id: p
        for p in DuesPayment.objects.filter(month=month, member__in=ids).select_related(
            *named("collected_by")
        )
    }
    arrears = {
        row["member"]: row
        for row in DuesPayment.objects.filter(
            member__in=ids,
            status=DuesPayment.Status.UNPAID,
            month__lt=month,
            # A month moved from a group's total names nobody: it is nobody's arrears.
            from_group_total=False,
        )
        .values("member")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    }
    rows = []
    for member in members:
        payment = payments.get(member.pk)
        is_excused = member.pk in excused
        if payment is not None:
            due = payment.amount
        elif is_excused:
            due = ZERO
        else:
            due = rule.due(wages.get(member.pk)) if rule else None
        owed = arrears.get(member.pk) or {}
        rows.append(
            SheetRow(
                member=member,
                due=due,
                status=payment.status if payment else "",
                excused=is_excused,
                payment=payment,
                arrears_months=owed.get("n", 0),
                # SQLite sums decimals as floats: back to the fen.
                arrears=Decimal(owed.get("total") or 0).quantize(ZERO),
            )
        )
    return rule, rows


KEYS = {"group": "group", "workshop": "group__workshop", "factory": "group__workshop__factory"}


def owing_by(groups, month, key):
    """``{unit pk: members who owe the month}`` by ``key`` (group, workshop or factory) over the
    ``groups`` (a query of them), in one query: those on the rolls on the 15th and not excused,
    marked yet or not."""
    day = month.replace(day=MID_MONTH)
    excused = Excusal.objects.covering(month).values("member")
    rows = (
        GroupMembership.objects.filter(group__in=groups, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .exclude(member__in=excused)
        .order_by()
        .values(KEYS[key])
        .annotate(n=Count("member", distinct=True))
    )
    return {row[KEYS[key]]: row["n"] for row in rows}


def collection(payments, key):
    """``{unit pk: {paid, owed, collected, due}}`` for a month's payments, by ``key`` (group,
    workshop or factory), in one query: members paid of those who owe (excused left out), and
    the yuan collected of those due."""
    owing = ~Q(status=DuesPayment.Status.EXCUSED)
    paid = Q(status=DuesPayment.Status.PAID)
    rows = (
        payments.order_by()
        .values(KEYS[key])
        .annotate(
            paid=Count("pk", filter=paid),
            owed=Count("pk", filter=owing),
            collected=Sum("amount", filter=paid, default=ZERO),
            due=Sum("amount", filter=owing, default=ZERO),
        )
    )
    return {row.pop(KEYS[key]): row for row in rows}
