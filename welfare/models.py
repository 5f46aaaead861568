"""Labour insurance, welfare and culture: the group's second task (勞保福利和文娛活動).

A welfare case (困難情況) is one member's hardship, from its first report to its resolution: the
visits, grants, goods, referrals and notes that answer it, the labour insurance claims made for it,
and every change of its status. Cases hold health and family details, so they are private: only
the group's leader and welfare officer, and the workshop and factory union staff above the group,
see them (the capability ``READ_CASES`` of ``groups.capabilities``). The city federation counts
them and sums their aid, through ``counted_for``, and never reads a name or a description.

Recreation and culture (文娛活動) is not private: an activity, its kind and who took part.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.capabilities import Capability, user_can
from groups.figures import Figures
from groups.models import GROUP_PATHS, Member, UnionGroup
from groups.scoping import NOTHING, ScopedQuerySet, prefixed
from groups.validators import (
    LONG_TEXT,
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
    plausible_date,
)
from groups.voiding import CurrentManager, Voidable

ZERO = Decimal("0.00")


def _money(**kwargs):
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class PrivateQuerySet(ScopedQuerySet):
    """Rows of a welfare case: ``visible_to`` only for those who may read case details;
    ``counted_for`` is the whole scope, for counts and sums that name nobody."""

    def _scope_q(self, user):
        if not user_can(user, Capability.READ_CASES):
            return NOTHING
        return super()._scope_q(user)

    def counted_for(self, user):
        return self.filter(super()._scope_q(user))


# --- Cases ---------------------------------------------------------------------------------------


class CaseQuerySet(PrivateQuerySet):
    scope_paths = prefixed("group", GROUP_PATHS)

    def active(self):
        """Cases not closed: the ones someone still looks after."""
        return self.exclude(status=WelfareCase.Status.CLOSED)

    def unresolved(self):
        return self.filter(status__in=WelfareCase.UNRESOLVED)

    def follow_up_due(self, today):
        """Cases not closed whose follow-up date is today or past."""
        return self.active().filter(follow_up_on__lte=today)


class WelfareCase(Voidable, models.Model):
    """One member's hardship and what the group and the union do about it."""

    class Category(models.TextChoices):
        ILLNESS = "illness", _("Illness")
        INJURY = "injury", _("Injury at work")
        HOUSING = "housing", _("Housing")
        FAMILY = "family", _("Family hardship")
        BEREAVEMENT = "bereavement", _("Bereavement")
        CHILDBIRTH = "childbirth", _("Childbirth")
        OTHER = "other", _("Other")

    class Tier(models.IntegerChoices):
        SEVERE = 1, _("Tier 1: severe hardship")
        SERIOUS = 2, _("Tier 2: hardship")
        MODERATE = 3, _("Tier 3: some hardship")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    UNRESOLVED = (Status.OPEN, Status.IN_PROGRESS)
    # Where each status may go next; a resolved or closed case is reopened to "in progress".
    MOVES = {
        Status.OPEN: (Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED),
        Status.IN_PROGRESS: (Status.RESOLVED, Status.CLOSED),
        Status.RESOLVED: (Status.CLOSED, Status.IN_PROGRESS),
        Status.CLOSED: (Status.IN_PROGRESS,),
    }

    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="welfare_cases", verbose_name=_("union group")
    )
    member = models.ForeignKey(
        Member, models.PROTECT, related_name="welfare_cases", verbose_name=_("member")
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    tier = models.PositiveSmallIntegerField(
        _("how hard"), choices=Tier.choices, default=Tier.SERIOUS
    )
    description = models.TextField(
        _("description"),
        help_text=_("What the hardship is, as the member or the group told it."),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    opened_on = models.DateField(_("opened on"), validators=[plausible_date])
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    follow_up_on = models.DateField(
        _("follow up on"),
        null=True,
        blank=True,
        help_text=_("When to look in on the member again."),
        validators=[plausible_date],
    )
    resolved_on = models.DateField(
        _("resolved on"), null=True, blank=True, validators=[plausible_date]
    )
    days_to_resolve = models.PositiveIntegerField(_("days to resolve"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, validators=[plausible_date])
    created_at = models.DateTimeField(auto_now_add=True)

    # A voided case is out of the lists, the follow-ups and the figures; ``all_objects`` finds it.
    objects = CurrentManager.from_queryset(CaseQuerySet)()
    all_objects = CaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("welfare case")
        verbose_name_plural = _("welfare cases")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress"], resolved_on__isnull=True)
                | Q(status="resolved", resolved_on__isnull=False)
                | Q(status="closed"),
                name="welfare_case_resolved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="welfare_case_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True, days_to_resolve__isnull=True)
                | Q(resolved_on__gte=F("opened_on"), days_to_resolve__isnull=False),
                name="welfare_case_resolved_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="welfare_case_closed_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(tier__gte=1, tier__lte=3), name="welfare_case_tier_range"
            ),
        ]
        indexes = [
            models.Index(fields=["group", "status"]),
            models.Index(fields=["group", "opened_on"]),
            models.Index(fields=["group", "resolved_on"]),
            models.Index(fields=["follow_up_on"]),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("welfare:case_detail", args=[self.pk])

    @classmethod
    def is_reopening(cls, from_status, to_status):
        return (
            from_status in (cls.Status.RESOLVED, cls.Status.CLOSED) and to_status in cls.UNRESOLVED
        )

    @property
    def next_statuses(self):
        return self.MOVES[self.status]

    def follow_up_overdue(self, today):
        return (
            self.status != self.Status.CLOSED
            and self.follow_up_on is not None
            and self.follow_up_on < today
        )


class CaseRowQuerySet(PrivateQuerySet):
    """Rows that belong to a case (its moves, actions, claims and readings): private like it."""

    scope_paths = prefixed("case__group", GROUP_PATHS)

    def counted_for(self, user):
        # The rows of a voided case count nowhere (nor can they be changed).
        return super().counted_for(user).filter(case__voided_at__isnull=True)


class StatusChange(models.Model):
    """One move of a case's status: who, when, and why."""

    case = models.ForeignKey(
        WelfareCase, models.PROTECT, related_name="status_changes", verbose_name=_("welfare case")
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=WelfareCase.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=WelfareCase.Status.choices)
    changed_on = models.DateField(_("date"), validators=[plausible_date])
    changed_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(
        _("note"), blank=True, max_length=SHORT_TEXT, validators=[no_control_characters_in_text]
    )

    objects = CaseRowQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="welfare_status_change_moves"
            ),
        ]

    def __str__(self):
        return f"{self.case}: {self.get_to_status_display()}"


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
                Sum("amount", filter=Q(kind=kind.GOODS)), ZERO, output_field=_money()
            ),
            "referrals": Count("pk", filter=Q(kind=kind.REFERRAL)),
            "grants": Count("pk", filter=grants),
            **{
                f"aid_{value}": Coalesce(
                    Sum("amount", filter=grants & Q(source=value)), ZERO, output_field=_money()
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
    amount = _money(
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
    amount_claimed = _money(verbose_name=_("amount claimed (yuan)"))
    amount_paid = _money(verbose_name=_("amount paid (yuan)"), null=True, blank=True)
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


# --- Recreation and culture ----------------------------------------------------------------------


class ActivityQuerySet(ScopedQuerySet):
    scope_paths = prefixed("group", GROUP_PATHS)


class Activity(models.Model):
    """A recreation or culture activity (文娛活動) of a group, and who took part."""

    class Kind(models.TextChoices):
        SPORT = "sport", _("Sport")
        OPERA = "opera", _("Opera or theatre")
        FILM = "film", _("Film")
        SINGING = "singing", _("Singing and music")
        OUTING = "outing", _("Outing")
        READING = "reading", _("Reading and spare-time study")
        PARTY = "party", _("Get-together")
        OTHER = "other", _("Other")

    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="activities", verbose_name=_("union group")
    )
    held_on = models.DateField(_("date"), validators=[plausible_date])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    notes = models.TextField(
        _("notes"), blank=True, max_length=SHORT_TEXT, validators=[no_control_characters_in_text]
    )
    participants = models.ManyToManyField(
        Member, related_name="activities", blank=True, verbose_name=_("who took part")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        verbose_name = _("recreation or culture activity")
        verbose_name_plural = _("recreation and culture activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["group", "held_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("welfare:activity_list", args=[self.group_id])


# --- Who looked ----------------------------------------------------------------------------------


class CaseAccess(models.Model):
    """Who read a case's details, and when: its page opened, or the case exported. Changes are
    kept by each record's history."""

    class How(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        EXPORTED = "exported", _("Exported")

    case = models.ForeignKey(
        WelfareCase, models.PROTECT, related_name="accesses", verbose_name=_("welfare case")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user")
    )
    how = models.CharField(_("how"), max_length=10, choices=How.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = CaseRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("access to a case")
        verbose_name_plural = _("accesses to cases")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self):
        return f"{self.user} {self.get_how_display()} {self.case_id}"


class WelfareFigures(Figures):
    """A row of welfare figures: counts and sums only, never a name."""

    @property
    def aid_total(self):
        return sum((self.get(f"aid_{value}") or ZERO for value in CaseAction.Source.values), ZERO)
