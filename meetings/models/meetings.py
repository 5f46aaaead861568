"""Meetings of a group: the meeting with its agenda, attendance, decisions and action items, and how
prepared meetings were."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.figures import Figures
from groups.models import GROUP_PATHS, Member, UnionGroup
from groups.scoping import ScopedQuerySet, prefixed
from groups.validators import (
    LONG_TEXT,
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
        indexes = [
            models.Index(fields=["group", "scheduled_on"]),
            # The city's latest meetings first (the back office's list) without a sort.
            models.Index(fields=["scheduled_on", "id"]),
        ]
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
    def can_be_recorded(self):
        """Attendance, minutes and decisions are recorded from the meeting's day on."""
        return self.scheduled_on <= timezone.localdate()

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
    # The decision the action carries out; empty on the rows recorded before action items were
    # tied to their decisions, and on those added on their own.
    decision = models.ForeignKey(
        Decision,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("decision"),
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
        indexes = [models.Index(fields=["due_on", "id"])]

    def __str__(self):
        return self.description

    @property
    def is_overdue(self):
        return self.done_on is None and self.due_on < timezone.localdate()
