"""The group's monthly dues records move onto the per-member ledger (``dues.DuesPayment``).

A record counted the members who owed the month, those who paid and the yuan collected, without
naming anyone. Each becomes one row per member of the group that month (the members in it on the
15th, as the collection sheet counts them), in name order: as many marked paid as the record
counted, sharing its amount to the fen (the fen left over go to the first), the rest marked not
paid at the same average amount. Every such row is flagged ``from_group_total``: the figures are
the group's, the names are not known, and a member's arrears never count such a month. Each row
has a history row dated when the record was made, by whoever made it.

A month the group has already marked on the ledger is left as the ledger has it. A record that
counted more members than the group had that month keeps what it can and is reported. Going back
rebuilds each record from its flagged rows.
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


def _members(GroupMembership, DuesPayment, record):
    """The members who owed the group the month and have no row on the ledger for it yet."""
    day = record.month.replace(day=15)
    ids = list(
        dict.fromkeys(
            GroupMembership.objects.filter(group_id=record.group_id, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
            .order_by("member__name", "member_id")
            .values_list("member_id", flat=True)
        )
    )
    marked = set(
        DuesPayment.objects.filter(month=record.month, member_id__in=ids).values_list(
            "member_id", flat=True
        )
    )
    return [member_id for member_id in ids if member_id not in marked]


def forwards(apps, schema_editor):
    DuesRecord = apps.get_model("oversight", "DuesRecord")
    HistoricalDuesRecord = apps.get_model("oversight", "HistoricalDuesRecord")
    DuesPayment = apps.get_model("dues", "DuesPayment")
    HistoricalDuesPayment = apps.get_model("dues", "HistoricalDuesPayment")
    GroupMembership = apps.get_model("groups", "GroupMembership")
    moved = kept_as_marked = 0
    short = []
    for record in DuesRecord.objects.order_by("month", "group_id").iterator():
        if DuesPayment.objects.filter(group_id=record.group_id, month=record.month).exists():
            kept_as_marked += 1
            continue
        first = HistoricalDuesRecord.objects.filter(id=record.pk).order_by("history_date").first()
        recorded_at = first.history_date if first else None
        members = _members(GroupMembership, DuesPayment, record)[: record.members_due]
        paid = min(record.members_paid, len(members))
        amounts = _split(record.amount, paid)
        average = (record.amount / record.members_paid).quantize(CENT) if paid else Decimal(0)
        if paid < record.members_paid or len(members) < record.members_due:
            short.append(f"{record.group_id}/{record.month:%Y-%m}")
        paid_on = (
            recorded_at.date()
            if recorded_at
            else (record.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            - datetime.timedelta(days=1)
        )
        rows = [
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
            for index, member_id in enumerate(members)
        ]
        DuesPayment.objects.bulk_create(rows)
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
                group_id=record.group_id, month=record.month, from_group_total=True
            )
        )
        moved += 1
    if short:
        print(
            f"\n  Dues records: {moved} moved onto the ledger, {kept_as_marked} left as the "
            f"ledger had them; {len(short)} counted more members than the group had that month "
            f"and kept what they could (group/month): {', '.join(short[:50])}"
            + (" …" if len(short) > 50 else "")
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
