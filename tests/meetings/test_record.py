"""The meeting record on one page: attendance, minutes, decisions with their action items and the
summary, sent as a leader's browser sends the page (every field read off the page itself, then
the leader's changes), saved all together or not at all."""

import datetime
import html
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import ActionItem, Attendance, Decision, Meeting
from tests.factories import MemberFactory
from tests.helpers import assert_flat_queries
from tests.meetings.factories import ActionItemFactory, AgendaItemFactory, MeetingFactory

DAY = datetime.timedelta(days=1)


class _Fields(HTMLParser):
    """What a browser would send from the page's record form, untouched."""

    def __init__(self):
        super().__init__()
        self.data, self._textarea, self._select, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "record-form":
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") != "submit":
            if a.get("type") == "radio":
                if "checked" in a:
                    self.data[name] = a.get("value", "")
            else:
                self.data[name] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""
        elif tag == "select":
            self._select = name
            self.data[name] = ""
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def page_fields(client, url):
    page = client.get(url)
    assert page.status_code == 200
    parser = _Fields()
    parser.feed(page.content.decode())
    return {k: html.unescape(v) for k, v in parser.data.items()}


def _slot_rows(data, slot):
    """The action rows the page put under decision ``slot``, in page order."""
    rows = sorted(
        int(key.split("-")[1])
        for key, value in data.items()
        if key.startswith("act-") and key.endswith("-slot") and value == str(slot)
    )
    return [f"act-{row}" for row in rows]


def fill(data, *, absent=(), excused=(), minutes=(), decisions=(), summary=None):
    """The leader's changes: members absent (member, reason), minutes per agenda item, decisions
    (text, [(action, owner, due)]) into the page's decision rows in order, the summary."""
    data = dict(data)
    for member, reason in absent:
        data[f"att-status_{member.pk}"] = "absent"
        data[f"att-reason_{member.pk}"] = reason
    for member in excused:
        data[f"att-status_{member.pk}"] = "excused"
    for item, text in minutes:
        data[f"min-item_{item.pk}"] = text
    for slot, (text, actions) in enumerate(decisions):
        data[f"dec-{slot}-text"] = text
        for row, (action, owner, due) in zip(_slot_rows(data, slot), actions, strict=False):
            data[f"{row}-description"] = action
            data[f"{row}-owner"] = str(owner.pk)
            data[f"{row}-due_on"] = due.isoformat()
    if summary is not None:
        data["sum-summary"] = summary
    return data


@pytest.fixture
def held_today(world):
    """A union group meeting of alice's group today, announced, with two agenda items, and five
    members besides the leader."""
    today = timezone.localdate()
    meeting = MeetingFactory(group=world.group_a, scheduled_on=today, announced=True)
    items = [
        AgendaItemFactory(meeting=meeting, title="討論廢品原因"),
        AgendaItemFactory(meeting=meeting, title="安排下月保證計劃"),
    ]
    names = ["李秀英", "王福", "張明", "趙四", "劉成"]
    members = [MemberFactory(group=world.group_a, name=name) for name in names]
    return meeting, items, members


def url_of(meeting):
    return reverse("meetings:meeting_record", args=[meeting.pk])


def _full(meeting, items, members, leader, today):
    return {
        "absent": [(members[0], "病假"), (members[1], "探親")],
        "excused": [members[2]],
        "minutes": [(items[0], "量具沒校準。"), (items[1], "每人訂出保證條件。")],
        "decisions": [
            (
                "每班開工前校準量具。",
                [
                    ("把校準辦法寫上黑板報", members[3], today + 7 * DAY),
                    ("檢查員每天簽字", leader, today + 14 * DAY),
                ],
            )
        ],
        "summary": "找出了廢品的原因。",
    }


def test_it_records_the_whole_meeting_on_one_page(alice_client, world, held_today):
    meeting, items, members = held_today
    today = timezone.localdate()
    data = fill(
        page_fields(alice_client, url_of(meeting)),
        **_full(meeting, items, members, world.leader_a, today),
    )
    response = alice_client.post(url_of(meeting), data)
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUMMARISED
    assert meeting.summary == "找出了廢品的原因。"
    statuses = dict(meeting.attendances.values_list("member__name", "status"))
    assert statuses == {
        "韓潤": "present",
        "李秀英": "absent",
        "王福": "absent",
        "張明": "excused",
        "趙四": "present",
        "劉成": "present",
    }
    assert [i.minutes for i in meeting.agenda_items.all()] == ["量具沒校準。", "每人訂出保證條件。"]
    decision = Decision.objects.get(meeting=meeting)
    assert decision.text == "每班開工前校準量具。"
    tied = decision.action_items.order_by("due_on")
    assert [(a.description, a.owner.name) for a in tied] == [
        ("把校準辦法寫上黑板報", "趙四"),
        ("檢查員每天簽字", "韓潤"),
    ]
    # The meeting's page shows the action items under the decision they carry out.
    page = alice_client.get(meeting.get_absolute_url()).content.decode()
    decisions_part = page[page.index('id="decisions"') :]
    assert "把校準辦法寫上黑板報" in decisions_part.split("</ol>")[0]


def test_save_then_print_leads_to_the_printable_minutes(alice_client, world, held_today):
    meeting, items, members = held_today
    data = page_fields(alice_client, url_of(meeting))
    response = alice_client.post(url_of(meeting), {**data, "then": "print"})
    assert response["Location"] == reverse("meetings:meeting_print", args=[meeting.pk])
    meeting.refresh_from_db()
    # Everyone present by default; without a summary the meeting is held, not summarised.
    assert meeting.status == Meeting.Status.HELD
    assert set(meeting.attendances.values_list("status", flat=True)) == {"present"}
    assert meeting.attendances.count() == 6


def test_a_double_submit_makes_one_set_of_rows(alice_client, world, held_today):
    meeting, items, members = held_today
    today = timezone.localdate()
    data = fill(
        page_fields(alice_client, url_of(meeting)),
        **_full(meeting, items, members, world.leader_a, today),
    )
    # Without a token (a script, an old page): the second replaces what the first wrote.
    alice_client.post(url_of(meeting), data)
    alice_client.post(url_of(meeting), data)
    assert Decision.objects.filter(meeting=meeting).count() == 1
    assert ActionItem.objects.filter(meeting=meeting).count() == 2
    assert Attendance.objects.filter(meeting=meeting).count() == 6
    # With the page's token: the second is answered with where the first led, writing nothing.
    decision = Decision.objects.get(meeting=meeting)
    token = {"submit_token": "a1b2c3d4e5f6a7b8c9d0"}
    alice_client.post(url_of(meeting), {**data, **token})
    again = alice_client.post(url_of(meeting), {**data, **token}, follow=True)
    assert "This form was already sent" in again.content.decode()
    assert Decision.objects.filter(meeting=meeting).count() == 1
    assert ActionItem.objects.filter(meeting=meeting).count() == 2
    assert Decision.objects.get(meeting=meeting).pk != decision.pk  # replaced once, not twice


def test_it_keeps_what_was_typed_when_something_is_missing(alice_client, world, held_today):
    meeting, items, members = held_today
    today = timezone.localdate()
    changes = _full(meeting, items, members, world.leader_a, today)
    changes["absent"] = [(members[0], "")]  # absent without a reason
    data = fill(page_fields(alice_client, url_of(meeting)), **changes)
    response = alice_client.post(url_of(meeting), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the reason for the absence." in page
    for typed in ["量具沒校準。", "每班開工前校準量具。", "檢查員每天簽字", "找出了廢品的原因。"]:
        assert typed in page
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ANNOUNCED
    assert not meeting.attendances.exists() and not meeting.decisions.exists()
    assert not any(i.minutes for i in meeting.agenda_items.all())


def test_an_action_item_needs_its_decision_owner_and_date(alice_client, world, held_today):
    meeting, items, members = held_today
    today = timezone.localdate()
    data = page_fields(alice_client, url_of(meeting))
    data = fill(data, decisions=[("", [("寫黑板報", members[0], today)])])
    row = _slot_rows(data, 0)[0]
    data[f"{row}-due_on"] = ""
    page = alice_client.post(url_of(meeting), data).content.decode()
    assert "Write the decision these action items carry out." in page
    assert "An action item needs its action, owner and due date." in page
    assert not ActionItem.objects.filter(meeting=meeting).exists()
    assert not Meeting.objects.get(pk=meeting.pk).is_held


def test_a_refusal_of_the_service_saves_nothing_and_keeps_the_page(alice_client, world, held_today):
    """A decision id of another meeting (a stale or forged page): refused as a whole."""
    meeting, items, members = held_today
    earlier = MeetingFactory(group=world.group_a, held=True)
    other = Decision.objects.create(meeting=earlier, text="x")
    data = fill(
        page_fields(alice_client, url_of(meeting)),
        minutes=[(items[0], "量具沒校準。")],
        decisions=[("每班開工前校準量具。", [])],
    )
    data["dec-0-id"] = str(other.pk)
    response = alice_client.post(url_of(meeting), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The record was changed since this page was loaded" in page
    assert "量具沒校準。" in page
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ANNOUNCED
    assert not meeting.attendances.exists()
    assert other.text == Decision.objects.get(pk=other.pk).text


def test_a_correction_changes_rows_in_place_and_removes_the_cleared_ones(
    alice_client, world, held_today
):
    meeting, items, members = held_today
    today = timezone.localdate()
    first = _full(meeting, items, members, world.leader_a, today)
    alice_client.post(url_of(meeting), fill(page_fields(alice_client, url_of(meeting)), **first))
    decision = Decision.objects.get(meeting=meeting)
    kept, dropped = decision.action_items.order_by("due_on")
    kept.done_on = today
    kept.save()
    legacy = ActionItemFactory(meeting=meeting, owner=members[4], description="舊的行動")

    data = page_fields(alice_client, url_of(meeting))
    # The page shows what was recorded: the reasons, the decision, its two action items.
    assert data[f"att-reason_{members[0].pk}"] == "病假"
    assert data["dec-0-id"] == str(decision.pk)
    rows = _slot_rows(data, 0)
    recorded = [data[f"{r}-description"] for r in rows[:2]]
    assert recorded == ["把校準辦法寫上黑板報", "檢查員每天簽字"]
    data["dec-0-text"] = "每班開工前校準量具，檢查員簽字。"
    for name in ("description", "owner", "due_on"):
        data[f"{rows[1]}-{name}"] = ""
    data = fill(data, decisions=[], summary="找出了廢品的原因，訂了制度。")
    assert alice_client.post(url_of(meeting), data).status_code == 302

    decision.refresh_from_db()
    assert decision.text == "每班開工前校準量具，檢查員簽字。"
    assert list(decision.action_items.all()) == [kept]
    kept.refresh_from_db()
    assert kept.done_on == today  # corrected in place: what was done stays done
    assert not ActionItem.objects.filter(pk=dropped.pk).exists()
    assert ActionItem.objects.filter(pk=legacy.pk, decision=None).exists()
    assert Meeting.objects.get(pk=meeting.pk).summary == "找出了廢品的原因，訂了制度。"
    # A summarised meeting keeps its summary.
    page = alice_client.post(url_of(meeting), {**data, "sum-summary": ""}).content.decode()
    assert Meeting.objects.get(pk=meeting.pk).summary == "找出了廢品的原因，訂了制度。"
    assert "This field is required." in page


def test_a_meeting_to_come_is_not_offered_for_recording(alice_client, world):
    meeting = MeetingFactory(group=world.group_a, announced=True)  # a week from today
    when = meeting.scheduled_on.isoformat()
    detail = alice_client.get(meeting.get_absolute_url()).content.decode()
    assert f"You can record the meeting from {when}" in detail
    assert url_of(meeting) not in detail
    assert reverse("meetings:meeting_attendance", args=[meeting.pk]) not in detail
    for url in (url_of(meeting), reverse("meetings:meeting_attendance", args=[meeting.pk])):
        page = alice_client.get(url).content.decode()
        assert f"You can record the meeting from {when}" in page
        assert "<textarea" not in page and 'type="radio"' not in page
    home = alice_client.get("/").content.decode()
    assert f"You can record the meeting from {when}" in home
    assert url_of(meeting) not in home
    alice_client.post(url_of(meeting), {f"att-status_{world.leader_a.pk}": "present"})
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.ANNOUNCED


def test_the_leaders_home_leads_to_planning_and_to_recording(alice_client, world, held_today):
    meeting, _items, _members = held_today
    home = alice_client.get("/").content.decode()
    assert reverse("meetings:meeting_create", args=[world.group_a.pk]) in home
    assert url_of(meeting) in home


def test_outsiders_get_404_and_an_archived_group_is_read_only(
    bob_client, charlie_client, world, held_today
):
    meeting, _items, _members = held_today
    assert bob_client.get(url_of(meeting)).status_code == 404
    assert bob_client.post(url_of(meeting), {}).status_code == 404
    world.group_a.archived_on = timezone.localdate()
    world.group_a.archive_reason = "併入杜鳴舉小組"
    world.group_a.save()
    assert charlie_client.get(url_of(meeting)).status_code == 403
    assert charlie_client.post(url_of(meeting), {}).status_code == 403


def test_the_page_costs_the_same_queries_whatever_the_group_size(
    alice_client, world, django_assert_num_queries
):
    today = timezone.localdate()
    meeting = MeetingFactory(group=world.group_a, scheduled_on=today, held=True)
    decision = Decision.objects.create(meeting=meeting, text="決議")

    def add_rows(n):
        added = []
        for _ in range(n):
            member = MemberFactory(group=world.group_a)
            AgendaItemFactory(meeting=meeting)
            Attendance.objects.create(meeting=meeting, member=member, status="present")
            ActionItemFactory(meeting=meeting, owner=member, decision=decision, due_on=today)
            added.append(member)
        return added

    # 1 session, 2 user, 3 alice's scope, 4 the meeting with its group, workshop and factory,
    # 5 its action items with their owners, 6 the group's active members, 7 the decisions,
    # 8 the attendance recorded (the attendance form), 9 the agenda items (the minutes form).
    assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        url_of(meeting),
        add_rows=add_rows,
        rows_now=0,
        pinned=9,
        shown=lambda m: m.name,
    )


HOSTILE = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "\x00",
            "\u202e",
            "<script>",
            "99999999999999999999",
            "-1",
            "NaN",
            "0001-01-01",
            "9999-12-31",
            "x" * 20_001,
            "1000",
            "31",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)


def test_hostile_values_never_make_a_server_error(alice, world, held_today):
    meeting, items, members = held_today
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    today = timezone.localdate()
    valid = fill(
        page_fields(client, url_of(meeting)),
        **_full(meeting, items, members, world.leader_a, today),
    )
    fields = sorted(valid) + ["dec-99-text", "act-99-slot", "att-status_999999", "then"]

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(changes=st.dictionaries(st.sampled_from(fields), HOSTILE, min_size=1, max_size=6))
    def check(changes):
        from django.db import transaction

        with transaction.atomic():
            response = client.post(url_of(meeting), {**valid, **changes})
            assert response.status_code < 500, changes
            if response.status_code != 302:
                assert not Decision.objects.filter(meeting=meeting).exists(), changes
            transaction.set_rollback(True)

    check()


def test_the_separate_action_item_form_ties_the_action_to_a_decision(alice_client, world):
    meeting = MeetingFactory(group=world.group_a, held=True)
    decision = Decision.objects.create(meeting=meeting, text="每班校準量具。")
    elsewhere = Decision.objects.create(meeting=MeetingFactory(group=world.group_a), text="別的")
    url = reverse("meetings:action_item_create", args=[meeting.pk])
    data = {
        "description": "寫上黑板報",
        "owner": world.leader_a.pk,
        "due_on": (meeting.scheduled_on + DAY).isoformat(),
    }
    # Another meeting's decision is not among the choices.
    assert alice_client.post(url, {**data, "decision": elsewhere.pk}).status_code == 200
    assert not ActionItem.objects.exists()
    assert alice_client.post(url, {**data, "decision": decision.pk}).status_code == 302
    assert ActionItem.objects.get().decision == decision
    alice_client.post(url, {**data, "description": "另一件"})
    assert ActionItem.objects.get(description="另一件").decision is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time")
@pytest.mark.django_db(transaction=True)
def test_four_leaders_saving_the_record_at_once_leave_one_set_of_rows(world, alice):
    from tests.security.test_races import _client, _together

    today = timezone.localdate()
    meeting = MeetingFactory(group=world.group_a, scheduled_on=today, announced=True)
    items = [AgendaItemFactory(meeting=meeting), AgendaItemFactory(meeting=meeting)]
    members = [MemberFactory(group=world.group_a) for _ in range(5)]
    clients = [_client(alice) for _ in range(4)]
    data = fill(
        page_fields(clients[0], url_of(meeting)),
        **_full(meeting, items, members, world.leader_a, today),
    )
    responses = _together(4, lambda i: clients[i].post(url_of(meeting), data))
    assert [r.status_code for r in responses] == [302] * 4
    assert Decision.objects.filter(meeting=meeting).count() == 1
    assert ActionItem.objects.filter(meeting=meeting).count() == 2
    assert Attendance.objects.filter(meeting=meeting).count() == 6


def test_a_meeting_with_as_many_decisions_as_a_page_takes_is_still_saved(
    alice_client, world, held_today
):
    """The page offers blank rows only up to what it may send: 29 decisions recorded, one more
    row; 30, none; and no more than 30 can be recorded at all."""
    meeting, items, members = held_today
    meeting.status = Meeting.Status.HELD
    meeting.save()
    Decision.objects.bulk_create(Decision(meeting=meeting, text=f"決議{n}") for n in range(29))
    data = page_fields(alice_client, url_of(meeting))
    assert int(data["dec-TOTAL_FORMS"]) == 30
    data = fill(data, decisions=[(f"決議{n}", []) for n in range(29)] + [("第三十條", [])])
    response = alice_client.post(url_of(meeting), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert meeting.decisions.count() == 30
    assert int(page_fields(alice_client, url_of(meeting))["dec-TOTAL_FORMS"]) == 30
    step = reverse("meetings:decision_create", args=[meeting.pk])
    refused = alice_client.post(step, {"text": "第三十一條", "submit_token": "t-31"})
    assert refused.status_code == 200 and "at most 30 decisions" in refused.content.decode()
    assert meeting.decisions.count() == 30


def test_saving_the_page_again_unchanged_writes_nothing(alice_client, world, held_today):
    meeting, items, members = held_today
    today = timezone.localdate()
    data = fill(
        page_fields(alice_client, url_of(meeting)),
        **_full(meeting, items, members, world.leader_a, today),
    )
    assert alice_client.post(url_of(meeting), data).status_code == 302
    again = page_fields(alice_client, url_of(meeting))
    with CaptureQueriesContext(connection) as queries:
        assert alice_client.post(url_of(meeting), again).status_code == 302
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    # The submit token's row and the session are the only writes: no row rewritten.
    assert not [sql for sql in writes if "meetings_" in sql], writes
