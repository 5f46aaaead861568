"""Emulation campaigns: participants, rules and veto items, rounds with their scores and vetoes, and
the rotating red flag."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competitions.models.common import Kind, quantity_field
from groups.models import GROUP_PATHS, UnionGroup
from groups.scoping import NOTHING, Level, ScopedQuerySet, prefixed, scope_q, user_scope
from groups.validators import (
    LONG_TEXT,
    no_control_characters,
    no_control_characters_in_text,
    plausible_date,
)

DUPLICATE = _(
    "This unit already runs a campaign of this name over some of these days: choose another name"
    " or other dates."
)


class CampaignQuerySet(ScopedQuerySet):
    """A campaign is seen by the staff of the unit that runs it and of the units above, and by
    everyone whose groups take part in it."""

    def _scope_q(self, user):
        if not getattr(user, "is_active", False):
            return NOTHING
        if user.is_superuser:
            return Q()
        scope = user_scope(user)
        if scope is None:
            return NOTHING
        ids = scope.ancestor_ids()
        own = {
            Level.FEDERATION: Q(federation=ids[Level.FEDERATION]),
            Level.FACTORY: Q(factory=ids[Level.FACTORY]),
            Level.WORKSHOP: Q(workshop=ids[Level.WORKSHOP]),
            Level.GROUP: NOTHING,
        }[scope.level]
        taking_part = Participant.objects.filter(scope_q(user, prefixed("group", GROUP_PATHS)))
        return own | Q(pk__in=taking_part.values("campaign"))


class Campaign(models.Model):
    """An emulation campaign (競賽) between groups of a workshop, a factory or the whole city."""

    class CampaignKind(models.TextChoices):
        ZERO_SCRAP = "zero_scrap", _("Zero-scrap campaign")
        SAFETY = "safety", _("Safety campaign")
        OUTPUT = "output", _("Output campaign")
        COST_SAVING = "cost_saving", _("Cost-saving campaign")
        RED_FLAG = "red_flag", _("Red-flag campaign")
        CUSTOM = "custom", _("Other campaign")

    class Scope(models.TextChoices):
        WORKSHOP = "workshop", _("One workshop")
        FACTORY = "factory", _("One factory")
        CITY = "city", _("The whole city")

    class Missing(models.TextChoices):
        """How a group's missing figure on an indicator counts (competitions.scoring)."""

        WEAKEST = "weakest", _("It counts as the weakest figure: 0 points on that indicator")
        LEFT_OUT = (
            "left_out",
            _("It is left out: the group is scored on the indicators it has figures on"),
        )

    name = models.CharField(_("name"), max_length=200, validators=[no_control_characters])
    kind = models.CharField(_("kind"), max_length=12, choices=CampaignKind.choices)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    federation = models.ForeignKey(
        "groups.Federation", models.PROTECT, related_name="+", verbose_name=_("city federation")
    )
    factory = models.ForeignKey(
        "groups.FactoryUnion",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("factory union"),
    )
    workshop = models.ForeignKey(
        "groups.WorkshopUnion",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("workshop union"),
    )
    starts_on = models.DateField(_("starts on"), validators=[plausible_date])
    ends_on = models.DateField(_("ends on"), validators=[plausible_date])
    description = models.TextField(
        _("aims and rules"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    red_flag = models.BooleanField(
        _("rotating red flag"),
        default=True,
        help_text=_("A red flag goes each round to the leading group."),
    )
    # Stated at launch and shown on the campaign's and its standings' pages: not reporting must
    # never count one way or the other silently. A default in the database too, for the rows a
    # bulk writer inserts without it (demo/scale).
    missing_figures = models.CharField(
        _("a missing figure"),
        max_length=8,
        choices=Missing.choices,
        default=Missing.WEAKEST,
        db_default=Missing.WEAKEST,
        help_text=_("How a group that entered no figure on an indicator in a round is scored."),
    )
    organised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    groups = models.ManyToManyField(
        UnionGroup,
        through="Participant",
        related_name="campaigns",
        verbose_name=_("participating groups"),
    )

    # Bumped whenever something the standings are computed from changes (competitions.signals):
    # the computed standings of a round are kept under it (competitions.scoring).
    standings_version = models.BigIntegerField(default=0, editable=False)

    objects = CampaignQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["standings_version"])

    class Meta:
        verbose_name = _("emulation campaign")
        verbose_name_plural = _("emulation campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(scope="city", factory__isnull=True, workshop__isnull=True)
                | Q(scope="factory", factory__isnull=False, workshop__isnull=True)
                | Q(scope="workshop", factory__isnull=False, workshop__isnull=False),
                name="campaign_scope_names_its_unit",
            ),
            models.CheckConstraint(
                condition=Q(missing_figures__in=["weakest", "left_out"]),
                name="campaign_missing_figures_known",
            ),
            # One campaign of a name per unit and start (SQLite's guarantee, with the locked
            # check of competitions.services.campaign_create). On PostgreSQL an exclusion
            # constraint (migration 0007) refuses any overlapping period as well.
            *(
                models.UniqueConstraint(
                    fields=["name", unit, "starts_on"],
                    condition=Q(scope=scope),
                    name=f"campaign_once_per_{scope}",
                    violation_error_message=DUPLICATE,
                )
                for scope, unit in (
                    ("city", "federation"),
                    ("factory", "factory"),
                    ("workshop", "workshop"),
                )
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The standings version is moved only by competitions.signals' UPDATE: a campaign loaded
        # before a change and saved after it (in the admin, say) must not write its older number
        # back, or standings kept under that number would be read again.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "standings_version"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("competitions:campaign_detail", args=[self.pk])

    @property
    def unit(self):
        return self.workshop or self.factory or self.federation

    # The unit that runs the campaign, for ``groups.capabilities.user_can(user, ORGANISE, …)``:
    # the federation runs the city-wide ones, a factory union its own and its workshops'.
    @property
    def organising_federation_id(self):
        return self.federation_id if self.scope == self.Scope.CITY else None

    @property
    def organising_factory_id(self):
        return self.factory_id

    def overlapping(self):
        """The other campaigns of this name run by the same unit over days of this one's."""
        return Campaign.objects.filter(
            name=self.name,
            scope=self.scope,
            federation=self.federation_id,
            factory=self.factory_id,
            workshop=self.workshop_id,
            starts_on__lte=self.ends_on,
            ends_on__gte=self.starts_on,
        ).exclude(pk=self.pk)


class Participant(models.Model):
    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="participants", verbose_name=_("campaign")
    )
    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="participations", verbose_name=_("union group")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participating group")
        verbose_name_plural = _("participating groups")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "group"], name="participant_once"),
        ]

    def __str__(self):
        return str(self.group)


class Rule(models.Model):
    """A weighted indicator of a campaign's scoring rules."""

    campaign = models.ForeignKey(
        Campaign, models.PROTECT, related_name="rules", verbose_name=_("campaign")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("indicator"), max_length=12, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=100, blank=True, validators=[no_control_characters]
    )
    unit = models.CharField(
        _("unit"), max_length=30, blank=True, validators=[no_control_characters]
    )
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="rule_weight_not_negative"),
            models.CheckConstraint(
                condition=~Q(kind="custom") | ~Q(name=""), name="rule_custom_has_name"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.name or self.get_kind_display()

    @property
    def from_progress(self):
        """Whether the groups' progress entries can score this rule (not a custom one)."""
        return self.kind != Kind.CUSTOM


class VetoItem(models.Model):
    """Something that removes a group from the ranking of a round, whatever its score."""

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="veto_items", verbose_name=_("campaign")
    )
    name = models.CharField(_("veto item"), max_length=200, validators=[no_control_characters])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("veto item")
        verbose_name_plural = _("veto items")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class RoundQuerySet(models.QuerySet):
    def containing(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Round(models.Model):
    campaign = models.ForeignKey(
        Campaign, models.PROTECT, related_name="rounds", verbose_name=_("campaign")
    )
    number = models.PositiveSmallIntegerField(_("round"))
    starts_on = models.DateField(_("starts on"), validators=[plausible_date])
    ends_on = models.DateField(_("ends on"), validators=[plausible_date])

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="round_number_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="round_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.campaign} #{self.number}"

    def get_absolute_url(self):
        return reverse("competitions:standings", args=[self.campaign_id, self.number])

    @property
    def has_ended(self):
        return self.ends_on < timezone.localdate()


class Score(models.Model):
    """A value the organiser entered for a group on a rule in a round. It stands in place of what
    the group's progress entries give."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="scores", verbose_name=_("round"))
    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="+", verbose_name=_("union group")
    )
    rule = models.ForeignKey(Rule, models.CASCADE, related_name="scores", verbose_name=_("rule"))
    value = quantity_field(_("value"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["round", "group", "rule"], name="score_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.group} {self.rule}: {self.value}"


class Veto(models.Model):
    """A veto item that happened to a group in a round: it leaves that round's ranking."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="vetoes", verbose_name=_("round"))
    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="+", verbose_name=_("union group")
    )
    item = models.ForeignKey(
        VetoItem, models.PROTECT, related_name="vetoes", verbose_name=_("veto item")
    )
    note = models.CharField(_("what happened"), max_length=300, validators=[no_control_characters])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("veto")
        verbose_name_plural = _("vetoes")
        constraints = [
            models.UniqueConstraint(fields=["round", "group", "item"], name="veto_once"),
        ]

    def __str__(self):
        return f"{self.group}: {self.item}"


class RedFlagAward(models.Model):
    """The rotating red flag (流動紅旗) of a round. A group holds it from the day it is awarded
    until the day it goes to the next group."""

    round = models.OneToOneField(
        Round, models.CASCADE, related_name="red_flag_award", verbose_name=_("round")
    )
    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="red_flags", verbose_name=_("union group")
    )
    awarded_on = models.DateField(_("awarded on"), validators=[plausible_date])
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    citation = models.CharField(
        _("citation"), max_length=300, blank=True, validators=[no_control_characters]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("red flag award")
        verbose_name_plural = _("red flag awards")
        ordering = ["-awarded_on", "-pk"]

    def __str__(self):
        return f"{self.round}: {self.group}"
