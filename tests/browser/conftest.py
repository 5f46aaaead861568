"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Playwright cannot download its own browsers here, so the system Chromium is launched instead.
Without it the browser tests are skipped on a developer's machine and fail in CI (``CI`` set), so
that a broken CI image cannot pass silently.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "unionsite-demo"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def _require_chromium():
    if CHROMIUM.exists():
        return
    message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)."
    if os.environ.get("CI"):
        pytest.fail(f"{message} The browser tests cannot run in CI without it.", pytrace=False)
    pytest.skip(f"{message} Skipping the browser tests.")


@pytest.fixture(autouse=True)
def _chromium_available():
    # Autouse, so that a missing browser is found before the demo city is seeded.
    _require_chromium()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    _require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    # pytest-playwright 0.10's own fallback for this fixture is a method of a plugin object,
    # which pytest 9 warns is deprecated; this is the same fixture as a plain function.
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


@pytest.fixture(scope="session")
def _plain_http_while_starting():
    override = override_settings(SECURE_SSL_REDIRECT=False)
    override.enable()
    return override


@pytest.fixture(scope="session")
def live_server(_plain_http_while_starting, live_server):
    """pytest-django's live server, on plain HTTP.

    Django's SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the server thread builds its
    handler at session start, before any test's ``settings`` fixture: the autouse override in
    tests/conftest.py comes too late for it, and every page would redirect to https://. So the
    setting is off while the server starts, and back as it was for the other tests afterwards.
    """
    _plain_http_while_starting.disable()
    return live_server


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo city of ``seed_demo`` behind the live server; returns the server's URL."""
    call_command("seed_demo", stdout=io.StringIO())
    return live_server.url


def set_language_cookie(context, base_url, language):
    """Choose the page language the way the footer's language form does: Django's cookie."""
    context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])


def log_in(page, base_url, username, password=DEMO_PASSWORD):
    """Sign in through the real sign-in form and wait until the site has taken the user in."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def open_group_page(page):
    """From a group leader's home (the dashboard of the group's work, where signing in lands) to
    the group's own page, through the dashboard's link to it."""
    page.locator("main a[href^='/groups/']").first.click()
    page.wait_for_url(re.compile(r"/groups/\d+/$"))


@pytest.fixture(scope="session")
def screenshot_dir():
    """tests/screenshots/ (git-ignored), for a person to look at after the run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def screenshot(screenshot_dir):
    """``screenshot(page, "name")`` saves the full page as tests/screenshots/name.png."""

    def save(page, name, *, full_page=True):
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: takes a minute or more; still part of make test (deselect: -m 'not slow')"
    )
