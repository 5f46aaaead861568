"""The notification centre in a real browser, in Simplified Chinese, on a phone's width: after
``send_reminders`` hanrun's badge shows what is due (the demo's welfare follow-ups among it), a
notice leads to its record, and reading them all clears the badge."""

import re

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import log_in, set_language_cookie

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
