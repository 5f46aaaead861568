"""Writes of guarantee plans: the plan and its indicators, progress entries, pledges and closing."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from competitions.models import (
    HIGHER_IS_BETTER,
    GuaranteePlan,
    Indicator,
    Kind,
    Pledge,
    ProgressEntry,
)
from groups.models import Member, UnionGroup
from groups.voiding import deleted_records, restore_deleted


def _check_indicators(indicators):
    if not indicators:
        raise ValidationError(_("A guarantee plan sets at least one target."))
    for row in indicators:
        if row["kind"] == Kind.CUSTOM and not row.get("name"):
            raise ValidationError(_("Name the custom indicator."))
        if row["target"] < 0:
            raise ValidationError(_("A target cannot be negative."))
        if row["kind"] == Kind.PASS_SHARE and row["target"] > 100:
            raise ValidationError(_("A share passing is at most 100%."))


@transaction.atomic
def plan_create(
    *,
    group: UnionGroup,
    user,
    period: str,
    day: datetime.date,
    production_plan: str,
    knacks: str = "",
    indicators: list[dict],
) -> GuaranteePlan:
    """A guarantee plan for the month or quarter that contains ``day``, with its indicators
    (dicts of kind, name, unit, target and higher_is_better)."""
    group.check_open()
    starts_on, ends_on = GuaranteePlan.bounds(period, day)
    if GuaranteePlan.objects.filter(group=group, period=period, starts_on=starts_on).exists():
        raise ValidationError(
            {
                "day": _("The group already has a plan for this period (%(start)s to %(end)s).")
                % {"start": starts_on.isoformat(), "end": ends_on.isoformat()}
            }
        )
    _check_indicators(indicators)
    plan = GuaranteePlan.objects.create(
        group=group,
        period=period,
        starts_on=starts_on,
        ends_on=ends_on,
        production_plan=production_plan,
        knacks=knacks,
        created_by=user,
    )
    _add_indicators(plan, indicators)
    return plan


def _add_indicators(plan, indicators, start=1):
    bulk_create_with_history(
        [
            Indicator(
                plan=plan,
                position=position,
                kind=row["kind"],
                name=row.get("name", ""),
                unit=row.get("unit", ""),
                target=row["target"],
                higher_is_better=row.get("higher_is_better", HIGHER_IS_BETTER[row["kind"]]),
            )
            for position, row in enumerate(indicators, start=start)
        ],
        Indicator,
    )


@transaction.atomic
def plan_update(*, plan: GuaranteePlan, production_plan: str, knacks: str) -> GuaranteePlan:
    if not plan.is_open:
        raise ValidationError(_("A closed plan can no longer be changed."))
    plan.production_plan = production_plan
    plan.knacks = knacks
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def indicator_add(*, plan: GuaranteePlan, **row) -> Indicator:
    if not plan.is_open:
        raise ValidationError(_("A closed plan can no longer be changed."))
    _check_indicators([row])
    last = plan.indicators.order_by("-position").values_list("position", flat=True).first() or 0
    _add_indicators(plan, [row], start=last + 1)
    return plan.indicators.order_by("-position", "-pk").first()


@transaction.atomic
def progress_record(
    *, indicator: Indicator, user, on: datetime.date, value: Decimal, note: str = ""
) -> ProgressEntry:
    """Record what was achieved on a day: within the plan's period, not in the future, not
    negative, on an open plan."""
    plan = indicator.plan
    if not plan.is_open:
        raise ValidationError(_("The plan is closed: no more progress can be recorded."))
    if not plan.starts_on <= on <= plan.ends_on:
        raise ValidationError(
            {
                "on": _("The date must be within the plan's period, %(start)s to %(end)s.")
                % {"start": plan.starts_on.isoformat(), "end": plan.ends_on.isoformat()}
            }
        )
    if on > timezone.localdate():
        raise ValidationError({"on": _("Progress cannot be recorded for a day still to come.")})
    if value < 0:
        raise ValidationError({"value": _("An actual value cannot be negative.")})
    if indicator.kind == Kind.PASS_SHARE and value > 100:
        raise ValidationError({"value": _("A share passing is at most 100%.")})
    return ProgressEntry.objects.create(
        indicator=indicator, on=on, value=value, note=note, recorded_by=user
    )


@transaction.atomic
def progress_delete(*, entry: ProgressEntry) -> None:
    if not entry.indicator.plan.is_open:
        raise ValidationError(_("The plan is closed: its progress can no longer be changed."))
    entry.delete()


def progress_deleted(plan: GuaranteePlan, limit=20):
    """The last entries of ``plan`` deleted and not restored since, newest first."""
    return deleted_records(ProgressEntry, limit, indicator__plan=plan).select_related("indicator")


@transaction.atomic
def progress_restore(*, plan: GuaranteePlan, history_id: int, user) -> ProgressEntry:
    """Bring back a progress entry deleted by mistake, with its original values and key."""
    if not plan.is_open:
        raise ValidationError(_("The plan is closed: its progress can no longer be changed."))
    return restore_deleted(ProgressEntry, history_id=history_id, user=user, indicator__plan=plan)


@transaction.atomic
def pledge_save(
    *,
    plan: GuaranteePlan,
    member: Member,
    text: str,
    target: Decimal | None = None,
    unit: str = "",
    pledge: Pledge | None = None,
) -> Pledge:
    """Add (or change) a member's individual guarantee condition."""
    if not plan.is_open:
        raise ValidationError(_("A closed plan can no longer be changed."))
    if member.group_id != plan.group_id or member.status != Member.Status.ACTIVE:
        raise ValidationError({"member": _("Only a member of the group can make a pledge.")})
    if target is not None and target < 0:
        raise ValidationError({"target": _("A target cannot be negative.")})
    pledge = pledge or Pledge(plan=plan)
    pledge.member, pledge.text, pledge.target, pledge.unit = member, text, target, unit
    pledge.full_clean()
    pledge.save()
    return pledge


@transaction.atomic
def plan_close(
    *,
    plan: GuaranteePlan,
    fulfilled: bool,
    reason: str,
    on: datetime.date,
    kept: dict | None = None,
) -> GuaranteePlan:
    """Close the plan as fulfilled or not, with the reason; ``kept`` marks each pledge (pk →
    True/False/None)."""
    if not plan.is_open:
        raise ValidationError(_("The plan is already closed."))
    if on < plan.starts_on:
        raise ValidationError({"on": _("A plan cannot be closed before its period starts.")})
    if not fulfilled and not reason.strip():
        raise ValidationError({"reason": _("Say why the plan was not fulfilled.")})
    plan.status = GuaranteePlan.Status.FULFILLED if fulfilled else GuaranteePlan.Status.UNFULFILLED
    plan.closed_on = on
    plan.close_reason = reason.strip()
    plan.save()
    for pledge in plan.pledges.all():
        if kept and pledge.pk in kept and pledge.kept != kept[pledge.pk]:
            pledge.kept = kept[pledge.pk]
            pledge.save(update_fields=["kept"])
    return plan
