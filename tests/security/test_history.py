"""Every record a user can change, or a cascade could remove, keeps its history; a progress entry
deleted by mistake comes back from it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.models import Indicator, ProgressEntry
from groups.models import GroupMembership, Member
from meetings import services
from meetings.models import AgendaItem, Attendance, Candidate, Decision, Meeting
from tests.competitions.factories import GuaranteePlanFactory, ProgressEntryFactory
from tests.factories import MemberFactory
from tests.meetings.factories import MeetingFactory
from tests.welfare.factories import WelfareCaseFactory
from welfare.models import StatusChange

TODAY = timezone.localdate()


def test_a_meeting_recorded_on_the_site_keeps_the_history_of_its_rows(alice_client, alice, world):
    member = MemberFactory(group=world.group_a, name="李秀英")
    alice_client.post(
        reverse("meetings:meeting_create", args=[world.group_a.pk]),
        {
            "kind": "production",
            "title": "十一月生產會議",
            "scheduled_on": TODAY.isoformat(),
            "place": "休息室",
            "topics": ["quality"],
            "agenda": "討論廢品原因\n",
        },
    )
    meeting = Meeting.objects.get()
    url = reverse("meetings:meeting_attendance", args=[meeting.pk])
    leader = world.leader_a
    data = {f"status_{leader.pk}": "present", f"status_{member.pk}": "present"}
    alice_client.post(url, data)
    data.update({f"status_{member.pk}": "absent", f"reason_{member.pk}": "病假"})
    alice_client.post(url, data)  # a correction
    alice_client.post(reverse("meetings:decision_create", args=[meeting.pk]), {"text": "競賽"})

    assert AgendaItem.history.filter(meeting_id=meeting.pk, history_type="+").count() == 2
    corrected = Attendance.objects.get(member=member)
    versions = list(corrected.history.order_by("history_id"))
    assert [(v.history_type, v.status, v.reason) for v in versions] == [
        ("+", "present", ""),
        ("~", "absent", "病假"),
    ]
    assert {v.history_user for v in versions} == {alice}
    assert Decision.history.get(meeting_id=meeting.pk).history_user == alice


def test_an_election_keeps_its_candidates_history(world):
    meeting = MeetingFactory(group=world.group_a, kind=Meeting.Kind.ELECTION, held=True)
    candidate = {"member": world.leader_a, "office": "union_leader", "votes": 12, "elected": True}

    services.election_record(meeting=meeting, candidates=[candidate])

    assert Candidate.history.filter(meeting_id=meeting.pk, history_type="+").count() == 1


def test_an_indicator_and_a_status_change_keep_their_history(alice_client, alice, world):
    plan = GuaranteePlanFactory(group=world.group_a, indicators=["output"])
    alice_client.post(
        reverse("competitions:indicator_add", args=[plan.pk]),
        {"kind": "scrap", "unit": "件", "target": "5"},
    )
    case = WelfareCaseFactory(member=world.leader_a)
    alice_client.post(
        reverse("welfare:case_move", args=[case.pk, "in_progress"]),
        {"on": TODAY.isoformat(), "note": "去看過了"},
    )

    added = Indicator.objects.get(plan=plan, kind="scrap")
    assert added.history.get().history_user == alice
    change = StatusChange.objects.get(case=case, to_status="in_progress")
    assert change.history.get().history_user == alice


def test_the_member_page_works_for_a_member_without_history(alice_client, world):
    member = Member.objects.bulk_create(
        [
            Member(
                factory=world.factory_a,
                group=world.group_a,
                name="王茂林",
                employee_number="B1",
                joined_union_on=datetime.date(2020, 3, 1),
            )
        ]
    )[0]
    assert not member.history.exists()

    response = alice_client.get(reverse("groups:member_detail", args=[member.pk]))

    assert response.status_code == 200
    assert "王茂林" in response.content.decode()


def test_a_membership_keeps_its_history(world):
    membership = GroupMembership.objects.filter(member=world.leader_a).get()
    membership.ended_on = TODAY
    membership.save()

    assert membership.history.filter(history_type="~").exists()


# --- Undo of a deleted progress entry ------------------------------------------------------------


@pytest.fixture
def plan_with_entries(world, alice):
    plan = GuaranteePlanFactory(group=world.group_a, indicators=["output"])
    indicator = plan.indicators.get()
    ProgressEntryFactory(indicator=indicator, value=Decimal(30), recorded_by=alice)
    entry = ProgressEntryFactory(
        indicator=indicator,
        on=plan.starts_on,
        value=Decimal(12),
        note="夜班",
        recorded_by=alice,
    )
    return plan, entry


def _total(client, plan):
    indicators = client.get(plan.get_absolute_url()).context["indicators"]
    return indicators[0].actual()


def test_it_restores_a_deleted_progress_entry_with_its_values(
    alice_client, alice, plan_with_entries
):
    plan, entry = plan_with_entries
    fields = ["pk", "indicator_id", "on", "value", "note", "recorded_at", "recorded_by"]
    original = [getattr(entry, name) for name in fields]
    assert _total(alice_client, plan) == Decimal(42)
    alice_client.post(reverse("competitions:progress_delete", args=[entry.pk]))
    assert _total(alice_client, plan) == Decimal(30)

    page = alice_client.get(reverse("competitions:progress_deleted", args=[plan.pk]))
    records = list(page.context["records"])
    assert [r.id for r in records] == [entry.pk] and "夜班" in page.content.decode()
    url = reverse("competitions:progress_restore", args=[plan.pk])
    assert alice_client.get(url).status_code == 405
    response = alice_client.post(url, {"history_id": records[0].history_id})

    assert response.status_code == 302
    back = ProgressEntry.objects.get(pk=entry.pk)
    assert [getattr(back, name) for name in fields] == original
    assert _total(alice_client, plan) == Decimal(42)
    assert back.history.first().history_type == "+"
    # Restored once: it is no longer offered, and a second restore changes nothing.
    assert not alice_client.get(reverse("competitions:progress_deleted", args=[plan.pk])).context[
        "records"
    ]
    alice_client.post(url, {"history_id": records[0].history_id})
    assert ProgressEntry.objects.filter(indicator__plan=plan).count() == 2


def test_only_those_who_write_the_plan_restore(
    alice_client, bob_client, fiona_client, plan_with_entries
):
    plan, entry = plan_with_entries
    alice_client.post(reverse("competitions:progress_delete", args=[entry.pk]))
    record = ProgressEntry.history.get(history_type="-")
    url = reverse("competitions:progress_restore", args=[plan.pk])

    assert bob_client.post(url, {"history_id": record.history_id}).status_code == 404
    assert fiona_client.post(url, {"history_id": record.history_id}).status_code == 403
    assert alice_client.post(url, {"history_id": "x"}).status_code == 302
    assert not ProgressEntry.objects.filter(pk=entry.pk).exists()


def test_an_entry_of_another_plan_is_not_restored_through_this_one(
    alice_client, world, plan_with_entries
):
    plan, entry = plan_with_entries
    other = GuaranteePlanFactory(
        group=world.group_a, starts_on=plan.starts_on - datetime.timedelta(days=40)
    )
    alice_client.post(reverse("competitions:progress_delete", args=[entry.pk]))
    record = ProgressEntry.history.get(history_type="-")

    alice_client.post(
        reverse("competitions:progress_restore", args=[other.pk]), {"history_id": record.history_id}
    )

    assert not ProgressEntry.objects.filter(pk=entry.pk).exists()


# --- Undo of a deleted welfare entry --------------------------------------------------------------


def test_it_restores_a_deleted_welfare_visit_as_it_was(alice_client, bob_client, world):
    from tests.welfare.factories import CaseActionFactory, WelfareCaseFactory
    from welfare.models import CaseAction

    case = WelfareCaseFactory(group=world.group_a, member=world.leader_a)
    visit = CaseActionFactory(case=case, kind="visit", who="韓潤", text="帶了紅糖去看望")
    pk = visit.pk
    assert alice_client.post(reverse("welfare:action_delete", args=[pk])).status_code == 302
    assert not CaseAction.objects.filter(pk=pk).exists()

    page = alice_client.get(reverse("welfare:actions_deleted", args=[case.pk]))
    record = page.context["records"][0]
    assert record.text == "帶了紅糖去看望"
    url = reverse("welfare:action_restore", args=[case.pk])
    # An outsider cannot bring it back.
    assert bob_client.post(url, {"history_id": record.history_id}).status_code == 404
    assert alice_client.post(url, {"history_id": record.history_id}).status_code == 302
    restored = CaseAction.objects.get(pk=pk)
    assert (restored.case_id, restored.who, restored.text) == (case.pk, "韓潤", "帶了紅糖去看望")
    # Restored once: no longer offered, and a second restore changes nothing.
    assert not alice_client.get(reverse("welfare:actions_deleted", args=[case.pk])).context[
        "records"
    ]
    assert alice_client.post(url, {"history_id": record.history_id}).status_code == 302
    assert CaseAction.objects.filter(case=case).count() == 1
    assert restored.history.first().history_user.username == "alice"


def test_it_restores_no_entry_of_another_case_through_this_one(alice_client, world):
    from tests.welfare.factories import CaseActionFactory, WelfareCaseFactory
    from welfare.models import CaseAction

    case = WelfareCaseFactory(group=world.group_a, member=world.leader_a)
    other = WelfareCaseFactory(group=world.group_a, member=world.leader_a)
    visit = CaseActionFactory(case=other, kind="visit")
    alice_client.post(reverse("welfare:action_delete", args=[visit.pk]))
    record = CaseAction.history.filter(history_type="-").get()
    url = reverse("welfare:action_restore", args=[case.pk])
    for history_id in (record.history_id, "²", "99999999999999999999"):
        assert alice_client.post(url, {"history_id": history_id}).status_code == 302
    assert not CaseAction.objects.filter(pk=visit.pk).exists()


def test_it_restores_a_deleted_activity_with_who_took_part(alice_client, world):
    from tests.factories import MemberFactory
    from welfare.models import Activity

    other = MemberFactory(group=world.group_a, name="杜鳴舉")
    url = reverse("welfare:activity_create", args=[world.group_a.pk])
    alice_client.post(
        url,
        {
            "held_on": "2026-05-01",
            "kind": "film",
            "title": "看電影《白毛女》",
            "participants": [world.leader_a.pk, other.pk],
        },
    )
    activity = Activity.objects.get()
    pk = activity.pk
    assert alice_client.post(reverse("welfare:activity_delete", args=[pk])).status_code == 302
    assert not Activity.objects.exists()

    page = alice_client.get(reverse("welfare:activities_deleted", args=[world.group_a.pk]))
    record = page.context["records"][0]
    assert record.title == "看電影《白毛女》"
    restore = reverse("welfare:activity_restore", args=[world.group_a.pk])
    assert alice_client.post(restore, {"history_id": record.history_id}).status_code == 302
    restored = Activity.objects.get(pk=pk)
    assert restored.title == "看電影《白毛女》"
    assert set(restored.participants.values_list("name", flat=True)) == {"韓潤", "杜鳴舉"}
