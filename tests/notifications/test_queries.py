"""Finding what is due costs a fixed number of queries whatever the number of groups: each
finder is run on a world with one group's records, then with twenty groups' more."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competitions import reminders as competition_reminders
from meetings import reminders as meeting_reminders
from meetings.models import AgendaItem
from notifications import reminders as organisation_reminders
from notifications.services import record
from oversight import reminders as oversight_reminders
from tests.factories import MemberFactory, RoleFactory, UnionGroupFactory, scoped_user
from tests.notifications.conftest import action_item, meeting, resolution, welfare_case
from welfare import reminders as welfare_reminders

DAY = datetime.timedelta(days=1)
FINDERS = [
    meeting_reminders.meetings_announced,
    meeting_reminders.action_items_due,
    meeting_reminders.meetings_unannounced,
    meeting_reminders.resolution_reports_due,
    welfare_reminders.follow_ups_due,
    competition_reminders.plans_without_progress,
    organisation_reminders.groups_without_leaders,
    organisation_reminders.leader_terms_ending,
    oversight_reminders.assessments_awaiting_review,
]


def _group_with_records(world, charlie, today, n):
    group = UnionGroupFactory(workshop=world.workshop_a2, name=f"第{n}號小組")
    leader = MemberFactory(group=group)
    # Elected a year ago less ten days: the term ends within 30 days.
    RoleFactory(member=leader, started_on=today.replace(year=today.year - 1) + 10 * DAY)
    scoped_user(f"leader{n}", group, member=leader)
    action_item(group, leader, today, today - 3 * DAY)
    meeting(group, today + DAY)
    announced = meeting(group, today + 3 * DAY, status="announced", announced_on=today)
    AgendaItem.objects.create(meeting=announced, title="討論保證計劃")
    welfare_case(group, leader, today)
    resolution(world.factory_a, charlie, today, [group])


def _counts(today):
    counts = {}
    for finder in FINDERS:
        with CaptureQueriesContext(connection) as queries:
            found = finder(today)
        counts[finder.__name__] = (len(queries), bool(found))
    return counts


@pytest.mark.parametrize("more", [20])
def test_each_finder_costs_the_same_for_one_group_or_many(world, people, today, more):
    _group_with_records(world, people.charlie, today, 0)
    small = _counts(today)
    for n in range(1, more + 1):
        _group_with_records(world, people.charlie, today, n)
    assert _counts(today) == small


def _second_run(today):
    dues = [due for finder in FINDERS for due in finder(today)]
    record(dues, day=today)
    with CaptureQueriesContext(connection) as queries:
        assert record(dues, day=today) == 0
    return len(queries), sum(len(due.users) for due in dues)


def test_a_run_that_finds_nothing_new_costs_the_same_for_few_readers_or_many(world, people, today):
    _group_with_records(world, people.charlie, today, 0)
    small, few = _second_run(today)
    for n in range(1, 21):
        _group_with_records(world, people.charlie, today, n)
    large, many = _second_run(today)
    assert many > 10 * few
    assert large == small <= 4
