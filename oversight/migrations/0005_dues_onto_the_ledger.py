"""The group's monthly dues records move onto the per-member ledger (``dues.DuesPayment``).

A record counted the members who owed the month, those who paid and the yuan collected, without
naming anyone. It becomes one row per member of the group that month (the members in it on the
15th, as the collection sheet counts them) who has no row for the month yet:

- a member excused that month gets an excused row;
- of the others, in name order, as many as the record counted owing: the first as many as it
  counted paying are marked paid, sharing its amount to the fen (the fen left over go to the
  first), the rest not paid at the same average amount.

Where the group's sheet already marked some of the month, the record tops it up: only the payers
and the yuan the sheet has not accounted for are shared out among the members not marked yet.
Every row made here is flagged ``from_group_total`` (the figures are the group's, the names are
not known, and a member's arrears never count such a month) and has a history row dated when the
record was made, by whoever made it. Whatever a record counted that the group's roll could not
hold is reported, group by group.

Going back rebuilds a record from each month's flagged rows (for a month the sheet had partly
marked, the part the record added).
"""

import datetime
from decimal import Decimal

from django.db import migrations
from django.db.models import Count, Q, Sum

CENT = Decimal("0.01")


def _split(amount, count):
    """``count`` amounts in fen that add up to ``amount``; the fen left over go to the first."""
    if count == 0:
        return []
    cents = int((amount * 100).to_integral_value())
    each, left = divmod(cents, count)
    return [Decimal(each + (1 if index < left else 0)) / 100 for index in range(count)]


def _on_rolls(GroupMembership, record):
    day = record.month.replace(day=15)
    return list(
        dict.fromkeys(
            GroupMembership.objects.filter(group_id=record.group_id, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
            .order_by("member__name", "member_id")
            .values_list("member_id", flat=True)
        )
    )


def _paid_on(record, recorded_at):
    if recorded_at:
        return recorded_at.date()
    next_month = (record.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return next_month - datetime.timedelta(days=1)


def forwards(apps, schema_editor):
    DuesRecord = apps.get_model("oversight", "DuesRecord")
    HistoricalDuesRecord = apps.get_model("oversight", "HistoricalDuesRecord")
    DuesPayment = apps.get_model("dues", "DuesPayment")
    HistoricalDuesPayment = apps.get_model("dues", "HistoricalDuesPayment")
    Excusal = apps.get_model("dues", "Excusal")
    GroupMembership = apps.get_model("groups", "GroupMembership")
    moved = topped_up = 0
    short = []
    for record in DuesRecord.objects.order_by("month", "group_id").iterator():
        first = HistoricalDuesRecord.objects.filter(id=record.pk).order_by("history_date").first()
        recorded_at = first.history_date if first else None
        ids = _on_rolls(GroupMembership, record)
        rows = DuesPayment.objects.filter(month=record.month, member_id__in=ids)
        marked = {row.member_id: row for row in rows}
        mine = [row for row in marked.values() if row.group_id == record.group_id]
        if mine:
            topped_up += 1
        already_owing = sum(1 for row in mine if row.status != "excused")
        already_paid = [row for row in mine if row.status == "paid"]
        already_amount = sum((row.amount for row in already_paid), Decimal(0))
        unmarked = [pk for pk in ids if pk not in marked]
        excused = set(
            Excusal.objects.filter(member_id__in=unmarked, starts_on__lte=record.month)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=record.month))
            .values_list("member_id", flat=True)
        )
        owing = [pk for pk in unmarked if pk not in excused]
        wanted = max(record.members_due - already_owing, 0)
        take = owing[:wanted]
        paid_left = max(record.members_paid - len(already_paid), 0)
        amount_left = max(record.amount - already_amount, Decimal(0))
        paid = min(paid_left, len(take))
        amounts = _split(amount_left, paid)
        average = (record.amount / record.members_paid).quantize(CENT) if record.members_paid else 0
        if paid < paid_left or len(take) < wanted or (amount_left and not paid):
            short.append(
                f"{record.group_id}/{record.month:%Y-%m} "
                f"({len(take)} of {wanted} owing, {paid} of {paid_left} paying)"
            )
        paid_on = _paid_on(record, recorded_at)
        made = [
            DuesPayment(
                member_id=member_id,
                group_id=record.group_id,
                month=record.month,
                amount=amounts[index] if index < paid else average,
                status="paid" if index < paid else "unpaid",
                paid_on=paid_on if index < paid else None,
                collected_by_id=record.recorded_by_id if index < paid else None,
                from_group_total=True,
            )
            for index, member_id in enumerate(take)
        ] + [
            DuesPayment(
                member_id=member_id,
                group_id=record.group_id,
                month=record.month,
                amount=Decimal(0),
                status="excused",
                from_group_total=True,
            )
            for member_id in unmarked
            if member_id in excused
        ]
        DuesPayment.objects.bulk_create(made)
        HistoricalDuesPayment.objects.bulk_create(
            HistoricalDuesPayment(
                id=row.pk,
                member_id=row.member_id,
                group_id=row.group_id,
                month=row.month,
                amount=row.amount,
                status=row.status,
                paid_on=row.paid_on,
                collected_by_id=row.collected_by_id,
                from_group_total=True,
                history_date=recorded_at or datetime.datetime.now(datetime.UTC),
                history_type="+",
                history_user_id=record.recorded_by_id,
                history_change_reason="From the group's dues record of the month",
            )
            for row in DuesPayment.objects.filter(
                group_id=record.group_id,
                month=record.month,
                from_group_total=True,
                member_id__in=[row.member_id for row in made],
            )
        )
        moved += 1
    if moved:
        print(
            f"\n  Dues records: {moved} moved onto the ledger ({topped_up} topping up a month the "
            f"group's sheet had partly marked)."
        )
    if short:
        print(
            f"  {len(short)} counted more than the group's roll held that month and kept what "
            f"it could (group/month): {'; '.join(short[:50])}" + (" …" if len(short) > 50 else "")
        )


def backwards(apps, schema_editor):
    DuesRecord = apps.get_model("oversight", "DuesRecord")
    DuesPayment = apps.get_model("dues", "DuesPayment")
    HistoricalDuesPayment = apps.get_model("dues", "HistoricalDuesPayment")
    flagged = DuesPayment.objects.filter(from_group_total=True)
    totals = (
        flagged.order_by()
        .values("group_id", "month")
        .annotate(
            due=Count("pk", filter=~Q(status="excused")),
            paid=Count("pk", filter=Q(status="paid")),
            amount=Sum("amount", filter=Q(status="paid")),
        )
    )
    for total in totals:
        collector = (
            flagged.filter(group_id=total["group_id"], month=total["month"], status="paid")
            .values_list("collected_by_id", flat=True)
            .first()
        )
        DuesRecord.objects.create(
            group_id=total["group_id"],
            month=total["month"],
            members_due=total["due"],
            members_paid=total["paid"],
            amount=Decimal(total["amount"] or 0).quantize(CENT),
            recorded_by_id=collector,
        )
    HistoricalDuesPayment.objects.filter(from_group_total=True).delete()
    flagged.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0004_field_bounds"),
        ("dues", "0002_from_group_total"),
        ("groups", "0006_member_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
