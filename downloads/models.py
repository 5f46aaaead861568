"""A spreadsheet made in the background for the person who asked for it (``downloads.tables``)."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: How long a made file is kept: it holds people's data, and can be made again.
KEPT_HOURS = 24


class DownloadQuerySet(models.QuerySet):
    def of(self, user):
        """A person's own downloads of the last ``KEPT_HOURS``: nobody else's, whoever they
        are, and none older (deleted when the next file is made; never served meanwhile)."""
        if not user.is_authenticated:
            return self.none()
        cutoff = timezone.now() - datetime.timedelta(hours=KEPT_HOURS)
        return self.filter(user=user, created_at__gte=cutoff)


class Download(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    # Which table (``downloads.tables.TABLES``) and what it was asked for with.
    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    fmt = models.CharField(max_length=8, default="xlsx")
    language = models.CharField(max_length=16)
    # Where the table was asked for: the page to go back to, or to ask again.
    asked_at_url = models.CharField(max_length=500, blank=True)
    filename = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    content = models.BinaryField(null=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DownloadQuerySet.as_manager()

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(content__isnull=False),
                name="download_done_has_content",
            ),
        ]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("downloads:detail", args=[self.pk])

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
