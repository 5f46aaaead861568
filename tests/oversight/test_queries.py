"""Query counts of the oversight pages and the dashboards, pinned, and the same for 2 rows as for
50.

Each page is loaded once with 2 rows of what it lists and once with 50; both loads must run the
pinned number of queries. A page that grows a query per row (per group, per assessment, per
factory) fails here before it is slow: the seed's city has over 5,000 groups.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from competitions.models import Kind
from oversight.models import AssessmentPeriod, Experience, GroupClass
from tests.competitions.factories import (
    CampaignFactory,
    GuaranteePlanFactory,
    ParticipantFactory,
    PledgeFactory,
    RedFlagAwardFactory,
    RoundFactory,
    RuleFactory,
    ScoreFactory,
    record_progress,
)
from tests.factories import (
    FactoryUnionFactory,
    MemberFactory,
    UnionGroupFactory,
    WorkshopUnionFactory,
)
from tests.helpers import assert_flat_queries
from tests.meetings.factories import ActionItemFactory, MeetingFactory
from tests.oversight.factories import (
    AssessmentFactory,
    AssessmentPeriodFactory,
    ExperienceFactory,
    dues_month,
)
from tests.welfare.factories import WelfareCaseFactory

DAY = datetime.timedelta(days=1)
# EVIDENCE, the 14 grouped queries of oversight.evidence.for_groups: meetings' preparedness,
# production meetings, guarantee plans, red flags, proposals, welfare cases, their actions, the
# median days to resolve, members, roles, open action items, resolution reports, dues marked, and
# the members who owed them.
CLASSES = [GroupClass.GOOD, GroupClass.AVERAGE, GroupClass.LAGGING]
DECIDED = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def _today():
    return timezone.localdate()


@pytest.fixture
def periods(world):
    """Three periods of the city: two closed, and the current one, open, around today (so that
    the meetings of the last weeks count in its evidence). The dashboards show the newest
    closed one, compared with the one before it."""
    older = AssessmentPeriodFactory(
        federation=world.federation,
        name="1951年下半年",
        starts_on=_today() - 480 * DAY,
        ends_on=_today() - 301 * DAY,
        status=AssessmentPeriod.Status.CLOSED,
    )
    before = AssessmentPeriodFactory(
        federation=world.federation,
        name="1952年上半年",
        starts_on=_today() - 300 * DAY,
        ends_on=_today() - 121 * DAY,
        status=AssessmentPeriod.Status.CLOSED,
    )
    now = AssessmentPeriodFactory(
        federation=world.federation,
        name="1952年下半年",
        starts_on=_today() - 120 * DAY,
        ends_on=_today() + 60 * DAY,
    )
    return SimpleNamespace(older=older, before=before, now=now)


def _assess(periods, group, i):
    """The group confirmed in the two closed periods (a class better in the later one, in
    turn), and confirmed, submitted or returned in the current one. Returns the assessment of
    the newest closed period."""
    group_class = CLASSES[i % 3]
    AssessmentFactory(
        period=periods.older,
        group=group,
        confirmed=True,
        proposed_class=CLASSES[(i + 1) % 3],
    )
    state = ("confirmed", "submitted", "returned")[i % 3]
    AssessmentFactory(period=periods.now, group=group, proposed_class=group_class, **{state: True})
    return AssessmentFactory(
        period=periods.before, group=group, confirmed=True, proposed_class=group_class
    )


# The home page of each role.


def test_it_shows_alices_dashboard_in_fixed_queries(
    alice_client, world, periods, django_assert_num_queries
):
    """One campaign runs, with alice's group and the rows as the other groups taking part, each
    scored; alice's group leads it. Her group has its next meeting, an open action item, a plan
    with a pledge, a welfare follow-up due and a confirmed class."""
    campaign = CampaignFactory(factory=world.factory_a, groups=[world.group_a])
    rule = RuleFactory(campaign=campaign, kind=Kind.OUTPUT)
    round_ = RoundFactory(campaign=campaign)
    ScoreFactory(round=round_, rule=rule, group=world.group_a, value=Decimal(100))
    MeetingFactory(group=world.group_a, title="下週的小組會")
    plan = GuaranteePlanFactory(group=world.group_a, indicators=[Kind.OUTPUT, Kind.SCRAP])
    PledgeFactory(plan=plan, member=world.leader_a, kept=True)
    record_progress(world.group_a, Kind.OUTPUT, plan.starts_on, 40)
    ActionItemFactory(meeting=MeetingFactory(group=world.group_a, held=True))
    WelfareCaseFactory(member=world.leader_a, follow_up_on=_today() - DAY)
    AssessmentFactory(period=periods.before, group=world.group_a, confirmed=True, proposed_class=1)
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            group = UnionGroupFactory(workshop=world.workshop_a2)
            ParticipantFactory(campaign=campaign, group=group)
            ScoreFactory(round=round_, rule=rule, group=group, value=Decimal(len(made)))
            made.append(group)
            added.append(group)
        return added

    def shown(group):
        # The rank among all the groups of the campaign.
        return f"1 of {len(made) + 1}" if group is made[-1] else None

    # 1 session, 2 user, 3 alice's scope with its units, 4 the group with workshop and factory,
    # 5 the group's plan of the month with its pledges counted, 6 its indicators with their
    # actuals, 7 the latest confirmed assessment with its period, 8 the next meeting, 9 its
    # agenda, 10 the open action items with owner and meeting, 11 the follow-ups due with their
    # member (alice leads the group: she reads its cases), 12 the latest round begun of each
    # running campaign, 13 its standings version, 14 the standings of the one campaign running,
    # when not kept from before (two queries per campaign: a group is in a few).
    response = assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        reverse("home"),
        add_rows=add_rows,
        rows_now=0,
        pinned=14,
        shown=shown,
    )
    content = response.content.decode()
    assert "下週的小組會" in content and campaign.name in content
    assert response.context["latest_assessment"].period == periods.before


def test_it_shows_charlies_dashboard_in_fixed_queries(
    charlie_client, world, periods, django_assert_num_queries
):
    """The rows are factory A's groups, assessed in both periods; some have met this month."""
    made = [world.group_a, world.group_a2]
    for i, group in enumerate(made):
        _assess(periods, group, i)

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            group = UnionGroupFactory(workshop=(world.workshop_a, world.workshop_a2)[i % 2])
            _assess(periods, group, i)
            if i % 4 == 0:
                MeetingFactory(group=group, held=True, scheduled_on=_today().replace(day=1))
            made.append(group)
            added.append(group)
        return added

    def shown(group):
        return f"{len(made)} active groups" if group is made[-1] else None

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the periods, 5-12 the four lists of
    # "who is not doing what", each its first groups with workshop and its count, 13 meetings
    # held per month, 14-15 the distribution by workshop in the newest closed period and in the
    # one before (the totals of both are theirs added up: no query), 16 the trend over the
    # periods, 17 the active groups counted, 18 the rationalization proposals' figures.
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("home"),
        add_rows=add_rows,
        rows_now=2,
        pinned=18,
        shown=shown,
    )
    assert response.context["report"]["total"]["assessed"] == 50


def test_it_shows_fionas_dashboard_in_fixed_queries(
    fiona_client, world, periods, django_assert_num_queries
):
    """The rows are groups of the city, each of a factory of its own, assessed in both
    periods; a third of them lagging. A city campaign runs with its red flag awarded."""
    campaign = CampaignFactory(city=True, federation=world.federation, groups=[world.group_b])
    RedFlagAwardFactory(round=RoundFactory(campaign=campaign), group=world.group_b)
    made = []

    def add_rows(n):
        # Not the figures kept by the load before (pages.home keeps them for 30 seconds).
        cache.clear()
        added = []
        for _ in range(n):
            i = len(made)
            factory = FactoryUnionFactory(federation=world.federation, name=f"第{i + 1:02d}廠")
            group = UnionGroupFactory(workshop=WorkshopUnionFactory(factory=factory))
            made.append(_assess(periods, group, i))
            added.append(made[-1])
        return added

    def shown(assessment):
        # The lagging groups confirmed in the period shown (the one before, closed), by factory.
        return assessment.group.name if assessment.group.name in _lagging_shown() else None

    def _lagging_shown():
        before = periods.before
        return [
            a.group.name
            for a in before.assessments.filter(confirmed_class=GroupClass.LAGGING)
            .select_related("group__workshop__factory")
            .order_by("group__workshop__factory__name", "group__name", "pk")[:20]
        ]

    # 1 session, 2 user, 3 fiona's scope with its units, 4 the periods, 5 the running campaigns
    # with the holder of each one's red flag, 6-7 the distribution by factory in the newest
    # closed period and in the one before (the totals of both are theirs added up: no query), 8
    # the trend over the periods, 9 the first lagging groups with workshop and factory, 10 their
    # count, 11 the assessments awaiting review counted. These are the figures computed; the
    # page keeps them for 30 seconds (pages.home): each load here computes them afresh.
    response = assert_flat_queries(
        django_assert_num_queries,
        fiona_client,
        reverse("home"),
        add_rows=add_rows,
        rows_now=0,
        pinned=11,
        shown=shown,
    )
    assert response.context["period"] == periods.before
    assert len(response.context["report"]["units"]) == 50
    assert response.context["lagging"]["count"] == 16


# The pages of the assessments.


def test_it_lists_the_assessments_in_fixed_queries(
    charlie_client, world, periods, django_assert_num_queries
):
    made = [world.group_a, world.group_a2]
    for i, group in enumerate(made):
        _assess(periods, group, i)

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            group = UnionGroupFactory(workshop=(world.workshop_a, world.workshop_a2)[i % 2])
            if i % 4:
                _assess(periods, group, i)
            made.append(group)
            added.append(group)
        return added

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the periods, 5 count of the groups
    # (paginator), 6 the page of groups with workshop and factory and their assessment of the
    # period annotated, 7 the workshops of the filter.
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("oversight:assessment_list"),
        add_rows=add_rows,
        rows_now=2,
        pinned=7,
        shown=lambda group: f">{group.name}</a>",
    )
    assert response.context["page"].paginator.count == 50


def _group_records(group, period):
    """``add_rows`` for one group's records of the period: each row a member, with a meeting
    held, an open action item and dues of a month."""
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            member = MemberFactory(group=group)
            meeting = MeetingFactory(
                group=group, held=True, scheduled_on=period.starts_on + i * DAY
            )
            ActionItemFactory(meeting=meeting, owner=member)
            month = (period.starts_on.replace(day=1) + 40 * i * DAY).replace(day=1)
            if month <= period.ends_on and not group.dues_payments.filter(month=month).exists():
                dues_month(group, month)
            made.append(member)
            added.append(member)
        return added

    return made, add_rows


def test_it_shows_the_assessment_form_in_fixed_queries(
    charlie_client, world, periods, django_assert_num_queries
):
    """The evidence beside the criteria counts the group's records of the period: the rows are
    meetings held with their action items, and the members."""
    period = periods.now
    made, add_rows = _group_records(world.group_a, period)

    def shown(member):
        # The meetings held, as the evidence counts them.
        return (
            f'>Meetings held</dt><dd class="col-5 mb-1">{len(made)}</dd>'
            if member is made[-1]
            else None
        )

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the group with workshop and factory,
    # 5 the period, 6 the group's assessment of it, 7-20 the evidence (EVIDENCE), 21 the rounds
    # of the campaigns the group was in during the period (none: no standings).
    assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("oversight:assess", args=[period.pk, world.group_a.pk]),
        add_rows=add_rows,
        rows_now=0,
        pinned=21,
        shown=shown,
    )


def test_it_shows_an_assessment_in_fixed_queries(
    charlie_client, world, periods, django_assert_num_queries
):
    """A draft: its evidence is counted from the records as the page is shown."""
    period = periods.now
    assessment = AssessmentFactory(period=period, group=world.group_a, production=1)
    made, add_rows = _group_records(world.group_a, period)

    def shown(member):
        return (
            f'>Meetings held</dt><dd class="col-5 mb-1">{len(made)}</dd>'
            if member is made[-1]
            else None
        )

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the assessment with period, group,
    # workshop, factory, and who submitted and reviewed it, 5-18 the evidence (EVIDENCE), 19 the
    # rounds of the campaigns of the period, 20 the assessment's history with its users.
    assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        assessment.get_absolute_url(),
        add_rows=add_rows,
        rows_now=0,
        pinned=20,
        shown=shown,
    )


def test_it_prints_the_booklet_in_fixed_queries(bob_client, world, django_assert_num_queries):
    """Bob reads the write-ups the federation selected, of groups of every factory; a proposed
    one of his own group is not in it."""
    ExperienceFactory(group=world.group_b, title="還在審的經驗")
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            factory = (world.factory_a, world.factory_b)[i % 2]
            group = UnionGroupFactory(workshop=WorkshopUnionFactory(factory=factory))
            experience = ExperienceFactory(
                group=group, status=Experience.Status.SELECTED, decided_at=DECIDED, position=i
            )
            made.append(experience)
            added.append(experience)
        return added

    # 1 session, 2 user, 3 bob's scope with its units, 4 the selected write-ups with group,
    # workshop, factory and federation.
    response = assert_flat_queries(
        django_assert_num_queries,
        bob_client,
        reverse("oversight:booklet"),
        add_rows=add_rows,
        rows_now=0,
        pinned=4,
        shown=lambda experience: f"<h3>{experience.title}</h3>",
    )
    assert "還在審的經驗" not in response.content.decode()


# The back office.


def test_it_lists_the_assessments_in_the_back_office_in_fixed_queries(
    fiona_client, world, periods, django_assert_num_queries
):
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            factory = FactoryUnionFactory(federation=world.federation, name=f"第{i + 1:02d}廠")
            group = UnionGroupFactory(workshop=WorkshopUnionFactory(factory=factory))
            assessment = _assess(periods, group, i)
            made.append(assessment)
            added.append(assessment)
        return added

    # 1 session, 2 user, 3 fiona's scope with its units, 4 the periods of the period filter, 5 the
    # factories of the factory filter (those of the listed rows), 6 count of the rows filtered,
    # 7-8 fiona's permissions (user and group), 9 the page of assessments with group, workshop,
    # factory and period; 10-11 the savepoint around the changelist's queries, in the test's
    # transaction only (groups.admin_filters.SafeChangelistMixin). No full count
    # (show_full_result_count off), no workshop query until a factory is chosen.
    url = reverse("admin:oversight_assessment_changelist") + f"?period__id__exact={periods.now.pk}"
    response = assert_flat_queries(
        django_assert_num_queries,
        fiona_client,
        url,
        add_rows=add_rows,
        rows_now=0,
        pinned=11,
        shown=lambda assessment: assessment.group.name,
    )
    assert len(response.context["cl"].result_list) == 50


def test_it_shows_the_report_in_fixed_queries(
    fiona_client, world, periods, django_assert_num_queries
):
    """Each row a group of a factory of its own, assessed in both periods: the report lists
    50 factories with their change."""
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            factory = FactoryUnionFactory(federation=world.federation, name=f"第{i + 1:02d}廠")
            group = UnionGroupFactory(workshop=WorkshopUnionFactory(factory=factory))
            made.append(_assess(periods, group, i))
            added.append(made[-1])
        return added

    # 1 session, 2 user, 3 fiona's scope with its units, 4 the periods, 5-6 fiona's permissions
    # (user and group), 7-8 the distribution by factory in the period and in the one before (the
    # totals of both are theirs added up: no query), 9 the trend over the periods.
    response = assert_flat_queries(
        django_assert_num_queries,
        fiona_client,
        reverse("admin:oversight_assessment_report") + f"?period={periods.now.pk}",
        add_rows=add_rows,
        rows_now=0,
        pinned=9,
        shown=lambda a: f'<tr data-unit="{a.group.workshop.factory.name}">',
    )
    assert len(response.context["units"]) == 50
