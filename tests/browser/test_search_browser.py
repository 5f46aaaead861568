"""The navigation bar's search on a phone, in Simplified Chinese: factory union staff of
太原機器廠 (the demo's machine_staff, 劉桂英) look for a member from the collapsed menu.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, set_language_cookie

pytestmark = pytest.mark.browser


def test_staff_search_a_member_on_a_phone(new_context, demo_site, screenshot):
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    set_language_cookie(context, demo_site, "zh-hans")
    page = context.new_page()
    log_in(page, demo_site, "machine_staff")

    page.locator("nav .navbar-toggler").tap()
    menu = page.locator("#mainnav")
    expect(menu).to_be_visible()
    # The account is called by its person's name, not its sign-in name.
    expect(menu.locator("#account-menu")).to_contain_text("劉桂英")
    expect(menu.locator("#account-menu")).not_to_contain_text("machine_staff")
    box = menu.locator("#navbar-search")
    expect(box).to_be_visible()
    box.fill("韓潤")
    screenshot(page, "search-navbar-phone-zh-hans", full_page=False)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))

    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("搜索")
    member = main.locator("#found-members + ul li").filter(has_text="韓潤").first
    expect(member).to_contain_text("工会小组长")
    expect(member.locator("a", has_text="韓潤小組")).to_be_visible()
    expect(main.locator("#found-groups + ul")).to_contain_text("韓潤小組")
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1, f"{scroll_width}px wide in a {inner_width}px window"
    screenshot(page, "search-results-phone-zh-hans")

    # The member's page is a tap away.
    member.locator("a").first.tap()
    page.wait_for_url(re.compile(r"/members/\d+/$"))
    expect(page.locator("main h1")).to_contain_text("韓潤")
