"""What answers a case: visits, grants, goods, referrals and notes, and labour insurance claims."""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.validators import (
    LONG_TEXT,
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
    plausible_date,
)
from welfare.models.cases import CaseRowQuerySet, WelfareCase
from welfare.models.private import ZERO, money_field


class CaseActionQuerySet(CaseRowQuerySet):
    def aid(self):
        """Visits, goods and grants by source, summed in the database (one row, or one per value
        of the fields in ``values()`` before it)."""
        kind, source = CaseAction.Kind, CaseAction.Source
        grants = Q(kind=kind.GRANT)
        return {
            "visits": Count("pk", filter=Q(kind=kind.VISIT)),
            "goods": Count("pk", filter=Q(kind=kind.GOODS)),
            "goods_value": Coalesce(
                Sum("amount", filter=Q(kind=kind.GOODS)), ZERO, output_field=money_field()
            ),
            "referrals": Count("pk", filter=Q(kind=kind.REFERRAL)),
            "grants": Count("pk", filter=grants),
            **{
                f"aid_{value}": Coalesce(
                    Sum("amount", filter=grants & Q(source=value)), ZERO, output_field=money_field()
                )
                for value in source.values
            },
        }


class CaseAction(models.Model):
    """Something done on a case: a visit, a grant, goods, a referral or a note."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        GRANT = "grant", _("Grant")
        GOODS = "goods", _("Goods")
        REFERRAL = "referral", _("Referral")
        NOTE = "note", _("Note")

    class Source(models.TextChoices):
        UNION_FUND = "union_fund", _("Union fund")
        LABOUR_INSURANCE = "labour_insurance", _("Labour insurance")
        FACTORY = "factory", _("Factory")

    class ReferredTo(models.TextChoices):
        FACTORY_UNION = "factory_union", _("Factory union")
        ADMINISTRATION = "administration", _("Factory administration")

    case = models.ForeignKey(
        WelfareCase, models.PROTECT, related_name="actions", verbose_name=_("welfare case")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    done_on = models.DateField(_("date"), validators=[plausible_date])
    who = models.CharField(
        _("who"),
        max_length=200,
        blank=True,
        help_text=_("Who went, gave or passed it on."),
        validators=[no_control_characters],
    )
    brought = models.CharField(
        _("what was brought"),
        max_length=200,
        blank=True,
        help_text=_("For a visit or goods: what was brought or given, e.g. oranges."),
        validators=[no_control_characters],
    )
    amount = money_field(
        verbose_name=_("amount (yuan)"),
        null=True,
        blank=True,
        help_text=_("A grant's amount; for goods, what they are worth, if known."),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, blank=True)
    referred_to = models.CharField(
        _("referred to"), max_length=20, choices=ReferredTo.choices, blank=True
    )
    text = models.TextField(
        _("what was learnt or said"),
        blank=True,
        help_text=_("For a visit, what was learnt; for a referral, what was asked; or the note."),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action on a case")
        verbose_name_plural = _("actions on cases")
        ordering = ["done_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="grant")
                | (Q(amount__isnull=False, amount__gt=0) & ~Q(source="")),
                name="welfare_grant_amount_and_source",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["grant", "goods"]) | (Q(amount__isnull=True) & Q(source="")),
                name="welfare_amount_only_for_aid",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="welfare_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(kind="referral", referred_to__gt="")
                | (~Q(kind="referral") & Q(referred_to="")),
                name="welfare_referral_has_recipient",
            ),
            models.CheckConstraint(
                condition=~Q(kind="note") | ~Q(text=""), name="welfare_note_has_text"
            ),
            models.CheckConstraint(
                condition=~Q(kind="visit") | ~Q(who=""), name="welfare_visit_says_who_went"
            ),
            models.CheckConstraint(
                condition=~Q(kind="goods") | ~Q(brought=""), name="welfare_goods_say_what"
            ),
        ]
        indexes = [models.Index(fields=["case", "kind", "done_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.done_on:%Y-%m-%d}"


class InsuranceClaim(models.Model):
    """A labour insurance (勞動保險) claim made for a case: what was claimed and what was paid."""

    class Benefit(models.TextChoices):
        SICK_PAY = "sick_pay", _("Sick pay")
        INJURY = "injury", _("Injury at work benefit")
        MATERNITY = "maternity", _("Maternity benefit")
        FUNERAL = "funeral", _("Funeral and survivors' benefit")
        HARDSHIP = "hardship", _("Hardship relief")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")
        REJECTED = "rejected", _("Rejected")

    case = models.ForeignKey(
        WelfareCase, models.PROTECT, related_name="claims", verbose_name=_("welfare case")
    )
    benefit = models.CharField(_("benefit"), max_length=12, choices=Benefit.choices)
    filed_on = models.DateField(_("filed on"), validators=[plausible_date])
    amount_claimed = money_field(verbose_name=_("amount claimed (yuan)"))
    amount_paid = money_field(verbose_name=_("amount paid (yuan)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FILED
    )
    decided_on = models.DateField(
        _("decided on"), null=True, blank=True, validators=[plausible_date]
    )
    note = models.TextField(
        _("note"), blank=True, max_length=SHORT_TEXT, validators=[no_control_characters_in_text]
    )

    objects = CaseRowQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("labour insurance claim")
        verbose_name_plural = _("labour insurance claims")
        ordering = ["filed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_claimed__gt=0), name="welfare_claim_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__isnull=True)
                | Q(amount_paid__gte=0, amount_paid__lte=F("amount_claimed")),
                name="welfare_claim_paid_within_claimed",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(amount_paid__isnull=False, amount_paid__gt=0),
                name="welfare_claim_paid_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(status="filed", decided_on__isnull=True)
                | (~Q(status="filed") & Q(decided_on__isnull=False, decided_on__gte=F("filed_on"))),
                name="welfare_claim_decided_after_filing",
            ),
        ]

    def __str__(self):
        return f"{self.get_benefit_display()} {self.amount_claimed}"
