"""The evidence beside an assessment (oversight/evidence.py), hand-worked.

The period is the first quarter of 2025 (1 January to 31 March), well in the past. Alice's group
(A) and bob's group (B) each get records inside the period, and A gets records just outside it
(December 2024, April 2025) that must not count. Each expected figure is worked out in a comment.
Action items are counted as they stood at the end of the period: open when not done by then,
overdue when their day had passed by then.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from competitions.models import GuaranteePlan, Kind, Proposal
from groups.models import GroupMembership, Role
from meetings.models import Attendance, Meeting, ResolutionReport
from oversight import evidence, services
from oversight.models import CRITERION_FIELDS, Assessment, GroupClass, Rating
from tests.competitions.factories import (
    CampaignFactory,
    GuaranteePlanFactory,
    ProposalFactory,
    RedFlagAwardFactory,
    RoundFactory,
    RuleFactory,
    ScoreFactory,
)
from tests.factories import MemberFactory, RoleFactory, UnionGroupFactory
from tests.meetings.factories import (
    ActionItemFactory,
    AttendanceFactory,
    MeetingFactory,
    ResolutionFactory,
    ResolutionReportFactory,
)
from tests.oversight.factories import AssessmentPeriodFactory, dues_month
from tests.welfare.factories import CaseActionFactory, WelfareCaseFactory
from welfare.models import CaseAction, WelfareCase

pytestmark = pytest.mark.django_db

D = Decimal
START = datetime.date(2025, 1, 1)
END = datetime.date(2025, 3, 31)
DAY = datetime.timedelta(days=1)


def day(year, month, number):
    return datetime.date(year, month, number)


def today():
    return timezone.localdate()


def meeting(group, on, *, announced=None, status=Meeting.Status.HELD, **kwargs):
    values = {"summary": "總結了經驗。"} if status == Meeting.Status.SUMMARISED else {}
    return MeetingFactory(
        group=group, scheduled_on=on, announced_on=announced, status=status, **values, **kwargs
    )


def attend(meeting, member, status=Attendance.Status.PRESENT):
    reason = "家裡有事" if status == Attendance.Status.ABSENT else ""
    return AttendanceFactory(meeting=meeting, member=member, status=status, reason=reason)


def plan(group, starts, ends, status=GuaranteePlan.Status.OPEN):
    closed = {} if status == GuaranteePlan.Status.OPEN else {"closed_on": ends}
    reason = {"close_reason": "缺料。"} if status == GuaranteePlan.Status.UNFULFILLED else {}
    return GuaranteePlanFactory(
        group=group, starts_on=starts, ends_on=ends, status=status, **closed, **reason
    )


def case(member, opened, resolved=None):
    return WelfareCaseFactory(
        member=member,
        opened_on=opened,
        status=WelfareCase.Status.RESOLVED if resolved else WelfareCase.Status.OPEN,
        resolved_on=resolved,
        days_to_resolve=(resolved - opened).days if resolved else None,
    )


def report(group, factory, due, status=ResolutionReport.Status.NOT_STARTED):
    resolution = ResolutionFactory(factory=factory, issued_on=due - 10 * DAY, due_on=due)
    return ResolutionReportFactory(resolution=resolution, group=group, status=status)


@pytest.fixture
def records(world):
    """The records of groups A and B; returns A's nine members besides its leader."""
    a, b = world.group_a, world.group_b
    members = [MemberFactory(group=a) for _ in range(9)]

    # Members at the end of the period: the leader and nine others = 10. One left the group on
    # 10 March, one joins on 5 April: neither counts.
    gone = MemberFactory(group=a)
    GroupMembership.objects.filter(member=gone).update(ended_on=day(2025, 3, 10))
    MemberFactory(group=a, joined_union_on=day(2025, 4, 5))
    # The union leader (from the world), a production leader, two activists; an activist role
    # that ended on 15 March and one that begins in April do not count: 2 of 10 = 20.0%.
    RoleFactory(member=members[0], kind=Role.Kind.PRODUCTION_LEADER, started_on=day(2024, 1, 1))
    for member in members[1:3]:
        RoleFactory(member=member, kind=Role.Kind.ACTIVIST, started_on=day(2025, 1, 1))
    RoleFactory(
        member=members[3],
        kind=Role.Kind.ACTIVIST,
        started_on=day(2024, 6, 1),
        ended_on=day(2025, 3, 15),
    )
    RoleFactory(member=members[4], kind=Role.Kind.ACTIVIST, started_on=day(2025, 4, 1))

    # Meetings of A in the period: one summarised, announced five days ahead; one production
    # meeting announced the day before; a production meeting only planned. Held: 2, announced
    # ahead 1 of 2 = 50.0%, summarised 1 of 2 = 50.0%, production meetings held: 1.
    summarised = meeting(
        a, day(2025, 2, 10), announced=day(2025, 2, 5), status=Meeting.Status.SUMMARISED
    )
    production = meeting(
        a, day(2025, 3, 20), announced=day(2025, 3, 19), kind=Meeting.Kind.PRODUCTION
    )
    meeting(a, day(2025, 3, 25), status=Meeting.Status.PLANNED, kind=Meeting.Kind.PRODUCTION)
    # Attendance: 3 present and 1 absent, then 2 present and 1 excused: 5 of 7 = 71.4%.
    for member in members[:3]:
        attend(summarised, member)
    attend(summarised, members[3], Attendance.Status.ABSENT)
    for member in members[:2]:
        attend(production, member)
    attend(production, members[2], Attendance.Status.EXCUSED)
    # A meeting in December, all absent, announced late: outside the period.
    december = meeting(a, day(2024, 12, 20), kind=Meeting.Kind.PRODUCTION)
    for member in members[:4]:
        attend(december, member, Attendance.Status.ABSENT)

    # Guarantee plans ending in the period: January fulfilled, February not, March still open:
    # 3 plans, 2 closed, 1 fulfilled = 50.0%. December's fulfilled plan is outside.
    plan(a, day(2025, 1, 1), day(2025, 1, 31), GuaranteePlan.Status.FULFILLED)
    plan(a, day(2025, 2, 1), day(2025, 2, 28), GuaranteePlan.Status.UNFULFILLED)
    plan(a, day(2025, 3, 1), day(2025, 3, 31))
    plan(a, day(2024, 12, 1), day(2024, 12, 31), GuaranteePlan.Status.FULFILLED)

    # Red flags: January's and February's in the period, April's outside: 2.
    campaign = CampaignFactory(
        factory=world.factory_a, starts_on=day(2025, 1, 1), ends_on=day(2025, 4, 30)
    )
    for on in (day(2025, 1, 31), day(2025, 2, 28), day(2025, 4, 30)):
        flag_round = RoundFactory(campaign=campaign, starts_on=on.replace(day=1), ends_on=on)
        RedFlagAwardFactory(round=flag_round, group=a, awarded_on=on)

    # Proposals submitted in the period: adopted, implemented (adopted too), rejected: 3 made,
    # 2 adopted. December's adopted one is outside.
    leader = [world.leader_a]
    ProposalFactory(group=a, submitted_on=day(2025, 1, 5), adopted=True, authors=leader)
    ProposalFactory(group=a, submitted_on=day(2025, 2, 10), implemented=True, authors=leader)
    ProposalFactory(group=a, submitted_on=day(2025, 3, 12), rejected=True, authors=leader)
    ProposalFactory(group=a, submitted_on=day(2024, 12, 20), adopted=True, authors=leader)

    # Welfare: opened in the period 2 (3 Jan, 15 Mar); resolved in it 2 (20 Jan, and 5 Jan for
    # a case opened in December); visits in it 2 (4 Jan, 16 Mar). A case opened in November,
    # visited in December, and one opened in April do not count; goods given are no visit.
    first = case(members[5], day(2025, 1, 3), resolved=day(2025, 1, 20))
    second = case(members[6], day(2025, 3, 15))
    case(members[7], day(2024, 12, 10), resolved=day(2025, 1, 5))
    november = case(members[8], day(2024, 11, 10))
    case(members[5], day(2025, 4, 2))
    CaseActionFactory(case=first, done_on=day(2025, 1, 4))
    CaseActionFactory(case=second, done_on=day(2025, 3, 16))
    CaseActionFactory(case=november, done_on=day(2024, 12, 1))
    CaseActionFactory(case=second, kind=CaseAction.Kind.GOODS, done_on=day(2025, 3, 17))

    # Action items at the end of March: one due 20 March and never done (open, overdue), one
    # due in April (open), one done in time (not open), one due 15 March but done only in April
    # (open and overdue at the end of March): 3 open, 2 overdue.
    ActionItemFactory(meeting=summarised, owner=members[0], due_on=day(2025, 3, 20))
    ActionItemFactory(meeting=production, owner=members[1], due_on=day(2025, 4, 10))
    ActionItemFactory(
        meeting=summarised, owner=members[2], due_on=day(2025, 3, 10), done_on=day(2025, 3, 9)
    )
    ActionItemFactory(
        meeting=summarised, owner=members[3], due_on=day(2025, 3, 15), done_on=day(2025, 4, 5)
    )

    # Resolution reports due in the period: one not started (overdue), one done: 1 of 2
    # overdue. Those due in December or April are outside.
    report(a, world.factory_a, day(2025, 3, 20))
    report(a, world.factory_a, day(2025, 3, 25), ResolutionReport.Status.DONE)
    report(a, world.factory_a, day(2024, 12, 20))
    report(a, world.factory_a, day(2025, 4, 10))

    # Dues, marked for every member on the rolls: January 10 of 11 (5.00), February 8 of 11
    # (4.00), March 7 of 10 (the one who left on 10 March no longer owes; 3.45): 25 of 32 =
    # 78.1% in 3 months, 12.45 yuan. December and April are outside.
    for month, paid, amount in [(1, 10, "5.00"), (2, 8, "4.00"), (3, 7, "3.45")]:
        dues_month(a, day(2025, month, 1), paid=paid, amount=amount)
    dues_month(a, day(2024, 12, 1), paid=0, amount=0)
    dues_month(a, day(2025, 4, 1), paid=10, amount=5)

    # Group B: one group meeting announced five days ahead, not summarised, one present and
    # one absent (50.0%); an open plan; a proposal not decided; a case opened and visited; an
    # overdue action item; a report in progress, overdue; two members, no activist; no dues.
    other = MemberFactory(group=b)
    held = meeting(b, day(2025, 1, 15), announced=day(2025, 1, 10))
    attend(held, world.leader_b)
    attend(held, other, Attendance.Status.ABSENT)
    plan(b, day(2025, 3, 1), day(2025, 3, 31))
    ProposalFactory(group=b, submitted_on=day(2025, 2, 1), authors=[world.leader_b])
    b_case = case(world.leader_b, day(2025, 2, 1))
    CaseActionFactory(case=b_case, done_on=day(2025, 2, 2))
    ActionItemFactory(meeting=held, owner=other, due_on=day(2025, 1, 20))
    report(b, world.factory_b, day(2025, 2, 1), ResolutionReport.Status.IN_PROGRESS)
    return members


GROUP_A = {
    "meetings_held": 2,
    "production_meetings": 1,
    "announced_ahead_pct": 50.0,
    "summarised_pct": 50.0,
    "attendance_pct": 71.4,
    "plans": 3,
    "plans_closed": 2,
    "plans_fulfilled": 1,
    "plans_fulfilled_pct": 50.0,
    "red_flags": 2,
    "proposals": 3,
    "proposals_adopted": 2,
    "welfare_opened": 2,
    "welfare_resolved": 2,
    "welfare_visits": 2,
    "members": 10,
    "activists": 2,
    "activists_pct": 20.0,
    "has_union_leader": True,
    "has_production_leader": True,
    "open_actions": 3,
    "overdue_actions": 2,
    "reports_due": 2,
    "overdue_reports": 1,
    "dues_months": 3,
    "dues_paid_pct": 78.1,
    "dues_amount": D("12.45"),
}

GROUP_B = {
    "meetings_held": 1,
    "production_meetings": 0,
    "announced_ahead_pct": 100.0,
    "summarised_pct": 0.0,
    "attendance_pct": 50.0,
    "plans": 1,
    "plans_closed": 0,
    "plans_fulfilled": 0,
    "plans_fulfilled_pct": None,
    "red_flags": 0,
    "proposals": 1,
    "proposals_adopted": 0,
    "welfare_opened": 1,
    "welfare_resolved": 0,
    "welfare_visits": 1,
    "members": 2,
    "activists": 0,
    "activists_pct": 0.0,
    "has_union_leader": True,
    "has_production_leader": False,
    "open_actions": 1,
    "overdue_actions": 1,
    "reports_due": 1,
    "overdue_reports": 1,
    "dues_months": 0,
    "dues_paid_pct": None,
    "dues_amount": None,
}


def test_each_groups_figures_count_only_its_records_in_the_period(world, fiona, records):
    found = evidence.for_groups(fiona, [world.group_a.pk, world.group_b.pk], START, END)

    assert found == {world.group_a.pk: GROUP_A, world.group_b.pk: GROUP_B}


def test_a_group_with_no_records_has_zeros_and_no_shares(world, fiona):
    empty = UnionGroupFactory(workshop=world.workshop_a)

    found = evidence.for_groups(fiona, [empty.pk], START, END)[empty.pk]

    assert (found["meetings_held"], found["members"], found["red_flags"]) == (0, 0, 0)
    pcts = ["announced_ahead_pct", "summarised_pct", "attendance_pct", "plans_fulfilled_pct"]
    assert [found[key] for key in pcts] == [None] * 4
    assert (found["activists_pct"], found["dues_paid_pct"], found["dues_amount"]) == (
        None,
        None,
        None,
    )
    assert (found["has_union_leader"], found["has_production_leader"]) == (False, False)


def test_another_period_counts_other_records(world, fiona, records):
    """December 2024 alone: the meeting all absent, the fulfilled plan, the adopted proposal,
    the report not started, the visit, and dues with nobody paying."""
    found = evidence.for_groups(fiona, [world.group_a.pk], day(2024, 12, 1), day(2024, 12, 31))[
        world.group_a.pk
    ]

    assert (found["meetings_held"], found["production_meetings"]) == (1, 1)
    assert (found["announced_ahead_pct"], found["attendance_pct"]) == (0.0, 0.0)
    assert (found["plans"], found["plans_fulfilled_pct"]) == (1, 100.0)
    assert (found["proposals"], found["proposals_adopted"], found["red_flags"]) == (1, 1, 0)
    assert (found["welfare_opened"], found["welfare_resolved"], found["welfare_visits"]) == (
        1,
        0,
        1,
    )
    assert (found["reports_due"], found["overdue_reports"]) == (1, 1)
    assert (found["dues_months"], found["dues_paid_pct"], found["dues_amount"]) == (
        1,
        0.0,
        D("0.00"),
    )
    # On 31 December 2024: the leader and the ten others who had joined by then (the one who
    # left in March was still there; the April joiner was not); the activist of June 2024.
    assert (found["members"], found["activists"]) == (11, 1)


def test_the_query_count_does_not_grow_with_the_groups(world, fiona, records):
    others = [UnionGroupFactory(workshop=world.workshop_a) for _ in range(18)]
    for group in others:
        held = meeting(group, day(2025, 2, 1), announced=day(2025, 1, 20))
        attend(held, MemberFactory(group=group))
        dues_month(group, due=10)
    two = [world.group_a.pk, world.group_b.pk]
    twenty = two + [group.pk for group in others]
    evidence.for_groups(fiona, two, START, END)  # the user's scope is looked up once, first

    with CaptureQueriesContext(connection) as few:
        evidence.for_groups(fiona, two, START, END)
    with CaptureQueriesContext(connection) as many:
        found = evidence.for_groups(fiona, twenty, START, END)

    assert len(many.captured_queries) == len(few.captured_queries)
    # The twenty were really counted.
    assert found[world.group_a.pk] == GROUP_A
    assert {found[g.pk]["meetings_held"] for g in others} == {1}
    assert {found[g.pk]["attendance_pct"] for g in others} == {100.0}
    assert {found[g.pk]["dues_paid_pct"] for g in others} == {90.0}


def test_each_figure_is_shown_beside_its_criterion(world, fiona, records):
    found = evidence.for_groups(fiona, [world.group_a.pk, world.group_b.pk], START, END)

    with translation.override("en"):
        rows = {
            name: [(str(label), str(value)) for label, value in figures]
            for name, figures in evidence.rows(found[world.group_a.pk])
        }
        b_rows = dict(evidence.rows(found[world.group_b.pk]))
        b_systems = {str(label): str(value) for label, value in b_rows["systems"]}

    assert list(rows) == ["production", "duties", "unity", "systems", "leadership"]
    assert rows["production"] == [
        ("Guarantee plans fulfilled", "1 / 2"),
        ("Campaign rank", "—"),
        ("Red flags won", "2"),
        ("Proposals made / adopted", "3 / 2"),
    ]
    assert rows["duties"] == [
        ("Union group leader in office", "yes"),
        ("Production group leader in office", "yes"),
        ("Production meetings held", "1"),
    ]
    assert rows["unity"] == [
        ("Welfare cases opened / resolved", "2 / 2"),
        ("Visits to members", "2"),
        ("Activists per member", "2 / 10 (20.0%)"),
    ]
    assert rows["systems"] == [
        ("Meetings held", "2"),
        ("Announced in advance", "50.0%"),
        ("Summarised", "50.0%"),
        ("Resolution reports overdue", "1 / 2"),
        ("Dues", rows["systems"][4][1]),
    ]
    # The amount's form is the next test's (it differs between databases).
    assert rows["systems"][4][1].startswith("78.1% of members paid in 3 months; 12.45")
    assert rows["leadership"] == [
        ("Attendance", "71.4%"),
        ("Open action items (overdue)", "3 (2)"),
    ]
    # Group B keeps no dues: it says so rather than showing zero.
    assert b_systems["Dues"] == "not recorded"
    assert b_systems["Summarised"] == "0.0%"


def test_the_evidence_kept_on_submission_reads_as_the_live_figures(world, charlie, records):
    """What ``save_assessment`` stores goes through JSON (the amount becomes text); the detail
    page shows it with ``rows`` as the form showed the live figures."""
    period = AssessmentPeriodFactory(federation=world.federation, starts_on=START, ends_on=END)
    ratings = dict.fromkeys(CRITERION_FIELDS, Rating.GOOD)
    assessment = services.save_assessment(
        period=period,
        group=world.group_a,
        user=charlie,
        data={**ratings, "proposed_class": GroupClass.GOOD},
        submit=True,
    )

    def shown(figures):
        with translation.override("en"):
            return [
                (name, [(str(label), str(value)) for label, value in items])
                for name, items in evidence.rows(figures)
            ]

    stored = Assessment.objects.get(pk=assessment.pk).evidence
    assert shown(stored) == shown(evidence.for_group(charlie, world.group_a, START, END))
    assert stored["meetings_held"] == 2
    assert stored["campaign_ranks"] == []


def test_one_group_gets_its_rank_in_each_campaign_of_the_period(world, fiona):
    campaign = CampaignFactory(
        factory=world.factory_a,
        name="無廢品競賽",
        starts_on=START,
        ends_on=END,
        groups=[world.group_a, world.group_a2],
    )
    rule = RuleFactory(campaign=campaign, kind=Kind.OUTPUT)
    first = RoundFactory(campaign=campaign, starts_on=START, ends_on=day(2025, 2, 15))
    last = RoundFactory(campaign=campaign, starts_on=day(2025, 2, 16), ends_on=END)
    # First round: A ahead; last round: 杜鳴舉's group ahead. The last round counts: A 2nd of 2.
    ScoreFactory(round=first, group=world.group_a, rule=rule, value=D(20))
    ScoreFactory(round=first, group=world.group_a2, rule=rule, value=D(10))
    ScoreFactory(round=last, group=world.group_a, rule=rule, value=D(10))
    ScoreFactory(round=last, group=world.group_a2, rule=rule, value=D(30))
    # A campaign whose only round ends after the period does not count.
    later = CampaignFactory(
        factory=world.factory_a,
        starts_on=day(2025, 4, 1),
        ends_on=day(2025, 4, 30),
        groups=[world.group_a],
    )
    RoundFactory(campaign=later)

    found = evidence.for_group(fiona, world.group_a, START, END)

    assert found["campaign_ranks"] == [{"campaign": "無廢品競賽", "round": 2, "rank": 2, "of": 2}]
    with translation.override("en"):
        production = dict(evidence.rows(found))["production"]
        shown = {str(label): str(value) for label, value in production}
    assert shown["Campaign rank"] == "無廢品競賽 round 2: 2 of 2"


def test_proposals_count_by_when_they_were_made(world, fiona):
    ProposalFactory(
        group=world.group_a,
        submitted_on=day(2025, 3, 31),
        status=Proposal.Status.SUBMITTED,
        authors=[world.leader_a],
    )
    ProposalFactory(
        group=world.group_a,
        submitted_on=day(2025, 4, 1),
        status=Proposal.Status.SUBMITTED,
        authors=[world.leader_a],
    )

    found = evidence.for_groups(fiona, [world.group_a.pk], START, END)[world.group_a.pk]

    # The last day of the period is in it; the day after is not.
    assert (found["proposals"], found["proposals_adopted"]) == (1, 0)


def test_the_dues_amount_is_shown_in_yuan_and_fen(world, fiona):
    # Three months, 9 of 10 paid each: 27 of 30 = 90.0%; 5.00 + 4.00 + 3.45 = 12.45 yuan.
    for month, amount in [(1, "5.00"), (2, "4.00"), (3, "3.45")]:
        dues_month(world.group_a, day(2025, month, 1), due=10, amount=amount)

    found = evidence.for_groups(fiona, [world.group_a.pk], START, END)[world.group_a.pk]

    with translation.override("en"):
        systems = dict(evidence.rows(found))["systems"]
        dues = {str(label): value for label, value in systems}["Dues"]
    assert dues == "90.0% of members paid in 3 months; 12.45 yuan"


def test_members_not_marked_yet_count_as_owing(world, fiona):
    """A month the group has not closed: its unmarked members on the rolls owe it still, so the
    rate is not that of the marked alone (6 marked paid of 10 on the rolls: 60.0%, not 100%)."""
    from tests.factories import MemberFactory as Make

    for _ in range(9):
        Make(group=world.group_a, joined_union_on=day(2020, 1, 1))
    dues_month(world.group_a, day(2025, 2, 1), due=6, paid=6, amount="2.40")
    found = evidence.for_groups(fiona, [world.group_a.pk], START, END)[world.group_a.pk]
    assert (found["dues_months"], found["dues_paid_pct"], found["dues_amount"]) == (
        1,
        60.0,
        D("2.40"),
    )
