"""Rationalization proposals: from a group's idea to adoption, with their figures."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competitions.models.common import ZERO, money_field
from groups.figures import Figures, share
from groups.models import GROUP_PATHS, Member, UnionGroup
from groups.scoping import ScopedQuerySet, prefixed
from groups.validators import (
    LONG_TEXT,
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
    plausible_date,
)


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
    estimated_money = money_field(_("estimated saving (yuan)"), null=True, blank=True)
    estimated_hours = money_field(_("estimated hours saved"), null=True, blank=True)
    realised_money = money_field(_("realised saving (yuan)"), null=True, blank=True)
    realised_hours = money_field(_("realised hours saved"), null=True, blank=True)
    reward = money_field(_("reward (yuan)"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProposalQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[authors])

    class Meta:
        verbose_name = _("rationalization proposal")
        verbose_name_plural = _("rationalization proposals")
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(fields=["group", "submitted_on"]),
            models.Index(fields=["submitted_on", "id"]),
        ]
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
