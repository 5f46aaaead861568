"""Moving in: a factory's roster read from a workbook made in the test, previewed, then imported
all at once (roster/). charlie is factory A's staff, walter workshop 金工's."""

import csv
import datetime
import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dues.models import WageBase
from groups.models import GroupMembership, Member, Role, UnionGroup, WorkshopUnion
from roster.models import RosterImport
from roster.reading import MAX_ROWS
from tests.factories import MemberFactory
from tests.helpers import downloaded

BASE = Path(__file__).resolve().parent.parent.parent

EN = [
    "Factory union",
    "Workshop union",
    "Union group",
    "Name",
    "Gender",
    "Employee number",
    "Trade or job",
    "Skill grade",
    "Phone",
    "E-mail",
    "Joined the union on",
    "Role",
    "Portfolio",
    "Officer's employee number",
]
HANS = [
    "基层工会",
    "车间工会",
    "工会小组",
    "姓名",
    "性别",
    "工号",
    "工种或职务",
    "技术等级",
    "电话",
    "电子邮件",
    "入会日期",
    "职务",
    "分工",
    "干事工号",
]
HANT = [
    "基層工會",
    "車間工會",
    "工會小組",
    "姓名",
    "性別",
    "工號",
    "工種或職務",
    "技術等級",
    "電話",
    "電子郵件",
    "入會日期",
    "職務",
    "分工",
    "幹事工號",
]


def row(workshop, group, name, number, *, gender="Male", grade=5, joined="2021-04-01", role="",
        portfolio="", mentor="", factory="", email=""):  # fmt: skip
    return [factory, workshop, group, name, gender, number, "車工", grade, "13800000000", email,
            joined, role, portfolio, mentor]  # fmt: skip


GOOD = [
    row("鑄工", "王銀柱小組", "王銀柱", "N-001", role="Union group leader"),
    row("鑄工", "王銀柱小組", "劉秀英", "N-002", gender="Female", role="Production group leader"),
    row("鑄工", "王銀柱小組", "張德明", "N-003", role="Officer", portfolio="Production"),
    row("鑄工", "王銀柱小組", "趙建國", "N-004", role="Activist", mentor="N-003"),
    row("鑄工", "王銀柱小組", "孫富貴", "N-005", email="sun@example.com"),
    row("金工", "韓潤小組", "周長春", "N-006", grade=""),
]


def workbook(rows, header=EN, name="roster.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, header=EN, encoding="utf-8-sig", name="roster.csv"):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))


def upload(client, factory, file):
    return client.post(reverse("roster:upload", args=[factory.pk]), {"file": file})


def preview(client, factory, file):
    """Upload ``file``; the preview page's response and the import's record."""
    response = upload(client, factory, file)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = RosterImport.objects.latest("pk")
    return client.get(response["Location"]), record


def confirm(client, record, **data):
    return client.post(reverse("roster:import_confirm", args=[record.pk]), data)


def errors(response):
    """``[(row, column, message)]`` of the preview's table of bad rows."""
    return [(e.row, e.column, e.message) for e in response.context.get("errors") or []]


def test_it_previews_then_imports_the_whole_roster(world, charlie, charlie_client):
    before = Member.objects.count()
    page, record = preview(charlie_client, world.factory_a, workbook(GOOD))
    assert page.status_code == 200
    assert Member.objects.count() == before  # nothing written yet
    counts = page.context["counts"]
    assert (counts["workshops"], counts["groups"], counts["created"], counts["roles"]) == (
        1,
        1,
        6,
        4,
    )
    assert counts["missing"] == 1  # 韓潤, who leads 韓潤小組, is not in this file
    assert b"Import" in page.content

    response = confirm(charlie_client, record)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == RosterImport.Status.IMPORTED and record.rows == []
    assert record.counts["created"] == 6

    workshop = WorkshopUnion.objects.get(factory=world.factory_a, name="鑄工")
    group = UnionGroup.objects.get(workshop=workshop, name="王銀柱小組")
    members = {m.employee_number: m for m in Member.objects.filter(factory=world.factory_a)}
    assert members["N-002"].gender == Member.Gender.FEMALE and members["N-002"].group == group
    assert members["N-005"].email == "sun@example.com"
    assert members["N-006"].group == world.group_a and members["N-006"].skill_grade is None
    assert members["N-001"].joined_union_on == datetime.date(2021, 4, 1)
    assert GroupMembership.objects.filter(member=members["N-003"], group=group).exists()
    roles = {r.member.employee_number: r for r in Role.objects.current().filter(group=group)}
    assert roles["N-001"].kind == Role.Kind.UNION_LEADER
    assert roles["N-003"].portfolio == Role.Portfolio.PRODUCTION
    assert roles["N-004"].mentor == roles["N-003"]
    # History keeps who imported them.
    assert members["N-001"].history.get().history_user == charlie
    assert roles["N-004"].history.get().history_user == charlie


def test_a_second_import_of_the_same_file_changes_nothing(world, charlie_client):
    _, record = preview(charlie_client, world.factory_a, workbook(GOOD))
    confirm(charlie_client, record)
    histories = Member.history.count() + Role.history.count()
    page, again = preview(charlie_client, world.factory_a, workbook(GOOD))
    counts = page.context["counts"]
    assert (counts["created"], counts["updated"], counts["moved"], counts["roles"]) == (0, 0, 0, 0)
    assert counts["unchanged"] == 6
    confirm(charlie_client, again)
    assert Member.history.count() + Role.history.count() == histories


@pytest.mark.parametrize("header", [EN, HANS, HANT], ids=["en", "zh-hans", "zh-hant"])
def test_it_reads_headers_in_any_of_the_three_languages_and_any_order(
    world, charlie_client, header
):
    order = list(reversed(range(len(header))))
    shuffled = [header[i] for i in order]
    rows = [[values[i] for i in order] for values in GOOD]
    page, _ = preview(charlie_client, world.factory_a, workbook(rows, header=shuffled))
    assert errors(page) == []
    assert page.context["counts"]["created"] == 6


def test_it_names_every_bad_row_with_its_column_and_reason(world, charlie_client):
    former = MemberFactory(group=world.group_a, employee_number="OLD-1", name="離廠的人")
    former.status, former.status_changed_on = Member.Status.LEFT, datetime.date(2025, 1, 1)
    former.save()
    bad = [
        row("鑄工", "王銀柱小組", "", "B-01"),  # row 2: no name
        row("鑄工", "王銀柱小組", "甲", "B-02"),
        row("鑄工", "王銀柱小組", "乙", "B-02"),  # row 4: the same employee number
        row("鑄工", "王銀柱小組", "丙", "B-03", joined="去年春天"),  # row 5
        row("鑄工", "王銀柱小組", "丁", "B-04", grade=9),  # row 6
        row("鑄工", "王銀柱小組", "戊", "B-05", role="Union group leader"),
        row("鑄工", "王銀柱小組", "己", "B-06", role="Union group leader"),  # row 8: a second
        row("金工", "韓潤小組", "庚", "B-07", role="Union group leader"),  # row 9: 韓潤 leads
        row("鑄工", "王銀柱小組", "辛", "B-08", role="Activist", mentor="B-99"),  # row 10
        row("煉鋼", "溫小清小組", "壬", "B-09", factory="太原鋼鐵廠"),  # row 11: another factory
        row("鑄工", "王銀柱小組", "癸", "OLD-1"),  # row 12: a former member's number
        row("鑄工", "王銀柱小組", "子", "B-10", gender="?"),  # row 13
    ]
    page, record = preview(charlie_client, world.factory_a, workbook(bad))
    found = errors(page)
    assert [(r, c) for r, c, _ in found] == [
        (2, "Name"),
        (4, "Employee number"),
        (5, "Joined the union on"),
        (6, "Skill grade"),
        (8, "Role"),
        (9, "Role"),
        (10, "Officer's employee number"),
        (11, "Factory union"),
        (12, "Employee number"),
        (13, "Gender"),
    ]
    messages = {(r, c): m for r, c, m in found}
    assert messages[(4, "Employee number")] == "Employee number B-02 is also on row 3."
    assert "not a date" in messages[(5, "Joined the union on")]
    assert messages[(6, "Skill grade")] == "A skill grade is a whole number from 1 to 8."
    assert messages[(8, "Role")] == "Row 7 names this group's Union group leader already."
    assert messages[(9, "Role")].startswith("韓潤 is this group's Union group leader since")
    assert "B-99" in messages[(10, "Officer's employee number")]
    assert "another factory union" in messages[(11, "Factory union")]
    assert "離廠的人, a former member" in messages[(12, "Employee number")]
    assert b"Upload a corrected file" in page.content
    # The import cannot be confirmed: nothing is written.
    count = Member.objects.count()
    confirm(charlie_client, record)
    assert Member.objects.count() == count
    record.refresh_from_db()
    assert record.status == RosterImport.Status.PREVIEWED


def test_the_preview_speaks_the_users_language(world, charlie_client):
    charlie_client.cookies["django_language"] = "zh-hans"
    page, _ = preview(charlie_client, world.factory_a, workbook([row("鑄工", "甲組", "", "C-1")]))
    assert errors(page) == [(2, "姓名", "此栏必须填写。")]
    assert "有 1 行不能导入" in page.content.decode()


def test_a_row_that_turns_bad_before_the_confirmation_leaves_nothing_written(world, charlie_client):
    rows = GOOD + [row("鑄工", "王銀柱小組", "最後一人", "N-099")]
    page, record = preview(charlie_client, world.factory_a, workbook(rows))
    assert errors(page) == []
    # Meanwhile the last row's employee number is given to somebody who then leaves.
    taken = MemberFactory(group=world.group_a, employee_number="N-099")
    taken.status, taken.status_changed_on = Member.Status.LEFT, datetime.date(2025, 6, 1)
    taken.save()
    before = (Member.objects.count(), WorkshopUnion.objects.count(), Role.objects.count())
    response = confirm(charlie_client, record)
    assert response.status_code == 302
    assert (Member.objects.count(), WorkshopUnion.objects.count(), Role.objects.count()) == before
    record.refresh_from_db()
    assert record.status == RosterImport.Status.PREVIEWED
    page = charlie_client.get(record.get_absolute_url())
    assert [(r, c) for r, c, _ in errors(page)] == [(len(rows) + 1, "Employee number")]


def test_a_double_click_imports_once(world, charlie_client):
    _, record = preview(charlie_client, world.factory_a, workbook(GOOD))
    confirm(charlie_client, record)
    count = Member.objects.count()
    response = confirm(charlie_client, record)
    assert response.status_code == 302
    assert Member.objects.count() == count
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "This file has been imported already." in messages


def test_workshop_staff_import_into_their_workshop_only(world, walter_client):
    rows = [
        row("金工", "韓潤小組", "甲", "W-1"),
        row("裝配", "杜鳴舉小組", "乙", "W-2"),
        row("新車間", "新小組", "丙", "W-3"),
    ]
    page, record = preview(walter_client, world.factory_a, workbook(rows))
    found = errors(page)
    assert [(r, c) for r, c, _ in found] == [(3, "Workshop union"), (4, "Workshop union")]
    assert found[0][2] == "You import into 金工 only."
    assert record.workshop == world.workshop_a


def test_people_outside_the_factory_or_without_the_right_cannot_import(
    world, alice_client, fiona_client, bob_client
):
    url = reverse("roster:upload", args=[world.factory_a.pk])
    assert alice_client.get(url).status_code == 403  # a group's account
    # The city federation imports (here or in the back office), but never reads the wages the
    # export carries.
    page = fiona_client.get(url)
    assert page.status_code == 200
    export = reverse("roster:export", args=[world.factory_a.pk, "csv"])
    assert fiona_client.get(export).status_code == 403
    assert reverse("roster:export", args=[world.factory_a.pk, "xlsx"]) not in page.content.decode()
    assert bob_client.get(url).status_code == 404  # another factory's
    assert upload(bob_client, world.factory_a, workbook(GOOD)).status_code == 404
    assert not RosterImport.objects.exists()


def test_members_missing_from_a_later_file_are_left_alone_unless_marked(world, charlie_client):
    _, record = preview(charlie_client, world.factory_a, workbook(GOOD))
    confirm(charlie_client, record)
    page, second = preview(charlie_client, world.factory_a, workbook(GOOD[:-1]))
    missing = {m.employee_number for m in page.context["missing"]}
    assert missing == {"N-006", world.leader_a.employee_number}
    left_on = datetime.date.today() - datetime.timedelta(days=1)
    digest = page.context["form"].initial["missing"]
    confirm(charlie_client, second, mark_left="on", left_on=left_on.isoformat(), missing=digest)
    gone = Member.objects.get(employee_number="N-006")
    assert (gone.status, gone.status_changed_on) == (Member.Status.LEFT, left_on)
    world.leader_a.refresh_from_db()
    assert world.leader_a.status == Member.Status.LEFT
    assert not world.leader_a.roles.current().exists()  # their term ended with them


def test_without_the_tick_nobody_is_marked(world, charlie_client):
    page, record = preview(charlie_client, world.factory_a, workbook(GOOD))
    confirm(charlie_client, record, left_on="2025-01-01")
    world.leader_a.refresh_from_db()
    assert world.leader_a.status == Member.Status.ACTIVE


def test_a_member_in_another_group_in_the_file_is_moved_and_an_edit_is_saved(world, charlie_client):
    leader = world.leader_a
    rows = [
        row("裝配", "杜鳴舉小組", "韓潤", leader.employee_number, joined="2020-03-01",
            gender="Male", grade=7),
    ]  # fmt: skip
    page, record = preview(charlie_client, world.factory_a, workbook(rows))
    counts = page.context["counts"]
    assert (counts["updated"], counts["moved"]) == (1, 1)
    confirm(charlie_client, record)
    leader.refresh_from_db()
    assert leader.group == world.group_a2 and leader.skill_grade == 7
    assert not Role.objects.current().filter(member=leader, group=world.group_a).exists()


def test_the_export_comes_back_as_the_same_roster(world, charlie_client):
    _, record = preview(charlie_client, world.factory_a, workbook(GOOD))
    confirm(charlie_client, record)
    # A factory's roster as XLSX is made in the background (downloads): fetched from its page.
    response = downloaded(
        charlie_client.get(reverse("roster:export", args=[world.factory_a.pk, "xlsx"]))
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [*EN, "Monthly wage (yuan)"]
    by_number = {r[5]: r for r in rows[1:]}
    assert by_number["N-004"][11:] == ["Activist", None, "N-003", None]
    # One edit in the exported file is the only change its import makes.
    by_number["N-005"][6] = "鉗工"
    page, _ = preview(charlie_client, world.factory_a, workbook(rows[1:], header=rows[0]))
    counts = page.context["counts"]
    assert (counts["created"], counts["updated"], counts["roles"]) == (0, 1, 0)
    assert counts["unchanged"] == len(rows) - 2


def test_the_template_is_in_the_users_language_with_its_columns_explained(world, charlie_client):
    charlie_client.cookies["django_language"] = "zh-hant"
    response = charlie_client.get(reverse("roster:template", args=[world.factory_a.pk]))
    book = load_workbook(io.BytesIO(response.content))
    roster, columns = book.worksheets
    assert [c.value for c in roster[1]] == [*HANT, "月工資（元）"]
    assert roster["C2"].value  # an example row
    assert columns.max_row == len(HANT) + 2
    # The template as downloaded reads back without an error.
    file = SimpleUploadedFile("template.xlsx", response.content)
    page, _ = preview(charlie_client, world.factory_a, file)
    assert errors(page) == []


BAD_FILES = [
    ("notes.pdf", b"%PDF-1.4 not a spreadsheet", "not an XLSX workbook or a CSV file"),
    ("empty.csv", b"", "The submitted file is empty."),
    ("blank.csv", b"\r\n\r\n", "The sheet has no rows."),
    ("header.csv", (",".join(EN) + "\r\n").encode(), "a header row but no member"),
    ("wrong.csv", "姓名,車間\r\n甲,乙\r\n".encode(), "these are missing"),
    ("broken.xlsx", b"PK\x03\x04 broken zip", "not an XLSX workbook or a CSV file"),
]


@pytest.mark.parametrize("name, content, message", BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_a_file_that_is_not_a_roster_gets_a_clear_message(
    world, charlie_client, name, content, message
):
    response = upload(charlie_client, world.factory_a, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])
    assert not RosterImport.objects.exists()


def test_a_formula_cell_is_refused(world, charlie_client):
    rows = [row("鑄工", "甲組", "甲", "F-1"), row("鑄工", "甲組", "=1+1", "F-2")]
    response = upload(charlie_client, world.factory_a, workbook(rows))
    assert response.status_code == 400
    assert "Cell D3 holds a formula" in response.context["form"].errors["file"][0]


def test_too_many_rows_or_too_large_a_file_is_refused(world, charlie_client, settings):
    rows = [row("鑄工", "甲組", f"人{n}", f"T-{n}") for n in range(MAX_ROWS + 1)]
    response = upload(charlie_client, world.factory_a, csv_file(rows))
    assert response.status_code == 400
    assert "more than 10,000 rows" in response.context["form"].errors["file"][0]
    big = SimpleUploadedFile("big.csv", b"a" * (6 * 1024 * 1024))
    response = upload(charlie_client, world.factory_a, big)
    assert "at most 5 MB" in response.context["form"].errors["file"][0]


def test_a_csv_saved_as_gbk_is_read(world, charlie_client):
    page, record = preview(charlie_client, world.factory_a, csv_file(GOOD, encoding="gbk"))
    assert errors(page) == []
    assert page.context["counts"]["created"] == 6
    assert "GBK" in record.notes[0]


def test_the_demo_roster_file_imports_cleanly(world, charlie_client):
    """demo/files/roster-example.xlsx: a new workshop of 太原機器廠 in Traditional Chinese."""
    data = (BASE / "demo" / "files" / "roster-example.xlsx").read_bytes()
    page, record = preview(
        charlie_client, world.factory_a, SimpleUploadedFile("example.xlsx", data)
    )
    assert errors(page) == []
    counts = page.context["counts"]
    assert (counts["workshops"], counts["groups"], counts["created"]) == (1, 2, 28)
    assert counts["roles"] == 12
    confirm(charlie_client, record)
    assert Member.objects.filter(group__workshop__name="熱處理").count() == 28


def test_wage_bases_come_in_with_the_roster(world, charlie_client):
    header = [*EN, "Monthly wage (yuan)"]
    rows = [[*GOOD[0], "68"], [*GOOD[1], "1,234.5"], [*GOOD[4], ""]]
    page, record = preview(charlie_client, world.factory_a, workbook(rows, header=header))
    assert page.context["counts"]["wages"] == 2
    confirm(charlie_client, record)
    wages = dict(WageBase.objects.values_list("member__employee_number", "amount"))
    assert wages == {"N-001": D("68.00"), "N-002": D("1234.50")}
    # The same file again sets nothing; a changed wage is saved, its history keeping the old.
    page, _ = preview(charlie_client, world.factory_a, workbook(rows, header=header))
    assert page.context["counts"]["wages"] == 0
    rows[0][-1] = "72"
    page, again = preview(charlie_client, world.factory_a, workbook(rows, header=header))
    assert page.context["counts"]["wages"] == 1
    confirm(charlie_client, again)
    base = WageBase.objects.get(member__employee_number="N-001")
    assert base.amount == D("72.00")
    assert [h.amount for h in base.history.order_by("history_id")] == [D("68.00"), D("72.00")]


@pytest.mark.parametrize("wage", ["-5", "abc", "NaN", "1e9", "100001"])
def test_a_wage_that_is_not_one_is_a_bad_row(world, charlie_client, wage):
    header = [*EN, "Monthly wage (yuan)"]
    page, _ = preview(charlie_client, world.factory_a, workbook([[*GOOD[4], wage]], header=header))
    assert errors(page) == [
        (2, "Monthly wage (yuan)", "A monthly wage is a number of yuan from 0 to 100,000.")
    ]


def test_a_member_added_since_the_preview_is_not_marked_as_left(world, charlie_client):
    page, record = preview(charlie_client, world.factory_a, workbook(GOOD))
    digest = page.context["form"].initial["missing"]
    newcomer = MemberFactory(group=world.group_a, employee_number="NEW-1")
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    confirm(charlie_client, record, mark_left="on", left_on=yesterday.isoformat(), missing=digest)
    newcomer.refresh_from_db()
    assert newcomer.status == Member.Status.ACTIVE
    record.refresh_from_db()
    assert record.status == RosterImport.Status.PREVIEWED  # nothing written


def test_workshop_staff_cannot_reach_another_workshops_member(world, walter_client):
    other = MemberFactory(group=world.group_a2, employee_number="A2-1", name="裝配的人")
    page, _ = preview(
        walter_client, world.factory_a, workbook([row("金工", "韓潤小組", "改名", "A2-1")])
    )
    assert [(r, c) for r, c, _m in errors(page)] == [(2, "Employee number")]
    assert "裝配的人" not in page.content.decode()
    other.refresh_from_db()
    assert other.group == world.group_a2


def test_a_bidirectional_override_in_a_cell_is_a_bad_row(world, charlie_client):
    page, _ = preview(
        charlie_client, world.factory_a, workbook([row("鑄工", "甲\u202e組", "甲", "C-9")])
    )
    assert [(r, c) for r, c, _m in errors(page)] == [(2, "Union group")]


def test_a_workbook_whose_sheet_is_broken_gets_a_clear_message(world, charlie_client):
    import zipfile

    good = workbook(GOOD).read()
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]  # cut off in the middle
            target.writestr(item, data)
    response = upload(
        charlie_client, world.factory_a, SimpleUploadedFile("x.xlsx", broken.getvalue())
    )
    assert response.status_code == 400
    assert "cannot be read" in response.context["form"].errors["file"][0]


def test_a_row_far_too_wide_is_refused(world, charlie_client):
    response = upload(charlie_client, world.factory_a, csv_file([["x"] * 500]))
    assert response.status_code == 400
    assert "more than 60 columns" in response.context["form"].errors["file"][0]


def test_members_cannot_be_marked_as_left_before_their_stay_began(world, charlie_client):
    # 韓潤 (not in the file) has been in his group since 2020-03-01: leaving in 2019 is refused,
    # with the date, and nobody is marked.
    page, record = preview(charlie_client, world.factory_a, workbook(GOOD))
    digest = page.context["form"].initial["missing"]
    response = confirm(charlie_client, record, mark_left="on", left_on="2019-12-31", missing=digest)
    assert response.status_code == 302
    messages = [str(m) for m in charlie_client.get(response["Location"]).context["messages"]]
    assert any("2020-03-01" in message for message in messages), messages
    world.leader_a.refresh_from_db()
    assert world.leader_a.status == Member.Status.ACTIVE
    record.refresh_from_db()
    assert record.status == RosterImport.Status.PREVIEWED
    assert not Member.objects.filter(employee_number__startswith="N-").exists()
