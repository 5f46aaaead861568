"""Welfare figures: counts and sums that name nobody, computed in the database.

For a period: cases opened, cases open at its end, cases resolved and the median days they took,
visits made, goods given and grants by source, and labour insurance paid. Per factory, workshop or
group (one grouped query each for cases, actions and claims, and one for the medians, whatever the
number of units), for the whole of a user's scope, per month for the charts, and per category.

Everything here starts from ``counted_for(user)`` (the user's whole scope, the federation's too)
and returns numbers only.
"""

import dataclasses
import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from groups.scoping import Level
from welfare.models import (
    ZERO,
    CaseAction,
    InsuranceClaim,
    WelfareCase,
    WelfareFigures,
    money_field,
)

# How a case reaches each level's unit.
CASE_KEYS = {
    Level.FACTORY: "group__workshop__factory",
    Level.WORKSHOP: "group__workshop",
    Level.GROUP: "group",
}


def _case_counts(start, end):
    opened = Q(opened_on__gte=start, opened_on__lte=end)
    still_open = (
        Q(opened_on__lte=end)
        & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=end))
        & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    )
    resolved = Q(resolved_on__gte=start, resolved_on__lte=end)
    return {
        "opened": Count("pk", filter=opened),
        "open_at_end": Count("pk", filter=still_open),
        "resolved": Count("pk", filter=resolved),
    }


def _claim_sums(start, end):
    """Claims filed in the period, and what labour insurance paid in it (by the day each claim
    was decided)."""
    paid = Q(status=InsuranceClaim.Status.PAID, decided_on__gte=start, decided_on__lte=end)
    return {
        "claims": Count("pk", filter=Q(filed_on__gte=start, filed_on__lte=end)),
        "insurance_paid": Coalesce(
            Sum("amount_paid", filter=paid), ZERO, output_field=money_field()
        ),
    }


def _cases(user):
    return WelfareCase.objects.counted_for(user)


def _actions(user, start, end):
    return CaseAction.objects.counted_for(user).filter(done_on__gte=start, done_on__lte=end)


def _claims(user, start, end):
    return InsuranceClaim.objects.counted_for(user).filter(
        Q(filed_on__gte=start, filed_on__lte=end) | Q(decided_on__gte=start, decided_on__lte=end)
    )


def _medians(cases, key, start, end):
    """The median days to resolve of the cases resolved in the period, per value of ``key`` (or
    overall with ``key`` None): the middle row, or the mean of the two middle rows, ranked by
    a window function in the database."""
    resolved = cases.filter(resolved_on__gte=start, resolved_on__lte=end).order_by()
    if key:
        base = resolved.values(unit=F(key), days=F("days_to_resolve"))
    else:
        base = resolved.values(days=F("days_to_resolve"))
    try:
        sql, params = base.query.sql_with_params()
    except EmptyResultSet:  # nothing can match (no units on the page, no scope)
        return {}
    partition = "PARTITION BY unit" if key else ""
    unit, group_by = ("unit", "GROUP BY unit") if key else ("0", "")
    query = f"""
        SELECT {unit}, AVG(days) FROM (
            SELECT base.*,
                   ROW_NUMBER() OVER ({partition} ORDER BY days) AS rn,
                   COUNT(*) OVER ({partition}) AS n
            FROM ({sql}) base
        ) ranked
        WHERE rn IN ((n + 1) / 2, (n + 2) / 2)
        {group_by}
    """
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return {row[0]: round(float(row[1]), 1) for row in cursor.fetchall() if row[1] is not None}


def empty():
    row = WelfareFigures(
        dict.fromkeys(("opened", "open_at_end", "resolved", "visits", "goods", "grants"), 0)
    )
    row.update(dict.fromkeys(("goods_value", "insurance_paid"), ZERO))
    row.update({f"aid_{value}": ZERO for value in CaseAction.Source.values})
    row.update({"referrals": 0, "claims": 0, "median_days": None})
    return row


def by_unit(user, level, start, end, ids=None, within=None, claims=True):
    """``{unit pk: WelfareFigures}`` for the units of ``level`` in the user's scope (only those
    in ``ids`` when given, and only cases matching the filters ``within``). Four queries, or
    three without the labour insurance ``claims``."""
    key = CASE_KEYS[level]
    cases, actions = _cases(user), _actions(user, start, end)
    claims = _claims(user, start, end) if claims else None
    narrow = dict(within or {})
    if ids is not None:
        narrow[f"{key}__in"] = ids
    if narrow:
        cases = cases.filter(**narrow)
        inner = {f"case__{lookup}": value for lookup, value in narrow.items()}
        actions = actions.filter(**inner)
        claims = claims.filter(**inner) if claims is not None else None
    rows = {}

    def merge(queryset, field, aggregates):
        for row in queryset.order_by().values(field).annotate(**aggregates):
            rows.setdefault(row.pop(field), empty()).update(row)

    merge(cases, key, _case_counts(start, end))
    merge(actions, f"case__{key}", CaseAction.objects.aid())
    if claims is not None:
        merge(claims, f"case__{key}", _claim_sums(start, end))
    for unit, median in _medians(cases, key, start, end).items():
        rows.setdefault(unit, empty())["median_days"] = median
    return rows


def total(user, start, end):
    """The figures of the user's whole scope. Four queries."""
    row = empty()
    cases = _cases(user)
    row.update(cases.aggregate(**_case_counts(start, end)))
    row.update(_actions(user, start, end).aggregate(**CaseAction.objects.aid()))
    row.update(_claims(user, start, end).aggregate(**_claim_sums(start, end)))
    row["median_days"] = _medians(cases, None, start, end).get(0)
    return row


def group_summary(user, group, start, end):
    """A group's cases opened, open at the end and resolved in the period, its visits and its
    aid: two queries, counts and sums only."""
    row = empty()
    row.update(_cases(user).filter(group=group).aggregate(**_case_counts(start, end)))
    row.update(
        _actions(user, start, end).filter(case__group=group).aggregate(**CaseAction.objects.aid())
    )
    return row


def by_category(user, start, end):
    """Cases opened in the period per category, every category listed. One query."""
    counts = dict(
        _cases(user)
        .filter(opened_on__gte=start, opened_on__lte=end)
        .order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    return [(label, counts.get(value, 0)) for value, label in WelfareCase.Category.choices]


def months(start, end):
    """The first day of each month from ``start``'s to ``end``'s."""
    day, result = start.replace(day=1), []
    while day <= end:
        result.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return result


def _by_month(queryset, field, **aggregates):
    rows = (
        queryset.annotate(month=TruncMonth(field)).order_by().values("month").annotate(**aggregates)
    )
    result = {}
    for row in rows:
        month = row.pop("month")
        if isinstance(month, datetime.datetime):
            month = month.date()
        result[month] = row
    return result


def monthly(cases, actions, start, end):
    """Per month of the period: cases opened and resolved, visits and aid given (grants, as
    everywhere), for a chart. Three queries."""
    opened = _by_month(
        cases.filter(opened_on__gte=start, opened_on__lte=end), "opened_on", n=Count("pk")
    )
    resolved = _by_month(
        cases.filter(resolved_on__gte=start, resolved_on__lte=end), "resolved_on", n=Count("pk")
    )
    aid = _by_month(
        actions.filter(done_on__gte=start, done_on__lte=end),
        "done_on",
        visits=Count("pk", filter=Q(kind=CaseAction.Kind.VISIT)),
        aid=Coalesce(
            Sum("amount", filter=Q(kind=CaseAction.Kind.GRANT)), ZERO, output_field=money_field()
        ),
    )
    return [
        {
            "month": month,
            "opened": opened.get(month, {}).get("n", 0),
            "resolved": resolved.get(month, {}).get("n", 0),
            "visits": aid.get(month, {}).get("visits", 0),
            "aid": aid.get(month, {}).get("aid", ZERO),
        }
        for month in months(start, end)
    ]


def last_twelve_months(today):
    """The period of the factory page's chart: the twelve months ending with this one."""
    first = today.replace(day=1)
    for _ in range(11):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first, today


@dataclasses.dataclass
class CaseFigures:
    """A group's welfare work over a period, counts only (no case is named)."""

    welfare_opened: int = 0
    welfare_resolved: int = 0
    welfare_visits: int = 0


def figures_by_group(user, ids, start, end):
    """``{group pk: CaseFigures}`` for the groups ``ids`` over ``start``–``end``: the cases the
    user counts (see ``counted_for``). Three queries."""
    rows = by_unit(user, Level.GROUP, start, end, ids=ids, claims=False)
    result = {}
    for pk in ids:
        row = rows.get(pk) or {}
        result[pk] = CaseFigures(
            welfare_opened=row.get("opened", 0),
            welfare_resolved=row.get("resolved", 0),
            welfare_visits=row.get("visits", 0),
        )
    return result
