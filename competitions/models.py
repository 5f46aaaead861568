"""Production, the group's first task: guarantee plans with individual pledges and progress,
emulation campaigns with standings and a rotating red flag, mutual-aid pacts, and rationalization
proposals."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.figures import Figures, share
from groups.models import GROUP_PATHS, Member, UnionGroup
from groups.scoping import NOTHING, Level, ScopedQuerySet, prefixed, scope_q, user_scope
from groups.validators import (
    LONG_TEXT,
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
    plausible_date,
)
from groups.voiding import CurrentManager, Voidable

ZERO = Decimal(0)


def _money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


def _quantity_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class Kind(models.TextChoices):
    """What an indicator measures: the same kinds on a group's plan and in a campaign's rules, so
    that a campaign can score a group from its progress entries."""

    OUTPUT = "output", _("Output")
    PASS_SHARE = "pass_share", _("Quality: share passing (%)")
    SCRAP = "scrap", _("Quality: scrap count")
    INCIDENTS = "incidents", _("Safety: incidents")
    COST_SAVING = "cost_saving", _("Cost saving")
    CUSTOM = "custom", _("Custom indicator")


# Whether more is better for each kind, when the user does not say otherwise.
HIGHER_IS_BETTER = {
    Kind.OUTPUT: True,
    Kind.PASS_SHARE: True,
    Kind.SCRAP: False,
    Kind.INCIDENTS: False,
    Kind.COST_SAVING: True,
    Kind.CUSTOM: True,
}

# Kinds whose entries are a rate rather than a count: their running result is the average of the
# entries, not their sum.
AVERAGED_KINDS = (Kind.PASS_SHARE,)


def month_end(day):
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


# --- Guarantee plans -------------------------------------------------------------------------


class GuaranteePlanQuerySet(ScopedQuerySet):
    scope_paths = prefixed("group", GROUP_PATHS)

    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on)


class GuaranteePlan(Voidable, models.Model):
    """A group's guarantee plan (保證計劃) for a month or a quarter: its answer to the production
    plan management published, with targets on indicators and the members' pledges."""

    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    class Status(models.TextChoices):
        OPEN = "open", _("Under way")
        FULFILLED = "fulfilled", _("Fulfilled")
        UNFULFILLED = "unfulfilled", _("Not fulfilled")

    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="plans", verbose_name=_("union group")
    )
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    starts_on = models.DateField(_("starts on"), validators=[plausible_date])
    ends_on = models.DateField(_("ends on"), validators=[plausible_date])
    production_plan = models.CharField(
        _("production plan of management"),
        max_length=300,
        help_text=_("The plan figure management published, which this plan answers to."),
        validators=[no_control_characters],
    )
    knacks = models.TextField(
        _("knacks and proposals found"),
        blank=True,
        help_text=_("What the discussion found: potential tapped, knacks, proposals."),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, validators=[plausible_date])
    close_reason = models.TextField(
        _("reason"), blank=True, max_length=SHORT_TEXT, validators=[no_control_characters_in_text]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # A voided plan is out of the lists, the figures and the evidence; ``all_objects`` finds it.
    objects = CurrentManager.from_queryset(GuaranteePlanQuerySet)()
    all_objects = GuaranteePlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guarantee plan")
        verbose_name_plural = _("guarantee plans")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "period", "starts_on"],
                condition=Q(voided_at__isnull=True),
                name="plan_one_per_group_period",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="plan_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | (~Q(status="open") & Q(closed_on__isnull=False)),
                name="plan_closed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="unfulfilled") | ~Q(close_reason=""),
                name="plan_unfulfilled_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.group} {self.period_label}"

    def get_absolute_url(self):
        return reverse("competitions:plan_detail", args=[self.pk])

    @property
    def period_label(self):
        if self.period == self.Period.QUARTER:
            quarter = (self.starts_on.month - 1) // 3 + 1
            return _("%(year)d Q%(quarter)d") % {"year": self.starts_on.year, "quarter": quarter}
        return f"{self.starts_on:%Y-%m}"

    @property
    def is_open(self):
        # A voided plan takes no more progress, pledges or changes.
        return self.status == self.Status.OPEN and self.voided_at is None

    @staticmethod
    def bounds(period, day):
        """The first and last day of the month or quarter that contains ``day``."""
        if period == GuaranteePlan.Period.QUARTER:
            first = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
            last = month_end(first.replace(month=first.month + 2))
            return first, last
        first = day.replace(day=1)
        return first, month_end(first)


class IndicatorQuerySet(ScopedQuerySet):
    scope_paths = prefixed("plan__group", GROUP_PATHS)

    def with_actuals(self):
        """Each indicator with its running result, computed in the database: the sum of its
        entries, or their average for a share."""
        return self.annotate(
            entry_count=Count("entries"),
            entry_sum=Sum("entries__value"),
            entry_mean=models.Avg("entries__value"),
        )


class Indicator(models.Model):
    """A target of a guarantee plan. Lower is better for scrap and incidents."""

    plan = models.ForeignKey(
        GuaranteePlan, models.PROTECT, related_name="indicators", verbose_name=_("guarantee plan")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("indicator"), max_length=12, choices=Kind.choices)
    name = models.CharField(
        _("name"),
        max_length=100,
        blank=True,
        help_text=_("Required for a custom indicator."),
        validators=[no_control_characters],
    )
    unit = models.CharField(
        _("unit"),
        max_length=30,
        blank=True,
        help_text=_("e.g. pieces, yuan."),
        validators=[no_control_characters],
    )
    target = _quantity_field(_("target"))
    higher_is_better = models.BooleanField(_("higher is better"), default=True)

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gte=0), name="indicator_target_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind="custom") | ~Q(name=""), name="indicator_custom_has_name"
            ),
            models.CheckConstraint(
                condition=~Q(kind="pass_share") | Q(target__lte=100),
                name="indicator_share_at_most_100",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.name or self.get_kind_display()

    @property
    def averaged(self):
        return self.kind in AVERAGED_KINDS

    def actual(self):
        """The running result, from the annotations of ``with_actuals()``."""
        if not getattr(self, "entry_count", 0):
            return None
        return self.entry_mean if self.averaged else self.entry_sum

    def completion(self):
        """Completion in percent: actual over target when more is better; when less is better,
        100 while the actual stays within the target, less as it goes over."""
        actual = self.actual()
        if actual is None:
            return None
        actual, target = Decimal(actual), Decimal(self.target)
        if self.higher_is_better:
            if target == 0:
                return Decimal(100)
            return round(100 * actual / target, 1)
        if actual <= target:
            return Decimal(100)
        return round(100 * target / actual, 1)

    def is_met(self):
        actual = self.actual()
        if actual is None:
            return None
        return actual >= self.target if self.higher_is_better else actual <= self.target


class ProgressEntryQuerySet(ScopedQuerySet):
    scope_paths = prefixed("indicator__plan__group", GROUP_PATHS)

    def running(self):
        """The entries in date order, each with the running result of its indicator up to that
        day (a window function in the database)."""
        window = {"partition_by": [F("indicator")], "order_by": [F("on").asc(), F("pk").asc()]}
        return self.order_by("indicator", "on", "pk").annotate(
            running_sum=Window(Sum("value"), **window),
            running_mean=Window(models.Avg("value"), **window),
        )


class ProgressEntry(models.Model):
    """What was achieved on a day against one indicator ("statistics drive production")."""

    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="entries", verbose_name=_("indicator")
    )
    on = models.DateField(_("date"), validators=[plausible_date])
    value = _quantity_field(_("actual value"))
    note = models.CharField(
        _("note"), max_length=200, blank=True, validators=[no_control_characters]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ProgressEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["indicator", "on"])]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="progress_not_negative"),
        ]

    def __str__(self):
        return f"{self.on:%Y-%m-%d} {self.indicator}: {self.value}"


class PledgeQuerySet(ScopedQuerySet):
    scope_paths = prefixed("plan__group", GROUP_PATHS)


class Pledge(models.Model):
    """A member's individual guarantee condition (個人保證條件)."""

    plan = models.ForeignKey(
        GuaranteePlan, models.PROTECT, related_name="pledges", verbose_name=_("guarantee plan")
    )
    member = models.ForeignKey(
        Member, models.PROTECT, related_name="pledges", verbose_name=_("member")
    )
    text = models.TextField(
        _("guarantee condition"), max_length=LONG_TEXT, validators=[no_control_characters_in_text]
    )
    target = _quantity_field(_("numeric target"), null=True, blank=True)
    unit = models.CharField(
        _("unit"), max_length=30, blank=True, validators=[no_control_characters]
    )
    kept = models.BooleanField(_("kept"), null=True, blank=True)

    objects = PledgeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("individual guarantee condition")
        verbose_name_plural = _("individual guarantee conditions")
        ordering = ["member__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="pledge_target_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.text[:40]}"


# --- Emulation campaigns ---------------------------------------------------------------------


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
    organised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    groups = models.ManyToManyField(
        UnionGroup,
        through="Participant",
        related_name="campaigns",
        verbose_name=_("participating groups"),
    )

    objects = CampaignQuerySet.as_manager()
    history = HistoricalRecords()

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
        ]

    def __str__(self):
        return self.name

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
    value = _quantity_field(_("value"))
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


# --- Mutual-aid pacts ------------------------------------------------------------------------


class PactQuerySet(ScopedQuerySet):
    """A pact is seen from the scope of either of its groups."""

    def _scope_q(self, user):
        return scope_q(user, prefixed("group", GROUP_PATHS), prefixed("partner_group", GROUP_PATHS))


class Pact(models.Model):
    """A mutual-aid pact (互助聯繫公約): between two groups, or a group and a department, to fix
    the problems where the work of one hands off to the other."""

    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="pacts", verbose_name=_("union group")
    )
    partner_group = models.ForeignKey(
        UnionGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_pacts",
        verbose_name=_("partner group"),
    )
    partner_department = models.CharField(
        _("partner department"),
        max_length=100,
        blank=True,
        help_text=_("e.g. the supply department."),
        validators=[no_control_characters],
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    group_commitments = models.TextField(
        _("commitments of the group"),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    partner_commitments = models.TextField(
        _("commitments of the partner"),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    starts_on = models.DateField(_("starts on"), validators=[plausible_date])
    ends_on = models.DateField(_("ends on"), validators=[plausible_date])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mutual-aid pact")
        verbose_name_plural = _("mutual-aid pacts")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="pact_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(partner_group__isnull=False) & Q(partner_department=""))
                | (Q(partner_group__isnull=True) & ~Q(partner_department="")),
                name="pact_one_partner",
            ),
            models.CheckConstraint(
                condition=~Q(partner_group=F("group")), name="pact_not_with_itself"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competitions:pact_detail", args=[self.pk])

    @property
    def partner(self):
        return self.partner_group or self.partner_department

    @property
    def is_current(self):
        return self.starts_on <= timezone.localdate() <= self.ends_on


class PactReview(models.Model):
    """A periodic review of a pact: was it kept, what went wrong, what was done about it."""

    pact = models.ForeignKey(Pact, models.CASCADE, related_name="reviews", verbose_name=_("pact"))
    reviewed_on = models.DateField(_("reviewed on"), validators=[plausible_date])
    kept = models.BooleanField(_("kept"))
    problems = models.TextField(
        _("problems"), blank=True, max_length=LONG_TEXT, validators=[no_control_characters_in_text]
    )
    actions = models.TextField(
        _("what was done"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pact review")
        verbose_name_plural = _("pact reviews")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kept=True) | ~Q(problems=""), name="pact_review_problems_stated"
            ),
        ]

    def __str__(self):
        return f"{self.pact} {self.reviewed_on:%Y-%m-%d}"


# --- Rationalization proposals ---------------------------------------------------------------


class ProposalQuerySet(ScopedQuerySet):
    scope_paths = prefixed("group", GROUP_PATHS)

    def figures(self, *by):
        """Proposal figures, computed in the database: submitted, decided, adopted (implemented
        ones included), rejected, implemented, and realised benefit. With field names in ``by``,
        one row per value."""
        status = Proposal.Status
        adopted = Q(status__in=[status.ADOPTED, status.IMPLEMENTED])
        figures = {
            "submitted": Count("pk"),
            "adopted": Count("pk", filter=adopted),
            "rejected": Count("pk", filter=Q(status=status.REJECTED)),
            "implemented": Count("pk", filter=Q(status=status.IMPLEMENTED)),
            "realised_money": Coalesce(Sum("realised_money"), ZERO, output_field=_money()),
            "realised_hours": Coalesce(Sum("realised_hours"), ZERO, output_field=_money()),
            "rewards": Coalesce(Sum("reward"), ZERO, output_field=_money()),
        }
        if by:
            return [ProposalFigures(r) for r in self.order_by().values(*by).annotate(**figures)]
        return ProposalFigures(self.aggregate(**figures))


def _money():
    return models.DecimalField(max_digits=14, decimal_places=2)


class ProposalFigures(Figures):
    """Proposal figures with their rates as percentages (None where nothing was decided)."""

    @property
    def decided(self):
        return (self.get("adopted") or 0) + (self.get("rejected") or 0)

    @property
    def adoption_pct(self):
        return share(self.get("adopted"), self.decided)

    @property
    def implementation_pct(self):
        return self._share("implemented", "adopted")

    @property
    def per_member(self):
        members = self.get("members") or 0
        return round(self["submitted"] / members, 2) if members else None


class Proposal(models.Model):
    """A rationalization proposal (合理化建議) by one or more members of a group."""

    class Category(models.TextChoices):
        TECHNIQUE = "technique", _("Technique and tools")
        PROCESS = "process", _("Process")
        MATERIALS = "materials", _("Saving materials")
        QUALITY = "quality", _("Quality")
        SAFETY = "safety", _("Safety")
        ORGANISATION = "organisation", _("Organisation of work")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        EVALUATING = "evaluating", _("Under evaluation")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")
        IMPLEMENTED = "implemented", _("Implemented")

    # Where each status may go next.
    NEXT = {
        Status.SUBMITTED: [Status.EVALUATING, Status.ADOPTED, Status.REJECTED],
        Status.EVALUATING: [Status.ADOPTED, Status.REJECTED],
        Status.ADOPTED: [Status.IMPLEMENTED],
        Status.REJECTED: [],
        Status.IMPLEMENTED: [],
    }

    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="proposals", verbose_name=_("union group")
    )
    authors = models.ManyToManyField(Member, related_name="proposals", verbose_name=_("authors"))
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    description = models.TextField(
        _("description"), max_length=LONG_TEXT, validators=[no_control_characters_in_text]
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_on = models.DateField(_("submitted on"), validators=[plausible_date])
    decided_on = models.DateField(
        _("decided on"), null=True, blank=True, validators=[plausible_date]
    )
    rejection_reason = models.TextField(
        _("reason for rejecting"),
        blank=True,
        max_length=SHORT_TEXT,
        validators=[no_control_characters_in_text],
    )
    implemented_on = models.DateField(
        _("implemented on"), null=True, blank=True, validators=[plausible_date]
    )
    estimated_money = _money_field(_("estimated saving (yuan)"), null=True, blank=True)
    estimated_hours = _money_field(_("estimated hours saved"), null=True, blank=True)
    realised_money = _money_field(_("realised saving (yuan)"), null=True, blank=True)
    realised_hours = _money_field(_("realised hours saved"), null=True, blank=True)
    reward = _money_field(_("reward (yuan)"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProposalQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[authors])

    class Meta:
        verbose_name = _("rationalization proposal")
        verbose_name_plural = _("rationalization proposals")
        ordering = ["-submitted_on", "-pk"]
        indexes = [models.Index(fields=["group", "submitted_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="proposal_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="implemented") | Q(implemented_on__isnull=False),
                name="proposal_implemented_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "evaluating"]) | Q(decided_on__isnull=False),
                name="proposal_decided_has_date",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
                    name=f"proposal_{field}_not_negative",
                )
                for field in (
                    "estimated_money",
                    "estimated_hours",
                    "realised_money",
                    "realised_hours",
                    "reward",
                )
            ],
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competitions:proposal_detail", args=[self.pk])

    @property
    def next_statuses(self):
        return self.NEXT[self.status]
