"""A member without a sign-in who gets e-mail stops it in one click, without a sign-in: the link
in the e-mail (and the List-Unsubscribe header mail programs use) carries a signed token; a
changed token is refused; nothing more reaches them, by e-mail or text; once a member."""

import datetime

import pytest
from django.core import mail, signing
from django.utils import timezone

from meetings.models import Meeting
from notifications import sms
from notifications.mail import UNSUBSCRIBE_SALT, member_unsubscribe_token, unsubscribe_token
from notifications.models import Email, MemberOptOut, Preference
from notifications.tasks import deliver
from tests.factories import MemberFactory
from tests.notifications.conftest import mail_settings, meeting, run_reminders

DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.usefixtures("led_groups")


def announce(group, today, days=3):
    return meeting(group, today + days * DAY, status=Meeting.Status.ANNOUNCED, announced_on=today)


def test_a_member_stops_the_e_mails_in_one_click_without_a_sign_in(
    world, people, today, anon_client
):
    mail_settings(world.factory_a, "zh-hans")
    zhao = MemberFactory(group=world.group_a, name="趙六", email="zhaoliu@example.org")
    announce(world.group_a, today)
    run_reminders()
    message = next(m for m in mail.outbox if m.to == ["zhaoliu@example.org"])
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body and "不再接收这些邮件" in message.body
    path = link.removeprefix("http://testserver")
    page = anon_client.get(path, headers={"accept-language": "zh-hans"})
    assert page.status_code == 200 and "不再接收" in page.content.decode()
    assert not MemberOptOut.objects.exists()  # a look is not a click
    # A mail program's one-click POST (RFC 8058): no cookie, no CSRF token; twice makes one.
    assert anon_client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert anon_client.post(path).status_code == 200
    assert list(MemberOptOut.objects.values_list("member", flat=True)) == [zhao.pk]
    mail.outbox.clear()
    announce(world.group_a, today, days=5)
    run_reminders()
    assert "zhaoliu@example.org" not in {m.to[0] for m in mail.outbox}
    assert Email.objects.filter(member=zhao).count() == 1


def test_an_opted_out_member_gets_no_text_either(world, people, today, settings):
    settings.UNIONSITE_SMS_BACKEND = "notifications.sms.LocmemBackend"
    sms.outbox.clear()
    qian = MemberFactory(group=world.group_a, email="", phone="13900000007")
    MemberOptOut.objects.create(member=qian)
    announce(world.group_a, today)
    run_reminders()
    assert sms.outbox == []


def test_a_changed_or_foreign_token_stops_nothing(world, people, anon_client):
    zhao = MemberFactory(group=world.group_a, email="zhaoliu@example.org")
    token = member_unsubscribe_token(zhao)
    for bad in [token[:-2] + "xx", "m" + token, "nonsense"]:
        assert anon_client.post(f"/notifications/unsubscribe/{bad}/").status_code == 404
    # An account's token stops that account's e-mails, never a member's.
    anon_client.post(f"/notifications/unsubscribe/{unsubscribe_token(people.alice)}/")
    assert not MemberOptOut.objects.exists()
    assert Preference.objects.get(user=people.alice).muted_kinds
    # A member who is no more: nothing to stop.
    missing = signing.dumps({"m": zhao.pk + 1000}, salt=UNSUBSCRIBE_SALT, compress=True)
    assert anon_client.get(f"/notifications/unsubscribe/{missing}/").status_code == 404


def test_what_was_written_before_the_member_unsubscribed_is_not_sent(world, people, today):
    hour = timezone.localtime().hour
    window = mail_settings(
        world.factory_a, "zh-hans", hours=(hour + 1, 24) if hour < 12 else (0, hour)
    )
    zhao = MemberFactory(group=world.group_a, name="趙六", email="zhaoliu@example.org")
    announce(world.group_a, today)
    run_reminders()
    waiting = list(Email.objects.filter(member=zhao).exclude(status=Email.Status.SENT))
    # Written (or to be written) while the window is shut; the member unsubscribes meanwhile.
    MemberOptOut.objects.create(member=zhao)
    window.window_starts, window.window_ends = 0, 24
    window.save()
    mail.outbox.clear()
    run_reminders()
    for email in waiting:
        deliver.call(email.pk)
    assert "zhaoliu@example.org" not in {m.to[0] for m in mail.outbox}
    assert not Email.objects.filter(member=zhao, status=Email.Status.SENT).exists()
