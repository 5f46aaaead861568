"""The Content-Security-Policy in a real browser: the pages run their script (charts, the period
choice, the print button) from our own files, and the browser reports no violation."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

# Collects what the browser blocked, from the DOM's own event, before any page script runs; the
# booklet's print dialog is replaced by a counter (a headless browser has no dialog to open).
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
window.print = function () { window.__printed = (window.__printed || 0) + 1; };
"""


@pytest.fixture
def watched_page(page):
    console = []
    # Chromium reports each blocked script, style or handler as "Refused to … because it violates
    # the following Content Security Policy directive"; a script error is a page error.
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: console.append(str(error)))
    page.add_init_script(WATCH)
    page.console_problems = console
    return page


def violations(page):
    return page.evaluate("window.__violations") + page.console_problems


def test_it_runs_the_federation_home_under_the_policy(watched_page, demo_site):
    page = watched_page
    log_in(page, demo_site, "federation")

    response = page.goto(f"{demo_site}/")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("main canvas").first).to_be_visible()
    # Chart.js drew on the canvas: it sized it.
    assert page.locator("main canvas").first.evaluate("c => c.width") > 0
    assert violations(page) == []

    select = page.locator("select#period")
    other = select.locator("option:not([selected])").first.get_attribute("value")
    select.select_option(other)
    page.wait_for_url(re.compile(rf"[?&]period={other}\b"))
    expect(page.locator("select#period")).to_have_value(other)
    assert violations(page) == []


def test_it_prints_the_booklet_under_the_policy(watched_page, demo_site):
    page = watched_page
    log_in(page, demo_site, "federation")
    page.goto(f"{demo_site}/oversight/booklet/")

    page.locator("button[data-print]").click()

    assert page.evaluate("window.__printed") == 1
    assert violations(page) == []


def test_it_runs_the_admin_under_the_policy(watched_page, demo_site):
    page = watched_page
    log_in(page, demo_site, "federation")

    for path in ["/admin/", "/admin/oversight/assessment/", "/admin/oversight/assessment/report/"]:
        page.goto(f"{demo_site}{path}")
        expect(page.locator("#content")).to_be_visible()
    page.goto(f"{demo_site}/admin/oversight/assessment/")
    page.locator("#action-toggle").check()

    assert violations(page) == []


def test_it_saves_a_double_clicked_form_once(watched_page, demo_site):
    """The page's script gives the form its one-time token; the same form sent twice (a double
    click, or the page sent again) saves one progress entry."""
    from django.db import connection
    from django.utils import timezone

    from competitions.models import GuaranteePlan, ProgressEntry

    page = watched_page
    log_in(page, demo_site, "hanrun")
    plan = (
        GuaranteePlan.objects.filter(group__name="韓潤小組", status="open")
        .order_by("-starts_on")
        .first()
    )
    page.goto(f"{demo_site}/competitions/plans/{plan.pk}/")
    form = page.locator("form", has=page.locator("input[name=value]")).first
    token = form.locator("input[name=submit_token]")
    expect(token).to_have_count(1)
    assert len(token.input_value()) >= 32
    before = ProgressEntry.objects.filter(indicator__plan=plan).count()
    form.locator("select[name=indicator]").select_option(index=1)
    form.locator("input[name=on]").fill(timezone.localdate().isoformat())
    form.locator("input[name=value]").fill("7")
    # Send the very form twice, as a double click on a slow connection does: at the same moment
    # on PostgreSQL. The live server's threads share one connection to SQLite's in-memory test
    # database, where two requests at once would interleave their savepoints on it; there the two
    # go one after the other (the race itself is proved on PostgreSQL, here and in
    # tests/security/test_races.py).
    together = connection.vendor != "sqlite"
    page.evaluate(
        """([form, together]) => {
            const data = new FormData(form);
            const send = () => fetch(form.action || location.href,
                {method: "POST", body: data, redirect: "manual"}).then(r => r.type);
            return together ? Promise.all([send(), send()]) : send().then(send);
        }""",
        [form.element_handle(), together],
    )
    assert ProgressEntry.objects.filter(indicator__plan=plan).count() == before + 1
    assert violations(page) == []
