"""Who may see what: the one place that turns a user's scope into query filters.

Every account has one scope (federation, factory union, workshop union or union group). A queryset
that a page shows starts from ``Model.objects.visible_to(user)``; the QuerySet class says, with
``scope_paths``, how to reach each level of the organisation from its rows. A model that does not
reach the user's own level (a factory, seen by a group leader) is filtered at the deepest level it
does reach, so users see the containers they sit in, and nothing beside them.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    FEDERATION = "federation", _("City federation")
    FACTORY = "factory", _("Factory union")
    WORKSHOP = "workshop", _("Workshop union")
    GROUP = "group", _("Union group")


LEVELS = [Level.FEDERATION, Level.FACTORY, Level.WORKSHOP, Level.GROUP]
NOTHING = Q(pk__in=[])
#: The roles whose holder, signed in with the group's account, writes the group's records.
WRITING_ROLES = ("union_leader", "production_leader", "officer")
#: Figures about the user that apps above this one put on the scope's one query (name → a
#: function returning an expression on ``Scope``), so that every page reads them with no query
#: more: the navbar's count of unread notifications (``notifications``).
SCOPE_FIGURES = {}


def user_scope(user):
    """The user's Scope with its ancestors loaded, cached on the user object (one query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_unionsite_scope"):
        from groups.models import Role, Scope

        # Whether the member using a group's account leads the group or keeps its welfare now:
        # they read its welfare cases (groups.capabilities: READ_CASES).
        welfare_roles = (
            Role.objects.current()
            .filter(group=OuterRef("group"), member=OuterRef("member"))
            .filter(
                Q(kind=Role.Kind.UNION_LEADER)
                | Q(kind=Role.Kind.OFFICER, portfolio=Role.Portfolio.WELFARE)
            )
        )
        # Whether that member writes the group's records now: its union group leader, production
        # group leader or one of its officers (a plain member's account only reads).
        writing_roles = (
            Role.objects.current()
            .filter(group=OuterRef("group"), member=OuterRef("member"))
            .filter(kind__in=WRITING_ROLES)
        )
        user._unionsite_scope = (
            Scope.objects.select_related(
                "federation",
                "factory__federation",
                "workshop__factory__federation",
                "group__workshop__factory__federation",
                "member",
            )
            .annotate(keeps_welfare=Exists(welfare_roles), writes=Exists(writing_roles))
            .annotate(**{name: figure() for name, figure in SCOPE_FIGURES.items()})
            .filter(user=user)
            .first()
        )
    return user._unionsite_scope


def prefixed(prefix, paths):
    """The scope paths of a model reached through the foreign key ``prefix``."""
    return {level: f"{prefix}__{path}" for level, path in paths.items()}


def scope_q(user, *paths):
    """The filter on rows that the user may see, each dict of ``paths`` (level → lookup) being
    one way to reach the organisation from a row; a row reached by any of them is seen. It is
    ``Q()`` (everything) for a superuser."""
    if not getattr(user, "is_active", False):
        return NOTHING
    if user.is_superuser:
        return Q()
    scope = user_scope(user)
    if scope is None:
        return NOTHING
    ids = scope.ancestor_ids()
    levels = list(reversed(LEVELS[: LEVELS.index(scope.level) + 1]))
    result = NOTHING
    for way in paths:
        level = next((level for level in levels if level in way), None)
        if level is not None:
            result |= Q(**{way[level]: ids[level]})
    return result


class ScopedQuerySet(models.QuerySet):
    """A QuerySet whose rows belong somewhere in the organisation.

    Subclasses set ``scope_paths``: for each level the rows can reach, the lookup to that level's
    primary key, e.g. ``{"factory": "workshop__factory", "group": "pk"}``.
    """

    scope_paths: dict = {}

    def _scope_q(self, user):
        return scope_q(user, self.scope_paths)

    def visible_to(self, user):
        """Rows the user may read."""
        return self.filter(self._scope_q(user))


def scoped_below_city(user):
    """Whether the user sees one factory or less (not the whole city)."""
    scope = user_scope(user)
    return not user.is_superuser and scope is not None and scope.level != Level.FEDERATION
