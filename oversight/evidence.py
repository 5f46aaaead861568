"""The evidence beside an assessment: what a group's records say about the period.

For any number of groups, a fixed number of grouped queries (``for_groups``): meetings held,
announced ahead and summarised, attendance; guarantee plans closed and fulfilled; red flags won;
rationalization proposals made and adopted; welfare cases handled and visits made (counts only);
activists per member; open and overdue action items and overdue resolution reports; dues, as the
group's collection sheet marked them. For one group, the rank it reached in each campaign of the
period is added (``for_group``). Each figure is listed beside the criterion it speaks to (``rows``).
"""

import dataclasses
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions import figures as production
from dues.models import DuesPayment
from groups import figures as organisation
from groups.figures import by_group, share
from meetings import figures as meetings
from welfare import figures as welfare


def _cents(amount):
    # SQLite sums decimals as floats: round the sum to the cent.
    return None if amount is None else Decimal(amount).quantize(Decimal("0.01"))


def dues_by_group(ids, start, end):
    """Each group's dues on the ledger in the period (one query): the months marked, members
    paid of those who owed (the excused left out) and the yuan collected."""
    owing = ~Q(status=DuesPayment.Status.EXCUSED)
    paid = Q(status=DuesPayment.Status.PAID)
    dues = by_group(
        DuesPayment.objects.filter(group__in=ids, month__gte=start.replace(day=1), month__lte=end),
        months=Count("month", distinct=True),
        due=Count("pk", filter=owing),
        paid=Count("pk", filter=paid),
        amount=Sum(
            "amount", filter=paid, output_field=DecimalField(max_digits=14, decimal_places=2)
        ),
    )
    return {
        pk: {
            "dues_months": dues[pk]["months"] if pk in dues else 0,
            "dues_paid_pct": share(dues[pk]["paid"], dues[pk]["due"]) if pk in dues else None,
            "dues_amount": (_cents(dues[pk]["amount"]) or Decimal("0.00")) if pk in dues else None,
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
