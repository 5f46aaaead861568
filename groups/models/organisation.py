"""The organisation above the groups: the city federation, factory unions and workshop unions."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.scoping import Level, ScopedQuerySet
from groups.validators import no_control_characters

GROUP_PATHS = {
    Level.FEDERATION: "workshop__factory__federation",
    Level.FACTORY: "workshop__factory",
    Level.WORKSHOP: "workshop",
    Level.GROUP: "pk",
}


class Federation(models.Model):
    name = models.CharField(
        _("name"), max_length=100, unique=True, validators=[no_control_characters]
    )

    class Meta:
        verbose_name = _("city federation")
        verbose_name_plural = _("city federations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class FactoryUnionQuerySet(ScopedQuerySet):
    scope_paths = {Level.FEDERATION: "federation", Level.FACTORY: "pk"}


class FactoryUnion(models.Model):
    federation = models.ForeignKey(
        Federation, models.PROTECT, related_name="factories", verbose_name=_("city federation")
    )
    name = models.CharField(_("name"), max_length=100, validators=[no_control_characters])

    objects = FactoryUnionQuerySet.as_manager()

    class Meta:
        verbose_name = _("factory union")
        verbose_name_plural = _("factory unions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "name"], name="factory_name_unique")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:factory_detail", args=[self.pk])


class WorkshopUnionQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.FEDERATION: "factory__federation",
        Level.FACTORY: "factory",
        Level.WORKSHOP: "pk",
    }


class WorkshopUnion(models.Model):
    factory = models.ForeignKey(
        FactoryUnion, models.PROTECT, related_name="workshops", verbose_name=_("factory union")
    )
    name = models.CharField(_("name"), max_length=100, validators=[no_control_characters])

    objects = WorkshopUnionQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop union")
        verbose_name_plural = _("workshop unions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["factory", "name"], name="workshop_name_unique")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:workshop_detail", args=[self.pk])
