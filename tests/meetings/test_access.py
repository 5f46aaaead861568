"""Who may open which page of the meetings app, and what the pages let them reach.

Every page: it works for its user, anonymous visitors are sent to sign in, an outsider guessing
ids gets 404, the federation reads but never writes, a group leader neither issues resolutions nor
reads and answers the reports sent up (the factory and workshop unions above the group do),
POST-only views refuse GET, and a refused request changes nothing.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Member, Role
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Candidate,
    Decision,
    GroupReport,
    Meeting,
    Resolution,
    ResolutionReport,
)
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    GroupReportFactory,
    MeetingFactory,
    ResolutionFactory,
    ResolutionReportFactory,
)

DAY = datetime.timedelta(days=1)

# Pages that show records: the group leader, the unions above her and the federation read them.
READ_PAGES = [
    "group_meetings",
    "meeting_detail",
    "meeting_print",
    "resolution_list",
    "resolution_detail",
    "report_list",
    "report_detail",
]
# Pages that change the records of a group: every scope below the federation may use them.
WRITE_FORMS = [
    "meeting_create",
    "meeting_edit",
    "meeting_attendance",
    "meeting_minutes",
    "meeting_summary",
    "decision_create",
    "action_item_create",
    "election_record",
    "resolution_report_edit",
    "report_create",
]
WRITE_POST_ONLY = ["meeting_announce", "action_item_done"]
# Pages for the factory and workshop unions above the groups.
MANAGER_FORMS = ["resolution_create"]
MANAGER_POST_ONLY = ["report_read", "report_answer"]
POST_ONLY = WRITE_POST_ONLY + MANAGER_POST_ONLY
ALL_PAGES = [*READ_PAGES, *WRITE_FORMS, *WRITE_POST_ONLY, *MANAGER_FORMS, *MANAGER_POST_ONLY]
# Pages whose URL names one of alice's objects (all but the two lists and the issuing form).
OBJECT_PAGES = [
    p for p in ALL_PAGES if p not in ("resolution_list", "report_list", "resolution_create")
]
# Whose page it is: alice's group's records are alice's, the unions above issue and answer.
CHARLIES = MANAGER_FORMS + MANAGER_POST_ONLY


def _requests(pages):
    """(page, method) pairs: GET and POST, but only POST for POST-only views (GET: 405)."""
    return [(p, m) for p in pages for m in ("get", "post") if not (p in POST_ONLY and m == "get")]


def _today():
    return timezone.localdate()


@pytest.fixture
def records(world, alice):
    """Alice's group's records: a meeting still to come, an election meeting held yesterday
    (with its agenda, attendance and an action item), a factory resolution sent to both groups
    of factory A, and a report group A sent up."""
    today = _today()
    planned = MeetingFactory(
        group=world.group_a, title="下周小組會", scheduled_on=today + 7 * DAY, planned_by=alice
    )
    AgendaItemFactory(meeting=planned, title="討論保證計劃")
    held = MeetingFactory(
        group=world.group_a,
        kind=Meeting.Kind.ELECTION,
        title="改選小組長",
        held=True,
        scheduled_on=today - DAY,
    )
    agenda_item = AgendaItemFactory(meeting=held, title="選舉小組長")
    AttendanceFactory(meeting=held, member=world.leader_a)
    action_item = ActionItemFactory(meeting=held, owner=world.leader_a, description="整理工具箱")
    resolution = ResolutionFactory(factory=world.factory_a, title="開展無廢品競賽")
    report = ResolutionReportFactory(resolution=resolution, group=world.group_a)
    ResolutionReportFactory(resolution=resolution, group=world.group_a2)
    group_report = GroupReportFactory(group=world.group_a, subject="宿舍漏雨")
    return SimpleNamespace(**locals())


def _urls(world, records):
    r = records
    return {
        "group_meetings": reverse("meetings:group_meetings", args=[world.group_a.pk]),
        "meeting_create": reverse("meetings:meeting_create", args=[world.group_a.pk]),
        "meeting_detail": reverse("meetings:meeting_detail", args=[r.held.pk]),
        "meeting_edit": reverse("meetings:meeting_edit", args=[r.planned.pk]),
        "meeting_print": reverse("meetings:meeting_print", args=[r.held.pk]),
        "meeting_announce": reverse("meetings:meeting_announce", args=[r.planned.pk]),
        "meeting_attendance": reverse("meetings:meeting_attendance", args=[r.held.pk]),
        "meeting_minutes": reverse("meetings:meeting_minutes", args=[r.held.pk]),
        "meeting_summary": reverse("meetings:meeting_summary", args=[r.held.pk]),
        "decision_create": reverse("meetings:decision_create", args=[r.held.pk]),
        "action_item_create": reverse("meetings:action_item_create", args=[r.held.pk]),
        "election_record": reverse("meetings:election_record", args=[r.held.pk]),
        "action_item_done": reverse("meetings:action_item_done", args=[r.action_item.pk]),
        "resolution_list": reverse("meetings:resolution_list"),
        "resolution_create": reverse("meetings:resolution_create"),
        "resolution_detail": reverse("meetings:resolution_detail", args=[r.resolution.pk]),
        "resolution_report_edit": reverse("meetings:resolution_report_edit", args=[r.report.pk]),
        "report_list": reverse("meetings:report_list"),
        "report_create": reverse("meetings:report_create", args=[world.group_a.pk]),
        "report_detail": reverse("meetings:report_detail", args=[r.group_report.pk]),
        "report_read": reverse("meetings:report_read", args=[r.group_report.pk]),
        "report_answer": reverse("meetings:report_answer", args=[r.group_report.pk]),
    }


def _valid_post(world, records, page):
    """A POST body each page would accept from someone allowed to use it."""
    today = _today()
    meeting = {
        "kind": "group",
        "title": "小組生活會",
        "scheduled_on": (today + 3 * DAY).isoformat(),
        "starts_at": "17:30",
        "place": "金工車間休息室",
        "agenda": "評比\n",
    }
    leader = world.leader_a.pk
    return {
        "meeting_create": meeting,
        "meeting_edit": {**meeting, "title": "改期的小組會"},
        "meeting_announce": {"announced_on": today.isoformat()},
        "meeting_attendance": {f"status_{leader}": "excused", f"reason_{leader}": "出差"},
        "meeting_minutes": {f"item_{records.agenda_item.pk}": "一致選出小組長"},
        "meeting_summary": {"summary": "會議開得好。"},
        "decision_create": {"text": "開展無廢品競賽"},
        "action_item_create": {
            "description": "檢查烘爐",
            "owner": leader,
            "due_on": (today + 7 * DAY).isoformat(),
        },
        "election_record": {
            "candidates-TOTAL_FORMS": "1",
            "candidates-INITIAL_FORMS": "0",
            "candidates-0-member": leader,
            "candidates-0-office": "union_leader",
            "candidates-0-votes": "9",
            "candidates-0-elected": "on",
        },
        "action_item_done": {"done": "1", "done_on": today.isoformat()},
        "resolution_create": {
            "title": "節約用料",
            "text": "各小組訂出節約計劃。",
            "issued_on": today.isoformat(),
            "due_on": (today + 10 * DAY).isoformat(),
        },
        "resolution_report_edit": {"status": "in_progress", "note": "已在小組會上討論"},
        "report_create": {"kind": "opinion", "subject": "食堂排隊", "text": "午飯排隊太久。"},
        "report_read": {},
        "report_answer": {"answer": "已通知食堂。"},
    }.get(page, {})


def _snapshot():
    """What a refused request must leave untouched, history included."""
    models = [
        Meeting,
        AgendaItem,
        Attendance,
        Decision,
        ActionItem,
        Candidate,
        Resolution,
        ResolutionReport,
        GroupReport,
        Role,
        Member,
    ]
    rows = [list(model.objects.order_by("pk").values()) for model in models]
    histories = [model.history.count() for model in models if hasattr(model, "history")]
    return rows, histories


def _client(request, persona):
    return request.getfixturevalue(f"{persona}_client")


def _owner(page):
    return "charlie" if page in CHARLIES else "alice"


# It works for its user.


@pytest.mark.parametrize("page", [p for p in ALL_PAGES if p not in POST_ONLY])
def test_it_shows_each_page_to_its_user_and_writes_nothing(request, world, records, page):
    before = _snapshot()
    response = _client(request, _owner(page)).get(_urls(world, records)[page])
    assert response.status_code == 200
    assert _snapshot() == before


@pytest.mark.parametrize("page", WRITE_FORMS + POST_ONLY + MANAGER_FORMS)
def test_it_accepts_each_write_from_its_user(request, world, records, page):
    before = _snapshot()
    response = _client(request, _owner(page)).post(
        _urls(world, records)[page], _valid_post(world, records, page)
    )
    assert response.status_code == 302
    assert _snapshot() != before


def test_it_changes_a_meeting_planned_in_the_back_office(alice_client, world, records):
    """The back office does not record who planned a meeting (nor does a deleted account): the
    page must still change it."""
    Meeting.objects.filter(pk=records.planned.pk).update(planned_by=None)
    data = _valid_post(world, records, "meeting_edit")
    response = alice_client.post(_urls(world, records)["meeting_edit"], data)
    assert response.status_code == 302
    records.planned.refresh_from_db()
    assert records.planned.title == data["title"]


@pytest.mark.parametrize("page", ["meeting_detail", "resolution_list", "resolution_detail"])
def test_it_shows_walter_his_workshops_records(walter_client, world, records, page):
    response = walter_client.get(_urls(world, records)[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["report_read", "report_answer"])
def test_it_lets_walter_read_and_answer_his_workshops_reports(walter_client, world, records, page):
    url = _urls(world, records)[page]
    response = walter_client.post(url, _valid_post(world, records, page))
    assert response.status_code == 302
    records.group_report.refresh_from_db()
    assert records.group_report.read_by.username == "walter"


# Anonymous visitors sign in first.


@pytest.mark.parametrize("page", ALL_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_visitors_to_sign_in(anon_client, world, records, page, method):
    url = _urls(world, records)[page]
    before = _snapshot()
    data = _valid_post(world, records, page) if method == "post" else None
    response = getattr(anon_client, method)(url, data)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"
    assert _snapshot() == before


# An outsider guessing ids finds nothing.


@pytest.mark.parametrize(("page", "method"), _requests(OBJECT_PAGES))
def test_it_hides_alices_records_from_an_outsider(bob_client, world, records, page, method):
    before = _snapshot()
    url = _urls(world, records)[page]
    response = getattr(bob_client, method)(url, _valid_post(world, records, page))
    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("page", ["resolution_list", "report_list"])
def test_it_keeps_alices_records_out_of_an_outsiders_lists(bob_client, world, records, page):
    content = bob_client.get(_urls(world, records)[page]).content.decode()
    assert records.resolution.title not in content
    assert records.group_report.subject not in content
    assert world.group_a.name not in content


def test_it_refuses_bob_a_meeting_in_alices_group(bob_client, world, records):
    """Bob cannot plan a meeting or send a report under alice's group by changing the id."""
    before = _snapshot()
    for page in ("meeting_create", "report_create"):
        url = _urls(world, records)[page]
        assert bob_client.post(url, _valid_post(world, records, page)).status_code == 404
    assert _snapshot() == before


# The federation reads, and writes nothing.


@pytest.mark.parametrize("page", READ_PAGES)
def test_it_lets_the_federation_read(fiona_client, world, records, page):
    response = fiona_client.get(_urls(world, records)[page])
    assert response.status_code == 200


@pytest.mark.parametrize(("page", "method"), _requests(WRITE_FORMS + POST_ONLY + MANAGER_FORMS))
def test_it_forbids_the_federation_to_write(fiona_client, world, records, page, method):
    before = _snapshot()
    url = _urls(world, records)[page]
    response = getattr(fiona_client, method)(url, _valid_post(world, records, page))
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("page", ["meeting_detail", "resolution_detail", "report_detail"])
def test_it_offers_the_federation_no_write_buttons(fiona_client, world, records, page):
    content = fiona_client.get(_urls(world, records)[page]).content.decode()
    urls = _urls(world, records)
    for write in WRITE_FORMS + POST_ONLY:
        assert f'"{urls[write]}"' not in content


# A group leader neither issues resolutions nor reads and answers the reports sent up.


@pytest.mark.parametrize(("page", "method"), _requests(CHARLIES))
def test_it_forbids_a_group_leader_what_the_unions_above_do(
    alice_client, world, records, page, method
):
    before = _snapshot()
    url = _urls(world, records)[page]
    response = getattr(alice_client, method)(url, _valid_post(world, records, page))
    assert response.status_code == 403
    assert _snapshot() == before


def test_it_offers_alice_no_issuing_or_answering(alice_client, world, records):
    urls = _urls(world, records)
    content = alice_client.get(urls["resolution_list"]).content.decode()
    assert urls["resolution_create"] not in content
    content = alice_client.get(urls["report_detail"]).content.decode()
    assert urls["report_read"] not in content and urls["report_answer"] not in content


@pytest.mark.parametrize("page", POST_ONLY)
def test_it_refuses_get_on_post_only_views(request, world, records, page):
    before = _snapshot()
    response = _client(request, _owner(page)).get(_urls(world, records)[page])
    assert response.status_code == 405
    assert _snapshot() == before


# Resolutions reach the groups they were sent to, and the unions above them.


@pytest.fixture
def resolution_a2(world, charlie):
    """A resolution of factory A sent only to group A2, in workshop A2 (not walter's)."""
    resolution = ResolutionFactory(
        factory=world.factory_a, title="裝配車間安全檢查", issued_by=charlie
    )
    report = ResolutionReportFactory(resolution=resolution, group=world.group_a2)
    return SimpleNamespace(resolution=resolution, report=report)


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("alice", False),
        ("walter", False),
        ("bob", False),
        ("charlie", True),
        ("fiona", True),
    ],
)
def test_it_shows_a_resolution_only_where_it_was_sent(request, world, resolution_a2, persona, sees):
    client = _client(request, persona)
    content = client.get(reverse("meetings:resolution_list")).content.decode()
    assert (resolution_a2.resolution.title in content) is sees
    response = client.get(resolution_a2.resolution.get_absolute_url())
    assert response.status_code == (200 if sees else 404)


@pytest.mark.parametrize("persona", ["alice", "walter", "bob"])
def test_it_hides_another_groups_report_on_a_resolution(request, world, resolution_a2, persona):
    before = _snapshot()
    url = reverse("meetings:resolution_report_edit", args=[resolution_a2.report.pk])
    client = _client(request, persona)
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "done", "note": "冒名"}).status_code == 404
    assert _snapshot() == before


def test_it_shows_walter_a_resolution_of_another_workshop_not(walter_client, world):
    """A workshop's own resolutions are for its groups: workshop A2's are not walter's."""
    resolution = ResolutionFactory(
        factory=world.factory_a, workshop=world.workshop_a2, title="裝配車間決議"
    )
    ResolutionReportFactory(resolution=resolution, group=world.group_a2)
    content = walter_client.get(reverse("meetings:resolution_list")).content.decode()
    assert "裝配車間決議" not in content
    assert walter_client.get(resolution.get_absolute_url()).status_code == 404


def test_it_shows_walter_only_his_workshops_reports_on_a_resolution(walter_client, world, records):
    content = walter_client.get(records.resolution.get_absolute_url()).content.decode()
    assert world.group_a.name in content
    assert world.group_a2.name not in content


def test_it_refuses_charlie_a_resolution_to_another_factory(charlie_client, world, records):
    before = _snapshot()
    data = _valid_post(world, records, "resolution_create") | {"groups": [world.group_b.pk]}
    response = charlie_client.post(reverse("meetings:resolution_create"), data)
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert _snapshot() == before


def test_it_refuses_walter_a_resolution_to_another_workshop(walter_client, world, records):
    before = _snapshot()
    data = _valid_post(world, records, "resolution_create") | {"groups": [world.group_a2.pk]}
    response = walter_client.post(reverse("meetings:resolution_create"), data)
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert _snapshot() == before


def test_it_sends_walters_resolution_to_his_workshops_groups(walter_client, world, records):
    data = _valid_post(world, records, "resolution_create")
    response = walter_client.post(reverse("meetings:resolution_create"), data)
    assert response.status_code == 302
    resolution = Resolution.objects.get(title=data["title"])
    assert resolution.workshop == world.workshop_a
    assert list(resolution.reports.values_list("group", flat=True)) == [world.group_a.pk]


# Reports sent up reach the unions above the group, nobody beside it.


def test_it_keeps_another_factorys_report_out_of_charlies_inbox(charlie_client, world, records):
    report_b = GroupReportFactory(group=world.group_b, subject="鋼廠的報告")
    content = charlie_client.get(reverse("meetings:report_list")).content.decode()
    assert records.group_report.subject in content
    assert report_b.subject not in content
    before = _snapshot()
    assert charlie_client.get(report_b.get_absolute_url()).status_code == 404
    for page in ("report_read", "report_answer"):
        url = reverse(f"meetings:{page}", args=[report_b.pk])
        assert charlie_client.post(url, {"answer": "越權"}).status_code == 404
    assert _snapshot() == before


def test_it_keeps_another_workshops_report_out_of_walters_inbox(walter_client, world, records):
    report_a2 = GroupReportFactory(group=world.group_a2, subject="裝配車間的報告")
    content = walter_client.get(reverse("meetings:report_list")).content.decode()
    assert records.group_report.subject in content
    assert report_a2.subject not in content
    assert walter_client.get(report_a2.get_absolute_url()).status_code == 404


def test_it_lists_unread_reports_first_in_the_inbox(charlie_client, world):
    read = GroupReportFactory(group=world.group_a, subject="已讀的報告", read_at=timezone.now())
    unread = GroupReportFactory(group=world.group_a2, subject="未讀的報告")
    GroupReport.objects.filter(pk=unread.pk).update(sent_at=read.sent_at - DAY)
    content = charlie_client.get(reverse("meetings:report_list")).content.decode()
    assert content.index(unread.subject) < content.index(read.subject)


def test_it_keeps_alices_sent_reports_to_her_group(alice_client, world, records):
    GroupReportFactory(group=world.group_a2, subject="裝配車間的報告")
    content = alice_client.get(reverse("meetings:report_list")).content.decode()
    assert records.group_report.subject in content
    assert "裝配車間的報告" not in content


# Forms offer only what lies in the group.


def test_it_refuses_an_action_item_owned_outside_the_group(alice_client, world, records):
    outsider = Member.objects.get(pk=world.leader_b.pk)
    before = _snapshot()
    data = _valid_post(world, records, "action_item_create") | {"owner": outsider.pk}
    response = alice_client.post(_urls(world, records)["action_item_create"], data)
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert _snapshot() == before


def test_it_refuses_a_resolution_report_discussed_at_another_groups_meeting(
    alice_client, world, records
):
    meeting_b = MeetingFactory(group=world.group_b, held=True)
    before = _snapshot()
    data = _valid_post(world, records, "resolution_report_edit") | {"meeting": meeting_b.pk}
    response = alice_client.post(_urls(world, records)["resolution_report_edit"], data)
    assert response.status_code == 200
    assert "meeting" in response.context["form"].errors
    assert _snapshot() == before


def test_it_refuses_an_election_on_a_meeting_that_is_not_one(alice_client, world, records):
    url = reverse("meetings:election_record", args=[records.planned.pk])
    assert alice_client.get(url).status_code == 403


# Back from an action item: to the page it was marked on, never off the site.


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"]
)
def test_it_does_not_send_the_user_off_site_after_an_action_item(
    alice_client, world, records, next_url
):
    data = _valid_post(world, records, "action_item_done") | {"next": next_url}
    response = alice_client.post(_urls(world, records)["action_item_done"], data)
    assert response.status_code == 302
    assert response.url == records.held.get_absolute_url()
    records.action_item.refresh_from_db()
    assert records.action_item.done_on == _today()


def test_it_sends_the_user_back_to_the_group_page_after_an_action_item(
    alice_client, world, records
):
    back = world.group_a.get_absolute_url()
    data = _valid_post(world, records, "action_item_done") | {"next": back}
    response = alice_client.post(_urls(world, records)["action_item_done"], data)
    assert response.status_code == 302
    assert response.url == back
