"""The weekly rows for factory and workshop staff: a union group leader's term ends within 30
days (or ended with no one elected), and the digest "who is not doing what" (the counts of their
home page's lists). The right staff and only they, in their language, once a week."""

import datetime

import pytest
from django.core import mail

from groups.models import Role
from meetings.models import Meeting
from notifications.models import Notification
from notifications.services import record
from pages.reminders import not_doing_digest
from tests.factories import MemberFactory, RoleFactory
from tests.notifications.conftest import mail_settings, meeting, run_reminders

DAY = datetime.timedelta(days=1)


def told(kind):
    notices = Notification.objects.filter(kind=kind).select_related("user")
    return sorted((notice.user.username, notice.text) for notice in notices)


def year_before(day):
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else day - 365 * DAY


@pytest.fixture
def terms(world, people, today):
    """Group A's leader was elected a year ago less 10 days; group A2's leader's end is
    recorded 5 days ahead; group B's leader was elected a year and 20 days ago and no one since
    (but factory B has no staff here)."""
    Role.objects.filter(group=world.group_a).update(started_on=year_before(today) + 10 * DAY)
    RoleFactory(
        member=MemberFactory(group=world.group_a2, name="杜鳴舉"),
        started_on=today - 300 * DAY,
        ended_on=today + 5 * DAY,
    )
    Role.objects.filter(group=world.group_b).update(started_on=year_before(today) - 20 * DAY)


def test_a_leaders_term_ending_reaches_the_staff_above_the_group_only(world, people, terms, today):
    run_reminders()
    run_reminders()
    a_ends = (today + 10 * DAY).isoformat()
    a2_ends = (today + 5 * DAY).isoformat()
    assert told("leader_term_ending") == sorted(
        [
            (
                "charlie",
                f"杜鳴舉小組: the term of the union group leader 杜鳴舉 ends on {a2_ends}: "
                "prepare the election.",
            ),
            (
                "charlie",
                f"韓潤小組: the term of the union group leader 韓潤 ends on {a_ends}: "
                "prepare the election.",
            ),
            (
                "walter",
                f"韓潤小組: the term of the union group leader 韓潤 ends on {a_ends}: "
                "prepare the election.",
            ),
        ]
    )
    monday = Notification.objects.filter(kind="leader_term_ending").first().day
    assert monday.weekday() == 0 and today - 6 * DAY <= monday <= today


def test_a_term_over_without_an_election_says_so_in_the_staffs_language(world, people, today):
    mail_settings(world.factory_a, "zh-hant")
    Role.objects.filter(group=world.group_a).update(started_on=year_before(today) - 3 * DAY)
    run_reminders()
    ended = (today - 3 * DAY).isoformat()
    text = (
        f"韓潤小組: the term of the union group leader 韓潤 ended on {ended} "
        "and no one has been elected since."
    )
    assert ("walter", text) in told("leader_term_ending")
    body = next(m.body for m in mail.outbox if m.to == ["walter@example.org"])
    assert f"組長韓潤的任期已於{ended}屆滿" in body


def test_a_fresh_term_or_a_past_leader_is_not_mentioned(world, people, today):
    Role.objects.update(started_on=today - 100 * DAY)
    RoleFactory(
        member=MemberFactory(group=world.group_a2),
        started_on=today - 400 * DAY,
        ended_on=today - 2 * DAY,  # ended and replaced: history, not a term running out
    )
    run_reminders()
    assert told("leader_term_ending") == []


def test_the_weekly_digest_tells_each_staff_member_their_own_counts(world, people, today):
    # Group A met this month; A2 and B did not. Factory B has no staff account.
    meeting(world.group_a, today.replace(day=1), status=Meeting.Status.HELD)
    run_reminders()
    run_reminders()
    digest = told("not_doing")
    assert [name for name, _text in digest] == ["charlie", "walter"]
    charlie, walter = (text for _name, text in digest)
    assert charlie.startswith("This week in 太原機器廠: 1 groups have not met this month, 2 have")
    assert walter.startswith("This week in 金工: 0 groups have not met this month, 1 have")
    assert Notification.objects.filter(kind="not_doing", user=people.walter).count() == 1


def test_the_digest_is_computed_once_a_week_per_account(
    world, people, today, django_assert_max_num_queries
):
    dues = not_doing_digest(today)
    assert sorted(due.users[0].username for due in dues) == ["charlie", "walter"]
    record(dues, day=today)
    with django_assert_max_num_queries(2):
        assert not_doing_digest(today) == []


def test_a_digest_in_chinese_by_mail(world, people, today):
    mail_settings(world.factory_a, "zh-hans")
    run_reminders()
    body = next(m.body for m in mail.outbox if m.to == ["walter@example.org"])
    assert "本周金工：" in body
    assert not [m for m in mail.outbox if m.to[0] in {"alice@example.org", "fiona@example.org"}]
