"""The world of the URL × persona matrix, built once per module.

It is tests/conftest.py's world (the same names), plus:

- dora, factory B's staff, and root, a superuser without a scope;
- one record of every kind for group A, and the same for group B (the other side's ids): a
  held meeting with its attendance, decision and action item; an election meeting; a plan with
  an indicator, a progress entry and a pledge; a welfare case with an action and a claim; an
  activity; a proposal; a report up; a report on a resolution; an officer's role. Group A also
  has a pact, an assessment and a write-up;
- a factory A campaign with a round, a score and a red flag, and a city campaign of the
  federation (groups A and B take part in both, so everyone sees the city one);
- a resolution of factory A reported on by group A and the archived group, one of factory B;
- 陳秀英小組, a third group of workshop A with its own records, archived after its members moved.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.utils import timezone

from downloads.models import Download
from groups import services as group_services
from groups.models import Role
from meetings.models import Decision, Meeting
from notifications.mail import unsubscribe_token
from notifications.models import Email, FactoryMailSettings, Notification
from roster.models import RosterImport
from tests.competitions.factories import (
    CampaignFactory,
    GuaranteePlanFactory,
    IndicatorFactory,
    PactFactory,
    PledgeFactory,
    ProgressEntryFactory,
    ProposalFactory,
    RedFlagAwardFactory,
    RoundFactory,
    ScoreFactory,
)
from tests.factories import (
    FactoryUnionFactory,
    FederationFactory,
    MemberFactory,
    RoleFactory,
    UnionGroupFactory,
    UserFactory,
    WorkshopUnionFactory,
    scoped_user,
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
from tests.oversight.factories import (
    AssessmentFactory,
    AssessmentPeriodFactory,
    ExperienceFactory,
)
from tests.welfare.factories import (
    ActivityFactory,
    CaseActionFactory,
    InsuranceClaimFactory,
    WelfareCaseFactory,
)

PERSONAS = ["anon", "alice", "bob", "charlie", "walter", "fiona", "dora", "root"]


def _group_records(w, group, prefix, member, other, resolution):
    """One record of every kind a group keeps, named ``<prefix>_<kind>`` on ``w``."""
    records = {}
    meeting = MeetingFactory(group=group, held=True)
    AgendaItemFactory(meeting=meeting)
    records["meeting"] = meeting
    records["election"] = MeetingFactory(group=group, kind=Meeting.Kind.ELECTION, held=True)
    records["attendance"] = AttendanceFactory(meeting=meeting, member=member)
    Decision.objects.create(meeting=meeting, text="每人每月提一條合理化建議。")
    records["action_item"] = ActionItemFactory(meeting=meeting, owner=other)
    plan = GuaranteePlanFactory(group=group)
    records["plan"] = plan
    records["indicator"] = IndicatorFactory(plan=plan)
    records["progress"] = ProgressEntryFactory(indicator=records["indicator"])
    records["pledge"] = PledgeFactory(plan=plan, member=other)
    case = WelfareCaseFactory(member=other, group=group)
    records["case"] = case
    records["case_action"] = CaseActionFactory(case=case)
    records["claim"] = InsuranceClaimFactory(case=case)
    records["activity"] = ActivityFactory(group=group)
    records["proposal"] = ProposalFactory(group=group, authors=[other])
    records["report"] = GroupReportFactory(group=group)
    records["resolution_report"] = ResolutionReportFactory(resolution=resolution, group=group)
    records["officer"] = RoleFactory(
        member=other, kind=Role.Kind.OFFICER, portfolio=Role.Portfolio.PUBLICITY
    )
    for kind, record in records.items():
        setattr(w, f"{prefix}_{kind}", record)


def build_world():
    federation = FederationFactory()
    factory_a = FactoryUnionFactory(federation=federation, name="太原機器廠")
    factory_b = FactoryUnionFactory(federation=federation, name="太原鋼鐵廠")
    workshop_a = WorkshopUnionFactory(factory=factory_a, name="金工")
    workshop_a2 = WorkshopUnionFactory(factory=factory_a, name="裝配")
    workshop_b = WorkshopUnionFactory(factory=factory_b, name="煉鋼")
    group_a = UnionGroupFactory(workshop=workshop_a, name="韓潤小組")
    group_a2 = UnionGroupFactory(workshop=workshop_a2, name="杜鳴舉小組")
    group_b = UnionGroupFactory(workshop=workshop_b, name="溫小清小組")
    group_x = UnionGroupFactory(workshop=workshop_a, name="陳秀英小組")
    leader_a = MemberFactory(group=group_a, name="韓潤")
    leader_b = MemberFactory(group=group_b, name="溫小清")
    member_a2 = MemberFactory(group=group_a, name="李大有")
    member_b2 = MemberFactory(group=group_b, name="王鐵牛")
    leader_x = MemberFactory(group=group_x, name="陳秀英")
    member_x2 = MemberFactory(group=group_x, name="張小寶")
    RoleFactory(member=leader_a)
    RoleFactory(member=leader_b)
    RoleFactory(member=leader_x)
    w = SimpleNamespace(**locals())

    w.resolution = ResolutionFactory(factory=factory_a)
    _group_records(w, group_a, "a", leader_a, member_a2, w.resolution)
    _group_records(w, group_x, "x", leader_x, member_x2, w.resolution)
    w.resolution_b = ResolutionFactory(factory=factory_b)
    _group_records(w, group_b, "b", leader_b, member_b2, w.resolution_b)

    today = timezone.localdate()
    w.campaign_a = CampaignFactory(
        factory=factory_a,
        groups=[group_a, group_a2],
        rules=[{"kind": "output"}],
        veto_items=["發生重大事故"],
    )
    w.round_a = RoundFactory(campaign=w.campaign_a)
    ScoreFactory(round=w.round_a, group=group_a, rule=w.campaign_a.rules.get())
    RedFlagAwardFactory(round=w.round_a, group=group_a)
    w.campaign_city = CampaignFactory(
        city=True, federation=federation, groups=[group_a, group_b], rules=[{"kind": "output"}]
    )
    w.round_city = RoundFactory(campaign=w.campaign_city)
    ScoreFactory(round=w.round_city, group=group_b, rule=w.campaign_city.rules.get())
    RedFlagAwardFactory(round=w.round_city, group=group_b)
    w.pact_a = PactFactory(group=group_a, partner_group=group_a2)

    # A closed period with group A's confirmed class (everyone in scope reads it), and an open
    # one in which nobody has assessed group A yet.
    w.period_done = AssessmentPeriodFactory(
        federation=federation,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 3, 31),
    )
    w.assessment_a = AssessmentFactory(period=w.period_done, group=group_a, confirmed=True)
    w.period_done.status = "closed"
    w.period_done.save()
    w.period_open = AssessmentPeriodFactory(
        federation=federation,
        starts_on=today.replace(day=1) - datetime.timedelta(days=90),
        ends_on=today.replace(day=1) - datetime.timedelta(days=1),
    )
    w.experience_a = ExperienceFactory(group=group_a)

    # The third group of workshop A stops meeting: its members move, then it is archived.
    moved_on = today - datetime.timedelta(days=2)
    for member in (leader_x, member_x2):
        group_services.member_move(member=member, to_group=group_a2, on=moved_on)
    group_x.refresh_from_db()
    group_services.group_archive(group=group_x, on=moved_on, reason="生產調整，小組撤銷。")
    group_x.refresh_from_db()
    assert group_x.is_archived

    users = {
        "alice": scoped_user("alice", group_a, member=leader_a),
        "bob": scoped_user("bob", group_b, member=leader_b),
        "charlie": scoped_user("charlie", factory_a, is_staff=True),
        "walter": scoped_user("walter", workshop_a),
        "fiona": scoped_user("fiona", federation, is_staff=True),
        "dora": scoped_user("dora", factory_b, is_staff=True),
        "root": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    # A spreadsheet made for factory A's staff: its owner's alone.
    w.download_a = Download.objects.create(
        user=users["charlie"],
        kind="oversight.members",
        params={"all": False},
        language="en",
        filename="members.xlsx",
        status=Download.Status.DONE,
        content=b"PK\x03\x04 not a real workbook",
        size=26,
    )
    # A roster file of factory A previewed by its staff (one new member of group A).
    w.roster_a = RosterImport.objects.create(
        factory=factory_a,
        file_name="roster.xlsx",
        uploaded_by=users["charlie"],
        rows=[
            [
                2,
                {
                    "workshop": "金工",
                    "group": "韓潤小組",
                    "name": "周小妹",
                    "gender": "Female",
                    "employee_number": "R-00001",
                    "joined_union_on": "2024-03-05",
                },
            ]
        ],
    )
    # A notice to factory A's staff about group A's meeting, and the e-mail that carried it.
    w.email_a = Email.objects.create(
        user=users["charlie"],
        factory=factory_a,
        address="charlie@example.org",
        language="zh-hans",
        subject="工会小组：1 件事要办",
        body_text="…",
        digest_day=timezone.localdate(),
    )
    w.notice_a = Notification.objects.create(
        user=users["charlie"],
        kind="meeting_unannounced",
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=w.a_meeting.pk,
        group=group_a,
        url=w.a_meeting.get_absolute_url(),
        params={"group": "韓潤小組", "title": "小組會", "scheduled_on": "2026-12-06"},
        day=timezone.localdate(),
        email=w.email_a,
    )
    w.mail_settings_a = FactoryMailSettings.objects.create(factory=factory_a)
    w.unsubscribe_a = unsubscribe_token(users["charlie"])
    w.clients = {"anon": Client()}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        w.clients[name] = client
    w.users = users
    return w


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """The world, built once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
