"""Meetings, welfare cases, guarantee plans and assessments are never deleted, by anyone: not in
the admin (superusers included), not by a cascade from their parent. A meeting is cancelled, the
others voided, with who, when and why; they stay readable at their address and leave the lists,
the figures and the evidence."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from competitions.models import GuaranteePlan, Indicator, Pledge, ProgressEntry
from groups.models import Member, UnionGroup
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from oversight import evidence
from oversight.models import Assessment
from tests.competitions.factories import (
    GuaranteePlanFactory,
    IndicatorFactory,
    PledgeFactory,
    ProgressEntryFactory,
)
from tests.factories import UserFactory
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
)
from tests.oversight.factories import AssessmentFactory, AssessmentPeriodFactory, submitted
from tests.welfare.factories import CaseActionFactory, WelfareCaseFactory
from welfare import figures as welfare_figures
from welfare.models import CaseAction, StatusChange, WelfareCase

TODAY = timezone.localdate()


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def records(world):
    """A held meeting with its attendance, agenda, decision and action item; a plan with an
    indicator, progress and a pledge; a welfare case with a visit and its first status change;
    an assessment in an open period."""
    meeting = MeetingFactory(group=world.group_a, held=True)
    AttendanceFactory(meeting=meeting, member=world.leader_a)
    AgendaItemFactory(meeting=meeting)
    Decision.objects.create(meeting=meeting, text="開展無廢品競賽")
    ActionItemFactory(meeting=meeting, owner=world.leader_a)
    plan = GuaranteePlanFactory(group=world.group_a)
    indicator = IndicatorFactory(plan=plan)
    ProgressEntryFactory(indicator=indicator)
    PledgeFactory(plan=plan, member=world.leader_a)
    case = WelfareCaseFactory(member=world.leader_a)
    StatusChange.objects.create(case=case, to_status="open", changed_on=case.opened_on)
    CaseActionFactory(case=case)
    period = AssessmentPeriodFactory(
        federation=world.federation,
        starts_on=TODAY - datetime.timedelta(days=30),
        ends_on=TODAY + datetime.timedelta(days=30),
    )
    assessment = AssessmentFactory(group=world.group_a, period=period)
    return {"meeting": meeting, "plan": plan, "case": case, "assessment": assessment}


def _children():
    return [
        Attendance.objects.count(),
        AgendaItem.objects.count(),
        Decision.objects.count(),
        ActionItem.objects.count(),
        Indicator.objects.count(),
        ProgressEntry.objects.count(),
        Pledge.objects.count(),
        StatusChange.objects.count(),
        CaseAction.objects.count(),
    ]


ADMIN_PATHS = {
    "meeting": "meetings/meeting",
    "plan": "competitions/guaranteeplan",
    "case": "welfare/welfarecase",
    "assessment": "oversight/assessment",
}


@pytest.mark.parametrize("name", list(ADMIN_PATHS))
def test_it_refuses_a_superuser_the_admin_delete(admin_client, records, name):
    record = records[name]
    before = _children()
    url = f"/admin/{ADMIN_PATHS[name]}/{record.pk}/delete/"

    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403

    assert type(record).all_objects.filter(pk=record.pk).exists()
    assert _children() == before


@pytest.mark.parametrize(
    "path", [*ADMIN_PATHS.values(), "groups/uniongroup", "groups/member", "meetings/actionitem"]
)
def test_it_offers_no_delete_selected_action(admin_client, records, path):
    page = admin_client.get(f"/admin/{path}/")

    assert page.status_code == 200
    assert "delete_selected" not in page.content.decode()


def test_it_refuses_deleting_groups_and_members_in_the_admin(admin_client, world):
    for path, pk in [("groups/uniongroup", world.group_b.pk), ("groups/member", world.leader_b.pk)]:
        url = f"/admin/{path}/{pk}/delete/"
        assert admin_client.get(url).status_code == 403
        assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert UnionGroup.objects.filter(pk=world.group_b.pk).exists()
    assert Member.objects.filter(pk=world.leader_b.pk).exists()


def test_a_delete_in_code_does_not_cascade_to_the_precious_rows(records):
    before = _children()
    for record in (records["meeting"], records["plan"], records["case"]):
        with pytest.raises(ProtectedError):
            record.delete()
    assert _children() == before


def test_a_membership_does_not_go_with_its_member(world):
    member = world.leader_b
    member.roles.all().delete()
    assert member.memberships.exists()

    with pytest.raises(ProtectedError):
        member.delete()


# --- Cancelling a meeting ------------------------------------------------------------------------


def test_it_cancels_a_meeting_with_a_reason_and_keeps_it(alice_client, alice, world, records):
    meeting = records["meeting"]
    ids = [world.group_a.pk]
    start, end = TODAY - datetime.timedelta(days=60), TODAY
    assert evidence.for_groups(alice, ids, start, end)[world.group_a.pk]["meetings_held"] == 1
    assert evidence.for_groups(alice, ids, start, end)[world.group_a.pk]["open_actions"] == 1
    url = reverse("meetings:meeting_cancel", args=[meeting.pk])

    assert alice_client.get(url).status_code == 200  # the confirmation cancels nothing
    assert alice_client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    assert not Meeting.all_objects.get(pk=meeting.pk).is_void
    response = alice_client.post(url, {"reason": "記錯了小組"})

    assert response.status_code == 302
    meeting = Meeting.all_objects.get(pk=meeting.pk)
    assert (meeting.voided_by, meeting.void_reason) == (alice, "記錯了小組")
    last = meeting.history.first()
    assert (last.history_user, last.void_reason) == (alice, "記錯了小組")
    assert last.voided_at == meeting.voided_at
    assert meeting.attendances.count() == 1 and meeting.agenda_items.count() == 1
    page = alice_client.get(meeting.get_absolute_url()).content.decode()
    assert "Cancelled" in page and "記錯了小組" in page
    listing = alice_client.get(reverse("meetings:group_meetings", args=[world.group_a.pk]))
    assert meeting.title not in listing.content.decode()
    figures = evidence.for_groups(alice, ids, start, end)[world.group_a.pk]
    assert (figures["meetings_held"], figures["open_actions"]) == (0, 0)
    # Cancelled is final: nothing more is recorded on it.
    attendance = reverse("meetings:meeting_attendance", args=[meeting.pk])
    assert alice_client.get(attendance).status_code == 404
    assert alice_client.post(url, {"reason": "again"}).status_code == 404


def test_only_those_who_write_the_meeting_cancel_it(bob_client, fiona_client, records):
    url = reverse("meetings:meeting_cancel", args=[records["meeting"].pk])

    assert bob_client.post(url, {"reason": "x"}).status_code == 404
    assert fiona_client.post(url, {"reason": "x"}).status_code == 403
    assert not Meeting.all_objects.get(pk=records["meeting"].pk).is_void


# --- Voiding a plan ------------------------------------------------------------------------------


def test_it_voids_a_plan_and_the_period_can_be_planned_again(alice_client, alice, world, records):
    plan = records["plan"]
    plan.status, plan.closed_on = GuaranteePlan.Status.FULFILLED, plan.ends_on
    plan.save()
    ids, start, end = [world.group_a.pk], plan.starts_on, plan.ends_on
    assert evidence.for_groups(alice, ids, start, end)[world.group_a.pk]["plans_fulfilled"] == 1

    response = alice_client.post(
        reverse("competitions:plan_void", args=[plan.pk]), {"reason": "重複的計劃"}
    )

    assert response.status_code == 302
    plan = GuaranteePlan.all_objects.get(pk=plan.pk)
    assert (plan.voided_by, plan.void_reason) == (alice, "重複的計劃")
    assert plan.history.first().history_user == alice
    assert plan.indicators.count() == 1 and plan.pledges.count() == 1
    assert evidence.for_groups(alice, ids, start, end)[world.group_a.pk]["plans_fulfilled"] == 0
    page = alice_client.get(plan.get_absolute_url()).content.decode()
    assert "重複的計劃" in page and 'id="record-progress"' not in page
    listing = alice_client.get(reverse("competitions:group_plans", args=[world.group_a.pk]))
    assert plan.get_absolute_url() not in listing.content.decode()
    again = GuaranteePlanFactory(group=world.group_a, starts_on=plan.starts_on)
    assert again.pk != plan.pk


def test_a_voided_plan_takes_no_progress(alice_client, alice, records):
    plan = records["plan"]
    alice_client.post(reverse("competitions:plan_void", args=[plan.pk]), {"reason": "錯"})
    url = reverse("competitions:progress_create", args=[plan.pk])
    indicator = plan.indicators.get()

    alice_client.post(url, {"indicator": indicator.pk, "on": plan.starts_on, "value": "5"})

    assert ProgressEntry.objects.filter(indicator=indicator).count() == 1


# --- Voiding a case ------------------------------------------------------------------------------


def test_it_voids_a_case_out_of_the_lists_and_the_figures(walter_client, walter, fiona, records):
    case = records["case"]
    start, end = case.opened_on, TODAY
    before = welfare_figures.total(fiona, start, end)
    assert (before["opened"], before["visits"]) == (1, 1)

    response = walter_client.post(
        reverse("welfare:case_void", args=[case.pk]), {"reason": "開錯了人"}
    )

    assert response.status_code == 302
    case = WelfareCase.all_objects.get(pk=case.pk)
    assert (case.voided_by, case.void_reason) == (walter, "開錯了人")
    assert case.actions.count() == 1 and case.status_changes.count() == 1
    after = welfare_figures.total(fiona, start, end)
    assert (after["opened"], after["visits"]) == (0, 0)
    page = walter_client.get(case.get_absolute_url())
    assert page.status_code == 200 and "開錯了人" in page.content.decode()
    listing = walter_client.get(reverse("welfare:case_list")).content.decode()
    assert case.get_absolute_url() not in listing


def test_the_federation_cannot_void_a_case(fiona_client, records):
    url = reverse("welfare:case_void", args=[records["case"].pk])

    assert fiona_client.post(url, {"reason": "x"}).status_code == 403
    assert not WelfareCase.all_objects.get(pk=records["case"].pk).is_void


# --- Voiding an assessment -----------------------------------------------------------------------


def test_it_voids_an_assessment_and_the_group_is_assessed_again(charlie_client, charlie, records):
    assessment = records["assessment"]
    url = reverse("oversight:assessment_void", args=[assessment.pk])

    assert charlie_client.get(url).status_code == 200
    response = charlie_client.post(url, {"reason": "評錯了小組"})

    assert response.status_code == 302
    assessment = Assessment.all_objects.get(pk=assessment.pk)
    assert (assessment.voided_by, assessment.void_reason) == (charlie, "評錯了小組")
    assert not Assessment.objects.visible_to(charlie).exists()
    page = charlie_client.get(assessment.get_absolute_url()).content.decode()
    assert "評錯了小組" in page
    again = AssessmentFactory(group=assessment.group, period=assessment.period)
    assert again.pk != assessment.pk


def test_a_confirmed_assessment_is_not_voided_by_the_assessor(charlie_client, world, records):
    confirmed = AssessmentFactory(
        group=world.group_a2, period=records["assessment"].period, confirmed=True
    )
    url = reverse("oversight:assessment_void", args=[confirmed.pk])

    assert charlie_client.post(url, {"reason": "x"}).status_code == 403
    assert not Assessment.all_objects.get(pk=confirmed.pk).is_void


def test_a_voided_assessment_leaves_the_distribution(charlie, world, records):
    period = records["assessment"].period
    counted = submitted(group=world.group_a2, period=period)
    assert Assessment.objects.filter(period=period).count() == 2

    from groups.voiding import record_void

    record_void(record=counted, user=charlie, reason="錯")

    assert list(Assessment.objects.filter(period=period)) == [records["assessment"]]
    assert Decimal(Assessment.all_objects.filter(period=period).count()) == 2
