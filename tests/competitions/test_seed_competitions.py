"""The demo production records of ``seed_demo``: a year of guarantee plans in which the good
groups keep their word, two campaigns in every factory whose red flags went to the leaders of
their rounds, the 王茂林小組's pact with the supply department, proposals in every state, and
seeding twice changes nothing.

The demo city is seeded once for the module, inside a transaction that is rolled back at its end;
each test runs in a savepoint of it, as pytest-django's ``db`` does.
"""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from competitions.models import (
    Campaign,
    GuaranteePlan,
    Indicator,
    Pact,
    PactReview,
    Participant,
    Pledge,
    ProgressEntry,
    Proposal,
    RedFlagAward,
    Round,
    Rule,
    Score,
    Veto,
    VetoItem,
)
from competitions.scoring import leaders, standings
from demo.city import CITY
from groups.models import FactoryUnion, UnionGroup

MODELS = [
    GuaranteePlan,
    Indicator,
    ProgressEntry,
    Pledge,
    Campaign,
    Participant,
    Rule,
    VetoItem,
    Round,
    Score,
    Veto,
    RedFlagAward,
    Pact,
    PactReview,
    Proposal,
    Proposal.authors.through,
]
Status = GuaranteePlan.Status


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


def test_seeding_again_adds_nothing(seeded):
    before = counts()
    assert all(before.values()), before
    call_command("seed_demo", verbosity=0)
    assert counts() == before


def test_every_group_has_a_year_of_monthly_plans_the_current_one_open(seeded):
    today = timezone.localdate()
    groups = UnionGroup.objects.active()
    plans = GuaranteePlan.objects.filter(period=GuaranteePlan.Period.MONTH)
    per_group = dict(plans.values("group").annotate(n=Count("pk")).values_list("group", "n"))
    assert per_group == dict.fromkeys(groups.values_list("pk", flat=True), 12)
    assert set(plans.filter(status=Status.OPEN).values_list("group", flat=True)) == set(
        groups.values_list("pk", flat=True)
    )
    open_ = plans.filter(status=Status.OPEN)
    assert not open_.exclude(starts_on__lte=today, ends_on__gte=today).exists()
    assert not plans.filter(~Q(status=Status.OPEN), ends_on__gte=today).exists()
    assert not plans.filter(status=Status.UNFULFILLED, close_reason="").exists()
    # Two to three indicators each, output and scrap always; two to four pledges by members.
    indicators = Indicator.objects.values("plan").annotate(n=Count("pk"))
    assert {row["n"] for row in indicators} <= {2, 3}
    assert indicators.count() == plans.count()
    assert Indicator.objects.filter(kind="output", unit="件").exists()
    assert not Indicator.objects.filter(kind="scrap", higher_is_better=True).exists()
    pledges = Pledge.objects.values("plan").annotate(n=Count("pk"))
    assert {row["n"] for row in pledges} <= {2, 3, 4}
    assert pledges.count() == plans.count()
    assert not Pledge.objects.exclude(member__group=F("plan__group")).exists()
    assert not Pledge.objects.filter(plan__status=Status.OPEN, kept__isnull=False).exists()


def test_no_progress_entry_is_in_the_future_or_outside_its_plan(seeded):
    today = timezone.localdate()
    entries = ProgressEntry.objects.all()
    assert entries.count() > 5000
    assert not entries.filter(on__gt=today).exists()
    assert not entries.filter(
        Q(on__lt=F("indicator__plan__starts_on")) | Q(on__gt=F("indicator__plan__ends_on"))
    ).exists()
    assert not entries.filter(indicator__kind="pass_share", value__gt=100).exists()


def test_the_plans_status_agrees_with_the_progress(seeded):
    closed = GuaranteePlan.objects.exclude(status=Status.OPEN)
    for plan in closed.filter(group__workshop__factory__name="太原機器廠"):
        met = [i.is_met() for i in plan.indicators.with_actuals()]
        assert (plan.status == Status.FULFILLED) == all(met), plan


def test_han_run_keeps_every_plan_and_two_shanxi_groups_lag(seeded):
    han = GuaranteePlan.objects.filter(group__name="韓潤小組").exclude(status=Status.OPEN)
    assert han.count() == 11
    assert set(han.values_list("status", flat=True)) == {Status.FULFILLED}
    assert not ProgressEntry.objects.filter(
        indicator__plan__group__name="韓潤小組", indicator__kind="scrap", value__gt=0
    ).exists()
    shanxi = (
        GuaranteePlan.objects.filter(group__workshop__factory__name="山西機器廠")
        .exclude(status=Status.OPEN)
        .values("group__name")
        .annotate(missed=Count("pk", filter=Q(status=Status.UNFULFILLED)))
    )
    lagging = [row["group__name"] for row in shanxi if row["missed"] >= 10]
    assert len(lagging) == 2
    figures = (
        GuaranteePlan.objects.exclude(status=Status.OPEN)
        .aggregate(
            fulfilled=Count("pk", filter=Q(status=Status.FULFILLED)),
            unfulfilled=Count("pk", filter=Q(status=Status.UNFULFILLED)),
        )
    )  # fmt: skip
    assert figures["fulfilled"] > figures["unfulfilled"] > 0


def test_each_factory_runs_two_campaigns(seeded):
    per_factory = dict(
        Campaign.objects.values("factory__name").annotate(n=Count("pk")).values_list(
            "factory__name", "n"
        )
    )  # fmt: skip
    assert per_factory == dict.fromkeys(CITY, 2)
    assert Campaign.objects.filter(kind="zero_scrap").count() == len(CITY)
    assert Campaign.objects.filter(scope=Campaign.Scope.WORKSHOP).exists()
    major = VetoItem.objects.filter(name="發生重大安全事故")
    assert major.values("campaign").distinct().count() == Campaign.objects.count()
    for campaign in Campaign.objects.all():
        participants = campaign.participants.all()
        assert participants.count() >= 2
        assert not participants.exclude(group__workshop__factory=campaign.factory_id).exists()
        if campaign.workshop_id:
            assert not participants.exclude(group__workshop=campaign.workshop_id).exists()
    assert Veto.objects.count() == 1
    assert Score.objects.filter(rule__kind="custom").exists()


def test_ended_rounds_of_red_flag_campaigns_have_their_leader_s_flag(seeded):
    today = timezone.localdate()
    ended = Round.objects.filter(campaign__red_flag=True, ends_on__lt=today)
    assert ended.count() >= 20
    for round_ in ended.select_related("red_flag_award"):
        award = round_.red_flag_award
        assert award.group_id in {row.group_id for row in leaders(standings(round_))}, round_
        assert round_.ends_on < award.awarded_on <= today
    assert not RedFlagAward.objects.filter(
        Q(round__campaign__red_flag=False) | Q(round__ends_on__gte=today)
    ).exists()
    assert RedFlagAward.objects.filter(group__name="韓潤小組").exists()
    # The vetoed group has left the ranking of its round.
    veto = Veto.objects.select_related("round").get()
    row = next(r for r in standings(veto.round) if r.group_id == veto.group_id)
    assert row.vetoed and row.rank is None


def test_wang_maolin_has_a_pact_with_the_supply_department(seeded):
    pact = Pact.objects.get(group__name="王茂林小組", partner_department__contains="供應")
    assert pact.group.workshop.factory.name == "化學廠"
    assert pact.group_commitments and pact.partner_commitments
    reviews = pact.reviews.all()
    assert reviews.filter(kept=True).exists()
    assert reviews.filter(~Q(problems=""), ~Q(actions=""), kept=False).exists()
    group_pacts = Pact.objects.filter(partner_group__isnull=False)
    assert group_pacts.count() >= 2
    assert not group_pacts.exclude(
        partner_group__workshop__factory=F("group__workshop__factory")
    ).exists()


def test_proposals_cover_every_status_by_members_of_their_group(seeded):
    today = timezone.localdate()
    proposals = Proposal.objects.all()
    assert set(proposals.values_list("status", flat=True)) == set(Proposal.Status.values)
    authors = Proposal.authors.through.objects
    assert not authors.exclude(member__group=F("proposal__group")).exists()
    assert not proposals.filter(authors__isnull=True).exists()
    assert not proposals.filter(
        Q(submitted_on__gt=today) | Q(decided_on__gt=today) | Q(implemented_on__gt=today)
    ).exists()
    implemented = proposals.filter(status=Proposal.Status.IMPLEMENTED)
    assert not implemented.filter(reward__isnull=True).exists()
    assert implemented.filter(realised_money__gt=0).exists()
    assert not proposals.filter(status="rejected", rejection_reason="").exists()
    figures = proposals.figures()
    assert figures["realised_money"] > 0 and figures.adoption_pct > 50
    groups_with = proposals.values("group").distinct().count()
    assert groups_with >= UnionGroup.objects.count() // 2


def test_every_factory_has_plans_campaigns_and_proposals(seeded):
    for factory in FactoryUnion.objects.all():
        assert GuaranteePlan.objects.filter(group__workshop__factory=factory).exists()
        assert Proposal.objects.filter(group__workshop__factory=factory).exists()
