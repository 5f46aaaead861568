"""The evidence beside an assessment: what a group's records say about the period.

For any number of groups, a fixed number of grouped queries (``for_groups``): meetings held,
announced ahead and summarised, attendance; guarantee plans closed and fulfilled; red flags won;
rationalization proposals made and adopted; welfare cases handled and visits made (counts only);
activists per member; open and overdue action items and overdue resolution reports; dues, where
the factory records them. For one group, the rank it reached in each campaign of the period is
added (``for_group``). Each figure is listed beside the criterion it speaks to (``rows``).
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import GuaranteePlan, Proposal, RedFlagAward, Round
from competitions.scoring import ranks_in_latest_rounds
from groups.figures import share
from groups.models import GroupMembership, Role
from groups.scoping import Level
from meetings.models import ActionItem, Meeting, ResolutionReport
from oversight.models import DuesRecord
from welfare import figures as welfare_figures


def _by_group(queryset, **aggregates):
    return {
        row.pop("group"): row for row in queryset.order_by().values("group").annotate(**aggregates)
    }


def _cents(amount):
    # SQLite sums decimals as floats: round the sum to the cent.
    return None if amount is None else Decimal(amount).quantize(Decimal("0.01"))


def for_groups(user, ids, start, end):
    """``{group pk: evidence dict}`` for the groups ``ids`` over ``start``–``end``."""
    ids = list(ids)
    today = timezone.localdate()
    until = min(end, today)
    meetings = Meeting.objects.filter(group__in=ids).between(start, end)
    preparedness = {row["group"]: row for row in meetings.preparedness("group")}
    production_meetings = _by_group(
        meetings.filter(
            kind=Meeting.Kind.PRODUCTION,
            status__in=[Meeting.Status.HELD, Meeting.Status.SUMMARISED],
        ),
        n=Count("pk"),
    )
    plans = _by_group(
        GuaranteePlan.objects.filter(group__in=ids, ends_on__gte=start, ends_on__lte=end),
        plans=Count("pk"),
        closed=Count("pk", filter=~Q(status=GuaranteePlan.Status.OPEN)),
        fulfilled=Count("pk", filter=Q(status=GuaranteePlan.Status.FULFILLED)),
    )
    flags = _by_group(
        RedFlagAward.objects.filter(group__in=ids, awarded_on__gte=start, awarded_on__lte=end),
        n=Count("pk"),
    )
    proposals = {
        row["group"]: row
        for row in Proposal.objects.filter(
            group__in=ids, submitted_on__gte=start, submitted_on__lte=end
        ).figures("group")
    }
    welfare = welfare_figures.by_unit(user, Level.GROUP, start, end, ids=ids, claims=False)
    at_end = Q(started_on__lte=until) & (Q(ended_on__isnull=True) | Q(ended_on__gte=until))
    members = _by_group(GroupMembership.objects.filter(at_end, group__in=ids), n=Count("pk"))
    roles = _by_group(
        Role.objects.filter(at_end, group__in=ids),
        activists=Count("pk", filter=Q(kind=Role.Kind.ACTIVIST)),
        union_leader=Count("pk", filter=Q(kind=Role.Kind.UNION_LEADER)),
        production_leader=Count("pk", filter=Q(kind=Role.Kind.PRODUCTION_LEADER)),
    )
    # Action items open at the end of the period (or today, for a period under way): decided by
    # then and not done by then; overdue when their day had passed.
    open_actions = ActionItem.objects.filter(
        Q(done_on__isnull=True) | Q(done_on__gt=until),
        meeting__group__in=ids,
        meeting__scheduled_on__lte=until,
        meeting__voided_at__isnull=True,  # a cancelled meeting's items are not owed
    ).order_by()
    actions = {
        row["meeting__group"]: row
        for row in open_actions.values("meeting__group").annotate(
            open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=until))
        )
    }
    # Resolution reports whose day fell in the period and had passed by its end (or today):
    # overdue when not done by then (done later counts as overdue too).
    done_in_time = Q(status=ResolutionReport.Status.DONE, reported_at__date__lte=until) | Q(
        status=ResolutionReport.Status.DONE, reported_at__isnull=True
    )
    reports = _by_group(
        ResolutionReport.objects.filter(
            group__in=ids, resolution__due_on__gte=start, resolution__due_on__lt=until
        ),
        due=Count("pk"),
        overdue=Count("pk", filter=~done_in_time),
    )
    dues = _by_group(
        DuesRecord.objects.filter(group__in=ids, month__gte=start.replace(day=1), month__lte=end),
        months=Count("pk"),
        due=Sum("members_due"),
        paid=Sum("members_paid"),
        amount=Sum("amount", output_field=DecimalField(max_digits=14, decimal_places=2)),
    )
    result = {}
    for pk in ids:
        meeting = preparedness.get(pk) or {}
        plan = plans.get(pk) or {}
        proposal = proposals.get(pk) or {}
        case = welfare.get(pk) or {}
        role = roles.get(pk) or {}
        action = actions.get(pk) or {}
        report = reports.get(pk) or {}
        due = dues.get(pk)
        member_count = (members.get(pk) or {}).get("n", 0)
        activists = role.get("activists", 0)
        result[pk] = {
            "meetings_held": meeting.get("held", 0),
            "production_meetings": (production_meetings.get(pk) or {}).get("n", 0),
            "announced_ahead_pct": share(meeting.get("announced_ahead"), meeting.get("held")),
            "summarised_pct": share(meeting.get("summarised"), meeting.get("held")),
            "attendance_pct": share(
                meeting.get("attendance_present"), meeting.get("attendance_expected")
            ),
            "plans": plan.get("plans", 0),
            "plans_closed": plan.get("closed", 0),
            "plans_fulfilled": plan.get("fulfilled", 0),
            "plans_fulfilled_pct": share(plan.get("fulfilled"), plan.get("closed")),
            "red_flags": (flags.get(pk) or {}).get("n", 0),
            "proposals": proposal.get("submitted", 0),
            "proposals_adopted": proposal.get("adopted", 0),
            "welfare_opened": case.get("opened", 0),
            "welfare_resolved": case.get("resolved", 0),
            "welfare_visits": case.get("visits", 0),
            "members": member_count,
            "activists": activists,
            "activists_pct": share(activists, member_count),
            "has_union_leader": bool(role.get("union_leader")),
            "has_production_leader": bool(role.get("production_leader")),
            "open_actions": action.get("open", 0),
            "overdue_actions": action.get("overdue", 0),
            "reports_due": report.get("due", 0),
            "overdue_reports": report.get("overdue", 0),
            "dues_months": due["months"] if due else 0,
            "dues_paid_pct": share(due["paid"], due["due"]) if due else None,
            "dues_amount": _cents(due["amount"]) if due else None,
        }
    return result


def campaign_ranks(group, start, end):
    """The group's rank in the last round of each campaign it took part in that ended in the
    period."""
    until = min(end, timezone.localdate())
    rounds = Round.objects.filter(
        campaign__participants__group=group, ends_on__gte=start, ends_on__lte=until
    ).order_by("campaign_id", "-ends_on")
    return [
        {"campaign": round_.campaign.name, "round": round_.number, "rank": rank, "of": ranked}
        for round_, rank, ranked in ranks_in_latest_rounds(group, rounds)
    ]


def for_group(user, group, start, end):
    """The evidence of one group, with its campaign ranks."""
    evidence = for_groups(user, [group.pk], start, end)[group.pk]
    evidence["campaign_ranks"] = campaign_ranks(group, start, end)
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
