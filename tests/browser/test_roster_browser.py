"""Moving in, in a real browser and in Simplified Chinese: machine_staff (太原機器廠's union staff)
downloads the roster template, fills it with two bad rows, sees both with their row numbers,
corrects the file, previews it again and imports it."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from groups.models import Member, Role
from tests.browser.conftest import log_in, set_language_cookie

pytestmark = pytest.mark.browser

FACTORY = "太原機器廠"


def filled(template, rows):
    """The downloaded template with its example row replaced by ``rows`` (dicts by header)."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    for values in rows:
        sheet.append([values.get(name, "") for name in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_factory_staff_bring_a_new_workshop_in_from_a_spreadsheet(
    page, new_context, demo_site, screenshot
):
    set_language_cookie(page.context, demo_site, "zh-hans")
    log_in(page, demo_site, "machine_staff")
    page.goto(f"{demo_site}/factories/")
    page.get_by_role("link", name=FACTORY).click()
    page.get_by_role("link", name="导入花名册").click()
    expect(page.locator("main h1")).to_contain_text(f"导入{FACTORY}的花名册")

    with page.expect_download() as download:
        page.locator("#template-link").click()
    template = Path(download.value.path()).read_bytes()
    header = [cell.value for cell in load_workbook(io.BytesIO(template)).worksheets[0][1]]
    assert header[:4] == ["基层工会", "车间工会", "工会小组", "姓名"]

    people = [
        {"车间工会": "热处理", "工会小组": "龐新苗小组", "姓名": "龐新苗", "性别": "女",
         "工号": "01-95001", "入会日期": "2023-05-04", "职务": "工会小组长"},
        {"车间工会": "热处理", "工会小组": "龐新苗小组", "姓名": "龐大山", "性别": "男",
         "工号": "01-95002", "入会日期": "2022-09-01", "技术等级": 9},
        {"车间工会": "热处理", "工会小组": "龐新苗小组", "姓名": "龐二水", "性别": "男",
         "工号": "01-95003", "入会日期": "前年"},
    ]  # fmt: skip
    page.locator("#id_file").set_input_files(
        {
            "name": "热处理.xlsx",
            "mimeType": "application/octet-stream",
            "buffer": filled(template, people),
        }
    )
    page.get_by_role("button", name="读取文件").click()
    expect(page).to_have_url(re.compile(r"/roster/imports/\d+/$"))
    errors = page.locator("#error-table tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("3")
    expect(errors.nth(0)).to_contain_text("技术等级是一至八的整数。")
    expect(errors.nth(1)).to_contain_text("4")
    expect(errors.nth(1)).to_contain_text("入会日期")
    expect(page.get_by_role("button", name="导入")).to_have_count(0)
    screenshot(page, "roster-preview-errors")

    people[1]["技术等级"] = 6
    people[2]["入会日期"] = "2021-10-01"
    page.get_by_role("link", name="上传改正后的文件").click()
    page.locator("#id_file").set_input_files(
        {
            "name": "热处理.xlsx",
            "mimeType": "application/octet-stream",
            "buffer": filled(template, people),
        }
    )
    page.get_by_role("button", name="读取文件").click()
    expect(page.locator("#error-table")).to_have_count(0)
    counts = page.locator("#counts")
    expect(counts).to_contain_text("新建车间工会")
    screenshot(page, "roster-preview-ready")
    page.get_by_role("button", name="导入").click()
    expect(page.locator("#result")).to_be_visible()
    expect(page.get_by_role("alert").first).to_contain_text("花名册已导入：新增会员 3 人")
    screenshot(page, "roster-imported")

    leader = Member.objects.get(employee_number="01-95001", factory__name=FACTORY)
    assert leader.group.workshop.name == "热处理" and leader.gender == Member.Gender.FEMALE
    assert Role.objects.current().get(member=leader).kind == Role.Kind.UNION_LEADER
    assert Member.objects.get(employee_number="01-95002", factory__name=FACTORY).skill_grade == 6

    # The staff give the new leader a sign-in; she sets her password from the link and signs in.
    page.goto(f"{demo_site}{leader.get_absolute_url()}")
    page.get_by_role("link", name="登录", exact=True).click()
    page.get_by_role("button", name="开通登录").click()
    link = page.locator("#sign-in-link a").first.get_attribute("href")
    screenshot(page, "member-sign-in-link")
    her = new_context().new_page()
    set_language_cookie(her.context, demo_site, "zh-hans")
    her.goto(link)
    password = "my-own-pass-phrase-42"
    her.locator("#id_new_password1").fill(password)
    her.locator("#id_new_password2").fill(password)
    her.get_by_role("button", name="设定密码").click()
    username = page.locator("#sign-in-link strong").first.inner_text()
    log_in(her, demo_site, username, password)
    expect(her.locator("main h1")).to_contain_text("龐新苗小组")
