"""A group's guarantee plan with its pledges, progress and charts, and an emulation campaign from
launch to the rotating red flag, in a real browser and in Simplified Chinese.

hanrun leads 韓潤小組 of 太原機器廠; machine_staff is the factory union's staff. The demo gives
every group monthly plans, so the group's new plan here is one for the current quarter, which the
demo never makes. The assertions hold to the data typed in, to element ids and to the words of
the catalogue a user reads on these pages.
"""

import calendar
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, open_group_page, set_language_cookie

pytestmark = pytest.mark.browser

LANGUAGE = "zh-hans"
FACTORY = "太原機器廠"
GROUP = "韓潤小組"
PRODUCTION_PLAN = "本季度車間下達：軸類零件三千件"
KNACKS = "推行首件必檢、自檢互檢；快速換活，換活時間縮短到十分鐘。"
OUTPUT_TARGET, OUTPUT_DONE = 3000, 800
SCRAP_TARGET, SCRAP_DONE = 3, 1
PLEDGES = ["每月車軸一百二十件，不出廢品。", "帶好兩個徒工，月底能獨立操作。"]
CAMPAIGN = "金工裝配無廢品擂台賽"  # no demo campaign has this name
CITATION = "全月無廢品，產量第一。"
NEGATIVE = "这个数字不能是负数。"
PLAN_URL = re.compile(r"/competitions/plans/\d+/$")
CAMPAIGN_URL = re.compile(r"/competitions/campaigns/\d+/$")
STANDINGS_URL = re.compile(r"/competitions/campaigns/\d+/rounds/1/$")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}  # pytest-playwright's page


def sign_in(page, base_url, username):
    set_language_cookie(page.context, base_url, LANGUAGE)
    log_in(page, base_url, username)
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGE)


def submit(form):
    form.locator("button[type=submit]").last.click()


def main_form(page):
    return page.locator("main form[method=post]").last


def drawn(canvas):
    """What Chart.js drew on a canvas: its labels, datasets and whether any pixel is painted."""
    return canvas.evaluate(
        """(canvas) => {
            const chart = window.Chart && window.Chart.getChart(canvas);
            if (!chart) { return null; }
            const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
            return {
                type: chart.config.type,
                labels: chart.data.labels,
                datasets: chart.data.datasets.map((d) => ({
                    label: d.label, data: d.data, colors: d.backgroundColor,
                })),
                painted: pixels.data.some((value, i) => i % 4 === 3 && value > 0),
            };
        }"""
    )


def no_horizontal_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page is {width}px wide on a {PHONE['width']}px phone"


def record_progress(page, label, value, day, note=""):
    form = page.locator("#record-progress form")
    form.locator("#id_indicator").select_option(label=label)
    form.locator("#id_on").fill(day)
    form.locator("#id_value").fill(str(value))
    form.locator("#id_note").fill(note)
    submit(form)


def test_a_group_makes_a_quarter_plan_and_follows_it_on_charts(page, demo_site, screenshot):
    today = timezone.localdate().isoformat()
    sign_in(page, demo_site, "hanrun")
    open_group_page(page)
    expect(page.locator("main h1")).to_contain_text(GROUP)

    # From the group page to its guarantee plans, and a new one.
    page.locator("#current-plan a[href$='/plans/']").click()
    expect(page).to_have_url(re.compile(r"/competitions/group/\d+/plans/$"))
    expect(page.locator("main h1")).to_contain_text("保证计划")
    page.locator("main").get_by_role("link", name="订保证计划").click()
    expect(page).to_have_url(re.compile(r"/plans/new/$"))

    form = main_form(page)
    form.locator("#id_period").select_option(label="季度")
    form.locator("#id_day").fill(today)
    form.locator("#id_production_plan").fill(PRODUCTION_PLAN)
    form.locator("#id_knacks").fill(KNACKS)
    form.locator("#id_indicators-0-kind").select_option("output")
    form.locator("#id_indicators-0-unit").fill("件")
    form.locator("#id_indicators-0-target").fill(str(OUTPUT_TARGET))
    form.locator("#id_indicators-1-kind").select_option("scrap")
    form.locator("#id_indicators-1-unit").fill("件")
    form.locator("#id_indicators-1-target").fill(str(SCRAP_TARGET))
    form.locator("#id_indicators-1-direction").select_option(label="越低越好")
    screenshot(page, "competitions-plan-form")
    submit(form)

    expect(page).to_have_url(PLAN_URL)
    plan_url = page.url
    expect(page.locator("main h1")).to_contain_text(GROUP)
    expect(page.locator("main h1")).to_contain_text(re.compile(r"\d{4}年第[1-4]季度"))
    expect(page.locator("main")).to_contain_text(PRODUCTION_PLAN)
    targets = page.locator("#indicators tbody tr")
    expect(targets).to_have_count(2)
    expect(targets.nth(0)).to_contain_text("产量")
    expect(targets.nth(1)).to_contain_text("越低越好")
    expect(targets.nth(0)).to_contain_text("还没有")  # no entries yet

    # Two members state their individual guarantee conditions.
    expect(page.locator("#pledges .card-header")).to_contain_text("个人保证条件")
    members = []
    for text in PLEDGES:
        page.locator("#pledges a[href$='/pledges/new/']").click()
        expect(page.locator("main h1")).to_have_text("添加个人保证条件")
        form = main_form(page)
        options = form.locator("#id_member option:not([value=''])")
        member = options.nth(len(members)).inner_text().strip()
        form.locator("#id_member").select_option(label=member)
        form.locator("#id_text").fill(text)
        form.locator("#id_target").fill("120")
        form.locator("#id_unit").fill("件")
        submit(form)
        expect(page).to_have_url(plan_url)
        members.append(member)
    pledges = page.locator("#pledges li")
    expect(pledges).to_have_count(2)
    for member, text in zip(members, PLEDGES, strict=True):
        expect(pledges.filter(has_text=member)).to_contain_text(text)

    # Today's progress on both indicators.
    record_progress(page, "产量", OUTPUT_DONE, today, "第一批軸件交檢")
    expect(page).to_have_url(plan_url)
    record_progress(page, "质量：废品数", SCRAP_DONE, today, "量具未校準")
    expect(page).to_have_url(plan_url)
    entries = page.locator("#entries li")
    expect(entries).to_have_count(2)

    # A negative figure is a form error, and nothing is recorded.
    record_progress(page, "产量", -5, today)
    expect(page).to_have_url(re.compile(r"/progress/new/$"))
    expect(page.locator("main")).to_contain_text(NEGATIVE)
    expect(page.locator("#id_value")).to_have_class(re.compile(r"is-invalid"))
    page.locator("main a.btn-link").click()
    expect(page).to_have_url(plan_url)
    expect(entries).to_have_count(2)
    expect(entries.filter(has_text="-5")).to_have_count(0)

    # The targets with their completion: 800 of 3000 pieces, 1 scrap within the 3 allowed.
    output, scrap = targets.nth(0), targets.nth(1)
    expect(output.locator("td").nth(2)).to_contain_text(f"{OUTPUT_DONE} 件")
    expect(output.locator("td").nth(3)).to_contain_text("26.7%")
    expect(output.locator("td").nth(3)).to_contain_text("未达到")
    expect(scrap.locator("td").nth(2)).to_contain_text(f"{SCRAP_DONE} 件")
    expect(scrap.locator("td").nth(3)).to_contain_text("100%")
    expect(scrap.locator("td").nth(3).locator(".badge")).to_have_text("达到")

    # A chart for each indicator, drawn by Chart.js, with today's running result on it.
    canvases = page.locator("#plan-charts canvas[data-indicator]")
    expect(canvases).to_have_count(2)
    page.wait_for_function("() => window.Chart !== undefined")
    for canvas, value, target in (
        (canvases.nth(0), OUTPUT_DONE, OUTPUT_TARGET),
        (canvases.nth(1), SCRAP_DONE, SCRAP_TARGET),
    ):
        chart = drawn(canvas)
        assert chart is not None, "Chart.js drew no chart on the canvas"
        assert chart["type"] == "line"
        assert chart["painted"]
        assert today in chart["labels"]
        actual, goal = chart["datasets"]
        assert actual["label"] == "累计完成"
        assert actual["data"][chart["labels"].index(today)] == value
        assert set(goal["data"]) == {target}
    screenshot(page, "competitions-plan")

    # On a phone the page fits the screen: no sideways scrolling.
    page.set_viewport_size(PHONE)
    page.goto(plan_url)
    expect(page.locator("#indicators")).to_be_visible()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#plan-charts canvas')]"
        ".every((c) => window.Chart.getChart(c))"
    )
    no_horizontal_scroll(page)
    screenshot(page, "competitions-plan-phone")


def month_bounds(day):
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def test_a_zero_scrap_campaign_ends_with_the_red_flag(page, demo_site, screenshot):
    today = timezone.localdate()
    first, last = month_bounds(today)
    sign_in(page, demo_site, "machine_staff")

    # Production → campaigns → launch one.
    page.locator("#mainnav .dropdown-toggle", has_text="生产").click()
    page.locator("#mainnav .dropdown-menu").get_by_role("link", name="竞赛", exact=True).click()
    expect(page).to_have_url(re.compile(r"/competitions/campaigns/$"))
    page.locator("main").get_by_role("link", name="发起竞赛").click()
    expect(page).to_have_url(re.compile(r"/campaigns/new/$"))

    form = main_form(page)
    form.locator("#id_name").fill(CAMPAIGN)
    form.locator("#id_kind").select_option("zero_scrap")
    form.locator("#id_unit").select_option(label=FACTORY)
    form.locator("#id_starts_on").fill(first.isoformat())
    form.locator("#id_ends_on").fill(last.isoformat())
    form.locator("#id_rounds").select_option(label="只评一轮")
    expect(form.locator("#id_red_flag")).to_be_checked()
    form.locator("#id_description").fill("各小組研究廢品原因，訂出保證條件，月底評比。")
    # The group and three others of the factory, chosen in the multiple select.
    options = form.locator("#id_groups option").all_inner_texts()
    ours = [label for label in options if label.startswith(FACTORY)]
    chosen = [next(label for label in ours if label.endswith(GROUP))]
    chosen += [label for label in ours if label not in chosen][:3]
    form.locator("#id_groups").select_option(label=chosen)
    names = [label.rsplit(" · ", 1)[1] for label in chosen]
    form.locator("#id_rules-0-kind").select_option("scrap")
    form.locator("#id_rules-0-unit").fill("件")
    form.locator("#id_rules-0-direction").select_option(label="越低越好")
    form.locator("#id_rules-0-weight").fill("3")
    form.locator("#id_rules-1-kind").select_option("output")
    form.locator("#id_rules-1-unit").fill("件")
    form.locator("#id_rules-1-weight").fill("1")
    submit(form)

    expect(page).to_have_url(CAMPAIGN_URL)
    campaign_url = page.url
    expect(page.locator("main h1")).to_have_text(CAMPAIGN)
    expect(page.locator("#participants li")).to_have_count(4)
    rules = page.locator("#rules tbody tr")
    expect(rules).to_have_count(2)
    expect(rules.nth(0)).to_contain_text("越低越好")
    expect(page.locator("#rounds li")).to_have_count(1)
    expect(page.locator("#custody")).to_contain_text("流动红旗的保持者")

    # The scores of the round: the group made no scrap and the most output.
    page.locator("main").get_by_role("link", name="本轮名次").click()
    expect(page).to_have_url(STANDINGS_URL)
    standings_url = page.url
    page.locator("main").get_by_role("link", name="填写成绩").click()
    expect(page).to_have_url(re.compile(r"/rounds/1/scores/$"))
    headers = page.locator("main table thead th")
    expect(headers.nth(1)).to_contain_text("废品")
    expect(headers.nth(2)).to_contain_text("产量")
    figures = {GROUP: (0, 960)}
    for n, name in enumerate(names[1:], start=1):
        figures[name] = (2 * n + 1, 900 - 50 * n)  # 3, 5, 7 scrap; 850, 800, 750 pieces
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(4)
    for row in rows.all():
        scrap, output = figures[row.locator("td").first.inner_text().strip()]
        row.locator("input").nth(0).fill(str(scrap))
        row.locator("input").nth(1).fill(str(output))
    submit(main_form(page))

    # The standings: ranks 1 to 4, the group first, the advanced and the lagging marked.
    expect(page).to_have_url(standings_url)
    standings = page.locator("#standings tbody tr")
    expect(standings).to_have_count(4)
    expect(page.locator("#standings thead")).to_contain_text("名次")
    ranks = [standings.nth(i).locator("td").first.inner_text().strip() for i in range(4)]
    assert ranks == ["1", "2", "3", "4"]
    ranking = sorted(figures, key=lambda name: figures[name][0])
    for row, name in zip(standings.all(), ranking, strict=True):
        expect(row.locator("td").nth(1)).to_contain_text(name)
    leader = standings.first
    expect(leader).to_have_class(re.compile(r"table-warning"))
    expect(leader.locator("td").nth(2)).to_have_text("100.00")
    expect(leader.locator(".badge")).to_have_text("先进")
    expect(standings.last.locator(".badge")).to_have_text("落后")
    expect(standings.last).to_have_class(re.compile(r"table-danger"))
    expect(standings.last.locator("td").nth(2)).to_have_text("0.00")

    # The bar chart, the leader in gold.
    page.wait_for_function("() => window.Chart !== undefined")
    chart = drawn(page.locator("#standings-chart"))
    assert chart is not None, "Chart.js drew no standings chart"
    assert chart["type"] == "bar"
    assert chart["painted"]
    assert chart["labels"] == ranking
    (scores,) = chart["datasets"]
    assert scores["data"][0] == 100 and scores["data"][-1] == 0
    assert scores["data"] == sorted(scores["data"], reverse=True)
    assert scores["colors"][0] != scores["colors"][1]

    # The red flag goes to the leader, whom the form offers.
    award = page.locator("#award form")
    expect(award.locator("#id_group option:checked")).to_have_text(GROUP)
    award.locator("#id_citation").fill(CITATION)
    award.get_by_role("button", name="授予流动红旗").click()
    expect(page).to_have_url(standings_url)
    notice = page.locator("#red-flag")
    expect(notice).to_contain_text(GROUP)
    expect(notice).to_contain_text(today.isoformat())
    expect(notice).to_contain_text(CITATION)
    expect(leader.locator(".flag")).to_have_count(1)
    expect(page.locator("#award")).to_have_count(0)
    screenshot(page, "competitions-standings")

    # On a phone the standings become cards, and still fit the screen.
    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_function("() => window.Chart.getChart('standings-chart') !== undefined")
    no_horizontal_scroll(page)
    screenshot(page, "competitions-standings-phone")
    page.set_viewport_size(DESKTOP)

    # On the campaign page: who holds the flag, since today.
    page.locator("nav .breadcrumb a", has_text=CAMPAIGN).click()
    expect(page).to_have_url(campaign_url)
    custody = page.locator("#custody li")
    expect(custody).to_have_count(1)
    expect(custody).to_contain_text(GROUP)
    expect(custody).to_contain_text(f"自 {today.isoformat()} 起保持")
    expect(custody).to_contain_text(CITATION)
    expect(page.locator("#rounds li").first).to_contain_text(GROUP)
    screenshot(page, "competitions-campaign")
