"""Each row of the reminders table: the right people get it, only they, in their language; once
a person, kind, record and day however often the command runs; quiet at night and past the
weekly cap; nothing of archived groups or members who left."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.models import Member, Role, UnionGroup
from meetings.models import ActionItem, AgendaItem, Meeting
from notifications.models import Email, Notification, Preference
from notifications.services import Due, record
from tests.factories import MemberFactory
from tests.notifications.conftest import (
    action_item,
    mail_settings,
    meeting,
    resolution,
    run_reminders,
    welfare_case,
)

DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.usefixtures("led_groups")


def told(kind=None):
    """``{username: notice text}`` of the notices made."""
    notices = Notification.objects.select_related("user")
    if kind:
        notices = notices.filter(kind=kind)
    return {notice.user.username: notice.text for notice in notices}


def mailed():
    """``{address: (subject, body)}`` of the e-mails sent."""
    return {message.to[0]: (message.subject, message.body) for message in mail.outbox}


@pytest.fixture
def languages(world, people):
    """Factory A writes in Simplified Chinese; alice chose Traditional for herself."""
    mail_settings(world.factory_a, "zh-hans")
    Preference.objects.create(user=people.alice, language="zh-hant")


def test_it_tells_an_action_items_owner_and_leader_in_their_language(
    world, people, languages, today
):
    action_item(world.group_a, people.plain, today - DAY, today - 5 * DAY)
    run_reminders()
    assert set(told()) == {"alice", "lisi"}
    sent = mailed()
    assert set(sent) == {"alice@example.org", "lisi@example.org"}
    subject, body = sent["alice@example.org"]
    assert "件事" in subject and "逾期" not in subject
    assert "「修好三號車床」" in body and "未完成" in body  # zh-hant: overdue, not done
    subject, body = sent["lisi@example.org"]
    assert "件事要办" in subject  # zh-hans, the factory's language
    assert "修好三号车床" not in body and "修好三號車床" in body  # a record is as written


def test_it_says_nothing_of_done_items_archived_groups_or_members_who_left(world, people, today):
    done = action_item(world.group_a, people.plain, today, today - 5 * DAY)
    ActionItem.objects.filter(pk=done.pk).update(done_on=today)
    action_item(world.group_a, people.plain, today + 3 * DAY, today - 5 * DAY)  # not due yet
    left = action_item(world.group_a2, world.leader_a, today, today - 5 * DAY)
    Member.objects.filter(pk=people.plain.pk).update(
        status=Member.Status.LEFT, status_changed_on=today
    )
    action_item(world.group_a, people.plain, today, today - 5 * DAY)
    world.group_a2.archived_on = today
    world.group_a2.archive_reason = "合併"
    world.group_a2.save()
    run_reminders()
    assert told() == {}
    assert mail.outbox == []
    assert left.pk


def test_it_tells_the_leader_of_a_meeting_not_announced(world, people, today):
    meeting(world.group_a, today + DAY)
    meeting(world.group_a, today + 2 * DAY, status=Meeting.Status.ANNOUNCED, announced_on=today)
    meeting(world.group_a, today + 5 * DAY)  # days yet to announce it
    meeting(world.group_b, today + DAY)
    run_reminders()
    assert Notification.objects.filter(user=people.alice, kind="meeting_unannounced").count() == 1
    assert set(told("meeting_unannounced")) == {"alice", "bob"}
    assert "has not been announced" in told("meeting_unannounced")["alice"]


def test_it_tells_leaders_of_reports_due_and_the_issuer_who_still_owes(world, people, today):
    resolution(world.factory_a, people.charlie, today + 3 * DAY, [world.group_a, world.group_a2])
    resolution(world.factory_a, people.charlie, today + 4 * DAY, [world.group_a])  # not yet
    run_reminders()
    assert set(told("resolution_report")) == {"alice"}
    assert told("resolution_owing") == {
        "charlie": "2 groups still owe their report on the resolution “節約用料”."
    }
    assert set(mailed()) == {"alice@example.org", "charlie@example.org"}


def test_it_tells_only_a_cases_readers_of_a_follow_up(world, people, today):
    welfare_case(world.group_a, people.plain, today)
    welfare_case(world.group_b, world.leader_b, today - DAY)
    run_reminders()
    # alice's group: its leader, its welfare officer and the staff above it; not the plain
    # member whose case it is, nor the federation (figures, never names), nor bob.
    group_a = {"alice", "wangwu", "walter", "charlie"}
    assert set(told("welfare_follow_up")) == group_a | {"bob"}
    assert "李四" in told()["walter"]
    assert set(mailed()) == {f"{name}@example.org" for name in group_a | {"bob"}}
    assert "李四" not in mailed()["bob@example.org"][1]


def test_it_never_tells_an_outsider_even_if_asked_to(world, people, today):
    """Delivery asks the record's own ``visible_to``: a finder's mistake cannot leak."""
    item = action_item(world.group_a, people.plain, today, today - DAY)
    case = welfare_case(world.group_a, people.plain, today)
    dues = [
        Due("action_item", item, world.group_a.pk, "/", {}, [people.bob, people.alice]),
        Due("welfare_follow_up", case, world.group_a.pk, "/", {}, [people.lisi, people.fiona]),
    ]
    assert record(dues, day=today) == 1
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["alice"]


def test_it_sends_once_however_often_it_runs(world, people, today):
    action_item(world.group_a, people.plain, today, today - DAY)
    welfare_case(world.group_a, people.plain, today)
    for _ in range(3):
        run_reminders()
    assert Notification.objects.count() == 6  # alice ×2, lisi, wangwu, walter, charlie
    assert len(mail.outbox) == 5  # one digest each
    assert Email.objects.filter(status=Email.Status.SENT).count() == 5


def test_it_mails_nothing_outside_the_factorys_window(world, people, today):
    from django.utils import timezone

    hour = timezone.localtime().hour
    mail_settings(world.factory_a, hours=(hour + 1, 24) if hour < 12 else (0, hour))
    action_item(world.group_a, people.plain, today, today - DAY)
    run_reminders()
    assert set(told()) == {"alice", "lisi"}  # the site shows them at once
    assert mail.outbox == []
    assert not Email.objects.exists()


def test_at_once_is_one_e_mail_each_within_the_weekly_cap(world, people, today, settings):
    settings.NOTIFICATIONS_WEEKLY_CAP = 2
    Preference.objects.create(user=people.alice, delivery=Preference.Delivery.AT_ONCE)
    for days in range(3):
        action_item(world.group_a, people.plain, today - days * DAY, today - 9 * DAY)
    run_reminders()
    run_reminders()
    to_alice = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert len(to_alice) == 2
    assert Notification.objects.filter(user=people.alice).count() == 3


def test_a_muted_kind_is_not_mailed(world, people, today):
    Preference.objects.create(user=people.alice, muted_kinds=["action_item"])
    action_item(world.group_a, people.plain, today, today - DAY)
    run_reminders()
    assert set(told()) == {"alice", "lisi"}
    assert set(mailed()) == {"lisi@example.org"}


def test_an_at_once_e_mail_unsubscribes_from_its_kind_only(world, people, today):
    Preference.objects.create(user=people.alice, delivery=Preference.Delivery.AT_ONCE)
    action_item(world.group_a, people.plain, today, today - DAY)
    run_reminders()
    (message,) = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    link = message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    from django.test import Client

    assert Client().post(link).status_code == 200
    assert Preference.objects.get(user=people.alice).muted_kinds == ["action_item"]


def test_an_announced_meeting_reaches_every_account_of_the_group_at_once(
    world, people, languages, today
):
    announced = meeting(
        world.group_a,
        today + 3 * DAY,
        status=Meeting.Status.ANNOUNCED,
        announced_on=today,
        announced_by=people.alice,
    )
    AgendaItem.objects.create(meeting=announced, title="討論保證計劃", position=1)
    AgendaItem.objects.create(meeting=announced, title="選舉宣傳幹事", position=2)
    meeting(world.group_b, today + 3 * DAY, status=Meeting.Status.ANNOUNCED, announced_on=today)
    run_reminders()
    run_reminders()
    # alice announced it; bob's group's meeting is his.
    assert set(told("meeting_announced")) == {"lisi", "wangwu", "bob"}
    sent = [m for m in mail.outbox if m.to == ["lisi@example.org"]]
    assert len(sent) == 1  # at once, though lisi takes a digest, and once
    assert sent[0].subject == "工会小组：提醒"
    assert "討論保證計劃；選舉宣傳幹事" in sent[0].body and "车间" not in sent[0].body


def test_members_without_a_sign_in_get_the_meetings_notice_by_e_mail_in_the_factorys_language(
    world, people, languages, today
):
    MemberFactory(group=world.group_a, name="趙六", email="zhaoliu@example.org")
    MemberFactory(group=world.group_a, name="錢七")  # no address: the board's printed notice
    gone = MemberFactory(group=world.group_a, name="孫八", email="sunba@example.org")
    Member.objects.filter(pk=gone.pk).update(status=Member.Status.LEFT, status_changed_on=today)
    Member.objects.filter(pk=people.plain.pk).update(email="lisi-home@example.org")
    meeting(world.group_a, today + 3 * DAY, status=Meeting.Status.ANNOUNCED, announced_on=today)
    run_reminders()
    run_reminders()
    to_members = {m.to[0]: m for m in mail.outbox if not m.to[0].startswith(("alice", "wangwu"))}
    # lisi has a sign-in: told there (and mailed at lisi@), not twice.
    assert set(to_members) == {"zhaoliu@example.org", "lisi@example.org"}
    message = to_members["zhaoliu@example.org"]
    assert message.subject == "工会小组：提醒"
    assert "韓潤小組：会议“小組會”定于" in message.body
    # Its pages are behind a sign-in: the one link is the one that stops the e-mails.
    links = [word for word in message.body.split() if word.startswith("http")]
    assert links == [message.extra_headers["List-Unsubscribe"].strip("<>")]
    assert "/notifications/unsubscribe/" in links[0]


def test_a_notice_made_at_night_is_not_mailed_to_who_has_since_lost_sight_of_it(
    world, people, today
):
    hour = timezone.localtime().hour
    closed = mail_settings(world.factory_a, hours=(hour + 1, 24) if hour < 12 else (0, hour))
    welfare_case(world.group_a, people.plain, today)
    run_reminders()
    assert "wangwu" in told("welfare_follow_up") and mail.outbox == []
    # Before the window opens, wangwu is no longer the group's welfare officer.
    Role.objects.filter(member=people.officer).update(ended_on=today)
    closed.window_starts, closed.window_ends = 0, 24
    closed.save()
    run_reminders()
    assert "wangwu@example.org" not in mailed()
    assert {"alice@example.org", "walter@example.org", "charlie@example.org"} <= set(mailed())
    # Nor does the notice in the site show the case to him.
    client = Client()
    client.force_login(people.wangwu)
    assert "李四" not in client.get(reverse("notifications:list")).content.decode()


def test_a_member_whose_sign_in_was_disabled_is_mailed_as_one_without(world, people, today):
    Member.objects.filter(pk=people.plain.pk).update(email="lisi-home@example.org")
    people.lisi.is_active = False
    people.lisi.save(update_fields=["is_active"])
    meeting(world.group_a, today + 3 * DAY, status=Meeting.Status.ANNOUNCED, announced_on=today)
    run_reminders()
    assert "lisi" not in told("meeting_announced")
    assert "lisi-home@example.org" in mailed()


def test_a_group_archived_before_the_window_opened_is_heard_of_no_more(world, people, today):
    hour = timezone.localtime().hour
    closed = mail_settings(world.factory_a, hours=(hour + 1, 24) if hour < 12 else (0, hour))
    action_item(world.group_a, people.plain, today - DAY, today - 5 * DAY)
    run_reminders()
    assert "alice" in told("action_item") and mail.outbox == []
    UnionGroup.objects.filter(pk=world.group_a.pk).update(archived_on=today, archive_reason="合併")
    closed.window_starts, closed.window_ends = 0, 24
    closed.save()
    run_reminders()
    assert not {"alice@example.org", "lisi@example.org"} & set(mailed())
