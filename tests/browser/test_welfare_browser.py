"""A member's illness as a welfare case, from the group's page to its resolution, and who reads it
afterwards, in a real browser and in Simplified Chinese.

wenxiaoqing leads 溫小清小組 of 太原鋼鐵廠, so her account reads the group's cases; steel_staff is
the factory union's staff, who reads them too; federation is the city federation, which only
counts them. The demo may hold welfare cases of its own: the case here is told apart by its
description and its address, and its member is one whose name is in no group's name, so that a
page of figures per group cannot show it by chance. The assertions hold to the data typed in, to
element ids and addresses, and to the catalogue's words looked up rather than written out, so that
they hold while the welfare translations are still being worded.
"""

import datetime
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from groups.models import UnionGroup
from tests.browser.conftest import log_in, set_language_cookie
from welfare.models import CaseAction, WelfareCase

pytestmark = pytest.mark.browser

LANGUAGE = "zh-hans"
GROUP = "溫小清小組"
LEADER = "溫小清"
DESCRIPTION = "肺炎住院兩週，愛人在紡織廠做臨時工，家裡三個孩子上學，藥費一時拿不出。"
VISITORS = "溫小清、保險幹事"
BROUGHT = "橘子、紅糖"
LEARNT = "燒已經退了，醫生說再住一週；大孩子想退學幫家裡，勸他念下去。"
GRANT = 20
GRANT_NOTE = "工會互助金，當面交給愛人。"
RESOLUTION_NOTE = "病好回廠上班，藥費由勞保報銷。"
GROUP_URL = re.compile(r"/groups/\d+/$")
CASE_URL = re.compile(r"/welfare/cases/\d+/$")
PHONE = {"width": 390, "height": 844}


def label(choice):
    """A model choice's label as the Chinese pages show it, translated or not yet."""
    with translation.override(LANGUAGE):
        return str(choice.label)


def label_of(msgid):
    """A msgid of the catalogue as the Chinese pages show it, translated or not yet."""
    with translation.override(LANGUAGE):
        return translation.gettext(msgid)


def sign_in(page, base_url, username):
    set_language_cookie(page.context, base_url, LANGUAGE)
    log_in(page, base_url, username)
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGE)


def submit(page):
    page.locator("main form[method=post] button[type=submit]").last.click()


def no_horizontal_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page is {width}px wide on a {PHONE['width']}px phone"


def choose_member(select):
    """A member of the group, not the leader, whose name no group's name holds."""
    for option in select.locator("option:not([value=''])").all():
        name = option.inner_text().split(" · ")[0].strip()
        if name != LEADER and not UnionGroup.objects.filter(name__contains=name).exists():
            select.select_option(value=option.get_attribute("value"))
            return name
    raise AssertionError("no member of the group to open a case for")


def record_action(page, kind, fields):
    page.locator(f"#record-actions a[href*='/actions/{kind}/new/']").click()
    expect(page).to_have_url(re.compile(rf"/actions/{kind}/new/$"))
    expect(page.locator("#id_done_on")).to_have_value(timezone.localdate().isoformat())
    for selector, value in fields.items():
        field = page.locator(selector)
        if field.evaluate("(el) => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    submit(page)


def help_a_sick_member(page, base_url, screenshot):
    """wenxiaoqing opens an illness case for a member of her group, visits, gives a grant, sets a
    follow-up and resolves it. Returns the case's address, the member's name and the group's."""
    today = timezone.localdate()
    follow_up = today + datetime.timedelta(days=7)
    sign_in(page, base_url, "wenxiaoqing")
    # She lands on the dashboard of her group's work, which links to the group's page.
    expect(page).to_have_url(f"{base_url}/")
    expect(page.locator("main h1")).to_contain_text(GROUP)
    group_page = page.get_by_role("link", name=label_of("The group's page"))
    expect(group_page).to_be_visible()
    group_page.click()
    expect(page).to_have_url(GROUP_URL)
    expect(page.locator("main h1")).to_contain_text(GROUP)
    group_url = page.url

    # From the group's welfare panel to a new case.
    page.locator("#welfare-cases a[href*='/cases/new/']").click()
    expect(page).to_have_url(re.compile(r"/welfare/groups/\d+/cases/new/$"))
    expect(page.locator("main h1")).to_contain_text(GROUP)
    member = choose_member(page.locator("#id_member"))
    page.locator("#id_category").select_option("illness")
    page.locator("#id_tier").select_option(str(WelfareCase.Tier.SERIOUS.value))
    page.locator("#id_description").fill(DESCRIPTION)
    expect(page.locator("#id_opened_on")).to_have_value(today.isoformat())
    screenshot(page, "welfare-case-form")
    submit(page)

    expect(page).to_have_url(CASE_URL)
    case_url = page.url
    expect(page.locator("main h1")).to_contain_text(member)
    expect(page.locator("main h1")).to_contain_text(label(WelfareCase.Category.ILLNESS))
    expect(page.locator("#description")).to_have_text(DESCRIPTION)
    status = page.locator("main h1 + div .badge")
    expect(status).to_have_text(label(WelfareCase.Status.OPEN))
    expect(status).to_have_class(re.compile(r"text-bg-danger"))
    actions = page.locator("#actions li")
    expect(actions).to_have_count(1)  # "nothing recorded yet"
    expect(page.locator("#actions .list-group-item.text-muted")).to_have_count(1)

    # A visit: who went, what they brought, what they learnt.
    record_action(
        page,
        "visit",
        {"#id_who": VISITORS, "#id_brought": BROUGHT, "#id_text": LEARNT},
    )
    expect(page).to_have_url(case_url)
    expect(actions).to_have_count(1)
    visit = actions.filter(has_text=BROUGHT)
    expect(visit).to_have_count(1)
    expect(visit).to_contain_text(label(CaseAction.Kind.VISIT))
    expect(visit).to_contain_text(today.isoformat())
    expect(visit).to_contain_text(VISITORS)
    expect(visit).to_contain_text(LEARNT)
    # The first thing done puts the case in progress.
    expect(status).to_have_text(label(WelfareCase.Status.IN_PROGRESS))
    expect(status).to_have_class(re.compile(r"text-bg-warning"))

    # A grant from the union fund.
    record_action(
        page,
        "grant",
        {"#id_amount": str(GRANT), "#id_source": "union_fund", "#id_text": GRANT_NOTE},
    )
    expect(page).to_have_url(case_url)
    expect(actions).to_have_count(2)
    grant = actions.filter(has_text=GRANT_NOTE)
    expect(grant.locator("strong")).to_contain_text(f" · {GRANT} ")
    expect(grant.locator("strong")).to_contain_text(f"（{label(CaseAction.Source.UNION_FUND)}）")
    expect(page.locator("#actions + p")).to_contain_text(f"{GRANT}")

    # A negative grant is a form error, and nothing is recorded.
    record_action(page, "grant", {"#id_amount": "-5", "#id_source": "union_fund"})
    expect(page).to_have_url(re.compile(r"/actions/grant/new/$"))
    expect(page.locator("#id_amount")).to_have_class(re.compile(r"is-invalid"))
    expect(page.locator("#error_1_id_amount")).to_have_text(
        label_of("An amount cannot be negative.")
    )
    page.locator("main a.btn-link").click()
    expect(page).to_have_url(case_url)
    expect(actions).to_have_count(2)
    expect(actions.filter(has_text="-5")).to_have_count(0)
    screenshot(page, "welfare-case")

    # The follow-up in a week, typed the way a date input submits: ISO 8601.
    follow_up_form = page.locator("#follow-up form")
    follow_up_form.locator("#id_follow_up_on").fill(follow_up.isoformat())
    follow_up_form.locator("button[type=submit]").click()
    expect(page).to_have_url(case_url)
    expect(page.locator("#follow-up p").first).to_contain_text(follow_up.isoformat())
    expect(page.locator("#id_follow_up_on")).to_have_value(follow_up.isoformat())
    expect(page.locator("#follow-up .badge")).to_have_count(0)  # neither due nor overdue

    # Resolved: the member is well again.
    page.locator("#status a[href*='/move/resolved/']").click()
    expect(page).to_have_url(re.compile(r"/move/resolved/$"))
    expect(page.locator("#id_on")).to_have_value(today.isoformat())
    page.locator("#id_note").fill(RESOLUTION_NOTE)
    submit(page)
    expect(page).to_have_url(case_url)
    expect(status).to_have_text(label(WelfareCase.Status.RESOLVED))
    expect(status).to_have_class(re.compile(r"text-bg-success"))
    expect(page.locator("main h1 + div")).to_contain_text(today.isoformat())
    changes = page.locator("#status-changes li")
    expect(changes).to_have_count(3)  # opened, in progress, resolved
    expect(changes.last).to_contain_text(label(WelfareCase.Status.RESOLVED))
    expect(changes.last).to_contain_text(RESOLUTION_NOTE)
    expect(page.locator("#status a[href*='/move/resolved/']")).to_have_count(0)
    expect(page.locator("#status a[href*='/move/closed/']")).to_have_count(1)
    # Its visits and aid stay on the case.
    expect(actions.filter(has_text=BROUGHT)).to_have_count(1)
    expect(actions.filter(has_text=GRANT_NOTE)).to_have_count(1)
    screenshot(page, "welfare-case-resolved")
    return case_url, member, group_url


def test_a_leader_helps_a_sick_member_until_the_case_is_resolved(page, demo_site, screenshot):
    case_url, member, group_url = help_a_sick_member(page, demo_site, screenshot)

    # The group's page lists the case, resolved but not closed, among its cases.
    page.goto(group_url)
    case_link = page.locator(f"#welfare-cases a[href='{case_url.removeprefix(demo_site)}']")
    expect(case_link).to_have_text(member)

    # On a phone the case page fits the screen: no sideways scrolling.
    page.set_viewport_size(PHONE)
    page.goto(case_url)
    expect(page.locator("#actions")).to_be_visible()
    expect(page.locator("#follow-up")).to_be_visible()
    no_horizontal_scroll(page)
    screenshot(page, "welfare-case-phone")


def test_factory_staff_read_the_case_and_the_federation_only_counts_it(
    page, new_context, demo_site, screenshot
):
    case_url, member, group_url = help_a_sick_member(page, demo_site, lambda *a, **k: None)
    case_path = case_url.removeprefix(demo_site)

    # The factory union's staff find it in the factory's cases, through the navbar.
    staff = new_context().new_page()
    sign_in(staff, demo_site, "steel_staff")
    staff.locator("#mainnav .dropdown-toggle", has_text=label_of("Welfare")).click()
    staff.locator("#mainnav .dropdown-menu a[href$='/welfare/cases/']").click()
    expect(staff).to_have_url(re.compile(r"/welfare/cases/$"))
    row = staff.locator("#cases tbody tr", has=staff.locator(f"a[href='{case_path}']"))
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text(member)
    expect(row.locator("td").nth(1)).to_contain_text(GROUP)
    expect(row.locator("td").nth(2)).to_have_text(label(WelfareCase.Category.ILLNESS))
    expect(row.locator(".badge")).to_have_text(label(WelfareCase.Status.RESOLVED))
    # Every case of the factory, closed ones too.
    staff.goto(f"{demo_site}/welfare/cases/?status=all")
    expect(staff.locator(f"#cases a[href='{case_path}']")).to_have_text(member)
    staff.locator(f"#cases a[href='{case_path}']").click()
    expect(staff).to_have_url(case_url)
    expect(staff.locator("main h1")).to_contain_text(member)
    expect(staff.locator("#description")).to_have_text(DESCRIPTION)
    expect(staff.locator("#actions li").filter(has_text=BROUGHT)).to_have_count(1)
    expect(staff.locator("#actions li").filter(has_text=GRANT_NOTE)).to_have_count(1)
    screenshot(staff, "welfare-case-staff")

    # The city federation counts the case and its visit, and reads no name nor description.
    federation = new_context().new_page()
    sign_in(federation, demo_site, "federation")
    response = federation.goto(f"{demo_site}/welfare/figures/?by=group")
    assert response.status == 200
    expect(federation.locator("#id_by")).to_have_value("group")
    total = federation.locator("#figures tfoot tr td")
    expect(total).to_have_count(10)
    opened, visits = int(total.nth(1).inner_text()), int(total.nth(5).inner_text())
    assert opened >= 1, f"{opened} cases opened in the total"
    assert visits >= 1, f"{visits} visits in the total"
    row = federation.locator("#figures tbody tr", has_text=GROUP)
    expect(row).to_have_count(1)
    assert int(row.locator("td").nth(1).inner_text()) >= 1
    assert int(row.locator("td").nth(5).inner_text()) >= 1
    body = federation.locator("body")
    expect(body).not_to_contain_text(member)
    expect(body).not_to_contain_text(DESCRIPTION)
    expect(body).not_to_contain_text(BROUGHT)
    expect(federation.locator(f"a[href*='{case_path}']")).to_have_count(0)
    screenshot(federation, "welfare-figures-federation")

    # The cases themselves are not the federation's to read.
    for path in ("/welfare/cases/", "/welfare/cases/?status=all", case_path):
        response = federation.goto(f"{demo_site}{path}")
        assert response.status == 403, f"{path} gave {response.status}"
    expect(federation.locator("body")).not_to_contain_text(DESCRIPTION)
    # Nor does the navbar offer them.
    federation.goto(f"{demo_site}/welfare/figures/")
    expect(federation.locator("#mainnav a[href$='/welfare/cases/']")).to_have_count(0)

    # The group's page shows the federation the group's welfare figures, not the case.
    response = federation.goto(group_url)
    assert response.status == 200
    expect(federation.locator("main h1")).to_contain_text(GROUP)
    welfare = federation.locator("#group-welfare")
    expect(welfare.locator("#welfare-figures")).to_be_visible()
    expect(welfare).not_to_contain_text(member)
    expect(welfare.locator("a[href*='/welfare/cases/']")).to_have_count(0)
