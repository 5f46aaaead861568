"""The union group leader's own page, in a real browser: adding a member, linking them as an
activist to an officer, the Chinese page, and the page on a phone.

The demo city of ``seed_demo`` is the world: hanrun leads 韓潤小組 of 太原機器廠, a good group with
three officers, each keeping close to two activists.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import log_in, set_language_cookie

pytestmark = pytest.mark.browser

GROUP = "韓潤小組"
LEADER = "韓潤"
GROUP_URL = re.compile(r"/groups/\d+/$")


def open_own_group(page, base_url, language="en"):
    """Sign in as hanrun in ``language``; the site starts a group leader at the group's
    dashboard, which links to the group's page."""
    set_language_cookie(page.context, base_url, language)
    log_in(page, base_url, "hanrun")
    # The dashboard of the group's work, with the group's name and a link to its page.
    expect(page).to_have_url(f"{base_url}/")
    expect(page.locator("main h1")).to_contain_text(GROUP)
    with translation.override(language):
        group_page = page.get_by_role("link", name=translation.gettext("The group's page"))
    expect(group_page).to_be_visible()
    group_page.click()
    expect(page).to_have_url(GROUP_URL)
    expect(page.locator("main h1")).to_contain_text(GROUP)
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page.url


def fill_member_form(page, *, name, employee_number, joined_on):
    page.locator("#id_name").fill(name)
    page.locator("#id_gender").select_option(label="Female")
    page.locator("#id_employee_number").fill(employee_number)
    page.locator("#id_trade").fill("車工")
    # A date input is filled the way it submits: ISO 8601.
    page.locator("#id_joined_union_on").fill(joined_on)


def test_leader_adds_a_member_and_links_her_to_an_officer(page, demo_site, screenshot):
    group_url = open_own_group(page, demo_site)
    name = "龐新苗"  # 龐 is none of the seed's surnames: no demo member has this name.

    page.get_by_role("link", name="Add a member").click()
    expect(page).to_have_url(re.compile(r"/groups/\d+/members/add/$"))
    fill_member_form(page, name=name, employee_number="01-90001", joined_on="2024-03-01")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(group_url)
    expect(page.get_by_role("alert")).to_contain_text(f"{name} has joined the group.")
    row = page.locator("#members tbody tr", has_text=name)
    expect(row).to_have_count(1)
    expect(row.locator("td[data-label='Employee number']")).to_have_text("01-90001")
    expect(row.locator("td[data-label='Trade or job']")).to_have_text("車工")

    # The first officer of the tree will keep close to her.
    officer = page.locator("#role-tree li[data-officer]").first.get_attribute("data-officer")
    assert officer

    page.get_by_role("link", name="Assign a role").click()
    expect(page).to_have_url(re.compile(r"/groups/\d+/roles/add/$"))
    page.locator("#id_member").select_option(label=name)
    page.locator("#id_kind").select_option(label="Activist")
    mentor = page.locator("#id_mentor option", has_text=officer)
    expect(mentor).to_have_count(1)
    page.locator("#id_mentor").select_option(value=mentor.get_attribute("value"))
    screenshot(page, "role-form-en")
    page.get_by_role("button", name="Assign").click()

    expect(page).to_have_url(group_url)
    expect(page.get_by_role("alert")).to_contain_text(f"{name} is now Activist.")
    activist = page.locator(f'#role-tree li[data-officer="{officer}"] li[data-activist="{name}"]')
    expect(activist).to_be_visible()
    expect(activist.locator(".role-title")).to_have_text("Activist")
    expect(row.locator("td[data-label='Roles']")).to_contain_text("Activist")
    screenshot(page, "group-page-en")


def test_member_form_shows_a_taken_employee_number_and_keeps_the_input(page, demo_site, screenshot):
    open_own_group(page, demo_site)
    leader_row = page.locator("#members tbody tr", has_text=LEADER)
    taken = leader_row.locator("td[data-label='Employee number']").inner_text().strip()
    assert taken

    page.get_by_role("link", name="Add a member").click()
    form_url = page.url
    name = "龐小滿"
    fill_member_form(page, name=name, employee_number=taken, joined_on="2024-03-01")
    page.get_by_role("button", name="Save").click()

    # The form comes back, with the reason and with what was typed.
    error = page.locator(".invalid-feedback", has_text=f"Employee number {taken} is already")
    expect(error).to_be_visible()
    expect(error).to_contain_text(f"{LEADER}'s in this factory")
    expect(page).to_have_url(form_url)
    expect(page.locator("#id_employee_number")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#id_name")).to_have_value(name)
    expect(page.locator("#id_employee_number")).to_have_value(taken)
    expect(page.locator("#id_joined_union_on")).to_have_value("2024-03-01")
    screenshot(page, "member-form-error")


def test_group_page_in_simplified_chinese(page, demo_site, screenshot):
    group_url = open_own_group(page, demo_site)

    # The footer's language select sends its form as soon as a language is picked.
    page.locator("#language").select_option("zh-hans")

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(group_url)
    expect(page.locator("#language")).to_have_value("zh-hans")
    expect(page.locator("main h1")).to_contain_text(GROUP)
    screenshot(page, "group-page-zh-hans")
    # "Union group leader" in Simplified characters, from locale/zh_Hans (工會小組長 is zh-hant's):
    # in the leaders card and at the root of the tree.
    expect(page.locator("main dl dt").first).to_have_text("工会小组长")
    expect(page.locator("#role-tree .role-node.leader .role-title")).to_have_text("工会小组长")
    expect(page.locator("main")).not_to_contain_text("Union group leader")


def test_group_page_on_a_phone(new_context, demo_site, screenshot):
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_own_group(page, demo_site, language="zh-hans")

    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1, (
        f"the page scrolls sideways on a phone: {scroll_width}px wide in a {inner_width}px window"
    )

    screenshot(page, "group-page-phone-zh-hans")

    menu = page.locator("#mainnav")
    toggler = page.locator("nav .navbar-toggler")
    expect(toggler).to_be_visible()
    expect(menu).not_to_be_visible()
    toggler.tap()
    expect(menu).to_have_class(re.compile(r"\bshow\b"))
    expect(menu).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu.locator("form[action$='/logout/'] button")).to_be_visible()
    screenshot(page, "group-page-phone-zh-hans-menu", full_page=False)
