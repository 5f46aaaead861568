"""The month's dues on a leader's phone: hanrun opens 韓潤小組's sheet in Simplified Chinese,
marks one member paid with one tap, then every other member at once, on a 390 px screen."""

import re

import pytest
from playwright.sync_api import expect

from dues.models import DuesPayment
from tests.browser.test_group_browser import open_own_group

pytestmark = pytest.mark.browser


def test_leader_marks_the_months_dues_on_a_phone(new_context, demo_site, screenshot):
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_own_group(page, demo_site, language="zh-hans")
    page.get_by_role("link", name="会费").click()
    expect(page).to_have_url(re.compile(r"/dues/groups/\d+/$"))
    rows = page.locator("#dues-sheet li")
    count = rows.count()
    assert count >= 10
    expect(page.locator("#sheet-summary")).to_contain_text(f"0 / {count}")

    first = rows.first
    name = first.locator("div > div").first.inner_text().split()[0]
    first.get_by_role("button", name=f"{name}已交").tap()
    expect(page.get_by_role("alert").first).to_contain_text(name)
    expect(page.locator("#sheet-summary")).to_contain_text(f"1 / {count}")
    screenshot(page, "dues-sheet-phone-zh-hans")

    page.get_by_role("button", name=re.compile("都标为已交")).tap()
    expect(page.locator("#sheet-summary")).to_contain_text(f"{count} / {count}")
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1, f"the sheet scrolls sideways: {scroll_width}px"
    assert DuesPayment.objects.filter(group__name="韓潤小組", status="paid").count() >= count
