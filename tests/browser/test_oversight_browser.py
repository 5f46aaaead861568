"""A group's assessment, from the factory union's staff to the city federation's review and its
distribution report, in a real browser and in Simplified Chinese.

In the demo city's open half-year 韓潤小組 of 太原機器廠 is not assessed yet and 余蘭桂小組 and
杜鳴舉小組 of the same factory are submitted. machine_staff (the factory union's staff) assesses
韓潤小組 on the five criteria, the evidence beside them; federation (the city federation) confirms
it in the admin, returns 余蘭桂小組's with a reason on its page and 杜鳴舉小組's with the bulk
action, and reads the change in the report; the staff then find the reason on the returned form.

The page words are the zh-hans catalogue's (locale/zh_Hans), written out so that the selectors
read as the pages do; ``catalogue_words`` checks them against the catalogue first, so that a
reworded translation fails there, by name, rather than as a selector that times out.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from oversight.models import AssessmentPeriod
from tests.browser.conftest import log_in, set_language_cookie

pytestmark = pytest.mark.browser

LANGUAGE = "zh-hans"
FACTORY = "太原機器廠"
GROUP = "韓潤小組"
RETURNED_GROUP = "余蘭桂小組"
BULK_RETURNED_GROUP = "杜鳴舉小組"
RETURN_REASON = "保證計劃完成情況未說明，請補充。"
BULK_REASON = "生產會議的記錄不全，請補齊後再報。"
SUMMARY = "小組活動圍繞生產進行，兩個組長分工明確，保證計劃月月完成，是一個好小組。"
NOTES = {
    "production": "保證計劃月月超額完成。",
    "duties": "兩個組長遇事互相商量。",
    "unity": "幹事每人帶兩個積極分子。",
    "systems": "會前通知議程，會後有總結。",
    "leadership": "小組長連選連任，羣衆擁護。",
}

# The catalogue's words (msgid: the zh-hans msgstr) that the test finds the pages by.
WORDS = {
    "Who is not doing what": "谁没有做什么",
    "Have not met this month": "本月未开过会",
    "Assessments": "小组评定",
    "Assess": "评定",
    "Continue": "继续",
    "From the records": "记录所见",
    "Activities revolve around production": "围绕生产进行活动",
    "Union and production leaders divide their duties": "工会小组长与行政小组长分工明确",
    "Unity and mutual help": "团结互助",
    "Working systems exist and are really used": "订有制度并真正执行",
    "Leadership and activity": "领导与活动",
    "Good": "好",
    "Fair": "一般",
    "Note": "备注",
    "Proposed class": "建议的类别",
    "Class 1 (good)": "第一类（较好）",
    "Save draft": "保存草稿",
    "Submit for review": "上报审核",
    "Draft saved.": "草稿已保存。",
    "Rate this criterion before submitting.": "上报前请评定这一条。",
    "Draft": "草稿",
    "Submitted": "已提出",
    "Confirmed": "已确认",
    "Returned": "已退回",
    "Not assessed": "未评定",
    "The assessment of %(group)s is submitted for review.": "%(group)s的评定已上报审核。",
    "Period": "期限",
    "Show": "显示",
    "Status": "状态",
    "Confirm the selected assessments at the proposed class": "按建议类别确认所选的评定",
    "Return the selected assessments with a reason": "说明理由，退回所选的评定",
    "%(count)d assessments confirmed; the others were not submitted.": (
        "已确认 %(count)d 份评定；其余的尚未上报。"
    ),
    "%(count)d assessments returned.": "已退回 %(count)d 份评定。",
    "Return them": "退回",
    "Return to the assessor": "退回评定人",
    "Confirm the class": "确认类别",
    "%(group)s returned to its assessor.": "%(group)s已退回评定人。",
    "%(group)s confirmed as %(class)s.": "%(group)s已确认为%(class)s。",
    "Returned by the city federation:": "市总工会退回：",
    "Reason for returning": "退回理由",
    "Share of each class, period by period": "各评定期三类小组所占比重",
}
# The five criteria in the form's order, by field name.
CRITERIA = {
    "production": WORDS["Activities revolve around production"],
    "duties": WORDS["Union and production leaders divide their duties"],
    "unity": WORDS["Unity and mutual help"],
    "systems": WORDS["Working systems exist and are really used"],
    "leadership": WORDS["Leadership and activity"],
}
ASSESS_URL = re.compile(r"/oversight/periods/\d+/groups/\d+/assess/$")
DETAIL_URL = re.compile(r"/oversight/assessments/\d+/$")
CHANGELIST_URL = re.compile(r"/admin/oversight/assessment/(\?.*)?$")
# Django's own admin words in zh-hans (django/contrib/admin/locale): the actions' "Go" button.
ADMIN_GO = "执行"


@pytest.fixture
def catalogue_words():
    with translation.override(LANGUAGE):
        for msgid, words in WORDS.items():
            assert translation.gettext(msgid) == words, f"the catalogue rewords {msgid!r}"
        assert translation.gettext("Go") == ADMIN_GO


def t(msgid, **values):
    return WORDS[msgid] % values if values else WORDS[msgid]


def sign_in(page, base_url, username):
    set_language_cookie(page.context, base_url, LANGUAGE)
    log_in(page, base_url, username)
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGE)


def open_period():
    return AssessmentPeriod.objects.get(status=AssessmentPeriod.Status.OPEN).name


def criterion(page, name):
    """The card of one criterion on the assessment form: its ratings, note and evidence."""
    group = page.get_by_role("radiogroup", name=CRITERIA[name], exact=True)
    return page.locator("section.criterion").filter(has=group)


def rate(page, name, rating="Good"):
    criterion(page, name).get_by_label(t(rating), exact=True).check()


def list_row(page, group):
    return page.locator("#assessments tbody tr").filter(
        has=page.get_by_role("link", name=group, exact=True)
    )


def admin_row(page, group):
    return page.locator("#result_list tbody tr").filter(
        has=page.get_by_role("link", name=group, exact=True)
    )


def report_row(page, base_url, period):
    """The factory's row of the distribution report of ``period``, chosen in the period select:
    ``{"class_1": n, "confirmed": n, "awaiting": n, "cells": [...]}``."""
    page.goto(f"{base_url}/admin/oversight/assessment/report/")
    page.get_by_label(t("Period"), exact=True).select_option(label=period)
    page.get_by_role("button", name=t("Show"), exact=True).click()
    page.wait_for_url(re.compile(r"/report/\?period=\d+"))
    expect(page.get_by_label(t("Period"), exact=True).locator("option:checked")).to_have_text(
        period
    )
    row = page.locator(f'#distribution tr[data-unit="{FACTORY}"]')
    expect(row).to_have_count(1)
    cells = [text.strip() for text in row.locator("td").all_inner_texts()]
    # The factory; then groups, share and change of each of the three classes; then the
    # confirmed groups and those awaiting review.
    assert len(cells) == 12, cells
    assert cells[0] == FACTORY
    return {
        "class_1": int(cells[1]),
        "confirmed": int(cells[10]),
        "awaiting": int(cells[11]),
        "cells": cells,
    }


def charts_drawn(page):
    """Wait until Chart.js has drawn every chart of the page; return each chart's labels."""
    page.wait_for_function(
        """() => {
            const canvases = [...document.querySelectorAll("canvas[data-bars]")];
            return canvases.length > 0 && canvases.every((canvas) => {
                const chart = window.Chart && window.Chart.getChart(canvas);
                if (!chart) { return false; }
                const pixels = canvas.getContext("2d")
                    .getImageData(0, 0, canvas.width, canvas.height).data;
                return pixels.some((value, i) => i % 4 === 3 && value > 0);
            });
        }"""
    )
    return page.evaluate(
        """() => [...document.querySelectorAll("canvas[data-bars]")].map(
            (canvas) => window.Chart.getChart(canvas).data.labels)"""
    )


def run_action(page, groups, action):
    """Tick ``groups`` in the admin's changelist and run ``action`` on them."""
    for group in groups:
        admin_row(page, group).locator("input.action-select").check()
    page.locator("select[name=action]").first.select_option(label=action)
    page.get_by_role("button", name=ADMIN_GO, exact=True).first.click()


# --- a. The factory union's staff assess 韓潤小組 ---------------------------------------------


def staff_assess_the_group(page, base_url, period, screenshot):
    sign_in(page, base_url, "machine_staff")

    # The staff's home: who is not doing what, card by card.
    expect(page).to_have_url(f"{base_url}/")
    expect(page.locator("main h1")).to_have_text(FACTORY)
    expect(page.get_by_role("heading", name=t("Who is not doing what"))).to_be_visible()
    cards = page.locator("#not-doing .card")
    expect(cards).to_have_count(4)
    expect(page.locator("#not-doing-not_met")).to_contain_text(t("Have not met this month"))
    screenshot(page, "oversight-staff-home")

    # The assessment list opens at the open period; 韓潤小組 is not assessed yet.
    page.locator("main").get_by_role("link", name=t("Assessments"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/oversight/assessments/$"))
    expect(page.locator("main h1")).to_contain_text(period)
    row = list_row(page, GROUP)
    expect(row.locator("td").nth(2)).to_have_text(t("Not assessed"))
    for other in (RETURNED_GROUP, BULK_RETURNED_GROUP):
        expect(list_row(page, other).locator("td").nth(2)).to_have_text(t("Submitted"))
    screenshot(page, "oversight-assessment-list")
    row.get_by_role("link", name=t("Assess"), exact=True).click()
    expect(page).to_have_url(ASSESS_URL)
    assess_url = page.url
    expect(page.locator("main h1")).to_contain_text(GROUP)
    expect(page.locator("main h1")).to_contain_text(period)

    # Five criteria, each with the records' evidence beside it.
    expect(page.locator("section.criterion")).to_have_count(5)
    for name in CRITERIA:
        card = criterion(page, name)
        expect(card).to_have_count(1)
        expect(card.get_by_text(t("From the records"), exact=True)).to_be_visible()
        expect(card.locator("dl.evidence dt").first).to_be_visible()
    screenshot(page, "oversight-assessment-form")

    # A draft with three of the five criteria rated.
    rate(page, "production")
    rate(page, "duties")
    rate(page, "unity", "Fair")
    criterion(page, "production").get_by_label(t("Note"), exact=True).fill(NOTES["production"])
    page.get_by_role("button", name=t("Save draft"), exact=True).click()
    expect(page).to_have_url(assess_url)
    expect(page.get_by_role("alert")).to_have_text(t("Draft saved."))
    # The form comes back with what was saved.
    expect(criterion(page, "production").get_by_label(t("Good"), exact=True)).to_be_checked()
    expect(criterion(page, "unity").get_by_label(t("Fair"), exact=True)).to_be_checked()
    expect(criterion(page, "systems").locator("input[type=radio]:checked")).to_have_count(0)
    expect(criterion(page, "production").get_by_label(t("Note"), exact=True)).to_have_value(
        NOTES["production"]
    )
    screenshot(page, "oversight-assessment-draft-saved")

    # Submitting with 领导与活动 not rated: the form says which, and nothing is submitted.
    rate(page, "systems")
    page.get_by_role("group", name=t("Proposed class")).get_by_label(t("Class 1 (good)")).check()
    page.get_by_role("button", name=t("Submit for review"), exact=True).click()
    missing = page.get_by_text(t("Rate this criterion before submitting."), exact=True)
    expect(missing).to_have_count(1)
    expect(criterion(page, "leadership").locator(".text-danger")).to_have_text(
        t("Rate this criterion before submitting.")
    )
    expect(page).to_have_url(assess_url)
    # What was typed stays on the form.
    expect(criterion(page, "systems").get_by_label(t("Good"), exact=True)).to_be_checked()
    screenshot(page, "oversight-assessment-submit-error")
    # Still a draft in the list.
    page.locator(".breadcrumb").get_by_role("link", name=t("Assessments")).click()
    expect(list_row(page, GROUP).locator("td").nth(2)).to_have_text(t("Draft"))
    list_row(page, GROUP).get_by_role("link", name=t("Continue"), exact=True).click()
    expect(page).to_have_url(assess_url)

    # Every criterion rated, with a note each, the summary and class 1: submitted.
    for name in CRITERIA:
        rate(page, name)
        criterion(page, name).get_by_label(t("Note"), exact=True).fill(NOTES[name])
    page.locator("#id_summary").fill(SUMMARY)
    page.get_by_role("group", name=t("Proposed class")).get_by_label(t("Class 1 (good)")).check()
    page.get_by_role("button", name=t("Submit for review"), exact=True).click()

    expect(page).to_have_url(DETAIL_URL)
    expect(page.get_by_role("alert")).to_have_text(
        t("The assessment of %(group)s is submitted for review.", group=GROUP)
    )
    expect(page.locator("#assessment-status")).to_have_text(t("Submitted"))
    expect(page.locator("main")).to_contain_text(SUMMARY)
    expect(page.locator("main")).to_contain_text(NOTES["leadership"])
    expect(page.locator("main").get_by_text(t("Class 1 (good)"), exact=True)).to_be_visible()
    screenshot(page, "oversight-assessment-submitted")
    return page.url


# --- b. The city federation reviews ----------------------------------------------------------


def federation_reviews(page, base_url, period, screenshot):
    sign_in(page, base_url, "federation")
    before = report_row(page, base_url, period)
    # The three of the factory await review; none of its groups is confirmed in this period.
    assert before["awaiting"] >= 3, before["cells"]
    labels_before = charts_drawn(page)
    screenshot(page, "oversight-report-before")

    # The submitted assessments, through the status filter of the changelist.
    page.goto(f"{base_url}/admin/oversight/assessment/")
    status_filter = page.locator(f'#changelist-filter details[data-filter-title="{t("Status")}"]')
    status_filter.get_by_role("link", name=t("Submitted"), exact=True).click()
    expect(page).to_have_url(re.compile(r"status__exact=submitted"))
    for group in (GROUP, RETURNED_GROUP, BULK_RETURNED_GROUP):
        expect(admin_row(page, group).locator("td.field-status")).to_have_text(t("Submitted"))
    screenshot(page, "oversight-review-changelist")

    # 韓潤小組's assessment with the evidence its assessor saw.
    admin_row(page, GROUP).get_by_role("link", name=GROUP, exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/oversight/assessment/\d+/change/"))
    expect(page.locator("#review-status")).to_have_text(t("Submitted"))
    evidence = page.locator("#evidence tbody tr")
    expect(evidence).to_have_count(5)
    for index, name in enumerate(CRITERIA):
        expect(evidence.nth(index).locator("td").nth(0)).to_have_text(CRITERIA[name])
        expect(evidence.nth(index).locator("td").nth(1)).to_have_text(t("Good"))
        expect(evidence.nth(index).locator("td").nth(2)).to_have_text(NOTES[name])
        expect(evidence.nth(index).locator("td").nth(3).locator("strong").first).to_be_visible()
    expect(page.locator("#evidence")).to_contain_text(t("From the records"))
    expect(page.locator("#id_confirm-group_class option:checked")).to_have_text(t("Class 1 (good)"))
    screenshot(page, "oversight-review-evidence")

    # Confirmed at the proposed class, with the page's own form; back on the submitted list.
    page.get_by_role("button", name=t("Confirm the class"), exact=True).click()
    expect(page.locator("ul.messagelist")).to_contain_text(
        t("%(group)s confirmed as %(class)s.", group=GROUP, **{"class": t("Class 1 (good)")})
    )
    expect(page).to_have_url(re.compile(r"status__exact=submitted"))
    expect(admin_row(page, GROUP)).to_have_count(0)

    # 余蘭桂小組's returned from its page, with the reason.
    admin_row(page, RETURNED_GROUP).get_by_role("link", name=RETURNED_GROUP, exact=True).click()
    expect(page.locator("#review-status")).to_have_text(t("Submitted"))
    return_form = page.locator("#return-form")
    return_form.locator("textarea[name='return-reason']").fill(RETURN_REASON)
    return_form.get_by_role("button", name=t("Return to the assessor"), exact=True).click()
    expect(page).to_have_url(re.compile(r"status__exact=submitted"))
    expect(page.locator("ul.messagelist")).to_contain_text(
        t("%(group)s returned to its assessor.", group=RETURNED_GROUP)
    )
    expect(admin_row(page, RETURNED_GROUP)).to_have_count(0)

    # 杜鳴舉小組's returned with the bulk action and its page for the reason.
    run_action(page, [BULK_RETURNED_GROUP], t("Return the selected assessments with a reason"))
    expect(page.locator("#content")).to_contain_text(BULK_RETURNED_GROUP)
    page.locator("#id_reason").fill(BULK_REASON)
    screenshot(page, "oversight-bulk-return")
    page.get_by_role("button", name=t("Return them"), exact=True).click()
    expect(page.locator("ul.messagelist")).to_contain_text(
        t("%(count)d assessments returned.", count=1)
    )
    expect(admin_row(page, BULK_RETURNED_GROUP)).to_have_count(0)

    # The changelist shows them returned, and 韓潤小組 confirmed.
    page.goto(f"{base_url}/admin/oversight/assessment/")
    status_filter.get_by_role("link", name=t("Returned"), exact=True).click()
    expect(page).to_have_url(re.compile(r"status__exact=returned"))
    for group in (RETURNED_GROUP, BULK_RETURNED_GROUP):
        row = admin_row(page, group)
        expect(row).to_have_count(1)
        expect(row.locator("td.field-status")).to_have_text(t("Returned"))
        expect(row.locator("td.field-period")).to_have_text(period)
    screenshot(page, "oversight-review-returned")
    page.goto(f"{base_url}/admin/oversight/assessment/?status__exact=confirmed&q={GROUP}")
    confirmed = admin_row(page, GROUP).filter(has_text=period)
    expect(confirmed.locator("td.field-confirmed_class")).to_have_text(t("Class 1 (good)"))
    return before, labels_before


# --- c. The report shows the change ----------------------------------------------------------


def report_shows_the_change(page, base_url, period, before, labels_before, screenshot):
    after = report_row(page, base_url, period)
    assert after["class_1"] == before["class_1"] + 1, (before["cells"], after["cells"])
    assert after["confirmed"] == before["confirmed"] + 1, (before["cells"], after["cells"])
    # One confirmed and two returned: three fewer awaiting review.
    assert after["awaiting"] == before["awaiting"] - 3, (before["cells"], after["cells"])
    # Confirmed in the open period alone, 韓潤小組 is all of class 1 there.
    if before["confirmed"] == 0:
        assert after["cells"][2] == "100.0%", after["cells"]
    # The trend now has the open period, said to be under review.
    labels = charts_drawn(page)
    trend_before, trend_after = labels_before[0], labels[0]
    assert not any(label.startswith(period) for label in trend_before), trend_before
    assert any(label.startswith(period) for label in trend_after), trend_after
    expect(page.get_by_role("img", name=t("Share of each class, period by period"))).to_be_visible()
    screenshot(page, "oversight-report-after")


# --- d. The staff read why it was returned -----------------------------------------------------


def staff_read_the_reason(page, base_url, period, screenshot):
    page.goto(f"{base_url}/oversight/assessments/")
    expect(page.locator("main h1")).to_contain_text(period)
    expect(list_row(page, GROUP).locator("td").nth(2)).to_have_text(t("Confirmed"))
    row = list_row(page, RETURNED_GROUP)
    expect(row.locator("td").nth(2)).to_have_text(t("Returned"))
    row.get_by_role("link", name=t("Continue"), exact=True).click()
    expect(page).to_have_url(ASSESS_URL)
    alert = page.locator("main .alert-warning")
    expect(alert).to_contain_text(t("Returned by the city federation:"))
    expect(alert).to_contain_text(RETURN_REASON)
    screenshot(page, "oversight-assessment-returned")
    # And the one returned in bulk, with its reason.
    page.go_back()
    list_row(page, BULK_RETURNED_GROUP).get_by_role("link", name=t("Continue")).click()
    expect(page.locator("main .alert-warning")).to_contain_text(BULK_REASON)


def test_staff_assess_a_group_and_the_federation_reviews_it(
    page, new_context, demo_site, screenshot, catalogue_words
):
    period = open_period()
    staff_assess_the_group(page, demo_site, period, screenshot)
    federation = new_context().new_page()
    before, labels_before = federation_reviews(federation, demo_site, period, screenshot)
    report_shows_the_change(federation, demo_site, period, before, labels_before, screenshot)
    staff_read_the_reason(page, demo_site, period, screenshot)


def test_the_federation_confirms_on_the_assessments_page(
    page, demo_site, screenshot, catalogue_words
):
    sign_in(page, demo_site, "federation")
    page.goto(f"{demo_site}/admin/oversight/assessment/?status__exact=submitted")
    admin_row(page, RETURNED_GROUP).get_by_role("link", name=RETURNED_GROUP, exact=True).click()
    expect(page.locator("#review-status")).to_have_text(t("Submitted"))
    proposed = page.locator("#id_confirm-group_class option:checked").inner_text()
    screenshot(page, "oversight-review-confirm-form")
    page.get_by_role("button", name=t("Confirm the class"), exact=True).click()
    expect(page.locator("ul.messagelist")).to_contain_text(
        t("%(group)s confirmed as %(class)s.", group=RETURNED_GROUP, **{"class": proposed})
    )
