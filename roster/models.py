"""The log of roster imports: each file previewed, and what its import did."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.models import FactoryUnion, WorkshopUnion
from groups.scoping import Level, ScopedQuerySet


class RosterImportQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.FEDERATION: "factory__federation",
        Level.FACTORY: "factory",
        Level.WORKSHOP: "workshop",
    }


class RosterImport(models.Model):
    """A roster file read for a factory (or one workshop of it): previewed first, written when the
    user confirms. The rows are kept as read until then, so that the confirmation writes exactly
    what was previewed (worked out again against the records as they are by then)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        IMPORTED = "imported", _("Imported")

    factory = models.ForeignKey(
        FactoryUnion, models.PROTECT, related_name="roster_imports", verbose_name=_("factory union")
    )
    workshop = models.ForeignKey(
        WorkshopUnion,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="roster_imports",
        verbose_name=_("workshop union"),
        help_text=_("Set when workshop staff import into their workshop only."),
    )
    file_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEWED
    )
    rows = models.JSONField(_("rows as read"), default=list, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    members = models.JSONField(
        _("members in the file"),
        default=list,
        blank=True,
        help_text=_("Once imported: the members the file named (their keys), for their sign-ins."),
    )
    left_on = models.DateField(
        _("members not in the file marked as left on"), null=True, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = RosterImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["factory", "-uploaded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="previewed") | models.Q(imported_at__isnull=False),
                name="roster_import_imported_at",
            )
        ]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("roster:import_detail", args=[self.pk])
