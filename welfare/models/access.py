"""Who looked at a case and how, and a row of welfare figures (counts and sums, never a name)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.figures import Figures
from welfare.models.aid import CaseAction
from welfare.models.cases import CaseRowQuerySet, WelfareCase
from welfare.models.private import ZERO


class CaseAccess(models.Model):
    """Who read a case's details, and when: its page opened, or the case exported. Changes are
    kept by each record's history."""

    class How(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        EXPORTED = "exported", _("Exported")

    case = models.ForeignKey(
        WelfareCase, models.PROTECT, related_name="accesses", verbose_name=_("welfare case")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user")
    )
    how = models.CharField(_("how"), max_length=10, choices=How.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = CaseRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("access to a case")
        verbose_name_plural = _("accesses to cases")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self):
        return f"{self.user} {self.get_how_display()} {self.case_id}"


class WelfareFigures(Figures):
    """A row of welfare figures: counts and sums only, never a name."""

    @property
    def aid_total(self):
        return sum((self.get(f"aid_{value}") or ZERO for value in CaseAction.Source.values), ZERO)
