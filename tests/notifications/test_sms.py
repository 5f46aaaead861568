"""Text messages behind the same interface as e-mail: a member without a sign-in who has a phone
and no address gets the meeting's notice by text, in the factory's language, once; the provider's
refusal is retried with back-off like an e-mail's; the backend is named by a setting."""

import datetime
import logging

import pytest
from django.core import mail
from django.urls import reverse

from groups.models import Member
from meetings.models import Meeting
from notifications import sms
from notifications.models import Email, Notification, Preference
from notifications.tasks import deliver
from tests.factories import MemberFactory
from tests.notifications.conftest import (
    action_item,
    mail_settings,
    meeting,
    run_reminders,
    welfare_case,
)

DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.usefixtures("led_groups")


@pytest.fixture(autouse=True)
def _texts(settings):
    settings.UNIONSITE_SMS_BACKEND = "notifications.sms.LocmemBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


class Refusing(sms.BaseBackend):
    def send(self, phone, text):
        raise ConnectionError("gateway down")


def test_a_member_with_only_a_phone_gets_the_meetings_notice_by_text_in_the_factorys_language(
    world, people, today
):
    mail_settings(world.factory_a, "zh-hant")
    MemberFactory(group=world.group_a, name="錢七", email="", phone="13900000007")
    MemberFactory(group=world.group_a, name="趙六", email="zhaoliu@example.org", phone="139001")
    gone = MemberFactory(group=world.group_a, name="孫八", email="", phone="13900000008")
    Member.objects.filter(pk=gone.pk).update(status=Member.Status.LEFT, status_changed_on=today)
    MemberFactory(group=world.group_b, name="外人", email="", phone="13900000009")
    Member.objects.filter(pk=people.plain.pk).update(phone="13900000004")  # lisi signs in
    meeting(world.group_a, today + 3 * DAY, status=Meeting.Status.ANNOUNCED, announced_on=today)
    run_reminders()
    run_reminders()
    assert [phone for phone, _text in sms.outbox] == ["13900000007"]
    text = sms.outbox[0][1]
    assert "韓潤小組：會議「小組會」定於" in text
    assert "http" not in text
    assert "zhaoliu@example.org" in {message.to[0] for message in mail.outbox}
    row = Email.objects.get(channel=Email.Channel.SMS)
    assert (row.address, row.status, row.language) == ("13900000007", "sent", "zh-hant")


def test_a_refused_text_is_kept_and_tried_again_with_back_off(world, people, today, settings):
    settings.UNIONSITE_SMS_BACKEND = f"{__name__}.Refusing"
    MemberFactory(group=world.group_a, name="錢七", email="", phone="13900000007")
    meeting(world.group_a, today + 3 * DAY, status=Meeting.Status.ANNOUNCED, announced_on=today)
    run_reminders()
    row = Email.objects.get(channel=Email.Channel.SMS)
    assert (row.status, row.attempts) == (Email.Status.QUEUED, 1)
    assert row.last_error == "ConnectionError: gateway down"
    settings.UNIONSITE_SMS_BACKEND = "notifications.sms.LocmemBackend"
    Email.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    run_reminders()
    assert [phone for phone, _text in sms.outbox] == ["13900000007"]
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Email.Status.SENT, 2)


def test_the_console_backend_logs_the_message(world, settings, caplog):
    settings.UNIONSITE_SMS_BACKEND = "notifications.sms.ConsoleBackend"
    member = MemberFactory(group=world.group_a, email="", phone="13900000007")
    row = Email.objects.create(
        member=member, channel=Email.Channel.SMS, address=member.phone, body_text="明天開會"
    )
    with caplog.at_level(logging.INFO, logger="notifications.sms"):
        deliver.call(row.pk)
    assert "SMS to 13900000007: 明天開會" in caplog.text
    row.refresh_from_db()
    assert row.status == Email.Status.SENT


def test_a_backend_must_implement_send():
    with pytest.raises(NotImplementedError):
        sms.BaseBackend().send("1", "x")


def test_an_account_that_chose_text_messages_gets_each_notice_on_its_phone(world, people, today):
    Member.objects.filter(pk=people.plain.pk).update(phone="13900000004")
    Preference.objects.create(
        user=people.lisi, delivery=Preference.Delivery.SMS, language="zh-hans"
    )
    action_item(world.group_a, people.plain, today - DAY, today - 5 * DAY)
    run_reminders()
    run_reminders()
    assert [phone for phone, _text in sms.outbox] == ["13900000004"]
    text = sms.outbox[0][1]
    assert text.startswith("韓潤小組：") and "修好三號車床" in text  # zh-hans, as she chose
    assert "lisi@example.org" not in {message.to[0] for message in mail.outbox}
    assert "alice@example.org" in {message.to[0] for message in mail.outbox}  # alice: e-mail


def test_an_account_with_a_phone_and_no_address_gets_texts(world, people, today):
    Member.objects.filter(pk=people.plain.pk).update(phone="13900000004")
    people.lisi.email = ""
    people.lisi.save(update_fields=["email"])
    action_item(world.group_a, people.plain, today - DAY, today - 5 * DAY)
    run_reminders()
    assert [phone for phone, _text in sms.outbox] == ["13900000004"]


def test_text_messages_cannot_be_chosen_without_a_phone_on_record(alice_client, people):
    url = reverse("notifications:preferences")
    response = alice_client.post(url, {"language": "", "delivery": "sms"})
    assert response.status_code == 200
    assert "no phone number" in response.content.decode()
    assert not Preference.objects.filter(user=people.alice).exists()
    Member.objects.filter(pk=people.alice.scope.member_id).update(phone="13900000001")
    response = alice_client.post(url, {"language": "", "delivery": "sms"})
    assert response.status_code == 302
    assert Preference.objects.get(user=people.alice).delivery == "sms"


def test_a_welfare_case_is_never_named_in_a_text(world, people, today):
    """A phone on a member's record can be changed by the group's other officers: a follow-up
    goes to the leader by e-mail and in the site, not to whatever number is on record."""
    Member.objects.filter(pk=people.officer.pk).update(phone="13900000005")
    Preference.objects.create(user=people.wangwu, delivery=Preference.Delivery.SMS)
    welfare_case(world.group_a, people.plain, today)
    action_item(world.group_a, people.officer, today - DAY, today - 5 * DAY)
    run_reminders()
    texts = [text for phone, text in sms.outbox if phone == "13900000005"]
    assert texts and all("李四" not in text for text in texts)
    assert "welfare_follow_up" in set(
        Notification.objects.filter(user=people.wangwu).values_list("kind", flat=True)
    )
