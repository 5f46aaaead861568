"""The weekly digest "who is not doing what", for ``send_reminders``: each factory's and
workshop's staff hear, once a week, the counts of the four lists of their home page
(``pages.home.not_doing``, reused as it is, so the digest and the page never disagree).

It costs the home page's queries (eight) per factory or workshop with staff to tell, once a
run (its accounts share the lists), and each account is told at most once a week: those told
this week already are left out first (one query)."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from groups.models import FactoryUnion, Scope, WorkshopUnion
from groups.scoping import Level
from notifications.models import Notification
from notifications.services import Due, week_of
from pages.home import not_doing

KIND = "not_doing"


def not_doing_digest(today):
    monday = week_of(today)
    told = Notification.objects.filter(
        kind=KIND,
        day=monday,
        content_type__in=ContentType.objects.get_for_models(FactoryUnion, WorkshopUnion).values(),
    ).values("user")
    scopes = (
        Scope.objects.filter(level__in=[Level.FACTORY, Level.WORKSHOP], user__is_active=True)
        .exclude(user__in=told)
        .select_related("user", "factory", "workshop")
        .order_by("pk")
    )
    dues, computed = [], {}
    for scope in scopes:
        unit = scope.factory if scope.level == Level.FACTORY else scope.workshop
        # The lists are the scope's (``visible_to``): the unit's accounts share them.
        key = (scope.level, unit.pk)
        if key not in computed:
            computed[key] = {row["key"]: row["count"] for row in not_doing(scope.user, today)}
        lists = computed[key]
        if not any(lists.values()):
            continue
        dues.append(
            Due(
                kind=KIND,
                target=unit,
                group_id=None,
                url=reverse("home"),
                params={"unit": unit.name, **lists},
                users=[scope.user],
                day=monday,
            )
        )
    return dues
