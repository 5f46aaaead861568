"""Marking dues: one row a member a month, under the group's lock, so that two collectors marking
one sheet at once lose nothing and count nothing twice."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from dues.models import DuesPayment
from dues.sheet import sheet
from groups.models import UnionGroup


def _open_sheet(group, month):
    group = (
        UnionGroup.objects.select_for_update(no_key=True)
        .select_related("workshop")
        .get(pk=group.pk)
    )
    group.check_open()
    if month > timezone.localdate().replace(day=1):
        raise ValidationError(_("This month has not begun."))
    rule, rows = sheet(group, month)
    if rule is None:
        raise ValidationError(
            _("The factory union has no dues rule for this month yet: it is set in the admin.")
        )
    return group, rows


@transaction.atomic
def dues_mark(*, group, month, member_id, status, user) -> DuesPayment:
    """Mark one member's dues for the month paid or not paid (an excused member stays excused)."""
    if status not in (DuesPayment.Status.PAID, DuesPayment.Status.UNPAID):
        raise ValidationError(_("Mark the dues paid or not paid."))
    group, rows = _open_sheet(group, month)
    row = next((r for r in rows if r.member.pk == member_id), None)
    if row is None:
        raise ValidationError(_("This member owes this group no dues for the month."))
    if row.excused:
        raise ValidationError(_("This member is excused from dues this month."))
    if row.payment is not None and row.payment.group_id != group.pk:
        raise ValidationError(_("Another group has marked this member's dues for the month."))
    today = timezone.localdate()
    payment, _created = DuesPayment.objects.update_or_create(
        member_id=member_id,
        month=month,
        defaults={
            "group": group,
            "amount": row.due,
            "status": status,
            "paid_on": today if status == DuesPayment.Status.PAID else None,
            "collected_by": user if status == DuesPayment.Status.PAID else None,
            # Marked by name now: no longer the group's total of an old record.
            "from_group_total": False,
        },
    )
    return payment


def _mark_the_rest(group, month, user, status):
    """Every member not marked yet gets ``status`` (the excused stay excused); how many did."""
    group, rows = _open_sheet(group, month)
    today = timezone.localdate()
    paid = status == DuesPayment.Status.PAID
    new = [
        DuesPayment(
            member=row.member,
            group=group,
            month=month,
            amount=row.due,
            status=DuesPayment.Status.EXCUSED if row.excused else status,
            paid_on=today if paid and not row.excused else None,
            collected_by=user if paid and not row.excused else None,
        )
        for row in rows
        if row.payment is None
    ]
    bulk_create_with_history(new, DuesPayment, default_user=user)
    return sum(1 for payment in new if payment.status == status)


@transaction.atomic
def dues_all_paid(*, group, month, user) -> int:
    """Mark every member not marked yet paid (the excused as excused); returns how many."""
    return _mark_the_rest(group, month, user, DuesPayment.Status.PAID)


@transaction.atomic
def dues_close(*, group, month, user) -> int:
    """Close the month: who is not marked yet owes it (arrears carried forward); returns how
    many."""
    return _mark_the_rest(group, month, user, DuesPayment.Status.UNPAID)
