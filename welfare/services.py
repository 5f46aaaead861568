"""Writes of the welfare app: each validates first, then saves all of it in one transaction, and
raises ``ValidationError`` (with field names where it can) for the form to show. Nothing is
saved when a check fails."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Member, UnionGroup
from groups.voiding import deleted_records, restore_deleted
from welfare.models import (
    Activity,
    CaseAccess,
    CaseAction,
    InsuranceClaim,
    StatusChange,
    WelfareCase,
)

Status = WelfareCase.Status
Kind = CaseAction.Kind


def _not_future(field, day, today):
    if day > today:
        raise ValidationError({field: _("This date is in the future.")})


def _not_before_opening(field, day, case):
    if day < case.opened_on:
        raise ValidationError(
            {
                field: _("This is before the case was opened (%(date)s).")
                % {"date": case.opened_on.isoformat()}
            }
        )


# --- Cases ---------------------------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    group: UnionGroup,
    member: Member,
    user,
    category: str,
    tier: int,
    description: str,
    opened_on: datetime.date,
    follow_up_on: datetime.date | None = None,
) -> WelfareCase:
    """A new case for a member of ``group``, open from ``opened_on``."""
    group.check_open()
    if member.group_id != group.pk or member.status != Member.Status.ACTIVE:
        raise ValidationError({"member": _("Choose a current member of this group.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what the hardship is.")})
    _not_future("opened_on", opened_on, timezone.localdate())
    if follow_up_on is not None and follow_up_on < opened_on:
        raise ValidationError({"follow_up_on": _("The follow-up cannot come before the case.")})
    case = WelfareCase.objects.create(
        group=group,
        member=member,
        category=category,
        tier=tier,
        description=description.strip(),
        opened_on=opened_on,
        opened_by=user,
        follow_up_on=follow_up_on,
    )
    StatusChange.objects.create(
        case=case, to_status=Status.OPEN, changed_on=opened_on, changed_by=user
    )
    return case


@transaction.atomic
def case_update(
    *,
    case: WelfareCase,
    user,
    category: str,
    tier: int,
    description: str,
    opened_on: datetime.date,
) -> WelfareCase:
    """Correct what the case is about and when it was opened."""
    if not description.strip():
        raise ValidationError({"description": _("Say what the hardship is.")})
    _not_future("opened_on", opened_on, timezone.localdate())
    done = [
        case.actions.order_by("done_on").values_list("done_on", flat=True).first(),
        case.claims.order_by("filed_on").values_list("filed_on", flat=True).first(),
        case.status_changes.exclude(from_status="")
        .order_by("changed_on")
        .values_list("changed_on", flat=True)
        .first(),
    ]
    first = min((day for day in done if day is not None), default=None)
    if first is not None and opened_on > first:
        raise ValidationError(
            {
                "opened_on": _("Something was already done on %(date)s: open the case by then.")
                % {"date": first.isoformat()}
            }
        )
    for day in (case.resolved_on, case.closed_on, case.follow_up_on):
        if day is not None and opened_on > day:
            raise ValidationError(
                {
                    "opened_on": _("The case cannot be opened after %(date)s.")
                    % {"date": day.isoformat()}
                }
            )
    case.category, case.tier = category, tier
    case.description, case.opened_on = description.strip(), opened_on
    if case.resolved_on is not None:
        case.days_to_resolve = (case.resolved_on - opened_on).days
    case._change_reason = "edited"
    case.save()
    case.status_changes.filter(from_status="").update(changed_on=opened_on)
    return case


@transaction.atomic
def set_follow_up(
    *, case: WelfareCase, user, follow_up_on: datetime.date | None, today=None
) -> WelfareCase:
    """Set the day to look in on the member again, or clear it with ``None``."""
    today = today or timezone.localdate()
    if case.status == Status.CLOSED:
        raise ValidationError(_("This case is closed: reopen it first."))
    if follow_up_on is not None and follow_up_on < today:
        raise ValidationError({"follow_up_on": _("A follow-up is today or later.")})
    case.follow_up_on = follow_up_on
    case.save(update_fields=["follow_up_on"])
    return case


@transaction.atomic
def case_move(
    *,
    case: WelfareCase,
    user,
    to_status: str,
    on: datetime.date,
    note: str = "",
    today=None,
) -> WelfareCase:
    """Move the case on: to in progress, resolved or closed, or reopen it. Each move is kept
    with who made it, when, and the note."""
    today = today or timezone.localdate()
    note = note.strip()
    case = WelfareCase.objects.select_for_update().get(pk=case.pk)
    if to_status not in case.next_statuses:
        raise ValidationError(
            _("A case that is %(status)s cannot become %(to)s.")
            % {
                "status": case.get_status_display(),
                "to": Status(to_status).label,
            }
        )
    _not_future("on", on, today)
    _not_before_opening("on", on, case)
    last = case.status_changes.order_by("-changed_on").values_list("changed_on", flat=True).first()
    if last is not None and on < last:
        raise ValidationError(
            {
                "on": _("The case last changed on %(date)s: this cannot come before it.")
                % {"date": last.isoformat()}
            }
        )
    reopening = WelfareCase.is_reopening(case.status, to_status)
    if reopening and not note:
        raise ValidationError({"note": _("Say why the case is reopened.")})
    if to_status == Status.CLOSED and case.follow_up_overdue(today) and not note:
        raise ValidationError(
            {
                "note": _(
                    "The follow-up of %(date)s is overdue: say in a note why the case is "
                    "closed without it."
                )
                % {"date": case.follow_up_on.isoformat()}
            }
        )
    from_status = case.status
    if to_status == Status.RESOLVED:
        case.resolved_on, case.days_to_resolve = on, (on - case.opened_on).days
    elif to_status == Status.CLOSED:
        case.closed_on = on
    elif reopening:
        case.resolved_on = case.days_to_resolve = case.closed_on = None
    case.status = to_status
    case.save()
    StatusChange.objects.create(
        case=case,
        from_status=from_status,
        to_status=to_status,
        changed_on=on,
        changed_by=user,
        note=note,
    )
    return case


# --- Actions -------------------------------------------------------------------------------------


def _check_action(kind, *, who, brought, amount, source, referred_to, text):
    if kind == Kind.VISIT and not who:
        raise ValidationError({"who": _("Say who went.")})
    if kind == Kind.GOODS and not brought:
        raise ValidationError({"brought": _("Say what was given.")})
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    if kind == Kind.GRANT:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("A grant is more than nothing.")})
        if not source:
            raise ValidationError({"source": _("Say where the money comes from.")})
    if kind == Kind.REFERRAL and not referred_to:
        raise ValidationError({"referred_to": _("Say where the case is referred.")})
    if kind == Kind.NOTE and not text:
        raise ValidationError({"text": _("Write the note.")})


@transaction.atomic
def action_add(
    *,
    case: WelfareCase,
    user,
    kind: str,
    done_on: datetime.date,
    who: str = "",
    brought: str = "",
    amount: Decimal | None = None,
    source: str = "",
    referred_to: str = "",
    text: str = "",
) -> CaseAction:
    """Record a visit, grant, goods, referral or note on a case. The first thing done on an open
    case puts it in progress."""
    if case.status == Status.CLOSED:
        raise ValidationError(_("This case is closed: reopen it first."))
    who, brought, text = who.strip(), brought.strip(), text.strip()
    _not_future("done_on", done_on, timezone.localdate())
    _not_before_opening("done_on", done_on, case)
    _check_action(
        kind,
        who=who,
        brought=brought,
        amount=amount,
        source=source,
        referred_to=referred_to,
        text=text,
    )
    aid = kind in (Kind.GRANT, Kind.GOODS)
    action = CaseAction.objects.create(
        case=case,
        kind=kind,
        done_on=done_on,
        who=who,
        brought=brought if kind in (Kind.VISIT, Kind.GOODS) else "",
        amount=amount if aid else None,
        source=source if aid else "",
        referred_to=referred_to if kind == Kind.REFERRAL else "",
        text=text,
        recorded_by=user,
    )
    if case.status == Status.OPEN:
        last = case.status_changes.order_by("-changed_on").values_list("changed_on", flat=True)
        moved_on = max(done_on, last.first() or done_on)
        case_move(case=case, user=user, to_status=Status.IN_PROGRESS, on=moved_on)
        case.refresh_from_db()
    return action


@transaction.atomic
def action_delete(*, action: CaseAction, user) -> None:
    """Delete a mistaken entry; its history keeps what it said and who deleted it, and it can be
    brought back (``action_restore``)."""
    action._change_reason = "deleted"
    action._history_user = user
    action.delete()


def actions_deleted(case: WelfareCase, limit=20):
    """The case's last entries deleted and not restored since, newest first."""
    return deleted_records(CaseAction, limit, case=case)


@transaction.atomic
def action_restore(*, case: WelfareCase, history_id: int, user) -> CaseAction:
    """Bring back an entry of the case deleted by mistake, as it was."""
    return restore_deleted(CaseAction, history_id=history_id, user=user, case=case)


# --- Labour insurance ----------------------------------------------------------------------------


def _check_claim(*, case, filed_on, amount_claimed, amount_paid, status, decided_on):
    today = timezone.localdate()
    _not_future("filed_on", filed_on, today)
    _not_before_opening("filed_on", filed_on, case)
    if amount_claimed is None or amount_claimed <= 0:
        raise ValidationError({"amount_claimed": _("A claim is for more than nothing.")})
    if amount_paid is not None:
        if amount_paid < 0:
            raise ValidationError({"amount_paid": _("An amount cannot be negative.")})
        if amount_paid > amount_claimed:
            raise ValidationError({"amount_paid": _("More cannot be paid than was claimed.")})
    S = InsuranceClaim.Status
    if status == S.PAID and not amount_paid:
        raise ValidationError({"amount_paid": _("Say how much was paid.")})
    if status == S.FILED:
        if decided_on is not None:
            raise ValidationError({"decided_on": _("A claim still filed is not decided yet.")})
    else:
        if decided_on is None:
            raise ValidationError({"decided_on": _("Say when the claim was decided.")})
        _not_future("decided_on", decided_on, today)
        if decided_on < filed_on:
            raise ValidationError({"decided_on": _("A claim is decided after it is filed.")})


@transaction.atomic
def claim_save(
    *,
    case: WelfareCase,
    user,
    claim: InsuranceClaim | None = None,
    benefit: str,
    filed_on: datetime.date,
    amount_claimed: Decimal,
    amount_paid: Decimal | None = None,
    status: str = InsuranceClaim.Status.FILED,
    decided_on: datetime.date | None = None,
    note: str = "",
) -> InsuranceClaim:
    """File a labour insurance claim for a case, or record what became of it."""
    _check_claim(
        case=case,
        filed_on=filed_on,
        amount_claimed=amount_claimed,
        amount_paid=amount_paid,
        status=status,
        decided_on=decided_on,
    )
    claim = claim or InsuranceClaim(case=case)
    claim.benefit, claim.filed_on = benefit, filed_on
    claim.amount_claimed, claim.amount_paid = amount_claimed, amount_paid
    claim.status, claim.decided_on, claim.note = status, decided_on, note.strip()
    claim.save()
    return claim


# --- Recreation and culture ----------------------------------------------------------------------


@transaction.atomic
def activity_save(
    *,
    group: UnionGroup,
    user,
    activity: Activity | None = None,
    held_on: datetime.date,
    kind: str,
    title: str,
    notes: str = "",
    participants=(),
) -> Activity:
    """Record an activity of the group and who took part (members of the group only)."""
    group.check_open()
    if not title.strip():
        raise ValidationError({"title": _("Give the activity a title.")})
    _not_future("held_on", held_on, timezone.localdate())
    participants = list(participants)
    # Members of the group, or those already listed (who may have moved on since).
    listed = set(activity.participants.values_list("pk", flat=True)) if activity else set()
    if any(m.group_id != group.pk and m.pk not in listed for m in participants):
        raise ValidationError({"participants": _("Only members of this group can be listed.")})
    if activity is None:
        activity = Activity(group=group, recorded_by=user)
    activity.held_on, activity.kind = held_on, kind
    activity.title, activity.notes = title.strip(), notes.strip()
    activity.save()
    activity.participants.set(participants)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, user) -> None:
    """Delete a mistaken activity; its history keeps it, with who took part, and it can be
    brought back (``activity_restore``)."""
    activity._history_user = user
    activity.delete()


def activities_deleted(group: UnionGroup, limit=20):
    """The group's last activities deleted and not restored since, newest first."""
    return deleted_records(Activity, limit, group=group)


@transaction.atomic
def activity_restore(*, group: UnionGroup, history_id: int, user) -> Activity:
    """Bring back an activity deleted by mistake, with who took part as last recorded (a
    deletion drops the participants before its historical row is written)."""
    before = (
        Activity.history.filter(history_id__lt=history_id)
        .filter(id__in=Activity.history.filter(history_id=history_id).values("id"))
        .exclude(history_type="-")
        .order_by("-history_id")
        .first()
    )
    activity = restore_deleted(Activity, history_id=history_id, user=user, group=group)
    if before is not None:
        activity.participants.set(before.participants.values_list("member", flat=True))
    return activity


# --- Who looked ----------------------------------------------------------------------------------


def record_access(*, cases, user, how=CaseAccess.How.VIEWED) -> None:
    """Note that ``user`` read the details of ``cases`` (ids or cases), in one insert."""
    ids = [getattr(case, "pk", case) for case in cases]
    CaseAccess.objects.bulk_create(
        [CaseAccess(case_id=pk, user=user, how=how) for pk in ids], batch_size=500
    )
