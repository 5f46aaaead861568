"""Meetings of a union group, resolutions carried down to the groups and reports carried up.

A good group "never holds an unprepared meeting": the agenda is announced in advance, the leader
prepares, and writes a summary afterwards. A meeting therefore moves through planned → announced
→ held → summarised, and each step keeps who took it and when.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.figures import Figures
from groups.models import GROUP_PATHS, Member, Role, UnionGroup
from groups.scoping import Level, ScopedQuerySet, prefixed, user_scope
from groups.validators import (
    LONG_TEXT,
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
    plausible_date,
)
from groups.voiding import CurrentManager, Voidable

ANNOUNCE_AHEAD_DAYS = 2


class MeetingQuerySet(ScopedQuerySet):
    scope_paths = prefixed("group", GROUP_PATHS)

    def upcoming(self):
        today = timezone.localdate()
        return self.filter(
            status__in=[Meeting.Status.PLANNED, Meeting.Status.ANNOUNCED], scheduled_on__gte=today
        ).order_by("scheduled_on", "starts_at", "pk")

    def between(self, start, end):
        return self.filter(scheduled_on__gte=start, scheduled_on__lte=end)

    def preparedness(self, *by):
        """How prepared the meetings were, computed in the database in one query: meetings held,
        how many of them were announced at least two days ahead, how many were summarised, and
        attendance. With field names in ``by`` (e.g. ``"group"``), one row per value; otherwise
        one row for all."""
        held = Q(status__in=[Meeting.Status.HELD, Meeting.Status.SUMMARISED])
        ahead = F("scheduled_on") - datetime.timedelta(days=ANNOUNCE_AHEAD_DAYS)
        present = held & Q(attendances__status=Attendance.Status.PRESENT)
        figures = {
            # Meetings are counted distinct: the join to attendance repeats each meeting.
            "held": Count("pk", filter=held, distinct=True),
            "announced_ahead": Count("pk", filter=held & Q(announced_on__lte=ahead), distinct=True),
            "summarised": Count("pk", filter=Q(status=Meeting.Status.SUMMARISED), distinct=True),
            "attendance_expected": Count("attendances", filter=held),
            "attendance_present": Count("attendances", filter=present),
        }
        if by:
            rows = self.order_by().values(*by).annotate(**figures)
            return [Preparedness(row) for row in rows]
        return Preparedness(self.aggregate(**figures))


class Preparedness(Figures):
    """The preparedness figures of a set of meetings, with their shares as percentages."""

    @property
    def announced_ahead_pct(self):
        return self._share("announced_ahead", "held")

    @property
    def summarised_pct(self):
        return self._share("summarised", "held")

    @property
    def attendance_pct(self):
        return self._share("attendance_present", "attendance_expected")


class Meeting(Voidable, models.Model):
    class Kind(models.TextChoices):
        GROUP = "group", _("Union group meeting")
        PRODUCTION = "production", _("Production meeting")
        STUDY = "study", _("Study session")
        ELECTION = "election", _("Election meeting")

    class StudyTopic(models.TextChoices):
        TECHNIQUE = "technique", _("Technique")
        EXPERIENCE = "experience", _("Advanced experience")
        POLITICS = "politics", _("Politics")
        CULTURE = "culture", _("Culture")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ANNOUNCED = "announced", _("Announced")
        HELD = "held", _("Held")
        SUMMARISED = "summarised", _("Summarised")

    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="meetings", verbose_name=_("union group")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    study_topic = models.CharField(
        _("study topic"), max_length=12, choices=StudyTopic.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    scheduled_on = models.DateField(_("date"), validators=[plausible_date])
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, validators=[no_control_characters])
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    planned_at = models.DateTimeField(_("planned at"), default=timezone.now)
    announced_on = models.DateField(
        _("notice given on"), null=True, blank=True, validators=[plausible_date]
    )
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_recorded_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)
    summary = models.TextField(
        _("summary"), blank=True, max_length=LONG_TEXT, validators=[no_control_characters_in_text]
    )
    summarised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summarised_at = models.DateTimeField(_("summarised at"), null=True, blank=True)
    # When a target or the quality was missed: criticism and self-criticism, causes, remedies.
    target_missed = models.BooleanField(_("a target or the quality was missed"), default=False)
    criticism = models.TextField(
        _("criticism and self-criticism"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    causes = models.TextField(
        _("causes found"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )
    remedies = models.TextField(
        _("remedies agreed"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[no_control_characters_in_text],
    )

    # A cancelled meeting (``voided_at``) is out of the lists and the figures; ``all_objects``
    # still finds it.
    objects = CurrentManager.from_queryset(MeetingQuerySet)()
    all_objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-scheduled_on", "-pk"]
        indexes = [models.Index(fields=["group", "scheduled_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="study") | Q(study_topic=""), name="meeting_topic_study_only"
            ),
            models.CheckConstraint(
                condition=Q(announced_on__isnull=True) | Q(announced_on__lte=F("scheduled_on")),
                name="meeting_announced_before_it_is_held",
            ),
            models.CheckConstraint(
                condition=~Q(status="announced") | Q(announced_on__isnull=False),
                name="meeting_announced_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="summarised") | ~Q(summary=""),
                name="meeting_summarised_has_summary",
            ),
        ]

    def __str__(self):
        return f"{self.scheduled_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def is_held(self):
        return self.status in (self.Status.HELD, self.Status.SUMMARISED)

    @property
    def announced_ahead(self):
        """Announced at least two days before the meeting, as good groups do."""
        if self.announced_on is None:
            return False
        return (self.scheduled_on - self.announced_on).days >= ANNOUNCE_AHEAD_DAYS


class AgendaItem(models.Model):
    """A point on the agenda, with its minutes once the meeting is held. On a production meeting
    an item may be one of the booklet's production topics."""

    class Topic(models.TextChoices):
        GUARANTEE_PLAN = "guarantee_plan", _("Guarantee plan")
        TECHNIQUE = "technique", _("Improving technique")
        EXPERIENCE = "experience", _("Exchanging experience")
        QUALITY = "quality", _("Quality check")
        SAFETY = "safety", _("Safety equipment")
        PROPOSALS = "proposals", _("Rationalization proposals")
        ACCIDENTS = "accidents", _("Causes of accidents")
        WASTE = "waste", _("Eliminating waste")

    meeting = models.ForeignKey(
        Meeting, models.PROTECT, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(
        _("agenda item"), max_length=200, blank=True, validators=[no_control_characters]
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, blank=True)
    minutes = models.TextField(
        _("minutes"), blank=True, max_length=LONG_TEXT, validators=[no_control_characters_in_text]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(topic="") | ~Q(title=""), name="agenda_item_has_title_or_topic"
            )
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """A production topic is shown in the reader's language; other items as written."""
        return self.get_topic_display() if self.topic else self.title


class AttendanceQuerySet(ScopedQuerySet):
    scope_paths = prefixed("meeting__group", GROUP_PATHS)


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    meeting = models.ForeignKey(
        Meeting, models.PROTECT, related_name="attendances", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        Member, models.PROTECT, related_name="attendances", verbose_name=_("member")
    )
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)
    reason = models.CharField(
        _("reason"), max_length=200, blank=True, validators=[no_control_characters]
    )

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["member__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once"),
            models.CheckConstraint(
                condition=~Q(status="absent") | ~Q(reason=""), name="attendance_absent_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_status_display()}"


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    text = models.TextField(
        _("decision"), max_length=LONG_TEXT, validators=[no_control_characters_in_text]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["pk"]

    def __str__(self):
        return self.text[:60]


class ActionItemQuerySet(ScopedQuerySet):
    scope_paths = prefixed("meeting__group", GROUP_PATHS)

    def open(self):
        # A cancelled meeting's action items are not owed.
        return self.filter(done_on__isnull=True, meeting__voided_at__isnull=True)

    def overdue(self):
        return self.open().filter(due_on__lt=timezone.localdate())


class ActionItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, models.PROTECT, related_name="action_items", verbose_name=_("meeting")
    )
    description = models.CharField(_("action"), max_length=300, validators=[no_control_characters])
    owner = models.ForeignKey(
        Member, models.PROTECT, related_name="action_items", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due on"), validators=[plausible_date])
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[plausible_date])

    objects = ActionItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description

    @property
    def is_overdue(self):
        return self.done_on is None and self.due_on < timezone.localdate()


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
