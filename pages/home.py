"""The home page of each role, merged from what each app's panels compute, in a fixed number of
queries whatever the number of groups:

* a group's leader: the next meeting, open action items, pledge progress, follow-ups due, the
  group's rank in its campaigns and its class;
* factory and workshop staff: their groups by class, "who is not doing what" (groups that have not
  met this month, have not updated their guarantee plan, have not reported on a resolution, or
  have overdue welfare follow-ups) and the figures of their scope with charts;
* the city federation: the class distribution and its trend, factories compared, the lagging
  groups and the campaign leaders.

The federation's figures are read over every assessment of the city (tens of thousands at 5,000
groups) and every federation account opens this page first: they are kept in Django's cache for
``KEPT_SECONDS`` (30 s) per scope, language, period and day, so that a change shows to everyone
within 30 seconds. Whoever has just written (any successful POST of their browser in the last 30
seconds: ``groups.replica.wrote_recently``) gets them computed afresh, and keeps those for the
others: a change shows at once to the person who made it.
"""

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from competitions import panels as production
from groups import replica
from groups.capabilities import Capability, user_can
from groups.models import UnionGroup
from groups.scoping import Level, user_scope
from meetings import panels as meetings
from oversight import panels as classification
from oversight import reports
from welfare import panels as welfare

LIST_SIZE = 10


def leader(user, group):
    today = timezone.localdate()
    plan = production.current_plan(group, today)
    return {
        "group": group,
        "next_meeting": meetings.upcoming(group).first(),
        "open_actions": list(meetings.open_actions(group)),
        "plan": plan,
        "pledge_pct": production.pledges_kept_pct(plan),
        **welfare.follow_ups(group, user, today),
        "ranks": production.campaign_ranks(group, today),
        "latest_assessment": classification.latest_assessment(group),
        # The meeting links (plan, record) are offered to those who write the group's records.
        "perms_write": user_can(user, Capability.WRITE_RECORDS, group),
    }


def _listed(queryset):
    """The first groups of a list, and how many there are (two queries)."""
    queryset = queryset.select_related("workshop").order_by("workshop__name", "name", "pk")
    return {"groups": list(queryset[:LIST_SIZE]), "count": queryset.count()}


def not_doing(user, today=None):
    """Groups of the user's scope that have not done what they should, four lists."""
    today = today or timezone.localdate()
    groups = UnionGroup.objects.visible_to(user).active()
    return [
        {
            "key": "not_met",
            "title": _("Have not met this month"),
            **_listed(groups.exclude(meetings.met_this_month(today))),
        },
        {
            "key": "plan_stale",
            "title": _("Have not updated their guarantee plan in two weeks"),
            **_listed(groups.exclude(production.plan_updated(today))),
        },
        {
            "key": "resolution",
            "title": _("Have not reported on a resolution due"),
            **_listed(groups.filter(meetings.resolution_overdue())),
        },
        {
            "key": "welfare",
            "title": _("Have overdue welfare follow-ups"),
            **_listed(groups.filter(welfare.follow_up_overdue(today))),
        },
    ]


def staff(user, all_periods, period):
    today = timezone.localdate()
    context = {
        "not_doing": not_doing(user, today),
        "meeting_chart": meetings.meeting_chart(user, today),
    }
    if period is not None:
        # Factory and workshop staff compare their workshops.
        scope = user_scope(user)
        factory = scope.unit if scope.level == Level.FACTORY else scope.unit.factory
        context["report"] = reports.report(user, period, all_periods, factory)
        context["group_count"] = UnionGroup.objects.visible_to(user).active().count()
    context["proposals"] = production.proposal_figures(user, today)
    return context


#: How long the federation's figures are kept: as long as a browser that wrote is marked so.
KEPT_SECONDS = replica.MAX_LAG


def _scope_key(user):
    """Whose figures: everything for a superuser, else the scope's level and unit ("none" for a
    user without a scope, who sees nothing: the same nothing for all of them)."""
    if user.is_superuser:
        return "all"
    scope = user_scope(user)
    return f"{scope.level}-{scope.unit.pk}" if scope is not None else "none"


def federation_key(user, period, today):
    """The cache key of the federation's figures for ``user``: their scope, the language (the
    figures carry translated labels), the period shown and the day."""
    period_pk = period.pk if period is not None else "none"
    return (
        f"home:federation:{_scope_key(user)}:{translation.get_language()}:{period_pk}:"
        f"{today.isoformat()}"
    )


def federation_figures(user, all_periods, period, today):
    """The city's figures (campaign leaders, the distribution, the lagging groups, the
    assessments awaiting review), computed now (7 queries with a period, 1 without)."""
    figures = {"campaign_leaders": production.campaign_leaders(user, today)}
    if period is not None:
        figures["report"] = reports.report(user, period, all_periods)
        figures["lagging"] = classification.lagging(user, period)
        figures["awaiting"] = classification.awaiting_review(user)
    return figures


def federation(user, all_periods, period, fresh=False):
    """The federation's home: its figures as kept for ``KEPT_SECONDS``, or computed afresh (and
    kept for the others) when ``fresh`` (this browser has just written) or none are kept.
    ``figures_at`` says when they were computed."""
    now = timezone.now()
    today = timezone.localdate(now)
    key = federation_key(user, period, today)
    kept = None if fresh else cache.get(key)
    if kept is not None and (now - kept["at"]).total_seconds() >= KEPT_SECONDS:
        kept = None  # kept for longer than that: computed more than KEPT_SECONDS ago
    if kept is None:
        # "at" is when the computing began: the figures hold every change made before it.
        kept = {"figures": federation_figures(user, all_periods, period, today), "at": now}
        cache.set(key, kept, KEPT_SECONDS)
    return {
        **kept["figures"],
        "figures_at": kept["at"],
        "figures_kept_seconds": KEPT_SECONDS,
        # The page keeps these figures as rendered under this key: new figures, a new key.
        "figures_fragment": f"{key}:{kept['at'].timestamp()}",
    }
