"""Writes of emulation campaigns: the campaign with its rounds and rules, scores, vetoes and the red
flag."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from competitions.models import (
    DUPLICATE,
    HIGHER_IS_BETTER,
    Campaign,
    Kind,
    Participant,
    RedFlagAward,
    Round,
    Rule,
    Score,
    Veto,
    VetoItem,
)
from competitions.scoring import compute_standings, leaders
from groups.models import FactoryUnion, Federation, UnionGroup, WorkshopUnion


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
    missing_figures: str = Campaign.Missing.WEAKEST,
) -> Campaign:
    """A campaign with its participating groups, scoring rules, veto items and rounds. The
    groups must belong to the campaign's workshop, factory or city, and the unit may run only one
    campaign of the name over any day."""
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
        missing_figures=missing_figures,
        organised_by=user,
    )
    _refuse_a_second(campaign)
    campaign.full_clean()
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError:
        # Checked above and by full_clean, every constraint but the database's own guard
        # against a second campaign holds: what collides here is a campaign of the name that
        # another request saved between the check and this insert.
        raise ValidationError({"name": DUPLICATE}) from None
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


def _refuse_a_second(campaign):
    """Refuse a second campaign of the name run by the same unit over some of the same days.

    The unit's row is locked first, so that two launches of a campaign at once take turns and
    the second sees the first (PostgreSQL; its exclusion constraint refuses an overlap anyway).
    SQLite lets one writer in at a time: there the unique constraint on the name, unit and first
    day stops the same campaign sent twice at once, and the insert's refusal says the same."""
    unit = {
        Campaign.Scope.WORKSHOP: (WorkshopUnion, campaign.workshop_id),
        Campaign.Scope.FACTORY: (FactoryUnion, campaign.factory_id),
        Campaign.Scope.CITY: (Federation, campaign.federation_id),
    }.get(campaign.scope)
    if unit is not None:
        model, pk = unit
        model.objects.select_for_update(no_key=True).filter(pk=pk).first()
    if campaign.overlapping().exists():
        raise ValidationError({"name": DUPLICATE})


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
    # With no value yet, no group has a score: none of them leads. Computed now, not read
    # from the kept standings: the flag goes by the round as it stands at this moment.
    first = [row for row in leaders(compute_standings(round_)) if row.has_values]
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
