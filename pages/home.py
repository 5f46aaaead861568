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
groups), the staff's over every group of a factory, and every staff account opens this page
first: they are kept in Django's cache (``groups.kept``) for ``KEPT_SECONDS`` (30 s) per scope,
language, period and day, so that a change shows to everyone within 30 seconds. Whoever has just
written (any successful write of their browser in the last 30 seconds:
``groups.replica.wrote_recently``) gets them computed afresh, and keeps those for the others: a
change shows at once to the person who made it.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from competitions import panels as production
from groups import kept
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


def staff_figures(user, all_periods, period):
    """Factory and workshop staff's figures over their scope, computed now."""
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


def staff(request, all_periods, period):
    """Factory and workshop staff's home: their figures, kept like the federation's."""
    period_pk = period.pk if period is not None else "none"
    figures, at = kept.kept(
        request,
        "home-staff",
        [period_pk],
        lambda: staff_figures(request.user, all_periods, period),
    )
    return kept.kept_context(figures, at)


#: How long the federation's and the staff's figures are kept (``groups.kept``).
KEPT_SECONDS = kept.KEPT_SECONDS


def federation_figures(user, all_periods, period, today):
    """The city's figures (campaign leaders, the distribution, the lagging groups, the
    assessments awaiting review), computed now (7 queries with a period, 1 without)."""
    figures = {"campaign_leaders": production.campaign_leaders(user, today)}
    if period is not None:
        figures["report"] = reports.report(user, period, all_periods)
        figures["lagging"] = classification.lagging(user, period)
        figures["awaiting"] = classification.awaiting_review(user)
    return figures


def federation(request, all_periods, period):
    """The federation's home: its figures as kept for ``KEPT_SECONDS``, or computed afresh (and
    kept for the others) when this browser has just written or none are kept. ``figures_at``
    says when they were computed."""
    user = request.user
    period_pk = period.pk if period is not None else "none"
    figures, at = kept.kept(
        request,
        "home-federation",
        [period_pk],
        lambda: federation_figures(user, all_periods, period, timezone.localdate()),
    )
    return {
        **kept.kept_context(figures, at),
        # The page keeps these figures as rendered under this key: new figures, a new key.
        "figures_fragment": f"{kept.key_for('home-federation', user, [period_pk])}:"
        f"{at.timestamp()}",
    }
