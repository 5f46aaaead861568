"""The distribution report: the federation's view of how the groups stand, shared by the report
page of the admin and the dashboards. A fixed number of queries, whatever the number of groups."""

from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import FactoryUnion
from groups.params import parse_id
from oversight import distribution
from oversight.models import Assessment, AssessmentPeriod, GroupClass

FACTORY = ("group__workshop__factory", "group__workshop__factory__name")
WORKSHOP = ("group__workshop", "group__workshop__name")


def periods(user):
    return list(AssessmentPeriod.objects.visible_to(user).order_by("-starts_on", "-pk"))


def _asked_for(all_periods, value):
    return next((period for period in all_periods if str(period.pk) == str(value)), None)


def chosen_period(all_periods, value):
    """The period asked for by pk, else the latest one that has begun, else the latest."""
    if asked := _asked_for(all_periods, value):
        return asked
    today = timezone.localdate()
    begun = [period for period in all_periods if period.starts_on <= today]
    return begun[0] if begun else (all_periods[0] if all_periods else None)


def default_period(all_periods, value=None):
    """For the dashboards: the period asked for, else the newest closed one (whose classes are
    all confirmed), else the newest."""
    if asked := _asked_for(all_periods, value):
        return asked
    closed = [p for p in all_periods if not p.is_open]
    return closed[0] if closed else (all_periods[0] if all_periods else None)


def previous_of(all_periods, period):
    later_first = [p for p in all_periods if p.starts_on < period.starts_on]
    return later_first[0] if later_first else None


def _series(rows):
    """Chart series: one per class, the share of each row."""
    return [
        {"label": str(label), "data": [row.pct(value) or 0 for row in rows]}
        for value, label in GroupClass.choices
    ]


def _trend_label(row):
    if row["awaiting"] or row["confirmed"] < row["assessed"]:
        # Still under review: say how many groups the shares are of.
        return _("%(period)s (%(count)d confirmed)") % {
            "period": row["period__name"],
            "count": row["confirmed"],
        }
    return row["period__name"]


def report(user, period, all_periods, factory=None):
    """The distribution in ``period`` for the user's scope (or one ``factory`` of it): the total,
    each factory's (or the factory's workshops') with the change since the previous period, and
    the trend over every period."""
    assessments = Assessment.objects.visible_to(user)
    if factory is not None:
        assessments = assessments.filter(group__workshop__factory=factory)
    previous = previous_of(all_periods, period)
    current = assessments.filter(period=period)
    before = assessments.filter(period=previous) if previous else None
    key, name = WORKSHOP if factory is not None else FACTORY
    now = distribution.by(current, key, name)
    then = distribution.by(before, key, name) if before is not None else {}
    units = distribution.compared_rows(now, then)
    # The totals are the units' added up: no query of their own.
    total = distribution.summed(now.values())
    total_before = distribution.summed(then.values()) if before is not None else None
    # A period without a confirmed group has no distribution yet (it is not 0% of each class).
    trend = [row for row in distribution.trend(assessments) if row["confirmed"]]
    return {
        "period": period,
        "previous": previous,
        "factory": factory,
        "total": total,
        "total_cells": total.cells(total_before),
        "units": units,
        "trend": trend,
        "trend_chart": {
            "labels": [_trend_label(row) for row in trend],
            "series": _series(trend),
            "percent": True,
        },
        "units_chart": {
            "labels": [row["name"] for row in units],
            "series": _series([row["now"] for row in units]),
            "horizontal": True,
            "percent": True,
        },
        "unit_label": _("Workshop union") if factory is not None else _("Factory union"),
    }


def factory_choice(user, value):
    if (pk := parse_id(value)) is None:
        return None
    return FactoryUnion.objects.visible_to(user).filter(pk=pk).first()
