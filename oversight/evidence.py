"""The evidence beside an assessment: what a group's records say about the period.

For any number of groups, a fixed number of grouped queries (``for_groups``): meetings held,
announced ahead and summarised, attendance; guarantee plans closed and fulfilled; red flags won;
rationalization proposals made and adopted; welfare cases handled and visits made (counts only);
activists per member; open and overdue action items and overdue resolution reports; dues, as the
group's collection sheet marked them. For one group, the rank it reached in each campaign of the
period is added (``for_group``). Each figure is listed beside the criterion it speaks to (``rows``).
"""

import dataclasses
import datetime
from decimal import Decimal

from django.db import connections, router
from django.db.models import Count, DecimalField, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions import figures as production
from dues.models import DuesPayment, Excusal
from dues.sheet import MID_MONTH
from groups import figures as organisation
from groups.figures import share
from groups.models import GroupMembership
from meetings import figures as meetings
from welfare import figures as welfare


def _cents(amount):
    # SQLite sums decimals as floats: round the sum to the cent.
    return None if amount is None else Decimal(amount).quantize(Decimal("0.01"))


def _months(start, end):
    month, months = start.replace(day=1), []
    while month <= end:
        months.append(month)
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


ON_ROLLS_SQL = """
WITH months(m, d) AS (VALUES {values})
SELECT gm.group_id, months.m, COUNT(DISTINCT gm.member_id)
FROM {membership} gm
JOIN months ON gm.started_on <= months.d AND (gm.ended_on IS NULL OR gm.ended_on > months.d)
WHERE gm.group_id IN ({groups})
  AND NOT EXISTS (
      SELECT 1 FROM {excusal} e
      WHERE e.member_id = gm.member_id AND e.starts_on <= months.m
        AND (e.ends_on IS NULL OR e.ends_on >= months.m)
  )
GROUP BY gm.group_id, months.m
"""


def _owing_on_rolls(ids, months):
    """``{(group pk, month): members who owed it}``: in the group on the month's 15th and not
    excused, as the collection sheet counts them (one query)."""
    if not ids or not months:
        return {}
    # Where the other reads of the evidence go (a replica, for a report: groups/replica.py).
    connection = connections[router.db_for_read(GroupMembership)]
    cast = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
    values = ", ".join(f"({cast}, {cast})" for _ in months)
    sql = ON_ROLLS_SQL.format(
        values=values,
        membership=connection.ops.quote_name(GroupMembership._meta.db_table),
        excusal=connection.ops.quote_name(Excusal._meta.db_table),
        groups=", ".join("%s" for _ in ids),
    )
    params = [
        value
        for month in months
        for value in (month.isoformat(), month.replace(day=MID_MONTH).isoformat())
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids])
        rows = cursor.fetchall()
    return {(group, _as_date(month)): count for group, month, count in rows}


def _as_date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def dues_by_group(ids, start, end):
    """Each group's dues in the period (two queries): the months its sheet marked, the members
    who paid of those who owed them (everyone on the rolls on the 15th and not excused, marked
    or not: a month not closed counts its unmarked members as not paid yet) and the yuan
    collected."""
    ids = list(ids)
    paid = Q(status=DuesPayment.Status.PAID)
    owing = ~Q(status=DuesPayment.Status.EXCUSED)
    marked = (
        DuesPayment.objects.filter(group__in=ids, month__gte=start.replace(day=1), month__lte=end)
        .order_by()
        .values("group", "month")
        .annotate(
            owing=Count("pk", filter=owing),
            paid=Count("pk", filter=paid),
            amount=Sum(
                "amount", filter=paid, output_field=DecimalField(max_digits=14, decimal_places=2)
            ),
        )
    )
    rolls = _owing_on_rolls(ids, _months(start, end))
    totals = {}
    for row in marked:
        total = totals.setdefault(row["group"], {"months": 0, "due": 0, "paid": 0, "amount": 0})
        total["months"] += 1
        # Rows beyond the roll (a member marked before moving away) still count as owed.
        total["due"] += max(rolls.get((row["group"], _as_date(row["month"])), 0), row["owing"])
        total["paid"] += row["paid"]
        total["amount"] += Decimal(row["amount"] or 0)
    return {
        pk: {
            "dues_months": totals[pk]["months"] if pk in totals else 0,
            "dues_paid_pct": share(totals[pk]["paid"], totals[pk]["due"]) if pk in totals else None,
            "dues_amount": _cents(totals[pk]["amount"]) if pk in totals else None,
        }
        for pk in ids
    }


def for_groups(user, ids, start, end):
    """``{group pk: evidence dict}`` for the groups ``ids`` over ``start``–``end``: each app's
    figures of the groups (its own grouped queries), merged, and the dues."""
    ids = list(ids)
    until = min(end, timezone.localdate())
    parts = [
        meetings.figures_by_group(ids, start, end, until),
        production.figures_by_group(ids, start, end),
        welfare.figures_by_group(user, ids, start, end),
        organisation.figures_by_group(ids, until),
    ]
    dues = dues_by_group(ids, start, end)
    return {
        pk: {
            **{k: v for part in parts for k, v in dataclasses.asdict(part[pk]).items()},
            **dues[pk],
        }
        for pk in ids
    }


def for_group(user, group, start, end):
    """The evidence of one group, with its campaign ranks."""
    evidence = for_groups(user, [group.pk], start, end)[group.pk]
    evidence["campaign_ranks"] = production.campaign_ranks(group, start, end)
    return evidence


def rated_criteria(user, assessment):
    """The assessment's criteria with their rating, note and evidence beside each: the figures
    kept when it was submitted, or for a draft the records as they are now."""
    figures = assessment.evidence or for_group(
        user, assessment.group, assessment.period.starts_on, assessment.period.ends_on
    )
    by_criterion = dict(rows(figures))
    return [
        {**rating, "evidence": by_criterion.get(rating["key"], [])}
        for rating in assessment.ratings()
    ]


def _pct(value):
    return "—" if value is None else f"{value}%"


def _yes(value):
    return _("yes") if value else _("no")


def rows(evidence):
    """``[(criterion field, [(label, value), ...]), ...]``: each figure beside the criterion it
    speaks to, as text to show."""
    e = evidence
    ranks = [
        _("%(campaign)s round %(round)s: %(rank)s of %(of)s")
        % {**rank, "rank": rank["rank"] or "—"}
        for rank in e.get("campaign_ranks", [])
    ]
    dues = (
        _("%(pct)s of members paid in %(months)s months; %(amount)s yuan")
        % {"pct": _pct(e["dues_paid_pct"]), "months": e["dues_months"], "amount": e["dues_amount"]}
        if e.get("dues_months")
        else _("not recorded")
    )
    return [
        (
            "production",
            [
                (_("Guarantee plans fulfilled"), f"{e['plans_fulfilled']} / {e['plans_closed']}"),
                (_("Campaign rank"), "; ".join(str(r) for r in ranks) or "—"),
                (_("Red flags won"), e["red_flags"]),
                (
                    _("Proposals made / adopted"),
                    f"{e['proposals']} / {e['proposals_adopted']}",
                ),
            ],
        ),
        (
            "duties",
            [
                (_("Union group leader in office"), _yes(e["has_union_leader"])),
                (_("Production group leader in office"), _yes(e["has_production_leader"])),
                (_("Production meetings held"), e["production_meetings"]),
            ],
        ),
        (
            "unity",
            [
                (
                    _("Welfare cases opened / resolved"),
                    f"{e['welfare_opened']} / {e['welfare_resolved']}",
                ),
                (_("Visits to members"), e["welfare_visits"]),
                (
                    _("Activists per member"),
                    f"{e['activists']} / {e['members']} ({_pct(e['activists_pct'])})",
                ),
            ],
        ),
        (
            "systems",
            [
                (_("Meetings held"), e["meetings_held"]),
                (_("Announced in advance"), _pct(e["announced_ahead_pct"])),
                (_("Summarised"), _pct(e["summarised_pct"])),
                (
                    _("Resolution reports overdue"),
                    f"{e['overdue_reports']} / {e['reports_due']}",
                ),
                (_("Dues"), dues),
            ],
        ),
        (
            "leadership",
            [
                (_("Attendance"), _pct(e["attendance_pct"])),
                (
                    _("Open action items (overdue)"),
                    f"{e['open_actions']} ({e['overdue_actions']})",
                ),
            ],
        ),
    ]
