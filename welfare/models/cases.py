"""Welfare cases: one member's hardship from its first report to its resolution, and every change of
its status."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.models import GROUP_PATHS, Member, UnionGroup
from groups.scoping import prefixed
from groups.validators import (
    LONG_TEXT,
    SHORT_TEXT,
    no_control_characters_in_text,
    plausible_date,
)
from groups.voiding import CurrentManager, Voidable
from welfare.models.private import PrivateQuerySet


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
            models.Index(fields=["opened_on", "id"]),
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
