"""``seed_demo --scale city``: a whole city beside the demo, written in bulk (COPY on PostgreSQL),
whose records the site reads like any others. Built small here; README gives the full city's
figures."""

import datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from competitions.models import Campaign, GuaranteePlan, RedFlagAward
from competitions.scoring import compute_standings, leaders
from demo.scale import build_city
from dues.models import DuesPayment
from groups.models import FactoryUnion, Federation, Member, Scope, UnionGroup
from meetings.models import Attendance, Meeting
from oversight.models import Assessment
from welfare.models import WelfareCase

pytestmark = pytest.mark.django_db(transaction=False)

SMALL = ["--scale", "city", "--groups", "24", "--members", "360", "--years", "1"]


def city_groups():
    return UnionGroup.objects.filter(workshop__factory__in=city_factories())


def city_factories():
    return FactoryUnion.objects.filter(workshops__groups__members__employee_number__startswith="S")


def test_the_city_is_built_beside_the_demo_with_a_year_in_every_app(capsys):
    call_command("seed_demo", *SMALL)
    printed = capsys.readouterr().out
    groups = UnionGroup.objects.filter(pk__in=city_groups().values("pk"))
    assert groups.count() == 24
    assert UnionGroup.objects.filter(workshop__factory__name="山西機器廠").count() == 33
    assert 24 * 11 <= Member.objects.filter(group__in=groups).count() <= 24 * 21
    # The accounts of the big factory sign in with the demo's password and are printed.
    for username in ("city_staff", "city_workshop", "city_leader"):
        assert authenticate(username=username, password="unionsite-demo"), username
        assert username in printed
    leader = Scope.objects.get(user__username="city_leader")
    assert leader.group in groups and leader.member.group == leader.group
    assert "City ready" in printed and "meetings.Attendance" in printed

    today = datetime.date.today()
    this_month = today.replace(day=1)
    for group in groups:
        # A union group meeting every month; the held ones with every member's attendance.
        months = {m.replace(day=1) for m in group.meetings.values_list("scheduled_on", flat=True)}
        assert len(months) == 12
        held = Meeting.objects.filter(group=group, status__in=["held", "summarised"])
        assert held.exists()
        for meeting in held.annotate(n=Count("attendances"))[:3]:
            assert meeting.n == group.members.count()
        # A monthly plan, this month's open; a dues row per member per past month.
        plans = GuaranteePlan.objects.filter(group=group)
        assert plans.count() == 12 and plans.get(starts_on=this_month).status == "open"
        past = DuesPayment.objects.filter(group=group, month__lt=this_month)
        assert past.count() == group.members.count() * 11
    assert WelfareCase.objects.filter(group__in=groups).count() >= 24
    # Every group in the city-wide campaign; each ended round's red flag went to the group the
    # standings rank first.
    campaign = Campaign.objects.get(scope="city", participants__group=leader.group)
    assert campaign.participants.filter(group__in=groups).count() == 24
    awards = RedFlagAward.objects.filter(round__campaign=campaign).select_related("round")
    assert awards.exists()
    for award in awards:
        assert award.group_id in {row.group_id for row in leaders(compute_standings(award.round))}
    # The closed half-year's assessments confirmed with the evidence of the records.
    confirmed = Assessment.objects.filter(group__in=groups, status="confirmed")
    if confirmed.exists():
        assert all(a.evidence.get("meetings_held") is not None for a in confirmed)
    assert Assessment.objects.filter(group__in=groups, period__status="open").exists()

    # The records work in the site, members without a history row included.
    client = Client()
    client.force_login(leader.user)
    meeting = Meeting.objects.filter(group=leader.group, status="summarised").first()
    plan = GuaranteePlan.objects.filter(group=leader.group).first()
    for url in (
        "/",
        leader.group.get_absolute_url(),
        meeting.get_absolute_url(),
        plan.get_absolute_url(),
        campaign.get_absolute_url(),
        f"/members/{leader.group.members.last().pk}/",
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(Scope.objects.get(user__username="city_staff").user)
    assert client.get(leader.group.workshop.factory.get_absolute_url()).status_code == 200

    # Built once: the city is not built again, and the demo seeds again beside it.
    counts = (UnionGroup.objects.count(), Meeting.objects.count(), Attendance.objects.count())
    call_command("seed_demo", *SMALL)
    assert "already built" in capsys.readouterr().out
    call_command("seed_demo", verbosity=0)
    assert (UnionGroup.objects.count(), Meeting.objects.count(), Attendance.objects.count()) == (
        counts
    )


def test_the_city_takes_any_names_and_the_demo_seeds_on_top_of_it():
    federation = Federation.objects.create(name="大同市總工會")
    FactoryUnion.objects.create(federation=federation, name="晉陽機器廠")
    counts, _seconds, city = build_city(groups=12, members=150, years=1, say=lambda line: None)
    names = list(FactoryUnion.objects.filter(pk__in=city.factories).values_list("name", flat=True))
    assert "晉陽機器廠" not in names and len(set(names)) == len(names)
    assert counts["groups.UnionGroup"] == 12
    assert counts["meetings.Attendance"] > 0
    # The demo's seeding beside a city it did not make (workshops it has no trades for).
    call_command("seed_demo", verbosity=0)
    assert UnionGroup.objects.filter(workshop__factory__name="太原機器廠").exists()
    assert UnionGroup.objects.filter(workshop__factory__in=city.factories).count() == 12
