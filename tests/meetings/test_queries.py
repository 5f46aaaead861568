"""Query counts of the meetings pages, and of the groups pages that show meeting figures, pinned,
and the same for 2 rows as for 50.

Each page is loaded once with 2 rows of what it lists and once with 50; both loads must run the
pinned number of queries. A page that grows a query per row fails here before it is slow.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Meeting
from tests.factories import MemberFactory, UnionGroupFactory, WorkshopUnionFactory
from tests.helpers import assert_flat_queries
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
PAGE_SIZE = 25  # of the meetings app's paginated lists


def _today():
    return timezone.localdate()


# The meetings of a group.


def test_it_lists_a_groups_meetings_in_fixed_queries(
    alice_client, world, django_assert_num_queries
):
    """Half the meetings are still to come (all listed, with their agendas), half were held
    (listed 25 a page); with 50 rows the 25 held fit on the first page."""
    group = world.group_a
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            if i % 2 == 0:
                meeting = MeetingFactory(group=group, scheduled_on=_today() + (i + 1) * DAY)
                AgendaItemFactory.create_batch(2, meeting=meeting)
            else:
                meeting = MeetingFactory(group=group, held=True, scheduled_on=_today() - i * DAY)
                AttendanceFactory(meeting=meeting, member=world.leader_a)
            made.append(meeting)
            added.append(meeting)
        return added

    # 1 session, 2 user, 3 alice's scope with its units, 4 the group with workshop and
    # factory, 5 count of the earlier meetings (paginator), 6 the preparedness figures of the
    # period, 7 the upcoming meetings, 8 their agenda items, 9 the page of earlier meetings.
    response = assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        reverse("meetings:group_meetings", args=[group.pk]),
        add_rows=add_rows,
        rows_now=0,
        pinned=9,
        shown=lambda m: m.title,
    )
    agenda = [a.title for m in made if not m.is_held for a in m.agenda_items.all()]
    assert all(title in response.content.decode() for title in agenda)


def _meeting_rows(meeting):
    """Per row: a member who attended, an agenda item and an action item that member owns."""

    def add_rows(n):
        added = []
        for _ in range(n):
            member = MemberFactory(group=meeting.group)
            AttendanceFactory(meeting=meeting, member=member, status=Attendance.Status.PRESENT)
            AgendaItemFactory(meeting=meeting, minutes=f"{member.name}發言")
            added.append(ActionItemFactory(meeting=meeting, owner=member))
        return added

    return add_rows


def _shown_action_item(item):
    return f"{item.description} · {item.owner.name}"


def test_it_shows_a_meeting_in_fixed_queries(alice, alice_client, world, django_assert_num_queries):
    meeting = MeetingFactory(
        group=world.group_a, held=True, summarised=True, planned_by=alice, announced_by=alice
    )

    # 1 session, 2 user, 3 alice's scope with its units, 4 the meeting with group, workshop,
    # factory and the users who took each step, 5 its agenda, 6 its attendance with the
    # members, 7 its candidates with the members, 8 its decisions, 9 its action items with
    # their owners.
    response = assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        meeting.get_absolute_url(),
        add_rows=_meeting_rows(meeting),
        rows_now=0,
        pinned=9,
        shown=_shown_action_item,
    )
    content = response.content.decode()
    assert all(f"{a.member.name}發言" in content for a in meeting.attendances.all())


def test_it_prints_a_meeting_in_fixed_queries(alice_client, world, django_assert_num_queries):
    meeting = MeetingFactory(group=world.group_a, held=True)

    # 1 session, 2 user, 3 alice's scope with its units, 4 the meeting with group, workshop
    # and factory, 5 its agenda, 6 its attendance with the members, 7 its candidates with the
    # members, 8 its decisions, 9 its action items with their owners.
    assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        reverse("meetings:meeting_print", args=[meeting.pk]),
        add_rows=_meeting_rows(meeting),
        rows_now=0,
        pinned=9,
        shown=_shown_action_item,
    )


# Resolutions down, reports up.


def test_it_lists_resolutions_in_fixed_queries(charlie_client, world, django_assert_num_queries):
    """Each resolution goes to both groups of factory A and one has carried it out; the 25
    newest are on the first page."""
    made = []

    def add_rows(n):
        for _ in range(n):
            resolution = ResolutionFactory(factory=world.factory_a)
            ResolutionReportFactory(resolution=resolution, group=world.group_a, status="done")
            ResolutionReportFactory(resolution=resolution, group=world.group_a2)
            made.append(resolution)
        return made[-n:]

    def shown(resolution):
        return resolution.title if resolution in made[-PAGE_SIZE:] else None

    # 1 session, 2 user, 3 charlie's scope with its units, 4 count of resolutions
    # (paginator), 5 the page of resolutions with factory and workshop, 6 the reports sent and
    # done of the page's resolutions, counted in one grouped query.
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("meetings:resolution_list"),
        add_rows=add_rows,
        rows_now=0,
        pinned=6,
        shown=shown,
    )
    assert response.content.decode().count("1 / 2") == PAGE_SIZE


def test_it_shows_a_resolution_in_fixed_queries(charlie_client, world, django_assert_num_queries):
    """One report a group; every other group discussed it at a meeting."""
    resolution = ResolutionFactory(factory=world.factory_a)

    def add_rows(n):
        added = []
        for i in range(n):
            group = UnionGroupFactory(workshop=world.workshop_a)
            meeting = MeetingFactory(group=group, held=True) if i % 2 else None
            ResolutionReportFactory(
                resolution=resolution,
                group=group,
                status="done",
                note=f"{group.name}已完成",
                meeting=meeting,
                reported_at=timezone.now(),
            )
            added.append(group)
        return added

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the resolution with factory and
    # workshop, 5 the counts of its reports (done, reported), 6 its reports with group,
    # workshop and the meeting they were discussed at.
    assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        resolution.get_absolute_url(),
        add_rows=add_rows,
        rows_now=0,
        pinned=6,
        shown=lambda group: f"{group.name}已完成",
    )


def test_it_lists_the_reports_inbox_in_fixed_queries(
    charlie_client, world, django_assert_num_queries
):
    made = []

    def add_rows(n):
        for i in range(n):
            group = world.group_a if i % 2 else world.group_a2
            made.append(GroupReportFactory(group=group))
        return made[-n:]

    def shown(report):
        # Unread, newest first: the last 25 sent are on the first page.
        return report.subject if report in made[-PAGE_SIZE:] else None

    # 1 session, 2 user, 3 charlie's scope with its units, 4 count of reports (paginator),
    # 5 the page of reports with group and workshop.
    assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("meetings:report_list"),
        add_rows=add_rows,
        rows_now=0,
        pinned=5,
        shown=shown,
    )


# The groups pages with their meeting figures.


def test_it_shows_a_group_with_its_meetings_in_fixed_queries(
    alice_client, world, django_assert_num_queries
):
    """Meetings held (with attendance), to come (with agendas), open action items and
    resolutions to carry out all grow with the rows; the page shows the next three meetings
    and ten open action items."""
    group = world.group_a
    made = []

    def add_rows(n):
        for _ in range(n):
            i = len(made)
            if i % 2 == 0:
                meeting = MeetingFactory(group=group, scheduled_on=_today() + (i + 1) * DAY)
                AgendaItemFactory(meeting=meeting)
            else:
                meeting = MeetingFactory(group=group, held=True, scheduled_on=_today() - i * DAY)
                AttendanceFactory(meeting=meeting, member=world.leader_a)
                ActionItemFactory(meeting=meeting, owner=world.leader_a)
                ResolutionReportFactory(group=group, resolution__factory=world.factory_a)
            made.append(meeting)
        return made[-n:]

    def shown(meeting):
        upcoming = [m for m in made if not m.is_held][:3]
        return meeting.title if meeting in upcoming else None

    # 1 session, 2 user, 3 alice's scope with its units, 4 the group with workshop and
    # factory, 5 all its roles with their members, 6 its active members, 7 the preparedness
    # figures of the last year, 8 the next three meetings, 9 their agenda items, 10 ten open
    # action items with owner and meeting, 11 the resolutions still to carry out with the
    # resolutions, 12 its former members (the last 20 stays that ended, with their members),
    # 13-16 its production panel (no plan, campaigns, pacts, proposal figures);
    # 17 its welfare cases not closed, 18-19 its welfare counts, 20 its latest activities.
    assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        group.get_absolute_url(),
        add_rows=add_rows,
        rows_now=0,
        pinned=20,
        shown=shown,
    )


def _held_meeting_in(group):
    """A meeting held last week with one member present of two."""
    meeting = MeetingFactory(group=group, held=True)
    AttendanceFactory(meeting=meeting, member=MemberFactory(group=group))
    AttendanceFactory(
        meeting=meeting,
        member=MemberFactory(group=group),
        status=Attendance.Status.ABSENT,
        reason="病假",
    )
    return meeting


def test_it_shows_a_workshop_with_its_meetings_in_fixed_queries(
    walter_client, world, django_assert_num_queries
):
    """Each row a group with a meeting held (and its figures); the workshop pages groups 50 at a
    time, and group A is one of them."""
    _held_meeting_in(world.group_a)

    def add_rows(n):
        added = []
        for _ in range(n):
            group = UnionGroupFactory(workshop=world.workshop_a)
            _held_meeting_in(group)
            added.append(group)
        return added

    # 1 session, 2 user, 3 walter's scope with its units, 4 the workshop with its factory,
    # 5 count of its active groups (paginator), 6 the page of groups, each with its leader's
    # name and member count as subqueries, 7 the preparedness figures per group.
    response = assert_flat_queries(
        django_assert_num_queries,
        walter_client,
        world.workshop_a.get_absolute_url(),
        add_rows=add_rows,
        rows_now=1,
        pinned=7,
        shown=lambda group: group.name,
    )
    # Every group's row shows its attendance: one present of two.
    assert response.content.decode().count("50.0%") == Meeting.objects.count()


def test_it_shows_a_factory_with_its_meetings_in_fixed_queries(
    charlie_client, world, django_assert_num_queries
):
    """Each row a workshop with a group that held a meeting."""
    _held_meeting_in(world.group_a)
    _held_meeting_in(world.group_a2)

    def add_rows(n):
        added = []
        for _ in range(n):
            workshop = WorkshopUnionFactory(factory=world.factory_a)
            _held_meeting_in(UnionGroupFactory(workshop=workshop))
            added.append(workshop)
        return added

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the factory, 5 its workshops,
    # 6 active groups per workshop, 7 active members per workshop, 8 the preparedness figures
    # per workshop (the whole factory's are their sum); 9-11 the welfare figures per workshop
    # (cases, actions, median days), 12-14 the welfare chart per month (cases opened, cases
    # resolved, visits and aid).
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        world.factory_a.get_absolute_url(),
        add_rows=add_rows,
        rows_now=2,
        pinned=14,
        shown=lambda workshop: workshop.name,
    )
    # Each workshop's row and the factory's figures show one present of two.
    assert response.content.decode().count("50.0%") == 50 + 1
