"""Union dues (會費), per member, per month.

A factory records the rule it applies (a share of the member's monthly wage, a minimum, the
rounding, and how what is collected is shared between the group, the factory and the city
federation), with the day it took effect. Each member has a wage base; a member may be excused
for some months. Each month the group's collector marks who paid: one ``DuesPayment`` a member a
month (a database constraint), its amount fixed when it is marked.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from groups.models import FactoryUnion, Member, UnionGroup
from groups.scoping import Level, ScopedQuerySet, prefixed
from groups.validators import no_control_characters, plausible_date

MONEY = {"max_digits": 10, "decimal_places": 2}
ZERO = Decimal("0.00")


class DuesRuleQuerySet(ScopedQuerySet):
    scope_paths = {Level.FEDERATION: "factory__federation", Level.FACTORY: "factory"}

    def in_force(self, factory, month):
        """The factory's rule for ``month`` (the latest that took effect by its first day)."""
        return (
            self.filter(factory=factory, effective_from__lte=month)
            .order_by("-effective_from", "-pk")
            .first()
        )


class DuesRule(models.Model):
    """How a factory reckons its members' dues from a date on, and how what is collected is
    shared up the levels (上解)."""

    class Step(models.TextChoices):
        FEN = "0.01", _("to the fen (0.01 yuan)")
        JIAO = "0.10", _("to the jiao (0.10 yuan)")
        YUAN = "1.00", _("to the yuan")

    factory = models.ForeignKey(
        FactoryUnion, models.PROTECT, related_name="dues_rules", verbose_name=_("factory union")
    )
    effective_from = models.DateField(
        _("in force from"), help_text=_("The first day of a month."), validators=[plausible_date]
    )
    rate = models.DecimalField(
        _("share of the monthly wage (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.50"),
        help_text=_("The union's constitution sets it; 0.5 is half of one per cent."),
    )
    minimum = models.DecimalField(_("minimum (yuan)"), default=Decimal("0.20"), **MONEY)
    step = models.CharField(_("rounded"), max_length=4, choices=Step.choices, default=Step.JIAO)
    group_share = models.DecimalField(
        _("kept by the group (%)"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    factory_share = models.DecimalField(
        _("kept by the factory union (%)"), max_digits=5, decimal_places=2, default=Decimal("60")
    )
    federation_share = models.DecimalField(
        _("passed up to the city federation (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("40"),
    )

    objects = DuesRuleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues rule")
        verbose_name_plural = _("dues rules")
        ordering = ["factory", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "effective_from"], name="dues_rule_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(effective_from__day=1), name="dues_rule_from_first_day"
            ),
            models.CheckConstraint(
                condition=Q(rate__gt=0, rate__lte=10), name="dues_rule_rate_range"
            ),
            models.CheckConstraint(condition=Q(minimum__gte=0), name="dues_rule_minimum"),
            models.CheckConstraint(
                condition=Q(group_share__gte=0, factory_share__gte=0, federation_share__gte=0)
                & Q(
                    group_share__lte=100,
                    factory_share__lte=100,
                    federation_share__lte=100,
                ),
                name="dues_rule_shares_range",
            ),
        ]

    def __str__(self):
        return f"{self.factory} {self.effective_from:%Y-%m}"

    def clean(self):
        if self.effective_from:
            self.effective_from = self.effective_from.replace(day=1)
        total = (self.group_share or 0) + (self.factory_share or 0) + (self.federation_share or 0)
        if total != 100:
            raise ValidationError(
                _("The three shares must add up to 100 (they add up to %(total)s).")
                % {"total": total}
            )

    def due(self, wage):
        """The month's dues on ``wage``: the share, rounded half up to the step, at least the
        minimum."""
        if wage is None:
            return self.minimum
        # The step's own exponent: "0.10" would quantize to the fen, its normal form to the jiao.
        step = Decimal(self.step).normalize()
        amount = (wage * self.rate / 100).quantize(step, ROUND_HALF_UP)
        return max(amount, self.minimum).quantize(Decimal("0.01"))

    def shares(self, amount):
        """``(group, factory, federation)`` parts of ``amount`` in fen that add up to it and are
        never negative: each part rounded down, the fen left over given to the parts that lost
        the most to the rounding."""
        cents = int((amount * 100).to_integral_value())
        exact = [
            cents * share / 100
            for share in (self.group_share, self.factory_share, self.federation_share)
        ]
        parts = [int(value) for value in exact]
        order = sorted(range(3), key=lambda i: exact[i] - parts[i], reverse=True)
        for index in order[: cents - sum(parts)]:
            parts[index] += 1
        return tuple((Decimal(part) / 100).quantize(Decimal("0.01")) for part in parts)


class WageBaseQuerySet(ScopedQuerySet):
    scope_paths = prefixed("member", Member.objects.none().scope_paths)


class WageBase(models.Model):
    """The monthly wage a member's dues are reckoned on (its changes kept in its history). Never
    shown above the factory."""

    member = models.OneToOneField(
        Member, models.PROTECT, related_name="wage_base", verbose_name=_("member")
    )
    amount = models.DecimalField(_("monthly wage (yuan)"), **MONEY)

    objects = WageBaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("wage base")
        verbose_name_plural = _("wage bases")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="wage_base_not_negative")
        ]

    def __str__(self):
        return f"{self.member}"


class ExcusalQuerySet(ScopedQuerySet):
    scope_paths = prefixed("member", Member.objects.none().scope_paths)

    def covering(self, month):
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=month), starts_on__lte=month)


class Excusal(models.Model):
    """Months a member owes no dues (illness, no wage), with the reason."""

    member = models.ForeignKey(
        Member, models.PROTECT, related_name="dues_excusals", verbose_name=_("member")
    )
    starts_on = models.DateField(_("from the month of"), validators=[plausible_date])
    ends_on = models.DateField(
        _("until the month of"), null=True, blank=True, validators=[plausible_date]
    )
    reason = models.CharField(_("reason"), max_length=200, validators=[no_control_characters])

    objects = ExcusalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues excusal")
        verbose_name_plural = _("dues excusals")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="excusal_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(starts_on__day=1), name="excusal_first_day"),
        ]

    def __str__(self):
        return f"{self.member} {self.starts_on:%Y-%m}"


class DuesPaymentQuerySet(ScopedQuerySet):
    scope_paths = prefixed("group", UnionGroup.objects.none().scope_paths)


class DuesPayment(models.Model):
    """A member's dues for one month, as the collector marked them."""

    class Status(models.TextChoices):
        PAID = "paid", pgettext_lazy("dues", "Paid")
        UNPAID = "unpaid", pgettext_lazy("dues", "Not paid")
        EXCUSED = "excused", pgettext_lazy("dues", "Excused")

    member = models.ForeignKey(
        Member, models.PROTECT, related_name="dues_payments", verbose_name=_("member")
    )
    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="dues_payments", verbose_name=_("union group")
    )
    month = models.DateField(_("month"), validators=[plausible_date])
    amount = models.DecimalField(_("dues (yuan)"), **MONEY)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    paid_on = models.DateField(_("paid on"), null=True, blank=True, validators=[plausible_date])
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collected by"),
    )
    from_group_total = models.BooleanField(
        _("from the group's monthly total"),
        default=False,
        help_text=_(
            "Moved from a group's monthly dues record, which counted who paid but did not name "
            "them: the month's figures are the group's, not this member's. Such a month is not "
            "counted as this member's arrears."
        ),
    )

    objects = DuesPaymentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["-month", "member__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_paid_once_a_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_payment_first_day"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_payment_not_negative"),
            models.CheckConstraint(
                condition=Q(status="paid", paid_on__isnull=False) | ~Q(status="paid"),
                name="dues_payment_paid_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "month", "status"]),
            models.Index(fields=["member", "status", "month"]),
            models.Index(fields=["month"]),
        ]

    def __str__(self):
        return f"{self.member} {self.month:%Y-%m}"
