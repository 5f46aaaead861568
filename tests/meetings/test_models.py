"""The invariants the database holds for meetings, resolutions and reports; the preparedness
figures, worked out by hand; and the history kept of changes made through the pages."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Candidate, Meeting, Preparedness
from tests.factories import MemberFactory
from tests.meetings.factories import (
    ActionItemFactory,
    AttendanceFactory,
    GroupReportFactory,
    MeetingFactory,
    ResolutionFactory,
    ResolutionReportFactory,
)

DAY = datetime.timedelta(days=1)


# Constraints: bad data cannot get in by another door than the forms.


def test_it_keeps_a_study_topic_to_study_sessions(world):
    MeetingFactory(group=world.group_a, kind=Meeting.Kind.STUDY, study_topic="politics")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(group=world.group_a, kind=Meeting.Kind.GROUP, study_topic="politics")


def test_it_refuses_a_notice_given_after_the_meeting(world):
    day = datetime.date(2025, 3, 10)
    MeetingFactory(group=world.group_a, scheduled_on=day, announced_on=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(group=world.group_a, scheduled_on=day, announced_on=day + DAY)


def test_it_refuses_an_announced_meeting_without_its_notice_date(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(group=world.group_a, status=Meeting.Status.ANNOUNCED, announced_on=None)


def test_it_refuses_a_summarised_meeting_without_a_summary(world):
    MeetingFactory(group=world.group_a, summarised=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(group=world.group_a, held=True, status=Meeting.Status.SUMMARISED)


def test_it_records_a_members_attendance_once_a_meeting(world):
    attendance = AttendanceFactory(meeting__group=world.group_a, member=world.leader_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(meeting=attendance.meeting, member=world.leader_a, status="excused")


def test_it_refuses_an_absence_without_a_reason(world):
    meeting = MeetingFactory(group=world.group_a, held=True)
    AttendanceFactory(meeting=meeting, status=Attendance.Status.EXCUSED, reason="")
    AttendanceFactory(meeting=meeting, status=Attendance.Status.ABSENT, reason="病假")
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(meeting=meeting, status=Attendance.Status.ABSENT, reason="")


def test_it_elects_one_union_group_leader_an_election(world):
    meeting = MeetingFactory(group=world.group_a, kind=Meeting.Kind.ELECTION, held=True)
    members = [world.leader_a, *MemberFactory.create_batch(3, group=world.group_a)]

    def stand(member, office, elected, portfolio=""):
        return Candidate.objects.create(
            meeting=meeting,
            member=member,
            office=office,
            portfolio=portfolio,
            votes=5,
            elected=elected,
        )

    stand(members[0], Candidate.Office.UNION_LEADER, elected=True)
    stand(members[1], Candidate.Office.UNION_LEADER, elected=False)
    # Officers are elected several at a time, one a portfolio.
    stand(members[2], Candidate.Office.OFFICER, elected=True, portfolio="culture")
    stand(members[3], Candidate.Office.OFFICER, elected=True, portfolio="publicity")
    with pytest.raises(IntegrityError), transaction.atomic():
        stand(members[3], Candidate.Office.UNION_LEADER, elected=True)
    # Another election elects its own leader.
    other = MeetingFactory(group=world.group_a, kind=Meeting.Kind.ELECTION, held=True)
    Candidate.objects.create(
        meeting=other, member=members[1], office="union_leader", votes=7, elected=True
    )


def test_it_refuses_a_report_due_before_the_resolution_is_issued(world):
    day = datetime.date(2025, 3, 10)
    ResolutionFactory(factory=world.factory_a, issued_on=day, due_on=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResolutionFactory(factory=world.factory_a, issued_on=day, due_on=day - DAY)


def test_it_keeps_one_report_a_group_a_resolution(world):
    report = ResolutionReportFactory(resolution__factory=world.factory_a, group=world.group_a)
    ResolutionReportFactory(resolution=report.resolution, group=world.group_a2)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResolutionReportFactory(resolution=report.resolution, group=world.group_a)


# Preparedness, worked out by hand.

START, END = datetime.date(2025, 3, 1), datetime.date(2025, 3, 31)


def _meeting(group, on, status, *, notice_days=None, present=0, absent=0, excused=0):
    """A meeting on ``on`` whose notice went out ``notice_days`` before, with its attendance."""
    extra = {"summary": "總結"} if status == Meeting.Status.SUMMARISED else {}
    meeting = MeetingFactory(
        group=group,
        scheduled_on=on,
        status=status,
        announced_on=on - notice_days * DAY if notice_days is not None else None,
        **extra,
    )
    members = MemberFactory.create_batch(present + absent + excused, group=group)
    for i, member in enumerate(members):
        if i < present:
            AttendanceFactory(meeting=meeting, member=member, status="present")
        elif i < present + absent:
            AttendanceFactory(meeting=meeting, member=member, status="absent", reason="病假")
        else:
            AttendanceFactory(meeting=meeting, member=member, status="excused")
    return meeting


@pytest.fixture
def march(world):
    """Group A's meetings around March 2025, and one of group B's.

    In March, group A planned four meetings and held three of them:
    - 1 March, held, notice 3 days ahead, 3 present of 4 recorded;
    - 12 March, summarised, notice 2 days ahead (just in time), 2 present of 3;
    - 31 March, held, notice 1 day ahead (too late), 2 present of 3;
    - 20 March, still planned: not held, so it counts for nothing.
    That is 3 held, 2 of them announced ahead (66.7%), 1 summarised (33.3%) and 7 present of
    10 recorded (70.0%). The meetings of 28 February and 1 April lie outside the period.
    """
    H, S, P = Meeting.Status.HELD, Meeting.Status.SUMMARISED, Meeting.Status.PLANNED
    a, b = world.group_a, world.group_b
    _meeting(a, datetime.date(2025, 3, 1), H, notice_days=3, present=3, absent=1)
    _meeting(a, datetime.date(2025, 3, 12), S, notice_days=2, present=2, excused=1)
    _meeting(a, datetime.date(2025, 3, 31), H, notice_days=1, present=2, absent=1)
    _meeting(a, datetime.date(2025, 3, 20), P)
    _meeting(a, datetime.date(2025, 2, 28), S, notice_days=5, present=1, absent=5)
    _meeting(a, datetime.date(2025, 4, 1), H, notice_days=0, absent=2)
    # Group B: one summarised meeting, announced a week ahead, everyone there.
    _meeting(b, datetime.date(2025, 3, 15), S, notice_days=7, present=2)


GROUP_A_MARCH = {
    "held": 3,
    "announced_ahead": 2,
    "summarised": 1,
    "attendance_expected": 10,
    "attendance_present": 7,
}


def _shares(figures):
    return figures.announced_ahead_pct, figures.summarised_pct, figures.attendance_pct


def test_it_works_out_a_groups_preparedness(world, march):
    figures = Meeting.objects.filter(group=world.group_a).between(START, END).preparedness()
    assert dict(figures) == GROUP_A_MARCH
    assert _shares(figures) == (66.7, 33.3, 70.0)


def test_it_works_out_the_preparedness_of_each_group(world, march):
    rows = Meeting.objects.between(START, END).preparedness("group")
    by_group = {row["group"]: row for row in rows}
    assert set(by_group) == {world.group_a.pk, world.group_b.pk}
    assert dict(by_group[world.group_a.pk]) == {"group": world.group_a.pk, **GROUP_A_MARCH}
    assert _shares(by_group[world.group_a.pk]) == (66.7, 33.3, 70.0)
    assert _shares(by_group[world.group_b.pk]) == (100.0, 100.0, 100.0)
    # Both groups together: 4 held, 3 ahead, 2 summarised, 9 present of 12.
    together = Meeting.objects.between(START, END).preparedness()
    assert (together["held"], together["attendance_present"]) == (4, 9)
    assert _shares(together) == (75.0, 50.0, 75.0)


def test_it_counts_only_meetings_held_in_the_period(world, march):
    figures = Meeting.objects.filter(group=world.group_a).between(END + DAY, END + DAY)
    assert dict(figures.preparedness()) == {
        "held": 1,
        "announced_ahead": 0,
        "summarised": 0,
        "attendance_expected": 2,
        "attendance_present": 0,
    }
    planned = Meeting.objects.filter(status=Meeting.Status.PLANNED).preparedness()
    assert planned["held"] == 0 and planned["attendance_expected"] == 0


def test_it_gives_no_shares_for_a_group_without_meetings(world, march):
    figures = Meeting.objects.filter(group=world.group_a2).preparedness()
    assert isinstance(figures, Preparedness)
    assert figures["held"] == 0
    assert _shares(figures) == (None, None, None)
    rows = Meeting.objects.filter(group=world.group_a2).preparedness("group")
    assert rows == []


def test_it_counts_a_notice_two_days_ahead_as_in_time(world):
    on = datetime.date(2025, 3, 10)
    assert MeetingFactory(
        group=world.group_a, scheduled_on=on, announced_on=on - 2 * DAY
    ).announced_ahead
    assert not MeetingFactory(
        group=world.group_a, scheduled_on=on, announced_on=on - DAY
    ).announced_ahead
    assert not MeetingFactory(group=world.group_a, scheduled_on=on).announced_ahead


# History: who changed what, when it was done through the pages.


def test_it_keeps_the_history_of_a_meeting_changed_on_its_page(alice, alice_client, world):
    meeting = MeetingFactory(group=world.group_a, planned_by=alice, title="原來的標題")
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    data = {
        "kind": "group",
        "title": "改過的標題",
        "scheduled_on": meeting.scheduled_on.isoformat(),
        "place": "會議室",
        "agenda": "評比",
    }
    assert alice_client.post(url, data).status_code == 302
    latest = meeting.history.first()
    assert (latest.title, latest.history_type, latest.history_user) == ("改過的標題", "~", alice)
    assert meeting.history.last().title == "原來的標題"


def test_it_keeps_the_history_of_an_announcement(alice, alice_client, world):
    meeting = MeetingFactory(group=world.group_a, planned_by=alice)
    url = reverse("meetings:meeting_announce", args=[meeting.pk])
    alice_client.post(url, {"announced_on": timezone.localdate().isoformat()})
    latest = meeting.history.first()
    assert (latest.status, latest.history_user) == ("announced", alice)


def test_it_keeps_the_history_of_a_resolution_report(alice, alice_client, world):
    report = ResolutionReportFactory(resolution__factory=world.factory_a, group=world.group_a)
    url = reverse("meetings:resolution_report_edit", args=[report.pk])
    assert alice_client.post(url, {"status": "done", "note": "訂出了保證計劃"}).status_code == 302
    latest = report.history.first()
    assert (latest.status, latest.note, latest.history_user) == ("done", "訂出了保證計劃", alice)
    assert report.history.count() == 2


def test_it_keeps_the_history_of_an_action_item(alice, alice_client, world):
    item = ActionItemFactory(meeting__group=world.group_a, owner=world.leader_a)
    url = reverse("meetings:action_item_done", args=[item.pk])
    today = timezone.localdate()
    alice_client.post(url, {"done": "1", "done_on": today.isoformat()})
    alice_client.post(url, {"done": "0"})
    done, reopened = item.history.all()[1], item.history.first()
    assert (done.done_on, done.history_user) == (today, alice)
    assert (reopened.done_on, reopened.history_user) == (None, alice)


def test_it_keeps_the_history_of_an_answer(charlie, charlie_client, world):
    report = GroupReportFactory(group=world.group_a)
    url = reverse("meetings:report_answer", args=[report.pk])
    charlie_client.post(url, {"answer": "已通知總務科。"})
    latest = report.history.first()
    assert (latest.answer, latest.history_user) == ("已通知總務科。", charlie)
    assert latest.read_by == charlie
