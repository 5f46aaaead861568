"""The notification centre in a real browser, in Simplified Chinese, on a phone's width: after
``send_reminders`` hanrun's badge shows what is due (the demo's welfare follow-ups among it), a
notice leads to its record, and reading them all clears the badge."""

import datetime
import re

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from groups.models import Scope
from meetings.models import AgendaItem, Meeting
from notifications.models import FactoryMailSettings
from tests.browser.conftest import log_in, set_language_cookie
from tests.notifications.test_smtp import Inbox, free_port

pytestmark = pytest.mark.browser

LANGUAGE = "zh-hans"
PHONE = {"width": 390, "height": 844}


def words(msgid):
    with translation.override(LANGUAGE):
        return translation.gettext(msgid)


def test_hanrun_reads_his_notices_and_the_badge_clears(demo_site, page, screenshot):
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.set_viewport_size(PHONE)
    set_language_cookie(page.context, demo_site, LANGUAGE)
    log_in(page, demo_site, "hanrun")
    page.locator(".navbar-toggler").click()
    badge = page.locator("#unread-count")
    expect(badge).to_be_visible()
    unread = int(badge.inner_text())
    assert unread >= 1
    screenshot(page, "notifications-badge-zh-hans", full_page=False)

    page.locator("#notifications-badge").click()
    page.wait_for_url(re.compile(r"/notifications/$"))
    expect(page.locator("h1")).to_have_text(words("Your notices"))
    follow_up = page.locator("li.list-group-item", has_text="回访").first
    expect(follow_up).to_be_visible()
    screenshot(page, "notifications-list-zh-hans")

    follow_up.locator("button[name=open]").click()
    page.wait_for_url(re.compile(r"/welfare/cases/\d+/$"))
    page.goto(f"{demo_site}/notifications/")
    if unread > 1:
        expect(page.locator("#unread-count")).to_have_text(str(unread - 1))
        page.locator("#read-all").click()
        page.wait_for_url(re.compile(r"/notifications/$"))
    expect(page.locator("#unread-count")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(words("unread"))
    screenshot(page, "notifications-read-zh-hans")


def test_hanrun_announces_a_meeting_and_a_member_gets_its_agenda_by_mail(
    demo_site, page, screenshot, settings
):
    """Through a real SMTP server: hanrun announces a planned meeting on his phone; the next run
    of ``send_reminders`` (cron's) mails its agenda to a member of his group who has an address
    and no sign-in, in the factory's language."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    settings.NOTIFICATIONS_WINDOW = (0, 24)
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    server.start()
    try:
        scope = Scope.objects.select_related("group").get(user__username="hanrun")
        group = scope.group
        FactoryMailSettings.objects.update_or_create(
            factory=group.workshop.factory,
            defaults={"language": LANGUAGE, "window_starts": 0, "window_ends": 24},
        )
        member = (
            group.members.active()
            .exclude(pk__in=Scope.objects.filter(member__isnull=False).values("member"))
            .first()
        )
        member.email = "member@example.org"
        member.save(update_fields=["email"])
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        meeting = Meeting.objects.create(
            group=group, kind=Meeting.Kind.GROUP, title="小組會：保證計劃", scheduled_on=tomorrow,
            place="金工車間", planned_by=scope.user,
        )  # fmt: skip
        for position, title in enumerate(["討論本月保證計劃", "安全裝置的改進"], 1):
            AgendaItem.objects.create(meeting=meeting, position=position, title=title)

        page.set_viewport_size(PHONE)
        set_language_cookie(page.context, demo_site, LANGUAGE)
        log_in(page, demo_site, "hanrun")
        page.goto(f"{demo_site}{meeting.get_absolute_url()}")
        page.locator("#id_announced_on").fill(timezone.localdate().isoformat())
        page.locator("form[action$='/announce/'] button[type=submit]").click()
        expect(page.locator(".meeting-steps .step.done")).to_have_count(2)
        screenshot(page, "announce-1-announced-phone-zh-hans")

        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        to_member = [m for rcpt, m in inbox.messages if rcpt == ["member@example.org"]]
        assert len(to_member) == 1
        message = to_member[0]
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "討論本月保證計劃" in text and "安全裝置的改進" in text
        assert "金工車間" in text and tomorrow.isoformat() in text
        html = message.get_body(preferencelist=("html",)).get_content()
        page.set_content(html)
        expect(page.get_by_text("安全裝置的改進")).to_be_visible()
        screenshot(page, "announce-2-members-mail-zh-hans")
    finally:
        server.stop()
