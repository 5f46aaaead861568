"""The demo meetings of ``seed_demo``: a year of meetings in which the seed's good groups look
good, the factories' resolutions with every group's report, and seeding twice changes nothing.

The demo city is seeded once for the module, inside a transaction that is rolled back at its end;
each test runs in a savepoint of it, as pytest-django's ``db`` does.
"""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q

from demo.city import GOOD_GROUPS
from groups.models import Member, UnionGroup
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

MODELS = [
    Meeting,
    AgendaItem,
    Attendance,
    Decision,
    ActionItem,
    Candidate,
    Resolution,
    ResolutionReport,
    GroupReport,
]
HELD = [Meeting.Status.HELD, Meeting.Status.SUMMARISED]
MACHINE = "太原機器廠"


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(city, db):
    """The demo city, for one test."""


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def by_group(factory):
    rows = Meeting.objects.filter(group__workshop__factory__name=factory).preparedness("group")
    names = dict(UnionGroup.objects.values_list("pk", "name"))
    return {names[row["group"]]: row for row in rows}


def is_good(name):
    return name.removesuffix("小組") in GOOD_GROUPS


def test_seeding_again_adds_nothing(seeded):
    before = counts()
    assert all(before.values()), before
    call_command("seed_demo", verbosity=0)
    assert counts() == before


def test_the_good_groups_announce_ahead_summarise_and_come(seeded):
    figures = by_group(MACHINE)
    han = figures["韓潤小組"]
    assert han["held"] >= 30  # about three meetings a month and a study session a quarter
    assert han.announced_ahead_pct >= 90
    assert han.summarised_pct >= 90
    assert han.attendance_pct >= 90
    ordinary = {name: row for name, row in figures.items() if not is_good(name)}
    assert len(ordinary) >= 5
    for name, row in ordinary.items():
        assert row.announced_ahead_pct < han.announced_ahead_pct - 15, name
        assert row.summarised_pct < han.summarised_pct - 15, name
        assert 60 <= row.attendance_pct < han.attendance_pct, name
    mean = sum(row.announced_ahead_pct for row in ordinary.values()) / len(ordinary)
    assert mean < han.announced_ahead_pct - 30


def test_two_groups_of_the_shanxi_machine_factory_lag(seeded):
    lagging = [
        name
        for name, row in by_group("山西機器廠").items()
        if row["held"] <= 10 and row["summarised"] == 0
    ]
    assert len(lagging) == 2


def test_every_held_meeting_has_the_attendance_of_the_whole_group(seeded):
    active = dict(
        Member.objects.active().values("group").annotate(n=Count("pk")).values_list("group", "n")
    )
    held = Meeting.objects.filter(status__in=HELD).annotate(n=Count("attendances"))
    assert held.count() > 1000
    for group, n in held.values_list("group", "n"):
        assert n == active[group]
    assert not Attendance.objects.exclude(member__group=F("meeting__group")).exists()
    assert not Attendance.objects.filter(status="absent", reason="").exists()
    assert not Attendance.objects.exclude(meeting__status__in=HELD).exists()
    assert Attendance.objects.filter(status="absent").exists()


def test_meetings_have_agendas_production_topics_and_upcoming_ones(seeded):
    assert not Meeting.objects.filter(agenda_items__isnull=True).exists()
    production = Meeting.objects.filter(kind=Meeting.Kind.PRODUCTION)
    assert production.count() > 300
    topics = AgendaItem.objects.filter(meeting__kind="production").exclude(topic="")
    assert topics.values("meeting").distinct().count() == production.count()
    assert Meeting.objects.filter(kind=Meeting.Kind.ELECTION).count() >= 60
    assert Meeting.objects.filter(kind=Meeting.Kind.STUDY).exclude(study_topic="").exists()
    upcoming = Meeting.objects.upcoming().order_by().values("group").annotate(n=Count("pk"))
    assert {row["n"] for row in upcoming} <= {1, 2}
    assert upcoming.count() == UnionGroup.objects.count()
    # A few action items are overdue, more are done.
    assert (
        0
        < ActionItem.objects.overdue().count()
        < ActionItem.objects.filter(done_on__isnull=False).count()
    )


def test_the_machine_factory_resolutions_reach_all_its_groups(seeded):
    groups = set(UnionGroup.objects.filter(workshop__factory__name=MACHINE))
    resolutions = Resolution.objects.filter(factory__name=MACHINE)
    assert 3 <= resolutions.count() <= 4
    good_done = 0
    for resolution in resolutions:
        reports = resolution.reports.select_related("group", "meeting")
        assert {r.group for r in reports} == groups
        for report in reports:
            if report.status == "done":
                assert report.note and report.reported_at
            if is_good(report.group.name):
                # Carried out at a meeting of the group, or (just issued) under way.
                assert report.status in ("done", "in_progress")
                good_done += report.status == "done"
                assert report.status != "done" or report.meeting.group == report.group
    assert good_done >= 2 * len([g for g in groups if is_good(g.name)])
    statuses = set(ResolutionReport.objects.filter(resolution__in=resolutions).values_list(
        "status", flat=True
    ))  # fmt: skip
    assert statuses == {"done", "in_progress", "not_started"}
    assert ResolutionReport.objects.filter(resolution__in=resolutions).overdue().exists()


def test_groups_report_up_and_the_factory_answers_some(seeded):
    reports = GroupReport.objects.filter(group__workshop__factory__name=MACHINE)
    assert reports.count() >= 4
    assert reports.filter(~Q(answer=""), read_at__isnull=False).exists()
    assert reports.unread().exists()
    assert reports.filter(group__name="韓潤小組").exists()
