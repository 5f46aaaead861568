"""The capability table (``groups.capabilities``) and the two holes it closed: an archived group's
records are read-only for everybody, and the city federation reads a factory's own campaign
without running it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.capabilities import Capability, user_can
from groups.models import UnionGroup
from meetings.models import ActionItem, Attendance, Meeting
from tests.competitions.factories import (
    CampaignFactory,
    GuaranteePlanFactory,
    PledgeFactory,
    ProgressEntryFactory,
    RedFlagAwardFactory,
    RoundFactory,
)
from tests.factories import MemberFactory, UnionGroupFactory, UserFactory, scoped_user
from tests.meetings.factories import ActionItemFactory, MeetingFactory

C = Capability


@pytest.fixture
def dora(world):
    """Factory union staff of factory B."""
    return scoped_user("dora", world.factory_b, is_staff=True)


def test_it_grants_each_level_its_capabilities(alice, bob, charlie, walter, fiona, dora):
    # Staff of every level above the groups make sign-ins for the staff of units in their scope.
    # The factory's staff and the federation read a factory's dues remittance statement;
    # staff of every level import rosters.
    assert {c for c in C if user_can(fiona, c)} == {
        C.ORGANISE,
        C.REVIEW,
        C.MANAGE_ACCOUNTS,
        C.REMIT_DUES,
        C.IMPORT_ROSTER,
    }
    assert {c for c in C if user_can(charlie, c)} == {
        C.WRITE_RECORDS,
        C.MANAGE_GROUPS,
        C.ORGANISE,
        C.ASSESS,
        C.READ_CASES,
        C.MANAGE_ACCOUNTS,
        C.REMIT_DUES,
        C.IMPORT_ROSTER,
    }
    assert {c for c in C if user_can(walter, c)} == {
        C.WRITE_RECORDS,
        C.MANAGE_GROUPS,
        C.ASSESS,
        C.READ_CASES,
        C.MANAGE_ACCOUNTS,
        C.IMPORT_ROSTER,
    }
    # alice's member leads the group: she reads its welfare cases, and writes its records.
    assert {c for c in C if user_can(alice, c)} == {C.WRITE_RECORDS, C.READ_CASES}


def test_it_grants_nothing_to_the_inactive_the_anonymous_and_the_unscoped(world, alice):
    from django.contrib.auth.models import AnonymousUser

    alice.is_active = False
    loose = UserFactory(username="loose")
    for user in (alice, AnonymousUser(), loose):
        assert not any(user_can(user, c) for c in C)


def test_a_plain_members_account_reads_and_writes_nothing(world):
    """A member's own account does what the member's role does (issue 18): without a role it
    neither writes the group's records nor reads its welfare cases."""
    plain = MemberFactory(group=world.group_a, name="普通會員")
    member_account = scoped_user("plain", world.group_a, member=plain)
    assert not user_can(member_account, C.WRITE_RECORDS)
    assert not user_can(member_account, C.READ_CASES)


@pytest.fixture
def archived(world):
    """A third group of alice's workshop with a record of every kind, then archived (its
    members have left)."""
    group = UnionGroupFactory(workshop=world.workshop_a, name="已撤銷小組")
    member = MemberFactory(group=group, name="張師傅")
    held = MeetingFactory(group=group, held=True, title="舊會議")
    plan = GuaranteePlanFactory(group=group, indicators=["output"])
    indicator = plan.indicators.get()
    records = {
        "group": group,
        "member": member,
        "meeting": MeetingFactory(group=group, title="原來的會議"),
        "held": held,
        "action": ActionItemFactory(meeting=held, owner=member),
        "plan": plan,
        "indicator": indicator,
        "entry": ProgressEntryFactory(indicator=indicator),
        "pledge": PledgeFactory(plan=plan, member=member),
    }
    member.status = member.Status.LEFT
    member.status_changed_on = timezone.localdate()
    member.save()
    group.archived_on = timezone.localdate()
    group.archive_reason = "車間合併"
    group.save()
    return records


def _writes(r):
    """Every write of an archived group's records that factory staff could reach before: the
    URL and a body that would have been saved."""
    today = timezone.localdate().isoformat()
    meeting, held, plan = r["meeting"], r["held"], r["plan"]
    return [
        (
            reverse("meetings:meeting_edit", args=[meeting.pk]),
            {"kind": "group", "title": "改過的", "scheduled_on": today, "place": "會議室"},
        ),
        (reverse("meetings:meeting_create", args=[r["group"].pk]), {}),
        (reverse("meetings:meeting_announce", args=[meeting.pk]), {"announced_on": today}),
        (
            reverse("meetings:meeting_attendance", args=[held.pk]),
            {f"member_{r['member'].pk}": "present"},
        ),
        (reverse("meetings:meeting_summary", args=[held.pk]), {"summary": "總結"}),
        (reverse("meetings:decision_create", args=[held.pk]), {"text": "決定"}),
        (
            reverse("meetings:action_item_create", args=[held.pk]),
            {"text": "事項", "owner": r["member"].pk, "due_on": today},
        ),
        (
            reverse("meetings:action_item_done", args=[r["action"].pk]),
            {"done": "1", "done_on": today},
        ),
        (
            reverse("competitions:plan_edit", args=[plan.pk]),
            {"production_plan": "改過的計劃", "knacks": ""},
        ),
        (
            reverse("competitions:indicator_add", args=[plan.pk]),
            {"kind": "output", "unit": "件", "target": "5", "higher_is_better": "on"},
        ),
        (
            reverse("competitions:progress_create", args=[plan.pk]),
            {"indicator": r["indicator"].pk, "on": plan.starts_on.isoformat(), "value": "3"},
        ),
        (
            reverse("competitions:pledge_create", args=[plan.pk]),
            {"member": r["member"].pk, "text": "保證"},
        ),
        (
            reverse("competitions:pledge_edit", args=[r["pledge"].pk]),
            {"member": r["member"].pk, "text": "改過的保證"},
        ),
        (reverse("competitions:plan_close", args=[plan.pk]), {"status": "fulfilled"}),
        (reverse("competitions:progress_delete", args=[r["entry"].pk]), {}),
        (reverse("competitions:plan_create", args=[r["group"].pk]), {}),
        (reverse("competitions:proposal_create", args=[r["group"].pk]), {}),
        (reverse("welfare:activity_create", args=[r["group"].pk]), {}),
        (reverse("meetings:report_create", args=[r["group"].pk]), {}),
        (reverse("groups:member_edit", args=[r["member"].pk]), {"name": "改名"}),
        (reverse("groups:member_create", args=[r["group"].pk]), {}),
        (reverse("groups:role_create", args=[r["group"].pk]), {}),
    ]


def _snapshot(r):
    meeting = Meeting.objects.get(pk=r["meeting"].pk)
    plan = type(r["plan"]).objects.get(pk=r["plan"].pk)
    return (
        meeting.title,
        meeting.status,
        plan.production_plan,
        plan.status,
        plan.indicators.count(),
        ActionItem.objects.filter(meeting=r["held"]).count(),
        Attendance.objects.filter(meeting=r["held"]).count(),
        sum(e.value for e in type(r["entry"]).objects.filter(indicator__plan=plan)),
        plan.pledges.count(),
        r["member"].__class__.objects.get(pk=r["member"].pk).name,
    )


@pytest.mark.parametrize("persona", ["charlie", "walter", "superuser"])
def test_it_keeps_an_archived_groups_records_read_only_for_everybody(request, archived, persona):
    if persona == "superuser":
        user = UserFactory(username="root", is_superuser=True, is_staff=True)
    else:
        user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    before = _snapshot(archived)
    refused = []
    for url, body in _writes(archived):
        get = client.get(url)
        post = client.post(url, body)
        if get.status_code not in (403, 405) or post.status_code != 403:
            refused.append((url, get.status_code, post.status_code))
    assert refused == []
    assert _snapshot(archived) == before
    # The records still read.
    assert client.get(archived["meeting"].get_absolute_url()).status_code == 200
    assert client.get(archived["plan"].get_absolute_url()).status_code == 200


def test_it_offers_no_write_buttons_on_an_archived_groups_pages(charlie_client, archived):
    meeting_page = charlie_client.get(archived["meeting"].get_absolute_url())
    plan_page = charlie_client.get(archived["plan"].get_absolute_url())
    assert reverse("meetings:meeting_edit", args=[archived["meeting"].pk]) not in (
        meeting_page.content.decode()
    )
    assert plan_page.context["perms_write"] is False
    assert plan_page.context["progress_form"] is None


def test_it_still_lets_staff_restore_an_archived_group(charlie_client, archived):
    group = archived["group"]
    page = charlie_client.get(group.get_absolute_url())
    assert reverse("groups:group_restore", args=[group.pk]) in page.content.decode()
    response = charlie_client.post(reverse("groups:group_restore", args=[group.pk]))
    assert response.status_code == 302
    assert not UnionGroup.objects.get(pk=group.pk).is_archived


def test_it_refuses_an_archived_groups_meeting_in_the_admin(archived):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(root)
    meeting = archived["meeting"]
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert client.get(url).status_code == 200  # read-only view
    response = client.post(url, {"title": "後台改的"})
    assert response.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).title == "原來的會議"


# --- Campaigns: the federation runs the city's, reads the factories' ---------------------------


@pytest.fixture
def factory_round(world):
    campaign = CampaignFactory(factory=world.factory_a, groups=[world.group_a], rules=["output"])
    round_ = RoundFactory(campaign=campaign)
    RedFlagAwardFactory(round=round_, group=world.group_a, awarded_on=round_.starts_on)
    return round_


@pytest.fixture
def city_round(world):
    campaign = CampaignFactory(
        city=True, federation=world.federation, groups=[world.group_a], rules=["output"]
    )
    return RoundFactory(campaign=campaign)


def _organiser_urls(round_):
    args = [round_.campaign.pk, round_.number]
    return {
        "scores": reverse("competitions:scores_edit", args=args),
        "veto": reverse("competitions:veto_create", args=args),
        "withdraw": reverse("competitions:award_withdraw", args=args),
        "award": reverse("competitions:award_create", args=args),
    }


def test_it_lets_the_federation_read_but_not_run_a_factorys_campaign(fiona_client, factory_round):
    campaign = factory_round.campaign
    assert fiona_client.get(campaign.get_absolute_url()).status_code == 200
    standings = fiona_client.get(factory_round.get_absolute_url())
    assert standings.status_code == 200
    assert standings.context["perms_organise"] is False
    urls = _organiser_urls(factory_round)
    group = factory_round.campaign.groups.get()
    rule = campaign.rules.get()
    for name in ("scores", "veto", "withdraw"):
        assert fiona_client.get(urls[name]).status_code == 403, name
    assert fiona_client.post(urls["scores"], {f"s_{group.pk}_{rule.pk}": "99"}).status_code == 403
    assert fiona_client.post(urls["withdraw"]).status_code == 403
    assert factory_round.scores.count() == 0
    assert type(factory_round).objects.get(pk=factory_round.pk).red_flag_award is not None


def test_it_lets_the_factory_run_its_own_campaign(charlie_client, factory_round):
    urls = _organiser_urls(factory_round)
    assert charlie_client.get(urls["scores"]).status_code == 200
    assert charlie_client.post(urls["withdraw"]).status_code == 302


def test_it_lets_the_federation_run_a_city_campaign(fiona_client, charlie_client, city_round):
    urls = _organiser_urls(city_round)
    assert fiona_client.get(urls["scores"]).status_code == 200
    assert fiona_client.get(city_round.get_absolute_url()).context["perms_organise"] is True
    # A factory whose group takes part reads the city's campaign and does not run it.
    assert charlie_client.get(city_round.get_absolute_url()).status_code == 200
    assert charlie_client.get(urls["scores"]).status_code == 403


def test_it_refuses_workshop_staff_and_leaders_the_organisers_pages(
    walter_client, alice_client, factory_round
):
    for client in (walter_client, alice_client):
        for url in _organiser_urls(factory_round).values():
            assert client.get(url).status_code in (403, 405)


def test_it_decides_on_a_loaded_campaign_without_a_query(
    charlie, fiona, factory_round, django_assert_num_queries
):
    campaign = factory_round.campaign
    user_can(charlie, C.ORGANISE)  # loads and caches the scopes
    user_can(fiona, C.ORGANISE)
    with django_assert_num_queries(0):
        assert user_can(charlie, C.ORGANISE, campaign)
        assert not user_can(fiona, C.ORGANISE, campaign)


def test_it_keeps_what_hangs_from_a_cancelled_meeting_as_it_was(alice_client, world):
    meeting = MeetingFactory(group=world.group_a, held=True)
    item = ActionItemFactory(meeting=meeting, owner=world.leader_a)
    meeting.voided_at = timezone.now()
    meeting.void_reason = "開錯了"
    meeting.save()
    url = reverse("meetings:action_item_done", args=[item.pk])
    response = alice_client.post(url, {"done": "1", "done_on": timezone.localdate().isoformat()})
    assert response.status_code == 403
    assert ActionItem.objects.get(pk=item.pk).done_on is None


def test_it_keeps_the_progress_of_a_voided_plan_as_it_was(alice_client, world):
    plan = GuaranteePlanFactory(group=world.group_a, indicators=["output"])
    entry = ProgressEntryFactory(indicator=plan.indicators.get())
    plan.voided_at = timezone.now()
    plan.void_reason = "訂錯了"
    plan.save()
    response = alice_client.post(reverse("competitions:progress_delete", args=[entry.pk]))
    assert response.status_code == 403
    assert type(entry).objects.filter(pk=entry.pk).exists()
