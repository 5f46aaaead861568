"""Recreation and culture: a group's activities and who took part."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.models import GROUP_PATHS, Member, UnionGroup
from groups.scoping import ScopedQuerySet, prefixed
from groups.validators import (
    SHORT_TEXT,
    no_control_characters,
    no_control_characters_in_text,
    plausible_date,
)


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
        indexes = [
            models.Index(fields=["group", "held_on"]),
            models.Index(fields=["held_on", "id"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("welfare:activity_list", args=[self.group_id])
