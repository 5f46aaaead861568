"""The weekly rows (a guarantee plan without progress for two weeks to the leader; a group
without its leaders to the staff above it) and the daily one of the federation (assessments
awaiting its review): the right people, only they, once a week where weekly."""

import datetime

from groups.models import Role
from notifications.models import Notification
from tests.competitions.factories import (
    GuaranteePlanFactory,
    IndicatorFactory,
    ProgressEntryFactory,
)
from tests.factories import MemberFactory, RoleFactory
from tests.notifications.conftest import run_reminders
from tests.oversight.factories import AssessmentFactory, AssessmentPeriodFactory

DAY = datetime.timedelta(days=1)


def told(kind):
    notices = Notification.objects.filter(kind=kind).select_related("user")
    return sorted((notice.user.username, notice.text) for notice in notices)


def test_a_plan_without_progress_for_two_weeks_reaches_the_leader_once_a_week(world, people, today):
    stale = GuaranteePlanFactory(
        group=world.group_a, starts_on=today - 30 * DAY, ends_on=today + 5 * DAY
    )
    ProgressEntryFactory(indicator=IndicatorFactory(plan=stale), on=today - 15 * DAY)
    kept = GuaranteePlanFactory(
        group=world.group_b, starts_on=today - 30 * DAY, ends_on=today + 5 * DAY
    )
    ProgressEntryFactory(indicator=IndicatorFactory(plan=kept), on=today - 3 * DAY)
    GuaranteePlanFactory(group=world.group_a2, starts_on=today - 5 * DAY, ends_on=today + DAY)
    run_reminders()
    run_reminders()
    assert told("plan_without_progress") == [
        ("alice", "韓潤小組: no progress entered on the guarantee plan for 14 days.")
    ]
    monday = Notification.objects.get(kind="plan_without_progress").day
    assert monday.weekday() == 0 and today - 6 * DAY <= monday <= today


def test_a_group_without_its_leaders_reaches_the_staff_above_it(world, people, today):
    # group A has both; group A2 has neither; group B has its union leader only.
    RoleFactory(member=MemberFactory(group=world.group_a), kind=Role.Kind.PRODUCTION_LEADER)
    run_reminders()
    # Group B's factory has no staff account here; walter's workshop has only group A, which
    # lacks nothing; the group accounts hear nothing of this.
    assert told("group_without_leader") == [("charlie", "杜鳴舉小組 has no union group leader.")]


def test_assessments_awaiting_review_reach_the_federation_only(world, people, today):
    period = AssessmentPeriodFactory(federation=world.federation, name="1952年下半年")
    AssessmentFactory(group=world.group_a, period=period, submitted=True)
    AssessmentFactory(group=world.group_b, period=period, submitted=True)
    AssessmentFactory(group=world.group_a2, period=period)  # a draft: not yet theirs
    run_reminders()
    assert told("assessments_waiting") == [
        ("fiona", "2 assessments of 1952年下半年 await your review.")
    ]
