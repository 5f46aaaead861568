"""Who may open which page of the oversight app, and what the pages let them do.

Factory and workshop union staff assess the groups of their scope and propose write-ups of their
experience; everyone reads the assessments of their own scope; the city federation reads every
assessment but assesses nothing and proposes nothing (it reviews, in the back office); a group's
own account reads its group's assessment and assesses nothing. The booklet of selected write-ups
is published to the whole city.

Every page: it works for its readers, anonymous visitors are sent to sign in, an outsider guessing
ids gets 404 (an account that may assess no group at all gets 403 on the forms, before any id is
looked up), whoever sees the group but may not assess gets 403, and a refused request changes
nothing.
"""

import csv
import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from oversight.models import (
    CRITERION_FIELDS,
    Assessment,
    AssessmentPeriod,
    Experience,
    GroupClass,
    Rating,
)
from tests.factories import FederationFactory, MemberFactory, UnionGroupFactory
from tests.helpers import downloaded
from tests.oversight.factories import (
    AssessmentFactory,
    AssessmentPeriodFactory,
    ExperienceFactory,
)

PERIOD = "1952年下半年"
WRITE_UP = "耐心說服，團結全組"
WRITE_UP_TEXT = "小組長韓潤每天提前到車間，先同落後的同志談心。"
MEMBER_A = "龐秀芝"  # a member of alice's group, for the member export

# Reads: lists, exports and pages of alice's group's records.
LISTS = ["assessment_list", "experience_list", "booklet", "home"]
EXPORTS = [
    f"{name}_{fmt}"
    for name in ("assessment_export", "group_export", "member_export")
    for fmt in ("csv", "xlsx")
]
OBJECT_READS = ["assessment_detail", "experience_detail"]
READS = LISTS + EXPORTS + OBJECT_READS
# Forms of the staff who assess groups and propose write-ups.
FORMS = ["assess", "experience_new", "experience_edit"]
ALL_PAGES = READS + FORMS

# Who reads alice's group's records: alice (the group's account), walter (its workshop's staff),
# charlie (its factory's staff) and fiona (the city federation).
READERS = ["alice", "walter", "charlie", "fiona"]
ASSESSORS = ["walter", "charlie"]
NON_ASSESSORS = ["alice", "fiona"]

DECIDED = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def records(world):
    """An open period, a draft assessment of alice's group and a write-up of it proposed by
    factory A's union, and a member of alice's group."""
    period = AssessmentPeriodFactory(federation=world.federation, name=PERIOD)
    assessment = AssessmentFactory(period=period, group=world.group_a, summary="還沒評完。")
    experience = ExperienceFactory(group=world.group_a, title=WRITE_UP, text=WRITE_UP_TEXT)
    member = MemberFactory(group=world.group_a, name=MEMBER_A)
    return SimpleNamespace(
        period=period, assessment=assessment, experience=experience, member=member
    )


def _urls(world, records):
    export = {
        f"{name}_{fmt}": reverse(f"oversight:{name}", args=[fmt])
        for name in ("assessment_export", "group_export", "member_export")
        for fmt in ("csv", "xlsx")
    }
    return {
        "home": reverse("home"),
        "assessment_list": reverse("oversight:assessment_list"),
        "assessment_detail": reverse("oversight:assessment_detail", args=[records.assessment.pk]),
        "assess": _assess_url(records.period, world.group_a),
        **export,
        "experience_list": reverse("oversight:experience_list"),
        "experience_detail": reverse("oversight:experience_detail", args=[records.experience.pk]),
        "experience_new": reverse("oversight:experience_new"),
        "experience_edit": reverse("oversight:experience_edit", args=[records.experience.pk]),
        "booklet": reverse("oversight:booklet"),
    }


def _assess_url(period, group):
    return reverse("oversight:assess", args=[period.pk, group.pk])


def _rated(**changes):
    """The assessment form as its Save button posts it, every criterion rated and a class
    proposed; a change of None leaves a key out (``save=None, submit=...`` submits)."""
    data = {
        "production": Rating.GOOD,
        "production_note": "月月完成保證計劃。",
        "duties": Rating.GOOD,
        "duties_note": "",
        "unity": Rating.FAIR,
        "unity_note": "",
        "systems": Rating.FAIR,
        "systems_note": "小組會有時不按時開。",
        "leadership": Rating.GOOD,
        "leadership_note": "",
        "summary": "圍繞生產開展工作，分工明確。",
        "proposed_class": GroupClass.GOOD,
        "save": "Save draft",
    }
    return {key: value for key, value in (data | changes).items() if value is not None}


def _valid_post(world, page):
    """A POST body each form would accept from someone allowed to use it (none for the rest)."""
    return {
        "assess": _rated(),
        "experience_new": {
            "group": world.group_a.pk,
            "title": "統計推動生產",
            "author": "太原機器廠工會",
            "text": "每天把各人的產量寫在黑板上。",
        },
        "experience_edit": {
            "group": world.group_a.pk,
            "title": f"{WRITE_UP}（修改稿）",
            "author": "太原機器廠工會",
            "text": WRITE_UP_TEXT,
        },
    }.get(page, {})


SNAPSHOT_MODELS = [AssessmentPeriod, Assessment, Experience]


def _snapshot():
    """What a refused request must leave untouched, history included."""
    rows = [list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS]
    histories = [model.history.count() for model in SNAPSHOT_MODELS]
    return rows, histories


def _client(request, persona):
    return request.getfixturevalue(f"{persona}_client")


def _send(client, method, url, data):
    return getattr(client, method)(url, data if method == "post" else None)


def _text(response):
    """The page, or the exported file, as text (an XLSX sheet as tab-separated rows)."""
    response = downloaded(response)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    if response.get("Content-Type", "").startswith(XLSX):
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        return "\n".join(
            "\t".join("" if v is None else str(v) for v in row)
            for row in sheet.iter_rows(values_only=True)
        )
    return response.content.decode()


def _confirm(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.CONFIRMED,
        **dict.fromkeys(CRITERION_FIELDS, 1),
        proposed_class=1,
        confirmed_class=1,
        submitted_at=DECIDED,
        reviewed_at=DECIDED,
    )


@pytest.mark.parametrize("persona", NON_ASSESSORS)
def test_a_draft_is_its_assessors_own(request, world, records, persona):
    client = _client(request, persona)
    assert client.get(records.assessment.get_absolute_url()).status_code == 404
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("oversight:assessment_export", args=[fmt]))
        assert world.group_a.name not in _text(response)
    # The group's row in the lists says nothing of the draft.
    response = client.get(reverse("oversight:group_export", args=["csv"]))
    row = next(line for line in _text(response).splitlines() if world.group_a.name in line)
    assert "Not assessed" in row and "Draft" not in row


def test_a_group_reads_its_assessment_once_confirmed(alice_client, world, records):
    url = records.assessment.get_absolute_url()
    for status in ("submitted", "returned"):
        Assessment.objects.filter(pk=records.assessment.pk).update(
            status=status,
            **dict.fromkeys(CRITERION_FIELDS, 1),
            proposed_class=1,
            submitted_at=DECIDED,
            reviewed_at=DECIDED,
            return_reason="請補充。",
        )
        assert alice_client.get(url).status_code == 404
    _confirm(records.assessment)
    assert alice_client.get(url).status_code == 200


def _requests(pages):
    return [(p, m) for p in pages for m in ("get", "post")]


# It works for its readers.


@pytest.mark.parametrize("persona", READERS)
@pytest.mark.parametrize("page", READS)
def test_it_shows_each_page_to_the_groups_readers(request, world, records, persona, page):
    if persona in NON_ASSESSORS:
        # A draft is its assessors' own: the group reads its assessment once confirmed.
        _confirm(records.assessment)
    before = _snapshot()
    response = downloaded(_client(request, persona).get(_urls(world, records)[page]))
    assert response.status_code == 200
    if page.endswith("_csv"):
        assert response["Content-Type"].startswith("text/csv")
    if page.endswith("_xlsx"):
        assert response["Content-Type"] == XLSX
    text = _text(response)
    if page in ("assessment_list", "group_export_csv", "group_export_xlsx"):
        assert world.group_a.name in text
    if page in ("assessment_export_csv", "assessment_export_xlsx", "assessment_detail"):
        assert world.group_a.name in text and PERIOD in text
    if page in ("member_export_csv", "member_export_xlsx"):
        assert MEMBER_A in text
    if page in ("experience_list", "experience_detail"):
        assert WRITE_UP in text
    if page == "booklet":
        # Proposed, not selected: not in the booklet.
        assert WRITE_UP not in text
    assert _snapshot() == before


@pytest.mark.parametrize("persona", ASSESSORS)
@pytest.mark.parametrize("page", FORMS)
def test_it_shows_the_forms_to_the_assessors(request, world, records, persona, page):
    response = _client(request, persona).get(_urls(world, records)[page])
    assert response.status_code == 200
    if page == "assess":
        assert response.context["assessment"] == records.assessment
        assert len(response.context["criteria"]) == 5


@pytest.mark.parametrize("persona", ASSESSORS)
def test_the_assessors_save_and_submit_an_assessment(request, world, records, persona):
    client = _client(request, persona)
    url = _urls(world, records)["assess"]
    response = client.post(url, _rated())
    assert response.status_code == 302
    assert response.url == url
    records.assessment.refresh_from_db()
    assert records.assessment.status == Assessment.Status.DRAFT
    assert records.assessment.production == Rating.GOOD
    assert records.assessment.summary == "圍繞生產開展工作，分工明確。"
    user = request.getfixturevalue(persona)
    assert records.assessment.history.first().history_user == user

    response = client.post(url, _rated(save=None, submit="Submit for review"))
    assert response.status_code == 302
    assert response.url == records.assessment.get_absolute_url()
    records.assessment.refresh_from_db()
    assert records.assessment.status == Assessment.Status.SUBMITTED
    assert records.assessment.submitted_by == user
    assert records.assessment.proposed_class == GroupClass.GOOD
    assert records.assessment.evidence["members"] == 2


def test_charlie_assesses_a_group_not_yet_assessed(charlie_client, world, records):
    url = _assess_url(records.period, world.group_a2)
    assert charlie_client.get(url).status_code == 200
    response = charlie_client.post(url, _rated())
    assert response.status_code == 302
    made = Assessment.objects.get(group=world.group_a2)
    assert (made.period, made.status, made.production) == (
        records.period,
        Assessment.Status.DRAFT,
        Rating.GOOD,
    )


@pytest.mark.parametrize("persona", ASSESSORS)
def test_the_assessors_propose_and_edit_a_write_up(request, world, records, persona):
    client = _client(request, persona)
    urls = _urls(world, records)
    response = client.post(urls["experience_new"], _valid_post(world, "experience_new"))
    assert response.status_code == 302
    made = Experience.objects.get(title="統計推動生產")
    assert response.url == made.get_absolute_url()
    assert made.status == Experience.Status.PROPOSED
    assert made.proposed_by == request.getfixturevalue(persona)
    response = client.post(urls["experience_edit"], _valid_post(world, "experience_edit"))
    assert response.status_code == 302
    records.experience.refresh_from_db()
    assert records.experience.title == f"{WRITE_UP}（修改稿）"


# Anonymous visitors sign in first.


@pytest.mark.parametrize("page", ALL_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_visitors_to_sign_in(anon_client, world, records, page, method):
    url = _urls(world, records)[page]
    before = _snapshot()
    response = _send(anon_client, method, url, _valid_post(world, page))
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"
    assert _snapshot() == before


# An outsider guessing ids finds nothing.


@pytest.mark.parametrize(("page", "method"), _requests(OBJECT_READS))
def test_it_hides_alices_records_from_an_outsider(bob_client, world, records, page, method):
    before = _snapshot()
    url = _urls(world, records)[page]
    response = _send(bob_client, method, url, _valid_post(world, page))
    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize(("page", "method"), _requests(FORMS))
def test_it_refuses_a_group_leader_the_forms_before_looking_anything_up(
    bob_client, world, records, page, method
):
    """Bob's account may not assess nor propose at all: 403 whatever the ids, so that the answer
    tells nothing of alice's records."""
    before = _snapshot()
    response = _send(bob_client, method, _urls(world, records)[page], _valid_post(world, page))
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("page", LISTS + EXPORTS)
def test_it_keeps_alices_records_out_of_an_outsiders_lists(bob_client, world, records, page):
    _confirm(records.assessment)
    AssessmentFactory(period=records.period, group=world.group_b, confirmed=True)
    response = downloaded(bob_client.get(_urls(world, records)[page]))
    assert response.status_code == 200
    text = _text(response)
    for secret in (world.group_a.name, world.group_a2.name, MEMBER_A, WRITE_UP, "太原機器廠"):
        assert secret not in text
    if page not in ("experience_list", "booklet", "home"):
        assert world.group_b.name in text or world.leader_b.name in text


# Beside the user's scope: another workshop of the factory, another factory.


@pytest.mark.parametrize(("persona", "where"), [("charlie", "group_b"), ("walter", "group_a2")])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_hides_the_groups_beside_the_assessors_scope(
    request, world, records, persona, where, method
):
    group = getattr(world, where)
    theirs = AssessmentFactory(period=records.period, group=group)
    write_up = ExperienceFactory(group=group)
    client = _client(request, persona)
    before = _snapshot()
    urls = [
        _assess_url(records.period, group),
        theirs.get_absolute_url(),
        write_up.get_absolute_url(),
        reverse("oversight:experience_edit", args=[write_up.pk]),
    ]
    for url in urls:
        response = _send(client, method, url, _rated())
        assert response.status_code == 404, url
    data = _valid_post(world, "experience_new") | {"group": group.pk}
    response = client.post(reverse("oversight:experience_new"), data)
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert _snapshot() == before


@pytest.mark.parametrize(("persona", "where"), [("charlie", "group_b"), ("walter", "group_a2")])
def test_the_assessment_list_leaves_out_the_groups_beside_the_scope(
    request, world, records, persona, where
):
    content = _client(request, persona).get(_urls(world, records)["assessment_list"])
    content = content.content.decode()
    assert world.group_a.name in content
    assert getattr(world, where).name not in content


def test_walter_assesses_every_group_of_his_workshop(walter_client, world, records):
    other = UnionGroupFactory(workshop=world.workshop_a, name="金工二組")
    response = walter_client.post(_assess_url(records.period, other), _rated())
    assert response.status_code == 302
    assert Assessment.objects.filter(group=other, period=records.period).exists()


# The federation reads every assessment; it assesses nothing and proposes nothing.


@pytest.mark.parametrize("persona", NON_ASSESSORS)
@pytest.mark.parametrize(("page", "method"), _requests(FORMS))
def test_it_forbids_the_forms_to_the_federation_and_the_groups_account(
    request, world, records, persona, page, method
):
    """fiona reviews and alice's account keeps the group's own records: neither assesses nor
    proposes, and a POST of either changes nothing."""
    before = _snapshot()
    client = _client(request, persona)
    response = _send(client, method, _urls(world, records)[page], _valid_post(world, page))
    assert response.status_code == 403
    assert _snapshot() == before


def test_the_federation_reads_an_assessment_without_an_edit_button(fiona_client, world, records):
    _confirm(records.assessment)
    urls = _urls(world, records)
    response = fiona_client.get(urls["assessment_detail"])
    assert response.status_code == 200
    assert not response.context["may_edit"]
    assert urls["assess"] not in response.content.decode()
    response = fiona_client.get(urls["assessment_list"])
    assert not response.context["may_assess"]
    assert urls["assess"] not in response.content.decode()
    response = fiona_client.get(urls["experience_list"])
    assert urls["experience_new"] not in response.content.decode()


def test_the_federation_reads_every_factorys_assessments(fiona_client, world, records):
    AssessmentFactory(period=records.period, group=world.group_b, submitted=True)
    content = fiona_client.get(_urls(world, records)["assessment_list"]).content.decode()
    for group in (world.group_a, world.group_a2, world.group_b):
        assert group.name in content


# A group's own account reads its group's assessment and assesses nothing.


def test_alice_reads_her_groups_assessment_and_no_other(alice_client, world, records):
    _confirm(records.assessment)
    response = alice_client.get(_urls(world, records)["assessment_detail"])
    assert response.status_code == 200
    assert not response.context["may_edit"]
    other = AssessmentFactory(period=records.period, group=world.group_a2, confirmed=True)
    assert alice_client.get(other.get_absolute_url()).status_code == 404


def test_the_assessors_see_the_assess_button(charlie_client, world, records):
    urls = _urls(world, records)
    response = charlie_client.get(urls["assessment_detail"])
    assert response.context["may_edit"]
    assert urls["assess"] in response.content.decode()
    content = charlie_client.get(urls["assessment_list"]).content.decode()
    assert urls["assess"] in content
    assert _assess_url(records.period, world.group_a2) in content


# A submitted assessment is the federation's to review: its form shows it, and changes nothing.


@pytest.mark.parametrize("persona", ASSESSORS)
@pytest.mark.parametrize("status", ["submitted", "confirmed"])
def test_a_submitted_assessments_form_redirects_to_it(request, world, persona, status):
    period = AssessmentPeriodFactory(federation=world.federation, name=PERIOD)
    assessment = AssessmentFactory(period=period, group=world.group_a, **{status: True})
    client = _client(request, persona)
    url = _assess_url(period, world.group_a)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == assessment.get_absolute_url()
    before = _snapshot()
    response = client.post(url, _rated(save=None, submit="Submit", proposed_class=3))
    assert response.status_code == 302
    assert response.url == assessment.get_absolute_url()
    assert _snapshot() == before
    response = client.get(assessment.get_absolute_url())
    assert not response.context["may_edit"]


def test_a_returned_assessment_is_assessed_again(charlie_client, world):
    period = AssessmentPeriodFactory(federation=world.federation, name=PERIOD)
    assessment = AssessmentFactory(period=period, group=world.group_a, returned=True)
    url = _assess_url(period, world.group_a)
    response = charlie_client.get(url)
    assert response.status_code == 200
    assert assessment.return_reason in response.content.decode()
    response = charlie_client.post(url, _rated(save=None, submit="Submit"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


@pytest.mark.parametrize("method", ["get", "post"])
def test_no_one_assesses_in_a_closed_period(charlie_client, world, records, method):
    closed = AssessmentPeriodFactory(
        federation=world.federation, name="1952年上半年", status=AssessmentPeriod.Status.CLOSED
    )
    before = _snapshot()
    response = _send(charlie_client, method, _assess_url(closed, world.group_a), _rated())
    assert response.status_code == 403
    assert _snapshot() == before


def test_an_incomplete_submission_names_the_fields_and_saves_nothing(
    charlie_client, world, records
):
    before = _snapshot()
    data = _rated(save=None, submit="Submit", unity="", proposed_class="")
    response = charlie_client.post(_urls(world, records)["assess"], data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "unity" in errors and "proposed_class" in errors
    assert _snapshot() == before


# Write-ups: the federation decides, after which no one edits them; the booklet is the city's.


def test_a_decided_write_up_is_not_edited(charlie_client, world, records):
    Experience.objects.filter(pk=records.experience.pk).update(
        status=Experience.Status.SELECTED, decided_at=DECIDED
    )
    before = _snapshot()
    url = _urls(world, records)["experience_edit"]
    assert charlie_client.get(url).status_code == 403
    assert charlie_client.post(url, _valid_post(world, "experience_edit")).status_code == 403
    assert _snapshot() == before


def _select(experience):
    Experience.objects.filter(pk=experience.pk).update(
        status=Experience.Status.SELECTED, decided_at=DECIDED
    )


@pytest.mark.parametrize("persona", ["alice", "bob", "walter", "charlie", "fiona"])
def test_the_booklet_shows_the_selected_write_ups_to_the_whole_city(
    request, world, records, persona
):
    _select(records.experience)
    ExperienceFactory(
        group=world.group_b, title="溫小清小組的經驗", status="declined", decided_at=DECIDED
    )
    proposed = ExperienceFactory(group=world.group_a2, title="杜鳴舉小組的經驗")
    client = _client(request, persona)
    response = client.get(_urls(world, records)["booklet"])
    assert response.status_code == 200
    content = response.content.decode()
    assert WRITE_UP in content and WRITE_UP_TEXT in content
    assert world.group_a.name in content
    assert "溫小清小組的經驗" not in content and proposed.title not in content
    detail = client.get(records.experience.get_absolute_url())
    assert detail.status_code == 200
    assert WRITE_UP_TEXT in detail.content.decode()


def test_bob_reads_a_selected_write_up_but_not_a_proposed_one(bob_client, world, records):
    url = records.experience.get_absolute_url()
    assert bob_client.get(url).status_code == 404
    _select(records.experience)
    response = bob_client.get(url)
    assert response.status_code == 200
    assert not response.context["may_edit"]
    content = bob_client.get(reverse("oversight:experience_list")).content.decode()
    assert WRITE_UP in content


def test_the_booklet_leaves_out_another_citys_write_ups(bob_client, world, records):
    elsewhere = UnionGroupFactory(
        workshop__factory__federation=FederationFactory(name="大同市總工會"), name="外市小組"
    )
    far = ExperienceFactory(group=elsewhere, title="外市的經驗")
    _select(far)
    content = bob_client.get(reverse("oversight:booklet")).content.decode()
    assert "外市的經驗" not in content
    assert bob_client.get(far.get_absolute_url()).status_code == 404


# Exports: the scope's rows, the formats offered, a period needed for the groups.


def test_the_exports_list_charlies_factory_only(charlie_client, world, records):
    AssessmentFactory(period=records.period, group=world.group_b, submitted=True)
    AssessmentFactory(period=records.period, group=world.group_a2, confirmed=True)
    urls = _urls(world, records)
    text = _text(charlie_client.get(urls["assessment_export_csv"]))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    groups = sorted(row[3] for row in rows[1:])
    assert groups == sorted([world.group_a.name, world.group_a2.name])
    text = _text(charlie_client.get(urls["group_export_xlsx"]))
    assert world.group_a.name in text and world.group_a2.name in text
    assert world.group_b.name not in text
    assert str(GroupClass.AVERAGE.label) in text


@pytest.mark.parametrize("name", ["assessment_export", "group_export", "member_export"])
def test_an_unknown_format_is_not_found(charlie_client, records, name):
    assert charlie_client.get(reverse(f"oversight:{name}", args=["pdf"])).status_code == 404


def test_the_group_export_needs_a_period(charlie_client, world):
    url = reverse("oversight:group_export", args=["csv"])
    assert charlie_client.get(url).status_code == 404
    response = charlie_client.get(reverse("oversight:assessment_list"))
    assert response.status_code == 200
    assert response.context["period"] is None


# The home page: each role's dashboard.


@pytest.mark.parametrize(
    ("persona", "template"),
    [
        ("alice", "home_leader"),
        ("bob", "home_leader"),
        ("walter", "home_staff"),
        ("charlie", "home_staff"),
        ("fiona", "home_federation"),
    ],
)
def test_home_shows_each_role_its_dashboard(request, world, records, persona, template):
    response = _client(request, persona).get(reverse("home"))
    assert response.status_code == 200
    assert f"oversight/{template}.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("persona", ["fiona", "charlie"])
def test_the_dashboard_shows_each_units_distribution(request, world, persona):
    period = AssessmentPeriodFactory(federation=world.federation, name=PERIOD)
    AssessmentFactory(period=period, group=world.group_a, confirmed=True, proposed_class=1)
    AssessmentFactory(period=period, group=world.group_a2, confirmed=True, proposed_class=2)
    AssessmentFactory(period=period, group=world.group_b, confirmed=True, proposed_class=3)
    content = _client(request, persona).get(reverse("home")).content.decode()
    if persona == "fiona":
        # The city by factory. Factory A: one group of class 1 and one of class 2 confirmed.
        row = re.search(
            r'<tr>\s*<td class="text-start"[^>]*>太原機器廠</td>.*?</tr>', content, re.S
        )
        assert row
        assert row.group(0).count("(50.0%)") == 2
    else:
        # The factory by workshop: 金工 has the class-1 group, 裝配 the class-2 one.
        cells = r'>(\d+) <span class="text-muted small">\(([\d.]+%|—)'
        expected = {
            "金工": [("1", "100.0%"), ("0", "0.0%"), ("0", "0.0%")],
            "裝配": [("0", "0.0%"), ("1", "100.0%"), ("0", "0.0%")],
        }
        for workshop, shares in expected.items():
            row = re.search(
                rf'<tr>\s*<td class="text-start"[^>]*>{workshop}</td>.*?</tr>', content, re.S
            )
            assert row and re.findall(cells, row.group(0)) == shares
        assert "溫小清小組" not in content and "太原鋼鐵廠" not in content
