"""Writes of the competitions app: each validates first, then saves all of it in one transaction,
and raises ``ValidationError`` (with field names where it can) for the form to show."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from competitions.models import (
    HIGHER_IS_BETTER,
    Campaign,
    GuaranteePlan,
    Indicator,
    Kind,
    Pact,
    PactReview,
    Participant,
    Pledge,
    ProgressEntry,
    Proposal,
    RedFlagAward,
    Round,
    Rule,
    Score,
    Veto,
    VetoItem,
)
from competitions.scoring import leaders, standings
from groups.models import Member, UnionGroup
from groups.voiding import deleted_records, restore_deleted


def _iso(day):
    return day.isoformat()


# --- Guarantee plans -------------------------------------------------------------------------


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
                % {"start": _iso(starts_on), "end": _iso(ends_on)}
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
                % {"start": _iso(plan.starts_on), "end": _iso(plan.ends_on)}
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


# --- Campaigns -------------------------------------------------------------------------------


def _rounds(starts_on, ends_on, rounds):
    """Round dates over the campaign: a month each, a quarter each, or one round."""
    if rounds == "single":
        return [(starts_on, ends_on)]
    step = 3 if rounds == "quarter" else 1
    result, start = [], starts_on
    while start <= ends_on:
        # The month after the round, counted from 0: calendar months or quarters.
        after = (start.month - 1) // step * step + step
        end = datetime.date(start.year + after // 12, after % 12 + 1, 1) - datetime.timedelta(1)
        end = min(end, ends_on)
        result.append((start, end))
        start = end + datetime.timedelta(days=1)
    return result


def check_rules(rules):
    """A campaign is scored on at least one rule, and some rule must carry weight."""
    if not rules:
        raise ValidationError(_("A campaign is scored on at least one indicator."))
    if any(row["weight"] < 0 for row in rules):
        raise ValidationError(_("A weight cannot be negative."))
    if not any(row["weight"] > 0 for row in rules):
        raise ValidationError(
            _("At least one indicator must have a weight above zero, or nothing can be scored.")
        )
    for row in rules:
        if row["kind"] == Kind.CUSTOM and not row.get("name"):
            raise ValidationError(_("Name the custom indicator."))


@transaction.atomic
def campaign_create(
    *,
    user,
    name: str,
    kind: str,
    scope: str,
    federation,
    factory=None,
    workshop=None,
    starts_on: datetime.date,
    ends_on: datetime.date,
    rounds: str = "month",
    groups,
    rules: list[dict],
    veto_items: list[str] = (),
    description: str = "",
    red_flag: bool = True,
) -> Campaign:
    """A campaign with its participating groups, scoring rules, veto items and rounds. The
    groups must belong to the campaign's workshop, factory or city."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("A campaign ends on or after the day it starts.")})
    check_rules(rules)
    groups = list(groups)
    if len(groups) < 2:
        raise ValidationError({"groups": _("An emulation campaign needs at least two groups.")})
    if workshop is not None:
        factory = workshop.factory
    if factory is not None:
        federation = factory.federation
    outside = [
        g.name
        for g in groups
        if (workshop and g.workshop_id != workshop.pk)
        or (factory and g.workshop.factory_id != factory.pk)
        or g.workshop.factory.federation_id != federation.pk
    ]
    if outside:
        raise ValidationError(
            {"groups": _("Not in the campaign's scope: %(names)s.") % {"names": ", ".join(outside)}}
        )
    campaign = Campaign(
        name=name,
        kind=kind,
        scope=scope,
        federation=federation,
        factory=factory if scope != Campaign.Scope.CITY else None,
        workshop=workshop if scope == Campaign.Scope.WORKSHOP else None,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        red_flag=red_flag,
        organised_by=user,
    )
    campaign.full_clean()
    campaign.save()
    bulk_create_with_history([Participant(campaign=campaign, group=g) for g in groups], Participant)
    bulk_create_with_history(
        [
            Rule(
                campaign=campaign,
                position=position,
                kind=row["kind"],
                name=row.get("name", ""),
                unit=row.get("unit", ""),
                weight=row["weight"],
                higher_is_better=row.get("higher_is_better", HIGHER_IS_BETTER[row["kind"]]),
            )
            for position, row in enumerate(rules, start=1)
        ],
        Rule,
    )
    bulk_create_with_history(
        [VetoItem(campaign=campaign, name=item) for item in veto_items], VetoItem
    )
    bulk_create_with_history(
        [
            Round(campaign=campaign, number=number, starts_on=start, ends_on=end)
            for number, (start, end) in enumerate(_rounds(starts_on, ends_on, rounds), start=1)
        ],
        Round,
    )
    return campaign


@transaction.atomic
def scores_enter(*, round_: Round, user, values: dict) -> int:
    """The organiser's values for the round: ``values`` maps (group pk, rule pk) to a value, or
    to None to take the progress entries again. Returns how many scores changed."""
    # The round's row is locked first: two organisers entering at once take turns, and the
    # second changes the scores the first wrote instead of inserting them again.
    Round.objects.select_for_update(no_key=True).filter(pk=round_.pk).first()
    campaign = round_.campaign
    groups = set(campaign.participants.values_list("group", flat=True))
    rules = set(campaign.rules.values_list("pk", flat=True))
    existing = {(s.group_id, s.rule_id): s for s in round_.scores.all()}
    changed = 0
    for (group_pk, rule_pk), value in values.items():
        if group_pk not in groups or rule_pk not in rules:
            raise ValidationError(_("A score can only be given to a participating group."))
        if value is not None and value < 0:
            raise ValidationError(_("A score cannot be negative."))
        score = existing.get((group_pk, rule_pk))
        if value is None:
            if score is not None:
                score.delete()
                changed += 1
        elif score is None:
            Score.objects.create(
                round=round_, group_id=group_pk, rule_id=rule_pk, value=value, entered_by=user
            )
            changed += 1
        elif score.value != value:
            score.value, score.entered_by = value, user
            score.save()
            changed += 1
    return changed


@transaction.atomic
def veto_record(*, round_: Round, user, group: UnionGroup, item: VetoItem, note: str) -> Veto:
    # Checked, then created: the round's row makes a second recorder wait and see the first.
    Round.objects.select_for_update(no_key=True).filter(pk=round_.pk).first()
    if item.campaign_id != round_.campaign_id:
        raise ValidationError({"item": _("Choose a veto item of this campaign.")})
    if not round_.campaign.participants.filter(group=group).exists():
        raise ValidationError({"group": _("The group does not take part in this campaign.")})
    if Veto.objects.filter(round=round_, group=group, item=item).exists():
        raise ValidationError(_("This veto is already recorded."))
    if hasattr(round_, "red_flag_award") and round_.red_flag_award.group_id == group.pk:
        raise ValidationError(
            _("This group holds the round's red flag: the flag must be withdrawn first.")
        )
    return Veto.objects.create(round=round_, group=group, item=item, note=note, recorded_by=user)


@transaction.atomic
def red_flag_award(
    *, round_: Round, user, group: UnionGroup, on: datetime.date, citation: str = ""
) -> RedFlagAward:
    """Award the round's red flag to its leading group (one of them, on a tie)."""
    # Checked, then created: the round's row makes a second award wait and see the first.
    Round.objects.select_for_update(no_key=True).filter(pk=round_.pk).first()
    campaign = round_.campaign
    if not campaign.red_flag:
        raise ValidationError(_("This campaign has no red flag."))
    if RedFlagAward.objects.filter(round=round_).exists():
        raise ValidationError(_("The red flag of this round is already awarded."))
    if on < round_.starts_on:
        raise ValidationError({"on": _("The flag is awarded once the round is under way.")})
    later = campaign.rounds.filter(number__gt=round_.number, red_flag_award__isnull=False)
    earlier = RedFlagAward.objects.filter(round__campaign=campaign, round__number__lt=round_.number)
    if (
        later.filter(red_flag_award__awarded_on__lt=on).exists()
        or earlier.filter(awarded_on__gt=on).exists()
    ):
        raise ValidationError({"on": _("The flag passes on in the order of the rounds.")})
    # With no value yet, every group ties at 0 points: none of them leads.
    first = [row for row in leaders(standings(round_)) if row.has_values]
    if not first:
        raise ValidationError(_("No group is ranked in this round yet."))
    if group.pk not in {row.group_id for row in first}:
        names = ", ".join(row.group_name for row in first)
        raise ValidationError(
            {"group": _("The red flag goes to the leading group: %(names)s.") % {"names": names}}
        )
    return RedFlagAward.objects.create(
        round=round_, group=group, awarded_on=on, awarded_by=user, citation=citation
    )


@transaction.atomic
def red_flag_withdraw(*, award: RedFlagAward) -> None:
    """Take back a round's red flag (e.g. the holder had a serious accident in the round); the
    award stays in the history, and the round's flag can be awarded again."""
    later = RedFlagAward.objects.filter(
        round__campaign=award.round.campaign_id, round__number__gt=award.round.number
    )
    if later.exists():
        raise ValidationError(_("The flag has already passed on to a later round."))
    award.delete()


# --- Pacts -----------------------------------------------------------------------------------


@transaction.atomic
def pact_create(
    *,
    user,
    group: UnionGroup,
    partner_group: UnionGroup | None = None,
    partner_department: str = "",
    title: str,
    group_commitments: str,
    partner_commitments: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Pact:
    if partner_group is not None and partner_group.pk == group.pk:
        raise ValidationError({"partner_group": _("A group cannot make a pact with itself.")})
    if (partner_group is None) == (not partner_department.strip()):
        raise ValidationError(_("Name one partner: another group or a department."))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("A pact ends on or after the day it starts.")})
    pact = Pact(
        group=group,
        partner_group=partner_group,
        partner_department=partner_department.strip() if partner_group is None else "",
        title=title,
        group_commitments=group_commitments,
        partner_commitments=partner_commitments,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=user,
    )
    pact.full_clean()
    pact.save()
    return pact


@transaction.atomic
def pact_review(
    *, pact: Pact, user, reviewed_on: datetime.date, kept: bool, problems: str, actions: str
) -> PactReview:
    if reviewed_on < pact.starts_on:
        raise ValidationError({"reviewed_on": _("A pact is reviewed once it has started.")})
    if not kept and not problems.strip():
        raise ValidationError({"problems": _("Say what went wrong when the pact was not kept.")})
    return PactReview.objects.create(
        pact=pact,
        reviewed_on=reviewed_on,
        kept=kept,
        problems=problems.strip(),
        actions=actions.strip(),
        recorded_by=user,
    )


# --- Proposals -------------------------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *,
    group: UnionGroup,
    user,
    authors,
    title: str,
    description: str,
    category: str,
    submitted_on: datetime.date,
    estimated_money: Decimal | None = None,
    estimated_hours: Decimal | None = None,
) -> Proposal:
    group.check_open()
    authors = list(authors)
    if not authors:
        raise ValidationError({"authors": _("Name the member or members who made the proposal.")})
    strangers = [m.name for m in authors if m.group_id != group.pk]
    if strangers:
        raise ValidationError(
            {
                "authors": _("Not members of this group: %(names)s.")
                % {"names": ", ".join(strangers)}
            }
        )
    proposal = Proposal(
        group=group,
        title=title,
        description=description,
        category=category,
        submitted_on=submitted_on,
        estimated_money=estimated_money,
        estimated_hours=estimated_hours,
        submitted_by=user,
    )
    proposal.full_clean()
    proposal.save()
    proposal.authors.set(authors)
    return proposal


@transaction.atomic
def proposal_move(
    *,
    proposal: Proposal,
    status: str,
    on: datetime.date,
    reason: str = "",
    realised_money: Decimal | None = None,
    realised_hours: Decimal | None = None,
    reward: Decimal | None = None,
) -> Proposal:
    """Move a proposal along submitted → under evaluation → adopted or rejected → implemented."""
    if status not in proposal.next_statuses:
        raise ValidationError(
            {
                "status": _("A proposal that is %(now)s cannot become %(next)s.")
                % {
                    "now": proposal.get_status_display(),
                    "next": Proposal.Status(status).label,
                }
            }
        )
    if on < proposal.submitted_on:
        raise ValidationError({"on": _("The date cannot be before the proposal was submitted.")})
    if status == Proposal.Status.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason the proposal was rejected.")})
    for name, value in (
        ("realised_money", realised_money),
        ("realised_hours", realised_hours),
        ("reward", reward),
    ):
        if value is not None and value < 0:
            raise ValidationError({name: _("This figure cannot be negative.")})
    proposal.status = status
    if status in (Proposal.Status.ADOPTED, Proposal.Status.REJECTED):
        proposal.decided_on = on
    if status == Proposal.Status.REJECTED:
        proposal.rejection_reason = reason.strip()
    if status == Proposal.Status.IMPLEMENTED:
        proposal.implemented_on = on
        proposal.realised_money = realised_money
        proposal.realised_hours = realised_hours
    if reward is not None:
        proposal.reward = reward
    proposal.full_clean()
    proposal.save()
    return proposal
