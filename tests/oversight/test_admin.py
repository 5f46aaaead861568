"""The city federation's back office for oversight: the periods it opens and closes, the review
of the assessments (one by one and in bulk), the distribution report, the choice of write-ups for
the booklet.

fiona is city federation staff; charlie is factory A's union staff with a back-office account,
for whom the assessment admin is not: he assesses on the site, the federation reviews here.
"""

import csv
import datetime
import io
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from oversight.models import (
    Assessment,
    AssessmentPeriod,
    Experience,
    GroupClass,
)
from tests.factories import (
    FactoryUnionFactory,
    FederationFactory,
    UnionGroupFactory,
    UserFactory,
    WorkshopUnionFactory,
)
from tests.oversight.factories import (
    AssessmentFactory,
    AssessmentPeriodFactory,
    ExperienceFactory,
)

Status = Assessment.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHANGELIST = "admin:oversight_assessment_changelist"
REPORT = "admin:oversight_assessment_report"


def _url(name, *args):
    return reverse(name, args=args)


def _change(assessment):
    return _url("admin:oversight_assessment_change", assessment.pk)


def _confirm(assessment):
    return _url("admin:oversight_confirm", assessment.pk)


def _return(assessment):
    return _url("admin:oversight_return", assessment.pk)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _snapshot():
    models = [AssessmentPeriod, Assessment, Experience]
    rows = [list(model.objects.order_by("pk").values()) for model in models]
    return rows, [model.history.count() for model in models]


@pytest.fixture
def period(world):
    return AssessmentPeriodFactory(federation=world.federation, name="1952年下半年")


@pytest.fixture
def review(world, period, charlie, bob):
    """Group A's assessment submitted by charlie (average proposed), group A2's a draft, group
    B's confirmed."""
    return {
        "submitted": AssessmentFactory(
            period=period,
            group=world.group_a,
            submitted=True,
            submitted_by=charlie,
            summary="制度還是形式。",
        ),
        "draft": AssessmentFactory(period=period, group=world.group_a2),
        "confirmed": AssessmentFactory(
            period=period,
            group=world.group_b,
            confirmed=True,
            proposed_class=GroupClass.GOOD,
            submitted_by=bob,
        ),
    }


# The changelist: what the federation reviews, with its filters.


def test_the_changelist_lists_the_submitted_and_reviewed_but_no_draft(fiona_client, world, review):
    response = fiona_client.get(_url(CHANGELIST))
    assert response.status_code == 200
    listed = set(response.context["cl"].result_list)
    assert listed == {review["submitted"], review["confirmed"]}
    content = response.content.decode()
    assert world.group_a2.name not in content
    assert _url(REPORT) in content


def test_the_changelist_filters(fiona_client, world, review):
    earlier = AssessmentPeriodFactory(
        federation=world.federation,
        name="1952年上半年",
        starts_on=datetime.date(2024, 7, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    AssessmentFactory(period=earlier, group=world.group_b, confirmed=True)
    response = fiona_client.get(_url(CHANGELIST))
    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    # The workshop filter waits for a factory: a city has too many workshops to list.
    assert titles == ["period", "factory union", "proposed class", "status"]
    factory = f"?group__workshop__factory__id__exact={world.factory_a.pk}"
    response = fiona_client.get(_url(CHANGELIST) + factory)
    specs = {str(spec.title): spec for spec in response.context["cl"].filter_specs}
    assert "workshop union" in specs
    workshops = {label for _value, label in specs["workshop union"].lookup_choices}
    assert workshops == {world.workshop_a.name, world.workshop_a2.name}
    assert set(response.context["cl"].result_list) == {review["submitted"]}
    response = fiona_client.get(_url(CHANGELIST) + factory + f"&workshop={world.workshop_a2.pk}")
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status__exact=submitted", ["submitted"]),
        ("status__exact=confirmed", ["confirmed"]),
        ("status__exact=draft", []),
        ("proposed_class__exact=1", ["confirmed"]),
        ("proposed_class__exact=2", ["submitted"]),
    ],
)
def test_the_changelist_filters_by_status_and_class(fiona_client, review, query, expected):
    response = fiona_client.get(_url(CHANGELIST) + "?" + query)
    assert set(response.context["cl"].result_list) == {review[name] for name in expected}


def test_the_changelist_filters_by_period(fiona_client, world, review):
    earlier = AssessmentPeriodFactory(
        federation=world.federation,
        name="1952年上半年",
        starts_on=datetime.date(2024, 7, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    old = AssessmentFactory(period=earlier, group=world.group_a, confirmed=True)
    response = fiona_client.get(_url(CHANGELIST) + f"?period__id__exact={earlier.pk}")
    assert list(response.context["cl"].result_list) == [old]


def test_the_period_filter_names_no_other_citys_period(fiona_client, world, review):
    elsewhere = FederationFactory(name="大同市總工會")
    AssessmentPeriodFactory(federation=elsewhere, name="大同市1952年下半年")
    earlier = AssessmentPeriodFactory(
        federation=world.federation,
        name="1952年上半年",
        starts_on=datetime.date(2024, 7, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    AssessmentFactory(period=earlier, group=world.group_a, confirmed=True)
    content = fiona_client.get(_url(CHANGELIST)).content.decode()
    assert "1952年上半年" in content
    assert "大同市1952年下半年" not in content


def test_a_draft_has_no_change_page(fiona_client, review):
    assert fiona_client.get(_change(review["draft"])).status_code == 404


# The change page: the assessment with its evidence, and the forms of the review.


def test_the_change_page_shows_the_evidence_and_the_review_forms(fiona_client, world, review):
    assessment = review["submitted"]
    response = fiona_client.get(_change(assessment))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="evidence"' in content
    assert len(response.context["criteria"]) == 5
    assert "Meetings held" in content and "Union group leader in office" in content
    assert "制度還是形式。" in content
    assert 'id="confirm-form"' in content and 'id="return-form"' in content
    assert _confirm(assessment) in content and _return(assessment) in content
    assert response.context["confirm_form"].initial == {"group_class": GroupClass.AVERAGE}


def test_the_change_page_survives_the_assessors_deleted_account(fiona_client, world, period):
    assessor = UserFactory(username="left")
    assessment = AssessmentFactory(
        period=period, group=world.group_a, submitted=True, submitted_by=assessor
    )
    assessor.delete()
    response = fiona_client.get(_change(assessment))
    assert response.status_code == 200
    assert 'id="confirm-form"' in response.content.decode()


def test_a_reviewed_assessment_has_no_review_forms(fiona_client, review):
    response = fiona_client.get(_change(review["confirmed"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="evidence"' in content
    assert 'id="confirm-form"' not in content and 'id="return-form"' not in content


# Confirming and returning one assessment.


def test_fiona_confirms_the_proposed_class(fiona, fiona_client, review):
    assessment = review["submitted"]
    response = fiona_client.post(
        _confirm(assessment), {"confirm-group_class": 2, "confirm-reason": ""}
    )
    assert response.status_code == 302
    assert response.url == _url(CHANGELIST) + "?status__exact=submitted"
    assessment.refresh_from_db()
    assert (assessment.status, assessment.confirmed_class) == (Status.CONFIRMED, 2)
    assert assessment.reviewed_by == fiona and assessment.reviewed_at
    assert assessment.history.first().history_user == fiona


def test_another_class_needs_a_reason(fiona, fiona_client, review):
    assessment = review["submitted"]
    before = _snapshot()
    response = fiona_client.post(
        _confirm(assessment), {"confirm-group_class": 1, "confirm-reason": " "}
    )
    assert response.status_code == 302
    assert response.url == _change(assessment)
    assert any("reason" in message for message in _messages(response))
    assert _snapshot() == before

    response = fiona_client.post(
        _confirm(assessment),
        {"confirm-group_class": 1, "confirm-reason": "全組月月超額，評為一類。"},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.proposed_class, assessment.confirmed_class) == (
        Status.CONFIRMED,
        GroupClass.AVERAGE,
        GroupClass.GOOD,
    )
    assert assessment.class_reason == "全組月月超額，評為一類。"


def test_fiona_returns_an_assessment_with_a_reason(fiona, fiona_client, review):
    assessment = review["submitted"]
    before = _snapshot()
    response = fiona_client.post(_return(assessment), {"return-reason": ""})
    assert response.status_code == 302
    assert response.url == _change(assessment)
    assert _snapshot() == before
    response = fiona_client.post(_return(assessment), {"return-reason": "請補充生產會議的情況。"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.RETURNED
    assert assessment.return_reason == "請補充生產會議的情況。"
    assert assessment.reviewed_by == fiona


@pytest.mark.parametrize("view", ["confirm", "return"])
def test_a_reviewed_assessment_is_not_reviewed_again(fiona_client, review, view):
    assessment = review["confirmed"]
    url = _confirm(assessment) if view == "confirm" else _return(assessment)
    before = _snapshot()
    response = fiona_client.post(url, {"confirm-group_class": 3, "confirm-reason": "再看看。"})
    assert response.status_code == 302
    assert response.url == _change(assessment)
    assert _messages(response)
    assert _snapshot() == before


@pytest.mark.parametrize("view", ["confirm", "return"])
def test_the_review_urls_answer_get_with_the_change_page(fiona_client, review, view):
    assessment = review["submitted"]
    url = _confirm(assessment) if view == "confirm" else _return(assessment)
    before = _snapshot()
    response = fiona_client.get(url)
    assert response.status_code == 302
    assert response.url == _change(assessment)
    assert _snapshot() == before


@pytest.mark.parametrize("view", ["confirm", "return"])
def test_a_draft_is_not_reviewed(fiona_client, review, view):
    assessment = review["draft"]
    url = _confirm(assessment) if view == "confirm" else _return(assessment)
    before = _snapshot()
    assert (
        fiona_client.post(url, {"confirm-group_class": 2, "confirm-reason": "x"}).status_code == 404
    )
    assert _snapshot() == before


def test_fiona_reviews_no_other_citys_assessment(fiona_client, review):
    elsewhere = UnionGroupFactory(
        workshop__factory__federation=FederationFactory(name="大同市總工會"), name="外市小組"
    )
    theirs = AssessmentFactory(group=elsewhere, submitted=True)
    before = _snapshot()
    assert fiona_client.get(_change(theirs)).status_code == 404
    assert fiona_client.post(_confirm(theirs), {"confirm-group_class": 2}).status_code == 404
    assert fiona_client.post(_return(theirs), {"return-reason": "重評。"}).status_code == 404
    _action(fiona_client, "confirm_selected", [theirs])
    assert _snapshot() == before
    content = fiona_client.get(_url(CHANGELIST)).content.decode()
    assert "外市小組" not in content


# Bulk actions.


def _action(client, action, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], "index": 0}
    return client.post(_url(CHANGELIST), data | extra)


def test_confirm_selected_confirms_the_submitted_only(fiona, fiona_client, world, period, review):
    group = UnionGroupFactory(workshop=world.workshop_b, name="王銀柱小組")
    other = AssessmentFactory(period=period, group=group, submitted=True, proposed_class=3)
    returned = AssessmentFactory(
        period=period, group=UnionGroupFactory(workshop=world.workshop_a), returned=True
    )
    before = Assessment.objects.values().get(pk=returned.pk)
    selected = [review["submitted"], other, review["confirmed"], returned]
    response = _action(fiona_client, "confirm_selected", selected)
    assert response.status_code == 302
    assert any(message.startswith("2 ") for message in _messages(response))
    review["submitted"].refresh_from_db()
    other.refresh_from_db()
    assert (review["submitted"].status, review["submitted"].confirmed_class) == (
        Status.CONFIRMED,
        GroupClass.AVERAGE,
    )
    assert (other.status, other.confirmed_class) == (Status.CONFIRMED, GroupClass.LAGGING)
    assert other.reviewed_by == fiona
    assert other.history.first().history_user == fiona
    assert Assessment.objects.values().get(pk=returned.pk) == before
    review["confirmed"].refresh_from_db()
    assert review["confirmed"].confirmed_class == GroupClass.GOOD


def test_return_selected_asks_for_a_reason_then_returns(fiona, fiona_client, review):
    selected = [review["submitted"], review["confirmed"]]
    before = _snapshot()
    response = _action(fiona_client, "return_selected", selected)
    assert response.status_code == 200
    assert "admin/oversight/assessment/return.html" in [t.name for t in response.templates]
    assert response.context["submitted_count"] == 1
    assert list(response.context["assessments"]) == [review["submitted"]]
    assert _snapshot() == before
    # Without a reason: the page again, nothing returned.
    response = _action(fiona_client, "return_selected", selected, apply="Return them", reason="")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert _snapshot() == before
    response = _action(
        fiona_client, "return_selected", selected, apply="Return them", reason="各條都沒有說明。"
    )
    assert response.status_code == 302
    review["submitted"].refresh_from_db()
    assert review["submitted"].status == Status.RETURNED
    assert review["submitted"].return_reason == "各條都沒有說明。"
    assert review["submitted"].reviewed_by == fiona
    review["confirmed"].refresh_from_db()
    assert review["confirmed"].status == Status.CONFIRMED


def test_the_export_actions(fiona_client, world, review):
    selected = [review["submitted"], review["confirmed"]]
    response = _action(fiona_client, "export_csv", selected)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert sorted(row[3] for row in rows[1:]) == sorted([world.group_a.name, world.group_b.name])
    response = _action(fiona_client, "export_xlsx", selected)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response.content.startswith(b"PK")


@pytest.mark.parametrize(
    "query",
    [
        "?group__workshop__factory__id__exact=abc",
        "?group__workshop__factory__id__exact={factory}&workshop=abc",
        "report/?factory=abc",
    ],
)
def test_a_malformed_filter_is_no_server_error(fiona_client, world, review, query):
    url = _url(CHANGELIST) + query.format(factory=world.factory_a.pk)
    response = fiona_client.get(url)
    assert response.status_code < 500


# The distribution report.


def _confirmed(period, groups, classes):
    for group, group_class in zip(groups, classes, strict=True):
        AssessmentFactory(period=period, group=group, confirmed=True, proposed_class=group_class)


def _text(html):
    return re.sub(r"<[^>]+>", "", html).strip()


def _factory_row(content, name):
    match = re.search(rf'<tr data-unit="{re.escape(name)}">.*?</tr>', content, re.S)
    assert match, name
    return match.group(0)


@pytest.fixture
def survey(world, period):
    """The seed's survey of the Shanxi Machine Factory: 33 groups of two workshops, 9 of class 1,
    22 of class 2 and 2 of class 3 in the period; the period before, 6, 22 and 5."""
    factory = FactoryUnionFactory(federation=world.federation, name="山西機器廠")
    foundry = WorkshopUnionFactory(factory=factory, name="鑄工")
    tools = WorkshopUnionFactory(factory=factory, name="農具")
    groups = [UnionGroupFactory(workshop=foundry if i % 2 else tools) for i in range(33)]
    previous = AssessmentPeriodFactory(
        federation=world.federation,
        name="1952年上半年",
        starts_on=datetime.date(2024, 7, 1),
        ends_on=datetime.date(2024, 12, 31),
        status=AssessmentPeriod.Status.CLOSED,
    )
    _confirmed(period, groups, [1] * 9 + [2] * 22 + [3] * 2)
    _confirmed(previous, groups, [1] * 6 + [2] * 22 + [3] * 5)
    return factory


def test_the_report_shows_the_distribution_with_percentages(fiona_client, world, survey):
    response = fiona_client.get(_url(REPORT))
    assert response.status_code == 200
    content = response.content.decode()
    assert "1952年下半年" in content and "change since 1952年上半年" in content
    row = _factory_row(content, "山西機器廠")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert cells[0].strip().endswith("山西機器廠</a>")
    # Groups, share and change in points for each class; then confirmed and awaiting.
    assert [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells[1:]] == [
        "9",
        "27.3%",
        "+9.1",
        "22",
        "66.7%",
        "0",
        "2",
        "6.1%",
        "-9.1",
        "33",
        "0",
    ]


def test_the_report_totals_the_city(fiona_client, world, period, survey):
    AssessmentFactory(period=period, group=world.group_a, submitted=True)
    response = fiona_client.get(_url(REPORT))
    total = _factory_row(response.content.decode(), "total")
    cells = [_text(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", total, re.S)]
    assert cells == [
        "Total",
        "9",
        "27.3%",
        "+9.1",
        "22",
        "66.7%",
        "0",
        "2",
        "6.1%",
        "-9.1",
        "33",
        "1",
    ]


def test_the_report_of_one_factory_by_workshop(fiona_client, world, period, survey):
    response = fiona_client.get(_url(REPORT), {"period": period.pk, "factory": survey.pk})
    assert response.status_code == 200
    content = response.content.decode()
    names = re.findall(r'<tr data-unit="([^"]+)">', content)
    assert names == ["農具", "鑄工", "total"]


# The federation's report and review are the federation's: factory staff use the site.


def _charlie_refused(world, review):
    assessment = review["submitted"]
    return [
        ("get", _url(CHANGELIST), None),
        ("get", _change(assessment), None),
        ("get", _url("admin:oversight_assessment_history", assessment.pk), None),
        ("get", _url(REPORT), None),
        ("post", _confirm(assessment), {"confirm-group_class": 2, "confirm-reason": ""}),
        ("post", _return(assessment), {"return-reason": "重評。"}),
        (
            "post",
            _url(CHANGELIST),
            {"action": "confirm_selected", ACTION_CHECKBOX_NAME: [assessment.pk], "index": 0},
        ),
        ("get", _url("admin:oversight_assessmentperiod_changelist"), None),
        ("get", _url("admin:oversight_assessmentperiod_add"), None),
        ("get", _url("admin:oversight_experience_changelist"), None),
    ]


def test_charlie_reaches_none_of_the_review(charlie_client, world, review):
    before = _snapshot()
    for method, url, data in _charlie_refused(world, review):
        response = getattr(charlie_client, method)(url, data)
        assert response.status_code == 403, url
    assert _snapshot() == before
    content = charlie_client.get(_url("admin:index")).content.decode()
    assert _url(CHANGELIST) not in content
    # His factory's dues ledger is there (read-only), beside the review he has no part in.
    assert _url("admin:dues_duespayment_changelist") in content


def test_bob_has_no_back_office(bob_client, review):
    response = bob_client.get(_url(CHANGELIST))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# Periods: the federation opens them for its city and closes them.


def test_fiona_opens_a_period_of_her_city(fiona, fiona_client, world):
    url = _url("admin:oversight_assessmentperiod_add")
    response = fiona_client.get(url)
    assert response.status_code == 200
    assert "federation" not in response.context["adminform"].form.fields
    response = fiona_client.post(
        url,
        {
            "name": "1953年上半年",
            "starts_on": "2025-01-01",
            "ends_on": "2025-06-30",
            "status": "open",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    period = AssessmentPeriod.objects.get(name="1953年上半年")
    assert (period.federation, period.opened_by, period.status) == (
        world.federation,
        fiona,
        AssessmentPeriod.Status.OPEN,
    )


def test_fiona_closes_periods(fiona_client, world, period):
    other = AssessmentPeriodFactory(federation=world.federation, name="1953年上半年")
    data = {"action": "close_periods", ACTION_CHECKBOX_NAME: [period.pk], "index": 0}
    response = fiona_client.post(_url("admin:oversight_assessmentperiod_changelist"), data)
    assert response.status_code == 302
    period.refresh_from_db()
    other.refresh_from_db()
    assert period.status == AssessmentPeriod.Status.CLOSED
    assert other.status == AssessmentPeriod.Status.OPEN


# Typical experience: the federation selects write-ups for the booklet, or declines them.


def test_fiona_selects_and_declines_write_ups(fiona, fiona_client, world, bob_client):
    chosen = ExperienceFactory(group=world.group_a, title="耐心說服，團結全組")
    passed_over = ExperienceFactory(group=world.group_a2, title="杜鳴舉小組的做法")
    url = _url("admin:oversight_experience_changelist")
    response = fiona_client.get(url)
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {chosen, passed_over}
    for action, experience in (("select_for_booklet", chosen), ("decline", passed_over)):
        data = {"action": action, ACTION_CHECKBOX_NAME: [experience.pk], "index": 0}
        assert fiona_client.post(url, data).status_code == 302
    chosen.refresh_from_db()
    passed_over.refresh_from_db()
    assert (chosen.status, chosen.decided_by) == (Experience.Status.SELECTED, fiona)
    assert (passed_over.status, passed_over.decided_by) == (Experience.Status.DECLINED, fiona)
    assert chosen.decided_at and passed_over.decided_at
    content = bob_client.get(reverse("oversight:booklet")).content.decode()
    assert chosen.title in content and passed_over.title not in content
