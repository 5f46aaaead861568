"""Elections at a meeting (candidates), the resolutions of the union above the groups, each group's
report on carrying them out, and the groups' own reports."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.models import GROUP_PATHS, Member, Role, UnionGroup
from groups.scoping import Level, ScopedQuerySet, prefixed, user_scope
from groups.validators import (
    LONG_TEXT,
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
    plausible_date,
)
from meetings.models.meetings import Meeting


class Candidate(models.Model):
    """A candidate at an election meeting, the office they stood for and the votes they got."""

    class Office(models.TextChoices):
        UNION_LEADER = "union_leader", _("Union group leader")
        OFFICER = "officer", _("Officer")

    meeting = models.ForeignKey(
        Meeting, models.PROTECT, related_name="candidates", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        Member, models.PROTECT, related_name="candidacies", verbose_name=_("member")
    )
    office = models.CharField(_("office"), max_length=14, choices=Office.choices)
    portfolio = models.CharField(
        _("portfolio"), max_length=20, blank=True, choices=Role.Portfolio.choices
    )
    votes = models.PositiveIntegerField(_("votes"))
    elected = models.BooleanField(_("elected"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["office", "-votes", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member", "office"], name="candidate_once_per_office"
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(office="union_leader", elected=True),
                name="candidate_one_leader_elected",
                violation_error_message=_("Only one union group leader can be elected."),
            ),
        ]

    def __str__(self):
        return f"{self.member} ({self.get_office_display()})"


class ResolutionQuerySet(ScopedQuerySet):
    scope_paths = {Level.FEDERATION: "factory__federation", Level.FACTORY: "factory"}

    def _scope_q(self, user):
        scope = user_scope(user) if getattr(user, "is_active", False) else None
        if user.is_superuser or scope is None or scope.level in (Level.FEDERATION, Level.FACTORY):
            return super()._scope_q(user)
        # A workshop or a group sees the resolutions sent to its groups; a workshop its own too.
        if scope.level == Level.WORKSHOP:
            sent = ResolutionReport.objects.filter(group__workshop=scope.workshop_id)
            return Q(pk__in=sent.values("resolution")) | Q(workshop=scope.workshop_id)
        sent = ResolutionReport.objects.filter(group=scope.group_id)
        return Q(pk__in=sent.values("resolution"))


class Resolution(models.Model):
    """A resolution (決議) of a factory or workshop union that its groups must carry out and
    report on."""

    factory = models.ForeignKey(
        "groups.FactoryUnion",
        models.PROTECT,
        related_name="resolutions",
        verbose_name=_("factory union"),
    )
    workshop = models.ForeignKey(
        "groups.WorkshopUnion",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("workshop union"),
        help_text=_("Empty for a resolution of the factory union."),
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    text = models.TextField(
        _("text"), max_length=LONG_TEXT, validators=[no_control_characters_in_text]
    )
    issued_on = models.DateField(_("issued on"), validators=[plausible_date])
    due_on = models.DateField(_("report due on"), validators=[plausible_date])
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ResolutionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("issued_on")), name="resolution_due_after_issue"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:resolution_detail", args=[self.pk])

    @property
    def issuer(self):
        return self.workshop or self.factory


class ResolutionReportQuerySet(ScopedQuerySet):
    scope_paths = prefixed("group", GROUP_PATHS)

    def overdue(self):
        return self.exclude(status=ResolutionReport.Status.DONE).filter(
            resolution__due_on__lt=timezone.localdate()
        )


class ResolutionReport(models.Model):
    """How one group carried out one resolution."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    resolution = models.ForeignKey(
        Resolution, models.CASCADE, related_name="reports", verbose_name=_("resolution")
    )
    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="resolution_reports", verbose_name=_("union group")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    note = models.TextField(
        _("how it was carried out"),
        blank=True,
        max_length=SHORT_TEXT,
        validators=[no_control_characters_in_text],
    )
    meeting = models.ForeignKey(
        Meeting,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolution_reports",
        verbose_name=_("discussed at"),
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ResolutionReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resolution report")
        verbose_name_plural = _("resolution reports")
        ordering = ["group__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "group"], name="report_once_per_group")
        ]

    def __str__(self):
        return f"{self.resolution} · {self.group}"

    @property
    def is_overdue(self):
        return self.status != self.Status.DONE and self.resolution.due_on < timezone.localdate()


class GroupReportQuerySet(ScopedQuerySet):
    scope_paths = prefixed("group", GROUP_PATHS)

    def unread(self):
        return self.filter(read_at__isnull=True)


class GroupReport(models.Model):
    """A report sent upward (情況反映): the group's situation, members' opinions, suggestions."""

    class Kind(models.TextChoices):
        SITUATION = "situation", _("The group's situation")
        OPINION = "opinion", _("Members' opinions")
        SUGGESTION = "suggestion", _("Suggestion")

    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="reports_up", verbose_name=_("union group")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=200, validators=[no_control_characters])
    text = models.TextField(
        _("text"), max_length=LONG_TEXT, validators=[no_control_characters_in_text]
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(
        _("answer"), blank=True, max_length=LONG_TEXT, validators=[no_control_characters_in_text]
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = GroupReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report to the union")
        verbose_name_plural = _("reports to the union")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("meetings:report_detail", args=[self.pk])
