"""A production meeting from plan to printed record, and a resolution down to the groups and a
report back up, in a real browser and in Simplified Chinese.

hanrun leads 韓潤小組 of 太原機器廠; machine_staff is the factory union's staff. The assertions
hold to the data typed in, to element ids and to a few Chinese words the catalogue has long had,
so that they hold while the catalogue of the meetings pages is still being written.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, open_group_page, set_language_cookie

pytestmark = pytest.mark.browser

LANGUAGE = "zh-hans"
GROUP = "韓潤小組"
TITLE = "無廢品競賽生產會議"  # no seeded meeting has this title
PLACE = "金工車間三號機床旁"
AGENDA = "討論上週兩件廢品的原因"
MINUTES = "廢品是量具沒校準造成的，決定每班開工前校一次量具。"
DECISION = "每班開工前校準量具，由檢查員簽字。"
ACTION = "把量具校準辦法寫上黑板報"
SUMMARY = "找出了廢品的原因，訂出量具校準制度；通知發得晚了，下次會前三天通知。"
RESOLUTION = "開展節約棉紗運動"
REPORT_NOTE = "在生產會議上討論，每人每月節約棉紗一斤，本月已做到。"
MEETING_URL = re.compile(r"/meetings/\d+/$")
RESOLUTION_URL = re.compile(r"/meetings/resolutions/\d+/$")


def sign_in(page, base_url, username):
    set_language_cookie(page.context, base_url, LANGUAGE)
    log_in(page, base_url, username)
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGE)


def submit(page):
    page.locator("main form[method=post] button[type=submit]").last.click()


def open_step(page, suffix):
    """Follow a step's link on the meeting page (``attendance/``, ``minutes/``, …)."""
    page.locator(f"main a[href$='/{suffix}']").first.click()
    expect(page).to_have_url(re.compile(re.escape(suffix) + "$"))


def plan_and_hold_a_production_meeting(page, base_url, today, screenshot):
    sign_in(page, base_url, "hanrun")
    open_group_page(page)
    expect(page.locator("main h1")).to_contain_text(GROUP)
    page.locator("main a[href*='/meetings/group/'][href$='/new/']").first.click()

    page.locator("#id_kind").select_option("production")
    page.locator("input[name=topics][value=guarantee_plan]").check()
    page.locator("input[name=topics][value=quality]").check()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_scheduled_on").fill(today.isoformat())
    page.locator("#id_starts_at").fill("17:30")
    page.locator("#id_place").fill(PLACE)
    page.locator("#id_agenda").fill(AGENDA)
    screenshot(page, "meeting-plan-form")
    submit(page)

    expect(page).to_have_url(MEETING_URL)
    meeting_url = page.url
    expect(page.locator("main h1")).to_have_text(TITLE)
    # The two production topics first, then the free item.
    expect(page.locator("ol.agenda > li")).to_have_count(3)
    expect(page.locator("ol.agenda > li").last).to_contain_text(AGENDA)
    expect(page.locator(".meeting-steps .step.done")).to_have_count(1)

    page.locator("#id_announced_on").fill(today.isoformat())
    page.locator("form[action$='/announce/'] button[type=submit]").click()
    expect(page).to_have_url(meeting_url)
    expect(page.locator(".meeting-steps .step.done")).to_have_count(2)

    # Everyone came but one member, who was on sick leave.
    open_step(page, "attendance/")
    rows = page.locator("#attendance-form .list-group-item")
    count = rows.count()
    assert count >= 10
    absent = rows.nth(1)
    absent_name = absent.locator(".fw-semibold").inner_text().strip()
    absent.locator("input[type=radio][value=absent]").check()
    absent.locator("input[type=text]").fill("病假")
    screenshot(page, "attendance-form")
    submit(page)
    expect(page).to_have_url(meeting_url)
    expect(page.locator(".meeting-steps .step.done")).to_have_count(3)
    attendance = page.locator("section.attendance tbody tr")
    expect(attendance).to_have_count(count)
    expect(attendance.filter(has_text=absent_name)).to_contain_text("病假")

    open_step(page, "minutes/")
    for textarea in page.locator("main form textarea[name^=item_]").all():
        textarea.fill(MINUTES)
    submit(page)
    expect(page).to_have_url(meeting_url)
    expect(page.locator("ol.agenda .minutes")).to_have_count(3)

    open_step(page, "decisions/new/")
    page.locator("#id_text").fill(DECISION)
    submit(page)
    expect(page).to_have_url(meeting_url)
    expect(page.locator("main")).to_contain_text(DECISION)

    open_step(page, "actions/new/")
    page.locator("#id_description").fill(ACTION)
    page.locator("#id_owner").select_option(label=absent_name)
    page.locator("#id_due_on").fill((today + datetime.timedelta(days=7)).isoformat())
    submit(page)
    expect(page).to_have_url(meeting_url)
    expect(page.locator("#action-items li")).to_contain_text(f"{ACTION} · {absent_name}")

    open_step(page, "summary/")
    page.locator("#id_summary").fill(SUMMARY)
    submit(page)
    expect(page).to_have_url(meeting_url)
    expect(page.locator(".meeting-steps .step.done")).to_have_count(4)
    expect(page.locator("main")).to_contain_text(SUMMARY)
    screenshot(page, "meeting-detail")
    return meeting_url, absent_name, count


def test_a_production_meeting_from_plan_to_printed_record(page, demo_site, screenshot):
    today = timezone.localdate()
    _, absent_name, count = plan_and_hold_a_production_meeting(page, demo_site, today, screenshot)

    page.locator("main a[href$='/print/']").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/print/$"))
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGE)
    expect(page.locator("h1")).to_have_text(TITLE)
    print_button = page.locator("button[data-print]")
    expect(print_button).to_be_visible()
    attendance = page.locator("section.attendance tbody tr")
    expect(attendance).to_have_count(count)
    expect(attendance.filter(has_text=absent_name)).to_contain_text("病假")
    expect(page.locator("main")).to_contain_text(SUMMARY)
    expect(page.locator("main")).to_contain_text(DECISION)
    expect(page.locator("footer")).to_contain_text("工会小组长")
    expect(page.locator("main")).to_contain_text(PLACE)

    # On paper: no buttons or links back, and a column for the members' signatures.
    page.emulate_media(media="print")
    expect(print_button).to_be_hidden()
    expect(page.locator("section.attendance thead th").last).to_be_visible()
    screenshot(page, "meeting-print")
    page.emulate_media(media="screen")


def test_a_resolution_goes_down_and_the_group_reports_back(
    page, new_context, demo_site, screenshot
):
    today = timezone.localdate()
    plan_and_hold_a_production_meeting(page, demo_site, today, lambda *a, **k: None)

    staff = new_context().new_page()
    sign_in(staff, demo_site, "machine_staff")
    staff.goto(f"{demo_site}/meetings/resolutions/")
    staff.locator("main a[href$='/resolutions/new/']").click()
    staff.locator("#id_title").fill(RESOLUTION)
    staff.locator("#id_text").fill("各小組訂出節約棉紗的辦法，月底報告。")
    staff.locator("#id_issued_on").fill(today.isoformat())
    staff.locator("#id_due_on").fill((today + datetime.timedelta(days=14)).isoformat())
    # No group ticked: it goes to every group of the factory.
    submit(staff)
    expect(staff).to_have_url(RESOLUTION_URL)
    resolution_url = staff.url
    reports = staff.locator("#resolution-reports tbody tr")
    expect(reports).to_have_count(11)  # the demo factory's groups
    expect(reports.filter(has_text=GROUP)).to_have_count(1)

    # The group leader finds it among the resolutions to carry out on the group's page.
    page.goto(demo_site)
    open_group_page(page)
    pending = page.locator("#pending-resolutions li", has_text=RESOLUTION)
    expect(pending).to_have_count(1)
    pending.locator("a[href*='/resolutions/reports/']").click()
    page.locator("#id_status").select_option("done")
    page.locator("#id_note").fill(REPORT_NOTE)
    page.locator("#id_meeting").select_option(label=f"{today.isoformat()} {TITLE}")
    submit(page)
    expect(page).to_have_url(resolution_url)
    page.goto(demo_site)
    open_group_page(page)
    expect(page.locator("#pending-resolutions")).to_be_visible()
    expect(page.locator("#pending-resolutions li", has_text=RESOLUTION)).to_have_count(0)

    staff.reload()
    row = staff.locator("#resolution-reports tbody tr", has_text=GROUP)
    expect(row.locator("td").nth(1)).to_contain_text("已完成")
    expect(row.locator("td").nth(2)).to_have_text(REPORT_NOTE)
    expect(row.locator("td").nth(3)).to_contain_text(TITLE)
    others = staff.locator("#resolution-reports tbody tr", has_not_text=GROUP)
    expect(others.filter(has_text="已完成")).to_have_count(0)
    screenshot(staff, "resolution-detail")


# --- The meeting record on one page, on a phone -------------------------------------------------

PHONE_TITLE = "十二月工會小組會"  # no seeded meeting has this title
ITEMS = ["討論安全生產", "評比本月保證條件"]
ITEM_MINUTES = ["砂箱擺放太高，決定不超過三層。", "多數人完成了保證條件，兩人沒完成，找了原因。"]
PHONE_DECISION = "砂箱擺放不超過三層，每班下班前檢查。"
PHONE_ACTIONS = ["畫出砂箱擺放線", "每班下班前檢查砂箱"]
PHONE_SUMMARY = "會前兩天通知，議程清楚；安全問題訂出辦法，落實到人。"
REASONS = ["病假", "探親"]


def _no_sideways_scroll(page):
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1, f"{page.url} scrolls sideways: {scroll_width}px"


def test_a_leader_plans_announces_records_and_prints_a_meeting_in_five_page_loads(
    new_context, demo_site, screenshot
):
    """hanrun on a 390 px phone, from the home page where signing in lands: plan the meeting
    (today), announce it, record it on one page (two members absent, minutes on both agenda
    items, a decision with two action items, the summary) and print it. Every real page load of
    the main frame after the home page is counted: at most five."""
    today = timezone.localdate()
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, demo_site, "hanrun")
    expect(page.locator("#next-meeting")).to_be_visible()
    screenshot(page, "record-0-home-phone-zh-hans")
    loads = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and loads.append(frame.url))

    # 1. The plan form, straight from the home page.
    page.locator("#plan-meeting").tap()
    expect(page).to_have_url(re.compile(r"/meetings/group/\d+/new/$"))
    page.locator("#id_kind").select_option("group")
    page.locator("#id_title").fill(PHONE_TITLE)
    page.locator("#id_scheduled_on").fill(today.isoformat())
    page.locator("#id_starts_at").fill("17:30")
    page.locator("#id_place").fill(PLACE)
    page.locator("#id_agenda").fill("\n".join(ITEMS))
    _no_sideways_scroll(page)
    screenshot(page, "record-1-plan-phone-zh-hans")
    # 2. The meeting's page, planned.
    submit(page)
    expect(page).to_have_url(MEETING_URL)
    meeting_url = page.url
    expect(page.locator("main h1")).to_have_text(PHONE_TITLE)
    # 3. Announced, and the meeting's day has come: recording is offered.
    page.locator("#id_announced_on").fill(today.isoformat())
    page.locator("form[action$='/announce/'] button[type=submit]").tap()
    expect(page).to_have_url(meeting_url)
    expect(page.locator(".meeting-steps .step.done")).to_have_count(2)
    expect(page.locator("#record-link")).to_have_text("填写会议记录")
    expect(page.locator("#print-link")).to_have_text("打印会议纪要")
    screenshot(page, "record-2-announced-phone-zh-hans")

    # 4. The record, on one page.
    page.locator("#record-link").tap()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/record/$"))
    rows = page.locator("#record-attendance .attendance-row")
    count = rows.count()
    assert count >= 10
    # Everyone is present until tapped otherwise; a present member is asked no reason.
    expect(page.locator("#record-attendance input[value=present]:checked")).to_have_count(count)
    expect(rows.first.locator(".attendance-reason")).to_be_hidden()
    absent_names = []
    for row, reason in zip([rows.nth(1), rows.nth(2)], REASONS, strict=True):
        absent_names.append(row.locator(".member-name").inner_text().strip())
        row.locator("input[value=absent] + label").tap()
        row.locator(".attendance-reason").fill(reason)
    minutes = page.locator("#record-minutes textarea")
    expect(minutes).to_have_count(2)
    for textarea, text in zip(minutes.all(), ITEM_MINUTES, strict=True):
        textarea.fill(text)
    block = page.locator("#record-decisions .decision-block").first
    block.locator("textarea").fill(PHONE_DECISION)
    # One blank action row shows; the button shows the next.
    expect(block.locator(".action-row:visible")).to_have_count(1)
    owner = page.locator("#record-attendance .member-name").nth(3).inner_text().strip()
    due = today + datetime.timedelta(days=7)
    for index, action in enumerate(PHONE_ACTIONS):
        if index:
            block.locator("[data-add-row]").tap()
        row = block.locator(".action-row:visible").nth(index)
        row.locator("input[name$='-description']").fill(action)
        row.locator("select").select_option(label=owner)
        row.locator("input[type=date]").fill((due + datetime.timedelta(days=index)).isoformat())
    page.locator("#record-summary textarea").fill(PHONE_SUMMARY)
    _no_sideways_scroll(page)
    screenshot(page, "record-3-one-page-phone-zh-hans")

    # 5. Saved, and straight to the printable minutes.
    page.locator("#save-and-print").tap()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/print/$"))
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text(PHONE_TITLE)
    attendance = page.locator("section.attendance tbody tr")
    expect(attendance).to_have_count(count)
    for name, reason in zip(absent_names, REASONS, strict=True):
        expect(attendance.filter(has_text=name)).to_contain_text(reason)
    for text in [*ITEM_MINUTES, PHONE_DECISION, PHONE_SUMMARY]:
        expect(main).to_contain_text(text)
    tied = page.locator("#decisions > li").filter(has_text=PHONE_DECISION).locator(".action-item")
    expect(tied).to_have_count(2)
    for action in PHONE_ACTIONS:
        expect(tied.filter(has_text=action)).to_contain_text(owner)
    _no_sideways_scroll(page)
    screenshot(page, "record-4-print-phone-zh-hans")

    assert len(loads) <= 5, loads
    assert [re.sub(r"\d+", "N", url.removeprefix(demo_site)) for url in loads] == [
        "/meetings/group/N/new/",
        "/meetings/N/",
        "/meetings/N/",
        "/meetings/N/record/",
        "/meetings/N/print/",
    ]
