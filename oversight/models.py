"""Classification and oversight (三類小組, 典型經驗): how the city's groups stand.

The city federation opens an assessment period; factory or workshop union staff assess each group
of their scope on the seed's five criteria and propose a class (good, average, lagging); the
federation confirms the class (another one, with its reason, if it sees otherwise) or returns the
assessment with a reason. The confirmed classes make the distribution the federation watches.
Write-ups of how good groups work (typical experience) are proposed by factory staff and selected
by the federation for a booklet.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.models import GROUP_PATHS, Federation, UnionGroup
from groups.scoping import Level, ScopedQuerySet, prefixed, scope_q, user_scope
from groups.validators import (
    LONG_TEXT,
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
    plausible_date,
)
from groups.voiding import CurrentManager, Voidable


class GroupClass(models.IntegerChoices):
    GOOD = 1, _("Class 1 (good)")
    AVERAGE = 2, _("Class 2 (average)")
    LAGGING = 3, _("Class 3 (lagging)")


class Rating(models.IntegerChoices):
    GOOD = 1, _("Good")
    FAIR = 2, _("Fair")
    WEAK = 3, _("Weak")


# The seed's criteria of a good group, in its order: (field prefix, name, what to look for).
CRITERIA = [
    (
        "production",
        _("Activities revolve around production"),
        _("The group's work is organised around the production plan, with a clear view of it."),
    ),
    (
        "duties",
        _("Union and production leaders divide their duties"),
        _("The union group leader and the production group leader each know their part."),
    ),
    (
        "unity",
        _("Unity and mutual help"),
        _("Activists bring along the others; the lagging are won over, not scorned."),
    ),
    (
        "systems",
        _("Working systems exist and are really used"),
        _("Meetings, plans and reports are kept up, not kept for form (formalism)."),
    ),
    (
        "leadership",
        _("Leadership and activity"),
        _("The group is led, and it is active."),
    ),
]
CRITERION_FIELDS = [name for name, _label, _help in CRITERIA]


class PeriodQuerySet(ScopedQuerySet):
    # A period is the federation's: every account under it sees it.
    scope_paths = {Level.FEDERATION: "federation"}

    def open(self):
        return self.filter(status=AssessmentPeriod.Status.OPEN)


class AssessmentPeriod(models.Model):
    """A round of assessments, e.g. the second half of 1952, opened by the federation."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    federation = models.ForeignKey(
        Federation, models.PROTECT, related_name="periods", verbose_name=_("city federation")
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("e.g. second half of 1952"),
        validators=[no_control_characters],
    )
    starts_on = models.DateField(_("starts on"), validators=[plausible_date])
    ends_on = models.DateField(_("ends on"), validators=[plausible_date])
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    objects = PeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")
        ordering = ["-starts_on", "-pk"]
        # The newest period's assessments first, read period by period (the back office's list).
        indexes = [models.Index(fields=["starts_on", "id"])]
        constraints = [
            models.UniqueConstraint(fields=["federation", "name"], name="period_name_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="period_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class AssessmentQuerySet(ScopedQuerySet):
    scope_paths = prefixed("group", GROUP_PATHS)

    def visible_to(self, user):
        """Assessments of the user's groups. A draft is its assessors' own until submitted: the
        federation sees it once submitted; a group's own account sees its confirmed class."""
        rows = super().visible_to(user)
        scope = user_scope(user) if not getattr(user, "is_superuser", False) else None
        if scope is None:
            return rows
        if scope.level == Level.FEDERATION:
            return rows.exclude(status=Assessment.Status.DRAFT)
        if scope.level == Level.GROUP:
            return rows.filter(status=Assessment.Status.CONFIRMED)
        return rows

    def reviewable(self):
        return self.filter(status=Assessment.Status.SUBMITTED)

    def confirmed(self):
        return self.filter(status=Assessment.Status.CONFIRMED)


def _rating(name):
    return models.PositiveSmallIntegerField(name, choices=Rating.choices, null=True, blank=True)


def _note():
    return models.CharField(
        _("note"), max_length=500, blank=True, validators=[no_control_characters]
    )


def with_assessment(groups, user, period):
    """``groups`` with their assessment of ``period`` annotated (its pk, status, proposed and
    confirmed class), as far as ``user`` may see it: a draft is not shown to the federation,
    and a group's account sees only a confirmed class."""
    assessment = Assessment.objects.visible_to(user).filter(period=period, group=OuterRef("pk"))
    return groups.annotate(
        assessment_id=Subquery(assessment.values("pk")[:1]),
        assessment_status=Subquery(assessment.values("status")[:1]),
        proposed_class=Subquery(assessment.values("proposed_class")[:1]),
        confirmed_class=Subquery(assessment.values("confirmed_class")[:1]),
    )


class Assessment(Voidable, models.Model):
    """One group's assessment in one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CONFIRMED = "confirmed", _("Confirmed")
        RETURNED = "returned", _("Returned")

    period = models.ForeignKey(
        AssessmentPeriod, models.PROTECT, related_name="assessments", verbose_name=_("period")
    )
    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="assessments", verbose_name=_("union group")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    production = _rating(CRITERIA[0][1])
    production_note = _note()
    duties = _rating(CRITERIA[1][1])
    duties_note = _note()
    unity = _rating(CRITERIA[2][1])
    unity_note = _note()
    systems = _rating(CRITERIA[3][1])
    systems_note = _note()
    leadership = _rating(CRITERIA[4][1])
    leadership_note = _note()
    summary = models.TextField(
        _("assessment summary"),
        blank=True,
        help_text=_("Strengths, weaknesses and what to do next."),
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    proposed_class = models.PositiveSmallIntegerField(
        _("proposed class"), choices=GroupClass.choices, null=True, blank=True
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # What the assessor saw beside the criteria when submitting: the figures of the period.
    evidence = models.JSONField(_("evidence"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    confirmed_class = models.PositiveSmallIntegerField(
        _("confirmed class"), choices=GroupClass.choices, null=True, blank=True
    )
    class_reason = models.TextField(
        _("reason for another class"),
        blank=True,
        help_text=_("Why the federation confirmed a class other than the one proposed."),
        max_length=SHORT_TEXT,
        validators=[no_control_characters_in_text],
    )
    return_reason = models.TextField(
        _("reason for returning"),
        blank=True,
        max_length=SHORT_TEXT,
        validators=[no_control_characters_in_text],
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    # A voided assessment is out of the lists, the distribution and the evidence, and the group
    # can be assessed again in the period; ``all_objects`` finds it.
    objects = CurrentManager.from_queryset(AssessmentQuerySet)()
    all_objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-period__starts_on", "group__name", "pk"]
        indexes = [models.Index(fields=["period", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "group"],
                condition=Q(voided_at__isnull=True),
                name="assessment_once_per_period",
                violation_error_message=_("This group has already been assessed in this period."),
            ),
            # A submitted assessment is complete: every criterion rated and a class proposed.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "returned"])
                | Q(
                    proposed_class__isnull=False,
                    submitted_at__isnull=False,
                    **{f"{name}__isnull": False for name in CRITERION_FIELDS},
                ),
                name="assessment_submitted_complete",
            ),
            models.CheckConstraint(
                condition=Q(status="confirmed", confirmed_class__isnull=False)
                | (~Q(status="confirmed") & Q(confirmed_class__isnull=True)),
                name="assessment_confirmed_has_class",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_class__isnull=True)
                | Q(confirmed_class=F("proposed_class"))
                | ~Q(class_reason=""),
                name="assessment_other_class_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="assessment_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"]) | Q(reviewed_at__isnull=False),
                name="assessment_reviewed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.group} · {self.period}"

    def get_absolute_url(self):
        return reverse("oversight:assessment_detail", args=[self.pk])

    @property
    def is_editable(self):
        """Whether the assessor may still change it: a draft, or returned for another look."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def group_class(self):
        """The class that counts: the confirmed one, else the one proposed."""
        return self.confirmed_class or self.proposed_class

    def ratings(self):
        """The criteria with their rating and note, in the seed's order."""
        return [
            {
                "key": name,
                "name": label,
                "help": help_text,
                "rating": getattr(self, name),
                "rating_label": Rating(getattr(self, name)).label if getattr(self, name) else "",
                "note": getattr(self, f"{name}_note"),
            }
            for name, label, help_text in CRITERIA
        ]


class ExperienceQuerySet(ScopedQuerySet):
    scope_paths = prefixed("group", GROUP_PATHS)

    def visible_to(self, user):
        """Write-ups of the user's groups, and every selected one of the user's federation: the
        booklet is published for every group of the city to study."""
        own = self._scope_q(user)
        if not own:
            # Everything (a superuser): ``Q() | other`` would be ``other`` alone.
            return self.filter(own)
        published = scope_q(user, {Level.FEDERATION: "group__workshop__factory__federation"})
        return self.filter(own | (Q(status=Experience.Status.SELECTED) & published))

    def selected(self):
        return self.filter(status=Experience.Status.SELECTED)


class Experience(models.Model):
    """A write-up of how a group works (典型經驗), proposed for others to study."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        SELECTED = "selected", _("Selected for the booklet")
        DECLINED = "declined", _("Not selected")

    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="experiences", verbose_name=_("union group")
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("Say what the group is known for, e.g. patient persuasion unites everyone."),
        validators=[no_control_characters],
    )
    author = models.CharField(
        _("author"),
        max_length=100,
        help_text=_("Who wrote it up, as it will be printed."),
        validators=[no_control_characters],
    )
    text = models.TextField(
        _("text"), max_length=LONG_TEXT, validators=[no_control_characters_in_text]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(
        _("position in the booklet"), default=0, help_text=_("Chapters are printed in this order.")
    )

    objects = ExperienceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("typical experience")
        verbose_name_plural = _("typical experiences")
        ordering = ["position", "-proposed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(decided_at__isnull=False),
                name="experience_decided_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("oversight:experience_detail", args=[self.pk])
