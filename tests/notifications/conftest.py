"""The records reminders are about, and the settings that let mail leave at any hour of the
test run (each test of the window or the cap sets its own)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from groups.models import Role
from meetings.models import ActionItem, Meeting, Resolution, ResolutionReport
from notifications.models import FactoryMailSettings
from pages.management.commands import send_reminders
from pages.reminders import not_doing_digest
from tests.factories import MemberFactory, RoleFactory, scoped_user
from welfare.models import WelfareCase


@pytest.fixture(autouse=True)
def _mail_any_hour(settings):
    settings.NOTIFICATIONS_WINDOW = (0, 24)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.UNIONSITE_BASE_URL = "http://testserver"


@pytest.fixture
def today():
    return timezone.localdate()


def run_reminders():
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115


def mail_settings(factory, language="zh-hans", hours=(0, 24)):
    return FactoryMailSettings.objects.create(
        factory=factory, language=language, window_starts=hours[0], window_ends=hours[1]
    )


def meeting(group, on, **extra):
    return Meeting.objects.create(
        group=group, kind=Meeting.Kind.GROUP, title="小組會", scheduled_on=on, place="車間", **extra
    )


def action_item(group, owner, due_on, held_on):
    return ActionItem.objects.create(
        meeting=meeting(group, held_on, status=Meeting.Status.HELD),
        description="修好三號車床",
        owner=owner,
        due_on=due_on,
    )


def welfare_case(group, member, follow_up_on):
    return WelfareCase.objects.create(
        group=group,
        member=member,
        category=WelfareCase.Category.values[0],
        description="家中困難",
        opened_on=follow_up_on - datetime.timedelta(days=10),
        follow_up_on=follow_up_on,
    )


def resolution(factory, issued_by, due_on, groups):
    found = Resolution.objects.create(
        factory=factory,
        title="節約用料",
        text="各小組討論並報告。",
        issued_on=due_on - datetime.timedelta(days=20),
        due_on=due_on,
        issued_by=issued_by,
    )
    for group in groups:
        ResolutionReport.objects.create(resolution=found, group=group)
    return found


@pytest.fixture
def people(world, alice, bob, charlie, walter, fiona):
    """Everyone with an address; a plain member of alice's group with an account of their own
    (reads, writes nothing), and alice's welfare officer with theirs."""
    plain = MemberFactory(group=world.group_a, name="李四")
    officer = MemberFactory(group=world.group_a, name="王五")
    RoleFactory(member=officer, kind=Role.Kind.OFFICER, portfolio=Role.Portfolio.WELFARE)
    plain_user = scoped_user("lisi", world.group_a, member=plain)
    officer_user = scoped_user("wangwu", world.group_a, member=officer)
    users = {
        "alice": alice,
        "bob": bob,
        "charlie": charlie,
        "walter": walter,
        "fiona": fiona,
        "lisi": plain_user,
        "wangwu": officer_user,
    }
    for name, user in users.items():
        user.email = f"{name}@example.org"
        user.save(update_fields=["email"])
    return type("People", (), {**users, "plain": plain, "officer": officer})


@pytest.fixture
def led_groups(world, monkeypatch):
    """Every group of the world with its union and production group leaders elected this
    year, so that the weekly reminders of a group without them or of a term ending say nothing
    in tests of other reminders; and the weekly digest of the staff's home lists (which a
    world without meetings always fills) left out of those tests (it has its own)."""
    RoleFactory(member=MemberFactory(group=world.group_a), kind=Role.Kind.PRODUCTION_LEADER)
    RoleFactory(member=MemberFactory(group=world.group_b), kind=Role.Kind.PRODUCTION_LEADER)
    RoleFactory(member=MemberFactory(group=world.group_a2))
    RoleFactory(member=MemberFactory(group=world.group_a2), kind=Role.Kind.PRODUCTION_LEADER)
    Role.objects.update(started_on=timezone.localdate())
    monkeypatch.setattr(
        send_reminders,
        "FINDERS",
        [finder for finder in send_reminders.FINDERS if finder is not not_doing_digest],
    )
