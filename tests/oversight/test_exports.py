"""The lists of the oversight app as CSV and XLSX downloads (oversight/exports.py through
groups/export.py), and a campaign round's standings: what each user downloads is their scope
only; a name that a spreadsheet would run as a formula is defused (a leading quote in CSV, a text
cell in XLSX); the header follows the user's language.

Beside the world: in factory A a group named as a formula (=HYPERLINK...) and two named with
"+" and "@" in front; members of alice's group named "=1+2" and "@張三", and one who left.
"""

import csv
import datetime
import io
import zoneinfo
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from competitions.models import Kind
from groups.models import Member
from oversight.models import Assessment, GroupClass
from tests.competitions.factories import (
    CampaignFactory,
    RoundFactory,
    RuleFactory,
    ScoreFactory,
)
from tests.factories import MemberFactory, UnionGroupFactory
from tests.helpers import downloaded
from tests.oversight.factories import AssessmentFactory, AssessmentPeriodFactory, submitted

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA = '=HYPERLINK("http://example.com/","點我")'
PLUS = "+86小組"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
AT = "@SUM(A1)小組"
ASSESSMENT_HEADER = [
    "Period",
    "Factory union",
    "Workshop union",
    "Union group",
    "Status",
    "Activities revolve around production",
    "Union and production leaders divide their duties",
    "Unity and mutual help",
    "Working systems exist and are really used",
    "Leadership and activity",
    "Proposed class",
    "Confirmed class",
    "Reason for another class",
    "Reason for returning",
    "Submitted at",
    "Reviewed at",
]
GROUP_HEADER = [
    "Factory union",
    "Workshop union",
    "Union group",
    "Union group leader",
    "Members",
    "Assessment",
    "Proposed class",
    "Confirmed class",
]
MEMBER_HEADER = [
    "Factory union",
    "Workshop union",
    "Union group",
    "Name",
    "Gender",
    "Employee number",
    "Trade or job",
    "Skill grade",
    "Joined the union on",
    "Status",
]


def beijing(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def lists(world, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    period = AssessmentPeriodFactory(federation=world.federation, name="2025年第一季度")
    formula = UnionGroupFactory(workshop=world.workshop_a, name=FORMULA)
    UnionGroupFactory(workshop=world.workshop_a2, name=PLUS)
    UnionGroupFactory(workshop=world.workshop_a, name=AT)
    mine = submitted(period=period, group=world.group_a, proposed_class=GroupClass.AVERAGE)
    confirmed = AssessmentFactory(
        period=period,
        group=world.group_a2,
        confirmed=True,
        proposed_class=GroupClass.AVERAGE,
        confirmed_class=GroupClass.GOOD,
        class_reason="月月超額完成。",
        submitted_at=beijing(2025, 3, 20, 14),
        reviewed_at=beijing(2025, 4, 2, 10),
    )
    AssessmentFactory(
        period=period, group=world.group_b, confirmed=True, proposed_class=GroupClass.LAGGING
    )
    submitted(period=period, group=formula, proposed_class=GroupClass.LAGGING)
    MemberFactory(group=world.group_a, name="=1+2")
    MemberFactory(group=world.group_a, name="@張三")
    MemberFactory(
        group=world.group_a,
        name="離開的人",
        status=Member.Status.LEFT,
        status_changed_on=datetime.date(2025, 2, 1),
    )
    return SimpleNamespace(period=period, formula=formula, mine=mine, confirmed=confirmed)


def url(name, fmt, **query):
    address = reverse(f"oversight:{name}", args=[fmt])
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


def csv_rows(response):
    """The header and the rows of a CSV download, after checking it is one."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = csv.reader(io.StringIO(text[1:]))
    return header, rows


def sheet(response):
    """The sheet of an XLSX download, after checking it is one."""
    response = downloaded(response)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def xlsx_rows(response):
    header, *rows = sheet(response).iter_rows(values_only=True)
    return list(header), [list(row) for row in rows]


def column(header, rows, name):
    index = header.index(name)
    return [row[index] for row in rows]


# --- Assessments -------------------------------------------------------------------------------


def test_factory_staff_download_their_factorys_assessments(charlie_client, world, lists):
    header, rows = csv_rows(
        charlie_client.get(url("assessment_export", "csv", period=lists.period.pk))
    )

    assert header == ASSESSMENT_HEADER
    # Factory A's three; never bob's group of factory B. The formula name is defused.
    assert sorted(column(header, rows, "Union group")) == sorted(
        ["杜鳴舉小組", "韓潤小組", "'" + FORMULA]
    )
    confirmed = next(row for row in rows if row[3] == "杜鳴舉小組")
    assert confirmed == [
        "2025年第一季度",
        "太原機器廠",
        "裝配",
        "杜鳴舉小組",
        "Confirmed",
        *["Fair"] * 5,
        "Class 2 (average)",
        "Class 1 (good)",
        "月月超額完成。",
        "",
        "2025-03-20",
        "2025-04-02",
    ]
    mine = next(row for row in rows if row[3] == "韓潤小組")
    assert (mine[4], mine[10], mine[11], mine[15]) == ("Submitted", "Class 2 (average)", "", "")


def test_the_dates_are_the_days_in_beijing(charlie_client, lists):
    # 7:30 on 3 March and 0:30 on 1 April in Beijing are still 2 March and 31 March in UTC.
    Assessment.objects.filter(pk=lists.confirmed.pk).update(
        submitted_at=beijing(2025, 3, 3, 7, 30), reviewed_at=beijing(2025, 4, 1, 0, 30)
    )

    header, rows = csv_rows(
        charlie_client.get(url("assessment_export", "csv", period=lists.period.pk))
    )

    confirmed = next(row for row in rows if row[3] == "杜鳴舉小組")
    assert (confirmed[14], confirmed[15]) == ("2025-03-03", "2025-04-01")


def test_without_a_period_the_download_is_of_the_latest_period_that_has_begun(
    charlie_client, world, lists
):
    AssessmentPeriodFactory(
        federation=world.federation,
        name="下一年",
        starts_on=timezone.localdate() + datetime.timedelta(days=60),
        ends_on=timezone.localdate() + datetime.timedelta(days=240),
    )

    header, rows = csv_rows(charlie_client.get(url("assessment_export", "csv")))

    assert set(column(header, rows, "Period")) == {"2025年第一季度"}


def test_a_group_account_downloads_only_its_groups_confirmed_assessment(alice_client, lists, world):
    # Alice's group is submitted, not yet confirmed: it is not hers to read yet.
    header, rows = csv_rows(alice_client.get(url("assessment_export", "csv")))
    assert column(header, rows, "Union group") == []

    Assessment.objects.filter(group=world.group_a).update(
        status="confirmed", confirmed_class=2, reviewed_at=beijing(2025, 4, 2, 10)
    )
    header, rows = csv_rows(alice_client.get(url("assessment_export", "csv")))
    assert column(header, rows, "Union group") == ["韓潤小組"]


def test_the_federation_downloads_the_citys_assessments_as_xlsx(fiona_client, lists):
    response = fiona_client.get(url("assessment_export", "xlsx", period=lists.period.pk))

    header, rows = xlsx_rows(response)
    assert header == ASSESSMENT_HEADER
    assert sorted(column(header, rows, "Union group")) == sorted(
        ["杜鳴舉小組", "韓潤小組", "溫小清小組", FORMULA]
    )
    # The formula name is kept as it is written, as text: the spreadsheet never runs it.
    cells = [row[3] for row in sheet(response).iter_rows(min_row=2)]
    formula = next(cell for cell in cells if cell.value == FORMULA)
    assert formula.data_type == "s"
    bob = next(row for row in rows if row[3] == "溫小清小組")
    assert (bob[1], bob[4], bob[11]) == ("太原鋼鐵廠", "Confirmed", "Class 3 (lagging)")


# --- Groups ------------------------------------------------------------------------------------


def test_factory_staff_download_their_groups_with_their_class(charlie_client, world, lists):
    header, rows = csv_rows(charlie_client.get(url("group_export", "csv", period=lists.period.pk)))

    assert header == GROUP_HEADER
    by_name = {row[2]: row for row in rows}
    assert set(by_name) == {"韓潤小組", "杜鳴舉小組", "'" + FORMULA, "'" + PLUS, "'" + AT}
    # Alice's group: its leader, three active members (the one who left is not counted).
    assert by_name["韓潤小組"] == [
        "太原機器廠",
        "金工",
        "韓潤小組",
        "韓潤",
        "3",
        "Submitted",
        "Class 2 (average)",
        "",
    ]
    assert by_name["杜鳴舉小組"][5:] == ["Confirmed", "Class 2 (average)", "Class 1 (good)"]
    plus = ["太原機器廠", "裝配", "'" + PLUS, "", "0", "Not assessed", "", ""]
    assert by_name["'" + PLUS] == plus


def test_a_group_account_downloads_its_group_as_xlsx(alice_client, world, lists):
    response = alice_client.get(url("group_export", "xlsx", period=lists.period.pk))

    header, rows = xlsx_rows(response)
    assert header == GROUP_HEADER
    # The group's assessment is submitted, not confirmed: not the group's to read yet.
    assert rows == [["太原機器廠", "金工", "韓潤小組", "韓潤", 3, "Not assessed", None, None]]
    members = sheet(response)["E2"]
    assert members.data_type == "n"

    Assessment.objects.filter(group=world.group_a).update(
        status="confirmed", confirmed_class=2, reviewed_at=beijing(2025, 4, 2, 10)
    )
    response = alice_client.get(url("group_export", "xlsx", period=lists.period.pk))
    mine = ["太原機器廠", "金工", "韓潤小組", "韓潤", 3, "Confirmed", "Class 2 (average)"]
    assert xlsx_rows(response)[1] == [[*mine, "Class 2 (average)"]]


def test_the_groups_xlsx_keeps_formula_names_as_text(walter_client, lists):
    response = walter_client.get(url("group_export", "xlsx", period=lists.period.pk))

    names = {cell.value: cell for cell in sheet(response)["C"][1:]}
    # Walter's workshop (金工): alice's group and the two formula-like names in it.
    assert set(names) == {"韓潤小組", FORMULA, AT}
    assert names[FORMULA].data_type == "s"
    assert names[AT].data_type == "s"


def test_the_groups_need_a_period(charlie_client, world):
    assert charlie_client.get(url("group_export", "csv")).status_code == 404


# --- Members -----------------------------------------------------------------------------------


def test_factory_staff_download_their_factorys_members(charlie_client, world, lists):
    header, rows = csv_rows(charlie_client.get(url("member_export", "csv")))

    assert header == MEMBER_HEADER
    # Factory A's active members, "=" and "@" defused; not bob's 溫小清, not the one who left.
    assert sorted(column(header, rows, "Name")) == sorted(["韓潤", "'=1+2", "'@張三"])
    leader = next(row for row in rows if row[3] == "韓潤")
    assert leader[:5] == ["太原機器廠", "金工", "韓潤小組", "韓潤", "Male"]
    assert leader[8:] == ["2020-03-01", "Active"]


def test_all_members_includes_those_who_left(charlie_client, lists):
    header, rows = csv_rows(charlie_client.get(url("member_export", "csv", all=1)))

    names = column(header, rows, "Name")
    assert "離開的人" in names
    left = next(row for row in rows if row[3] == "離開的人")
    assert left[9] == "Left the union"
    assert "溫小清" not in names


@pytest.mark.parametrize(
    ("persona", "names"),
    [("alice", ["韓潤", "=1+2", "@張三"]), ("bob", ["溫小清"])],
)
def test_a_group_account_downloads_only_its_members_as_xlsx(persona, names, lists, request):
    client = request.getfixturevalue(f"{persona}_client")

    response = client.get(url("member_export", "xlsx"))

    header, rows = xlsx_rows(response)
    assert header == MEMBER_HEADER
    assert sorted(column(header, rows, "Name")) == sorted(names)
    for cell in sheet(response)["D"][1:]:
        assert cell.data_type == "s"


# --- What is refused ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["assessment_export", "group_export", "member_export"])
@pytest.mark.parametrize("fmt", ["pdf", "CSV", "xls"])
def test_an_unknown_format_is_not_found(charlie_client, lists, name, fmt):
    response = charlie_client.get(url(name, fmt, period=lists.period.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["assessment_export", "group_export", "member_export"])
def test_an_anonymous_visitor_is_sent_to_sign_in(anon_client, lists, name):
    response = anon_client.get(url(name, "csv", period=lists.period.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- Campaign standings ------------------------------------------------------------------------


@pytest.fixture
def standings(world, lists):
    """A factory A campaign round: the formula-named group made 20 pieces, alice's group 10."""
    campaign = CampaignFactory(factory=world.factory_a, groups=[world.group_a, lists.formula])
    rule = RuleFactory(campaign=campaign, kind=Kind.OUTPUT)
    round_ = RoundFactory(campaign=campaign)
    ScoreFactory(round=round_, group=world.group_a, rule=rule, value=10)
    ScoreFactory(round=round_, group=lists.formula, rule=rule, value=20)
    return round_


def standings_url(round_, fmt):
    return reverse("competitions:standings_export", args=[round_.campaign.pk, round_.number, fmt])


def test_the_standings_download_ranks_the_groups(charlie_client, standings):
    header, rows = csv_rows(charlie_client.get(standings_url(standings, "csv")))

    assert header == ["Rank", "Union group", "Score", "Output", "Output · points", "Vetoed"]
    # More is better: 20 is the highest (100 points), 10 the lowest (0 points).
    assert rows == [
        ["1", "'" + FORMULA, "100.00", "20.00", "100.0", ""],
        ["2", "韓潤小組", "0.00", "10.00", "0.0", ""],
    ]


def test_the_standings_xlsx_keeps_the_formula_name_as_text(walter_client, standings):
    response = walter_client.get(standings_url(standings, "xlsx"))

    rows = list(sheet(response).iter_rows(min_row=2))
    assert [row[1].value for row in rows] == [FORMULA, "韓潤小組"]
    assert rows[0][1].data_type == "s"
    assert [row[0].value for row in rows] == [1, 2]


def test_another_factorys_leader_cannot_download_the_standings(bob_client, standings):
    assert bob_client.get(standings_url(standings, "csv")).status_code == 404


def test_an_unknown_standings_format_is_not_found(charlie_client, standings):
    assert charlie_client.get(standings_url(standings, "pdf")).status_code == 404


# --- In Chinese --------------------------------------------------------------------------------


def has_latin(text):
    return any("a" <= char.lower() <= "z" for char in text)


def test_the_assessment_header_is_in_chinese_when_asked(charlie_client, lists):
    charlie_client.cookies["django_language"] = "zh-hans"

    header, rows = csv_rows(
        charlie_client.get(url("assessment_export", "csv", period=lists.period.pk))
    )

    assert header[1:4] == ["基层工会", "车间工会", "工会小组"]
    assert not [title for title in header if has_latin(title)]
    assert len(rows) == 3


def test_the_member_header_is_in_chinese_in_xlsx_too(charlie_client, lists):
    charlie_client.cookies["django_language"] = "zh-hans"

    header, _rows = xlsx_rows(charlie_client.get(url("member_export", "xlsx")))

    assert header[:6] == ["基层工会", "车间工会", "工会小组", "姓名", "性别", "工号"]
    assert not [title for title in header if has_latin(title)]


def test_the_group_header_is_in_traditional_chinese_when_asked(charlie_client, lists):
    charlie_client.cookies["django_language"] = "zh-hant"

    header, _rows = csv_rows(charlie_client.get(url("group_export", "csv", period=lists.period.pk)))

    assert header[:3] == ["基層工會", "車間工會", "工會小組"]
    assert not [title for title in header if has_latin(title)]


def test_the_standings_header_starts_in_chinese(charlie_client, standings):
    charlie_client.cookies["django_language"] = "zh-hans"

    header, _rows = csv_rows(charlie_client.get(standings_url(standings, "csv")))

    assert header[:3] == ["名次", "工会小组", "成绩"]


def test_the_standings_header_is_all_in_chinese(charlie_client, standings):
    charlie_client.cookies["django_language"] = "zh-hans"

    header, _rows = csv_rows(charlie_client.get(standings_url(standings, "csv")))

    assert not [title for title in header if has_latin(title)]
