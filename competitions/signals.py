"""What the standings are computed from changed: the campaigns concerned get a new standings
version, so that the standings kept under the old one are no longer read (competitions.scoring).

Scores, vetoes, rules, participants and the campaign's own rules (how a missing figure counts)
belong to one campaign; a progress entry, an indicator, a
plan and a group's name count in every campaign the group takes part in. Each change costs one
UPDATE of the campaigns concerned. A bulk write that skips the signals (seeding a database) is
followed by ``bump_all()``, or starts with an empty cache."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from competitions.models import (
    Campaign,
    GuaranteePlan,
    Indicator,
    Participant,
    ProgressEntry,
    Round,
    Rule,
    Score,
    Veto,
    VetoItem,
)
from groups.models import UnionGroup


def bump(campaigns):
    """``campaigns``: ids, or a query of them."""
    Campaign.objects.filter(pk__in=campaigns).update(standings_version=F("standings_version") + 1)


def bump_all():
    Campaign.objects.update(standings_version=F("standings_version") + 1)


def bump_for_groups(groups):
    bump(Participant.objects.filter(group__in=groups).values("campaign"))


def _round_scoped(sender, instance, **kwargs):
    bump(Round.objects.filter(pk=instance.round_id).values("campaign"))


def _campaign_scoped(sender, instance, **kwargs):
    bump([instance.campaign_id])


def _entry(sender, instance, **kwargs):
    bump_for_groups(GuaranteePlan.objects.filter(indicators=instance.indicator_id).values("group"))


def _indicator(sender, instance, **kwargs):
    bump_for_groups(GuaranteePlan.objects.filter(pk=instance.plan_id).values("group"))


def _plan(sender, instance, **kwargs):
    bump_for_groups([instance.group_id])


for model, handler in [
    (Score, _round_scoped),
    (Veto, _round_scoped),
    (Rule, _campaign_scoped),
    (Participant, _campaign_scoped),
    # The standings' table names the veto items of the vetoes it shows.
    (VetoItem, _campaign_scoped),
    (ProgressEntry, _entry),
    (Indicator, _indicator),
    (GuaranteePlan, _plan),
]:
    post_save.connect(handler, sender=model, dispatch_uid=f"standings-{model.__name__}-save")
    post_delete.connect(handler, sender=model, dispatch_uid=f"standings-{model.__name__}-delete")


@receiver(post_save, sender=Campaign, dispatch_uid="standings-campaign")
def _campaign(sender, instance, created, **kwargs):
    # How a missing figure counts is the campaign's: any change to a campaign scores its rounds
    # afresh (a campaign changes seldom; Campaign.save never writes the version back).
    if not created:
        bump([instance.pk])


@receiver(post_save, sender=UnionGroup, dispatch_uid="standings-group-name")
def _group(sender, instance, created, update_fields=None, **kwargs):
    # The standings show the groups' names.
    if not created:
        bump_for_groups([instance.pk])
