"""The notices made at once, where the write happens: a report up answered reaches its sender,
an assessment returned or confirmed reaches the staff who assessed it; only they, in their
language, once the write commits (never if it rolls back), the e-mail sent by the background
task, and never to someone who can no longer see the record."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import GroupReport
from notifications.models import Email, Notification, Preference
from oversight import services as oversight_services
from oversight.models import Assessment
from tests.notifications.conftest import mail_settings, run_reminders
from tests.oversight.factories import AssessmentFactory, AssessmentPeriodFactory


def told():
    notices = Notification.objects.select_related("user")
    return {(notice.user.username, notice.kind): notice.text for notice in notices}


def report(world, people):
    return meeting_services.group_report_send(
        group=world.group_a,
        user=people.alice,
        kind=GroupReport.Kind.OPINION,
        subject="夜班太長",
        text="大家希望調整夜班。",
    )


def test_an_answered_report_reaches_its_sender_alone_in_her_language(
    world, people, django_capture_on_commit_callbacks
):
    mail_settings(world.factory_a, "zh-hans")
    Preference.objects.create(user=people.alice, language="zh-hant")
    sent = report(world, people)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting_services.group_report_answer(report=sent, user=people.charlie, answer="已調整。")
    assert len(callbacks) == 1
    assert list(told()) == [("alice", "report_answered")]
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    message = mail.outbox[0]
    assert "工會已答覆你的情況反映「夜班太長」" in message.body  # zh-hant, her own choice
    assert f"http://testserver{sent.get_absolute_url()}" in message.body
    assert Email.objects.get().status == Email.Status.SENT


def test_nothing_is_told_of_an_answer_that_rolled_back(
    world, people, django_capture_on_commit_callbacks
):
    sent = report(world, people)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        meeting_services.group_report_answer(report=sent, user=people.charlie, answer="好")
        raise RuntimeError
    assert told() == {} and mail.outbox == []


def test_a_report_whose_sender_left_tells_nobody(world, people, django_capture_on_commit_callbacks):
    sent = report(world, people)
    people.alice.is_active = False
    people.alice.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.group_report_answer(report=sent, user=people.charlie, answer="好")
    assert told() == {} and mail.outbox == []


@pytest.fixture
def period(world):
    return AssessmentPeriodFactory(federation=world.federation, name="1952年下半年")


def test_a_returned_assessment_reaches_the_staff_who_assessed_it(
    world, people, period, django_capture_on_commit_callbacks
):
    mail_settings(world.factory_a, "zh-hans")
    assessment = AssessmentFactory(
        group=world.group_a,
        period=period,
        submitted=True,
        assessed_by=people.walter,
        submitted_by=people.charlie,
    )
    with django_capture_on_commit_callbacks(execute=True):
        oversight_services.return_assessment(
            assessment=assessment, user=people.fiona, reason="缺少會議記錄"
        )
    assert set(told()) == {("walter", "assessment_returned"), ("charlie", "assessment_returned")}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "charlie@example.org",
        "walter@example.org",
    ]
    body = mail.outbox[0].body
    assert "1952年下半年的评定已退回给你。理由：缺少會議記錄" in body  # the factory's zh-hans


def test_confirmations_in_bulk_reach_each_assessor_and_only_them(
    world, people, period, django_capture_on_commit_callbacks
):
    mine = AssessmentFactory(
        group=world.group_a, period=period, submitted=True, assessed_by=people.walter
    )
    # An assessor who cannot see the group (another factory's account) hears nothing of it.
    AssessmentFactory(group=world.group_a2, period=period, submitted=True, assessed_by=people.bob)
    AssessmentFactory(group=world.group_b, period=period, assessed_by=people.bob)  # a draft
    with django_capture_on_commit_callbacks(execute=True):
        count = oversight_services.confirm_many(
            queryset=Assessment.objects.all(), user=people.fiona
        )
    assert count == 2
    assert told() == {
        ("walter", "assessment_confirmed"): (
            f"韓潤小組: the assessment of 1952年下半年 was confirmed, class {mine.proposed_class}."
        )
    }
    assert [message.to for message in mail.outbox] == [["walter@example.org"]]


@pytest.mark.usefixtures("led_groups")
def test_no_at_once_mail_outside_the_window_until_send_reminders_runs(
    world, people, period, django_capture_on_commit_callbacks
):
    factory_settings = mail_settings(world.factory_a, "zh-hans", hours=(23, 24))
    assessment = AssessmentFactory(
        group=world.group_a, period=period, submitted=True, assessed_by=people.walter
    )
    hour = timezone.localtime().hour
    if hour == 23:
        pytest.skip("the window is open at this hour")
    with django_capture_on_commit_callbacks(execute=True):
        oversight_services.confirm(assessment=assessment, user=people.fiona)
    assert set(told()) == {("walter", "assessment_confirmed")} and mail.outbox == []
    factory_settings.window_starts, factory_settings.window_ends = 0, 24
    factory_settings.save()
    run_reminders()
    run_reminders()
    assert [message.to for message in mail.outbox] == [["walter@example.org"]]
