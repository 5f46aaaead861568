"""Guarantee plans: a group's plan for a period, its indicators with their actuals, progress entries
and individual pledges."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q, Sum, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competitions.models.common import AVERAGED_KINDS, Kind, month_end, quantity_field
from groups.models import GROUP_PATHS, Member, UnionGroup
from groups.scoping import ScopedQuerySet, prefixed
from groups.validators import (
    LONG_TEXT,
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
    plausible_date,
)
from groups.voiding import CurrentManager, Voidable


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
        indexes = [models.Index(fields=["starts_on", "id"])]
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
    target = quantity_field(_("target"))
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
    value = quantity_field(_("actual value"))
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
    target = quantity_field(_("numeric target"), null=True, blank=True)
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
