"""Against a real SMTP server (aiosmtpd, started here on a free port), not the in-memory
backend: the digest arrives once, in Chinese, with links that work, after ``send_reminders``
ran three times and the server was down for one of them."""

import contextlib
import datetime
import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from notifications.models import Email
from tests.notifications.conftest import action_item, mail_settings, run_reminders, welfare_case

DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.usefixtures("led_groups")


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, parsed))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    yield inbox, server
    with contextlib.suppress(AssertionError):  # not started, or stopped by the test
        server.stop()


def later(minutes):
    """The next run of cron, ``minutes`` later: what was put off until then is due."""
    for queued in Email.objects.filter(status=Email.Status.QUEUED):
        queued.next_attempt_at -= datetime.timedelta(minutes=minutes)
        queued.save(update_fields=["next_attempt_at"])


def test_the_digest_arrives_once_in_chinese_with_working_links(world, people, smtp, today):
    inbox, server = smtp
    mail_settings(world.factory_a, "zh-hans")
    action_item(world.group_a, people.plain, today - DAY, today - 7 * DAY)
    welfare_case(world.group_a, people.plain, today)

    # The first run: the server is down. Nothing is lost: the e-mails wait, with the error.
    run_reminders()
    assert inbox.messages == []
    waiting = Email.objects.get(user=people.alice)
    assert waiting.status == Email.Status.QUEUED
    assert waiting.attempts == 1 and "Connection" in waiting.last_error

    # The server is up again; cron runs a quarter of an hour later, and again after that.
    server.start()
    later(15)
    run_reminders()
    later(15)
    run_reminders()

    to_alice = [message for to, message in inbox.messages if to == ["alice@example.org"]]
    assert len(to_alice) == 1
    assert len(inbox.messages) == Email.objects.count() == 5
    message = to_alice[0]
    assert message["Subject"] == "工会小组：2 件事要办"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "逾期" in text or "没有完成" in text
    assert "李四" in text and "回访" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Every link leads somewhere alice may go.
    links = set(re.findall(r'href="(http://testserver/[^"]+)"', html))
    assert len(links) == 5  # two records, the notices, preferences, unsubscribe
    alice = Client()
    alice.force_login(people.alice)
    for link in links:
        path = link.removeprefix("http://testserver")
        assert alice.get(path).status_code == 200, path


def test_a_send_that_keeps_failing_is_marked_failed_in_the_admin(
    world, people, smtp, charlie_client, today
):
    action_item(world.group_a, people.plain, today, today - DAY)
    run_reminders()  # no server at all
    for _ in range(Email.MAX_ATTEMPTS - 1):
        later(24 * 60)
        run_reminders()
    to_alice = Email.objects.get(user=people.alice)
    assert to_alice.status == Email.Status.FAILED
    assert to_alice.attempts == Email.MAX_ATTEMPTS
    page = charlie_client.get("/admin/notifications/email/").content.decode()
    assert "alice@example.org" in page and "ConnectionRefusedError" in page
    # Chosen in the admin and queued again, it leaves with the next run once the server is back.
    inbox, server = smtp
    server.start()
    charlie_client.post(
        "/admin/notifications/email/",
        {"action": "send_again", "_selected_action": [to_alice.pk]},
    )
    run_reminders()
    assert [to for to, _ in inbox.messages] == [["alice@example.org"]]
    assert Email.objects.get(user=people.lisi).status == Email.Status.FAILED  # not chosen
