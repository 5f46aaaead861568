"""Union groups and their people: the groups, their members, memberships of groups over time and the
roles members hold (one module: a group's figures count its members and roles)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.models.organisation import GROUP_PATHS, FactoryUnion, WorkshopUnion
from groups.scoping import Level, ScopedQuerySet, prefixed
from groups.validators import no_control_characters, plausible_date


def text_lookup(text):
    """The lookup that finds ``text`` inside a name. Chinese has no case: a plain LIKE is much
    cheaper than comparing UPPER() of each name, and it is the one the name's index serves."""
    return "contains" if text.upper() == text.lower() else "icontains"


#: The shortest text looked for anywhere in a person's name; a shorter one (a surname, a
#: two-character name) is looked for at its start. A trigram index finds a name containing three
#: characters, or beginning with one or two, without reading the others; "contains 王" would
#: read every member of the city (and mean every name with 王 in it, not the Wangs).
ANYWHERE_FROM = 3


def name_matches(field, text, *, any_case=False):
    """The filter on ``field`` (a person's name, an employee number) for the searched text;
    ``any_case``: compared in upper case whatever the text (as the employee number's index
    holds it)."""
    lookup = "icontains" if any_case else text_lookup(text)
    if len(text) < ANYWHERE_FROM:
        lookup = lookup.replace("contains", "startswith")
    return Q(**{f"{field}__{lookup}": text})


class UnionGroupQuerySet(ScopedQuerySet):
    scope_paths = GROUP_PATHS

    def active(self):
        return self.filter(archived_on__isnull=True)

    def with_figures(self):
        """Each group with its current union group leader's name and its count of active members,
        as subqueries so that rows do not multiply."""
        leaders = Role.objects.current().filter(group=OuterRef("pk"), kind=Role.Kind.UNION_LEADER)
        members = (
            Member.objects.filter(group=OuterRef("pk"), status=Member.Status.ACTIVE)
            .order_by()
            .values("group")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            leader_name=Subquery(leaders.values("member__name")[:1]),
            member_count=models.functions.Coalesce(Subquery(members), 0),
        )

    def search(self, text):
        """Groups whose name contains the text, or whose current union group leader's name
        matches it (``name_matches``)."""
        if not text:
            return self
        leading = Role.objects.current().filter(
            name_matches("member__name", text), kind=Role.Kind.UNION_LEADER
        )
        # The groups are few: their names are searched anywhere, however short the text.
        name = Q(**{f"name__{text_lookup(text)}": text})
        return self.filter(name | Q(pk__in=leading.values("group")))


class UnionGroup(models.Model):
    """A union group (工會小組): ten to twenty workers of one shop-floor team.

    Named ``UnionGroup`` so that it is never mistaken for ``django.contrib.auth``'s ``Group``.
    """

    workshop = models.ForeignKey(
        WorkshopUnion, models.PROTECT, related_name="groups", verbose_name=_("workshop union")
    )
    name = models.CharField(_("name"), max_length=100, validators=[no_control_characters])
    trade = models.CharField(
        _("trade"),
        max_length=100,
        blank=True,
        help_text=_("The work the group does, e.g. lathe."),
        validators=[no_control_characters],
    )
    archived_on = models.DateField(
        _("archived on"), null=True, blank=True, validators=[plausible_date]
    )
    archive_reason = models.CharField(
        _("reason for archiving"), max_length=200, blank=True, validators=[no_control_characters]
    )

    objects = UnionGroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("union group")
        verbose_name_plural = _("union groups")
        # Names repeat across workshops: the pk keeps paging stable.
        ordering = ["name", "pk"]
        # In that order, a page of groups (or of rows listed by their group) reads no more.
        indexes = [models.Index(fields=["name", "id"])]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "name"], name="group_name_unique"),
            models.CheckConstraint(
                condition=Q(archived_on__isnull=True) | ~Q(archive_reason=""),
                name="group_archive_has_reason",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:group_detail", args=[self.pk])

    @property
    def is_archived(self):
        return self.archived_on is not None

    def check_open(self, field=None):
        """Services call this before they write the group's records, whoever calls them (a page
        refuses earlier, through ``groups.capabilities``): an archived group's records are
        read-only for everybody."""
        if self.is_archived:
            message = _("This group is archived.")
            raise ValidationError({field: message} if field else message)


MEMBER_PATHS = {
    Level.FEDERATION: "factory__federation",
    Level.FACTORY: "factory",
    Level.WORKSHOP: "group__workshop",
    Level.GROUP: "group",
}


class MemberQuerySet(ScopedQuerySet):
    scope_paths = MEMBER_PATHS

    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def search(self, text):
        """Members whose name or employee number (in any case) matches the text
        (``name_matches``). Both are indexed on PostgreSQL (migration 0008: trigrams)."""
        if not text:
            return self
        return self.filter(
            name_matches("name", text) | name_matches("employee_number", text, any_case=True)
        )


class Member(models.Model):
    """A union member (會員). ``group`` is the current group, or the last one for a member who has
    left; ``GroupMembership`` keeps every group the member has been in."""

    class Gender(models.TextChoices):
        FEMALE = "f", _("Female")
        MALE = "m", _("Male")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        TRANSFERRED = "transferred", _("Transferred out")
        LEFT = "left", _("Left the union")

    factory = models.ForeignKey(
        FactoryUnion, models.PROTECT, related_name="members", verbose_name=_("factory union")
    )
    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="members", verbose_name=_("union group")
    )
    name = models.CharField(_("name"), max_length=50, validators=[no_control_characters])
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    employee_number = models.CharField(
        _("employee number"),
        max_length=30,
        help_text=_("Unique within the factory."),
        validators=[no_control_characters],
    )
    trade = models.CharField(
        _("trade or job"), max_length=100, blank=True, validators=[no_control_characters]
    )
    skill_grade = models.PositiveSmallIntegerField(
        _("skill grade"),
        null=True,
        blank=True,
        help_text=_("Grade 1 to 8 of the eight-grade wage scale."),
    )
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, validators=[no_control_characters]
    )
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Where the member's sign-in link and notices are sent."),
    )
    joined_union_on = models.DateField(_("joined the union on"), validators=[plausible_date])
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    status_changed_on = models.DateField(
        _("status since"),
        null=True,
        blank=True,
        help_text=_("The date the member transferred out or left."),
        validators=[plausible_date],
    )

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "employee_number"], name="member_employee_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(skill_grade__isnull=True) | Q(skill_grade__gte=1, skill_grade__lte=8),
                name="member_skill_grade_range",
            ),
            models.CheckConstraint(
                condition=Q(status="active") | Q(status_changed_on__isnull=False),
                name="member_status_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "status"]),
            models.Index(fields=["factory", "status"]),
            # By name (the back office's list, and attendance or dues listed by member).
            models.Index(fields=["name", "id"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:member_detail", args=[self.pk])

    def clean(self):
        if self.group_id and self.factory_id and self.group.workshop.factory_id != self.factory_id:
            raise ValidationError({"group": _("The group must be in the member's factory.")})


class GroupMembershipQuerySet(ScopedQuerySet):
    # A stay in a group is part of the member's record: whoever sees the member sees it.
    scope_paths = prefixed("member", MEMBER_PATHS)


class GroupMembership(models.Model):
    """One stay of a member in a group, from joining it to moving on."""

    member = models.ForeignKey(
        Member, models.PROTECT, related_name="memberships", verbose_name=_("member")
    )
    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="memberships", verbose_name=_("union group")
    )
    started_on = models.DateField(_("from"), validators=[plausible_date])
    ended_on = models.DateField(_("until"), null=True, blank=True, validators=[plausible_date])

    objects = GroupMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["started_on", "id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_current",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.member} @ {self.group}"


class RoleQuerySet(ScopedQuerySet):
    scope_paths = prefixed("group", GROUP_PATHS)

    def current(self):
        return self.filter(ended_on__isnull=True)


class Role(models.Model):
    """A dated role in a group. A role with no end date is current."""

    class Kind(models.TextChoices):
        UNION_LEADER = "union_leader", _("Union group leader")
        PRODUCTION_LEADER = "production_leader", _("Production group leader")
        OFFICER = "officer", _("Officer")
        ACTIVIST = "activist", _("Activist")

    #: The kinds in precedence, the group's leader first: a member who holds several is listed
    #: under the first.
    KIND_ORDER = list(Kind)

    class Portfolio(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        PUBLICITY = "publicity", _("Publicity and education")
        PRODUCTION = "production", _("Production")
        WELFARE = "welfare", _("Labour insurance and welfare")
        CULTURE = "culture", _("Culture and recreation")

    group = models.ForeignKey(
        UnionGroup, models.PROTECT, related_name="roles", verbose_name=_("union group")
    )
    member = models.ForeignKey(
        Member, models.PROTECT, related_name="roles", verbose_name=_("member")
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    portfolio = models.CharField(
        _("portfolio"), max_length=20, choices=Portfolio.choices, blank=True
    )
    mentor = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="activists",
        verbose_name=_("officer keeping close"),
        help_text=_("The officer who keeps close to this activist."),
    )
    started_on = models.DateField(_("from"), validators=[plausible_date])
    ended_on = models.DateField(_("until"), null=True, blank=True, validators=[plausible_date])

    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["-started_on", "-pk"]
        constraints = [
            # The union group leader is elected, one at a time; so is the production group
            # leader appointed.
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(kind="union_leader", ended_on__isnull=True),
                name="role_one_current_union_leader",
                violation_error_message=_("This group already has a current union group leader."),
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(kind="production_leader", ended_on__isnull=True),
                name="role_one_current_production_leader",
                violation_error_message=_(
                    "This group already has a current production group leader."
                ),
            ),
            models.UniqueConstraint(
                fields=["group", "member", "kind"],
                condition=Q(ended_on__isnull=True),
                name="role_no_duplicate_current",
                violation_error_message=_("This member already holds this role."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="role_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind="officer") | Q(portfolio=""), name="role_portfolio_officer_only"
            ),
            models.CheckConstraint(
                condition=Q(kind="activist") | Q(mentor__isnull=True),
                name="role_mentor_activist_only",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "kind", "ended_on"]),
            models.Index(fields=["started_on", "id"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.member}"

    @property
    def is_current(self):
        return self.ended_on is None

    @property
    def title(self):
        if self.kind == self.Kind.OFFICER and self.portfolio:
            return _("Officer (%(portfolio)s)") % {"portfolio": self.get_portfolio_display()}
        return self.get_kind_display()


def consecutive_terms(roles):
    """Group a chronological run of terms into runs held by the same member back to back.

    Returns ``[(member, [role, ...]), ...]`` newest run first, so the page can say
    "re-elected three years running".
    """
    runs = []
    for role in sorted(roles, key=lambda r: (r.started_on, r.pk)):
        if runs and runs[-1][0].pk == role.member.pk:
            runs[-1][1].append(role)
        else:
            runs.append((role.member, [role]))
    runs.reverse()
    return runs
