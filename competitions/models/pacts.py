"""Mutual-aid pacts between two groups and their reviews."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.models import GROUP_PATHS, UnionGroup
from groups.scoping import ScopedQuerySet, prefixed, scope_q
from groups.validators import (
    LONG_TEXT,
    no_control_characters,
    no_control_characters_in_text,
    plausible_date,
)


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
