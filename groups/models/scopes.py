"""Who may see and do what (a user's scope), and the submissions a double click must not repeat."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from groups.models.organisation import FactoryUnion, Federation, WorkshopUnion
from groups.models.union_groups import Member, UnionGroup
from groups.scoping import Level
from groups.validators import no_control_characters


class Scope(models.Model):
    """The one scope of a staff account: what lies inside it, the account may see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="scope", verbose_name=_("user")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    federation = models.ForeignKey(
        Federation, models.CASCADE, null=True, blank=True, verbose_name=_("city federation")
    )
    factory = models.ForeignKey(
        FactoryUnion, models.CASCADE, null=True, blank=True, verbose_name=_("factory union")
    )
    workshop = models.ForeignKey(
        WorkshopUnion, models.CASCADE, null=True, blank=True, verbose_name=_("workshop union")
    )
    group = models.ForeignKey(
        UnionGroup, models.CASCADE, null=True, blank=True, verbose_name=_("union group")
    )
    member = models.ForeignKey(
        Member,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
        help_text=_(
            "For a group's account: the member who uses it. The group's leader and its welfare "
            "officer see the group's welfare cases; other officers do not."
        ),
    )

    class Meta:
        verbose_name = _("access scope")
        verbose_name_plural = _("access scopes")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        level="federation",
                        federation__isnull=False,
                        factory__isnull=True,
                        workshop__isnull=True,
                        group__isnull=True,
                    )
                    | Q(
                        level="factory",
                        federation__isnull=True,
                        factory__isnull=False,
                        workshop__isnull=True,
                        group__isnull=True,
                    )
                    | Q(
                        level="workshop",
                        federation__isnull=True,
                        factory__isnull=True,
                        workshop__isnull=False,
                        group__isnull=True,
                    )
                    | Q(
                        level="group",
                        federation__isnull=True,
                        factory__isnull=True,
                        workshop__isnull=True,
                        group__isnull=False,
                    )
                ),
                name="scope_one_unit_of_its_level",
                violation_error_message=_("Choose exactly the one unit that matches the level."),
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=True) | Q(level="group"),
                name="scope_member_of_group_account",
                violation_error_message=_("Only a group's account belongs to one member."),
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()}: {self.unit}"

    @property
    def unit(self):
        return getattr(self, self.level)

    def clean(self):
        if self.member_id and self.group_id and self.member.group_id != self.group_id:
            raise ValidationError({"member": _("The member must be in the account's group.")})

    def ancestor_ids(self):
        """The primary keys of the scope's unit and of every unit above it, by level."""
        ids = {}
        group = self.group if self.level == Level.GROUP else None
        workshop = group.workshop if group else self.workshop
        factory = workshop.factory if workshop else self.factory
        federation = factory.federation if factory else self.federation
        for level, unit in (
            (Level.FEDERATION, federation),
            (Level.FACTORY, factory),
            (Level.WORKSHOP, workshop),
            (Level.GROUP, group),
        ):
            ids[level] = unit.pk if unit else None
        return ids


class Submission(models.Model):
    """A create form's one-time token, once its POST was saved (``groups.once``): the same form
    sent again (a double click, a resent page) is answered with where the first one led."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, validators=[no_control_characters])
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    result_url = models.CharField(max_length=500, blank=True, validators=[no_control_characters])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="submission_once_per_user")
        ]

    def __str__(self):
        return self.token
