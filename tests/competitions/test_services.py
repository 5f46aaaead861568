"""The writes of the competitions app (competitions/services.py): the inputs a user gets wrong are
refused with a message on the field the form shows it on, and leave nothing behind; the right
ones save what the user expects. Then the database's own constraints, and the history kept."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from competitions import services
from competitions.models import (
    Campaign,
    GuaranteePlan,
    Indicator,
    Kind,
    Pact,
    Participant,
    ProgressEntry,
    Proposal,
    RedFlagAward,
    Round,
    Rule,
    Score,
    Veto,
)
from tests.competitions.factories import (
    CampaignFactory,
    GuaranteePlanFactory,
    PactFactory,
    PledgeFactory,
    ProgressEntryFactory,
    ProposalFactory,
    RoundFactory,
    VetoItemFactory,
)
from tests.factories import MemberFactory, UnionGroupFactory

pytestmark = pytest.mark.django_db

D = Decimal
DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


def errors(excinfo):
    """The messages of a ValidationError by field, NON_FIELD_ERRORS for those on no field."""
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def only_error(excinfo, field):
    """The one message of the error, after checking it is on ``field`` and on no other."""
    found = errors(excinfo)
    assert list(found) == [field]
    [message] = found[field]
    return message


# --- Progress entries ------------------------------------------------------------------------


@pytest.fixture
def plan(world):
    """An open plan of alice's group running from ten days ago to ten days ahead."""
    return GuaranteePlanFactory(
        group=world.group_a,
        starts_on=today() - 10 * DAY,
        ends_on=today() + 10 * DAY,
        indicators=[Kind.OUTPUT, Kind.PASS_SHARE],
    )


def indicator(plan, kind):
    return plan.indicators.get(kind=kind)


def record(plan, alice, kind=Kind.OUTPUT, **kwargs):
    values = {"on": today(), "value": D(10)} | kwargs
    return services.progress_record(indicator=indicator(plan, kind), user=alice, **values)


def test_progress_is_recorded(plan, alice):
    entry = record(plan, alice, on=plan.starts_on, value=D("12.5"), note="夜班")
    share = record(plan, alice, Kind.PASS_SHARE, value=D(100))  # a full 100% is fine

    assert entry.on == plan.starts_on
    assert entry.value == D("12.5")
    assert entry.recorded_by == alice
    assert share.value == D(100)
    assert ProgressEntry.objects.count() == 2


def test_progress_before_the_plan_period_is_refused(plan, alice):
    with pytest.raises(ValidationError) as excinfo:
        record(plan, alice, on=plan.starts_on - DAY)

    message = only_error(excinfo, "on")
    assert f"{plan.starts_on:%Y-%m-%d} to {plan.ends_on:%Y-%m-%d}" in message
    assert not ProgressEntry.objects.exists()


def test_progress_after_the_plan_period_is_refused(world, alice):
    ended = GuaranteePlanFactory(
        group=world.group_a,
        starts_on=today() - 40 * DAY,
        ends_on=today() - 11 * DAY,
        indicators=[Kind.OUTPUT],
    )

    with pytest.raises(ValidationError) as excinfo:
        record(ended, alice, on=ended.ends_on + DAY)

    only_error(excinfo, "on")
    assert not ProgressEntry.objects.exists()


def test_progress_for_tomorrow_is_refused(plan, alice):
    with pytest.raises(ValidationError) as excinfo:
        record(plan, alice, on=today() + DAY)  # within the plan, but still to come

    assert "still to come" in only_error(excinfo, "on")
    assert not ProgressEntry.objects.exists()


def test_negative_progress_is_refused(plan, alice):
    with pytest.raises(ValidationError) as excinfo:
        record(plan, alice, value=D("-1"))

    assert "negative" in only_error(excinfo, "value")
    assert not ProgressEntry.objects.exists()


def test_pass_share_above_100_is_refused(plan, alice):
    with pytest.raises(ValidationError) as excinfo:
        record(plan, alice, Kind.PASS_SHARE, value=D("100.5"))

    assert "100%" in only_error(excinfo, "value")
    assert not ProgressEntry.objects.exists()


def test_progress_on_a_closed_plan_is_refused(world, alice):
    closed = GuaranteePlanFactory(
        group=world.group_a,
        starts_on=today() - 10 * DAY,
        ends_on=today() + 10 * DAY,
        fulfilled=True,
        indicators=[Kind.OUTPUT],
    )

    with pytest.raises(ValidationError) as excinfo:
        record(closed, alice)

    assert "closed" in only_error(excinfo, NON_FIELD_ERRORS)
    assert not ProgressEntry.objects.exists()


# --- Guarantee plans -------------------------------------------------------------------------


def create_plan(world, alice, period, day, indicators=None):
    return services.plan_create(
        group=world.group_a,
        user=alice,
        period=period,
        day=day,
        production_plan="月產車床40台",
        indicators=[{"kind": Kind.OUTPUT, "target": D(40)}] if indicators is None else indicators,
    )


@pytest.mark.parametrize(
    ("period", "day", "starts_on", "ends_on", "label"),
    [
        ("quarter", "2026-05-17", "2026-04-01", "2026-06-30", "2026 Q2"),
        ("quarter", "2026-11-05", "2026-10-01", "2026-12-31", "2026 Q4"),
        ("month", "2026-02-10", "2026-02-01", "2026-02-28", "2026-02"),
        ("month", "2028-02-29", "2028-02-01", "2028-02-29", "2028-02"),
        ("month", "2026-12-31", "2026-12-01", "2026-12-31", "2026-12"),
    ],
)
def test_plan_covers_the_month_or_quarter_of_the_day(
    world, alice, period, day, starts_on, ends_on, label
):
    plan = create_plan(world, alice, period, datetime.date.fromisoformat(day))

    plan.refresh_from_db()
    assert (plan.starts_on, plan.ends_on) == (
        datetime.date.fromisoformat(starts_on),
        datetime.date.fromisoformat(ends_on),
    )
    assert plan.period_label == label
    assert plan.is_open
    assert plan.created_by == alice


def test_plan_indicators_are_saved_in_order_with_their_direction(world, alice):
    plan = create_plan(
        world,
        alice,
        "month",
        datetime.date(2026, 5, 17),
        [
            {"kind": Kind.OUTPUT, "target": D(40), "unit": "台"},
            {"kind": Kind.SCRAP, "target": D(2)},
            {"kind": Kind.CUSTOM, "name": "文明生產", "target": D(1)},
        ],
    )

    rows = list(plan.indicators.values_list("position", "kind", "name", "higher_is_better"))
    assert rows == [
        (1, Kind.OUTPUT, "", True),
        (2, Kind.SCRAP, "", False),  # less scrap is better
        (3, Kind.CUSTOM, "文明生產", True),
    ]


def test_plan_without_indicators_is_refused(world, alice):
    with pytest.raises(ValidationError) as excinfo:
        create_plan(world, alice, "month", datetime.date(2026, 5, 17), indicators=[])

    assert "at least one target" in only_error(excinfo, NON_FIELD_ERRORS)
    assert not GuaranteePlan.objects.exists()
    assert not Indicator.objects.exists()


def test_second_plan_for_the_same_period_is_refused(world, alice):
    first = create_plan(world, alice, "month", datetime.date(2026, 5, 17))

    with pytest.raises(ValidationError) as excinfo:
        create_plan(world, alice, "month", datetime.date(2026, 5, 2))  # same month

    assert "2026-05-01 to 2026-05-31" in only_error(excinfo, "day")
    assert list(GuaranteePlan.objects.all()) == [first]
    assert Indicator.objects.count() == 1
    # A quarter plan over the same days is another period, and allowed.
    create_plan(world, alice, "quarter", datetime.date(2026, 5, 2))
    assert GuaranteePlan.objects.count() == 2


def test_plan_closed_with_pledges_kept(plan, alice):
    kept, broken, unassessed = PledgeFactory.create_batch(3, plan=plan)

    services.plan_close(
        plan=plan, fulfilled=True, reason="", on=today(), kept={kept.pk: True, broken.pk: False}
    )

    plan.refresh_from_db()
    assert plan.status == GuaranteePlan.Status.FULFILLED
    assert plan.closed_on == today()
    assert not plan.is_open
    for pledge, expected in ((kept, True), (broken, False), (unassessed, None)):
        pledge.refresh_from_db()
        assert pledge.kept is expected


def test_plan_not_fulfilled_needs_a_reason(plan):
    pledge = PledgeFactory(plan=plan)

    with pytest.raises(ValidationError) as excinfo:
        services.plan_close(
            plan=plan, fulfilled=False, reason="  ", on=today(), kept={pledge.pk: False}
        )

    only_error(excinfo, "reason")
    plan.refresh_from_db()
    pledge.refresh_from_db()
    assert plan.is_open and plan.closed_on is None
    assert pledge.kept is None


# --- Campaigns -------------------------------------------------------------------------------


def create_campaign(world, charlie, **kwargs):
    values = {
        "user": charlie,
        "name": "一九五三年第一季度增產節約競賽",
        "kind": Campaign.CampaignKind.OUTPUT,
        "scope": Campaign.Scope.FACTORY,
        "federation": world.federation,
        "factory": world.factory_a,
        "starts_on": datetime.date(2026, 1, 15),
        "ends_on": datetime.date(2026, 3, 31),
        "groups": [world.group_a, world.group_a2],
        "rules": [
            {"kind": Kind.OUTPUT, "weight": D(3)},
            {"kind": Kind.SCRAP, "weight": D(1)},
        ],
        "veto_items": ["重大傷亡事故"],
    } | kwargs
    return services.campaign_create(**values)


def assert_no_campaign():
    assert not Campaign.objects.exists()
    assert not Participant.objects.exists()
    assert not Rule.objects.exists()
    assert not Round.objects.exists()


def test_campaign_gets_a_round_per_calendar_month(world, charlie):
    campaign = create_campaign(world, charlie)

    rounds = list(campaign.rounds.values_list("number", "starts_on", "ends_on"))
    assert rounds == [
        (1, datetime.date(2026, 1, 15), datetime.date(2026, 1, 31)),
        (2, datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
        (3, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
    ]
    assert set(campaign.groups.all()) == {world.group_a, world.group_a2}
    assert list(campaign.rules.values_list("kind", "weight", "higher_is_better")) == [
        (Kind.OUTPUT, D(3), True),
        (Kind.SCRAP, D(1), False),
    ]
    assert list(campaign.veto_items.values_list("name", flat=True)) == ["重大傷亡事故"]
    assert (campaign.factory, campaign.workshop, campaign.organised_by) == (
        world.factory_a,
        None,
        charlie,
    )


def test_campaign_single_round_and_across_the_new_year(world, charlie):
    single = create_campaign(world, charlie, rounds="single")
    yearly = create_campaign(
        world,
        charlie,
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2027, 1, 20),
    )

    assert list(single.rounds.values_list("starts_on", "ends_on")) == [
        (datetime.date(2026, 1, 15), datetime.date(2026, 3, 31))
    ]
    assert list(yearly.rounds.values_list("starts_on", "ends_on")) == [
        (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2027, 1, 1), datetime.date(2027, 1, 20)),
    ]


def test_campaign_with_every_weight_zero_is_refused(world, charlie):
    rules = [{"kind": Kind.OUTPUT, "weight": D(0)}, {"kind": Kind.SCRAP, "weight": D(0)}]

    with pytest.raises(ValidationError) as excinfo:
        create_campaign(world, charlie, rules=rules)

    assert "weight above zero" in only_error(excinfo, NON_FIELD_ERRORS)
    assert_no_campaign()


def test_campaign_with_a_group_of_another_factory_is_refused(world, charlie):
    with pytest.raises(ValidationError) as excinfo:
        create_campaign(world, charlie, groups=[world.group_a, world.group_a2, world.group_b])

    message = only_error(excinfo, "groups")
    assert world.group_b.name in message
    assert world.group_a.name not in message
    assert_no_campaign()


def test_workshop_campaign_with_a_group_of_another_workshop_is_refused(world, charlie):
    neighbour = UnionGroupFactory(workshop=world.workshop_a, name="車工小組")

    with pytest.raises(ValidationError) as excinfo:
        create_campaign(
            world,
            charlie,
            scope=Campaign.Scope.WORKSHOP,
            workshop=world.workshop_a,
            groups=[world.group_a, neighbour, world.group_a2],
        )

    assert world.group_a2.name in only_error(excinfo, "groups")
    assert_no_campaign()


def test_campaign_of_one_group_is_refused(world, charlie):
    with pytest.raises(ValidationError) as excinfo:
        create_campaign(world, charlie, groups=[world.group_a])

    assert "two groups" in only_error(excinfo, "groups")
    assert_no_campaign()


# --- Red flag and vetoes ---------------------------------------------------------------------


@pytest.fixture
def race(world, charlie):
    """A one-round output campaign in March 2025 between alice's group, a group of the other
    workshop and a third group: the organiser enters the values."""
    third = UnionGroupFactory(workshop=world.workshop_a, name="車工小組")
    campaign = CampaignFactory(
        factory=world.factory_a,
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 3, 31),
        groups=[world.group_a, world.group_a2, third],
        rules=[Kind.OUTPUT],
        veto_items=["重大傷亡事故"],
    )
    round_ = RoundFactory(campaign=campaign)
    rule = campaign.rules.get()

    def enter(**values):
        groups = {"a": world.group_a, "a2": world.group_a2, "third": third}
        services.scores_enter(
            round_=round_,
            user=charlie,
            values={(groups[k].pk, rule.pk): D(v) for k, v in values.items()},
        )

    return round_, enter, campaign.veto_items.get()


AFTER_MARCH = datetime.date(2025, 4, 1)


def award(round_, charlie, group):
    return services.red_flag_award(round_=round_, user=charlie, group=group, on=AFTER_MARCH)


def test_red_flag_goes_to_the_leader(world, charlie, race):
    round_, enter, _ = race
    enter(a=100, a2=80, third=50)

    flag = award(round_, charlie, world.group_a)

    assert (flag.round, flag.group, flag.awarded_on) == (round_, world.group_a, AFTER_MARCH)
    assert list(world.group_a.red_flags.all()) == [flag]


def test_red_flag_for_a_group_not_leading_is_refused(world, charlie, race):
    round_, enter, _ = race
    enter(a=100, a2=80, third=50)

    with pytest.raises(ValidationError) as excinfo:
        award(round_, charlie, world.group_a2)

    assert world.group_a.name in only_error(excinfo, "group")
    assert not RedFlagAward.objects.exists()


def test_red_flag_may_go_to_either_of_two_tied_leaders(world, charlie, race):
    round_, enter, _ = race
    enter(a=100, a2=100, third=50)

    flag = award(round_, charlie, world.group_a2)

    assert flag.group == world.group_a2


def test_red_flag_waits_until_a_group_has_a_value(world, charlie, race):
    round_, enter, _ = race  # nothing recorded, nothing entered: every group at 0 points

    with pytest.raises(ValidationError) as excinfo:
        award(round_, charlie, world.group_a2)

    assert "No group is ranked" in only_error(excinfo, NON_FIELD_ERRORS)
    assert not RedFlagAward.objects.exists()


def test_red_flag_is_awarded_once_a_round(world, charlie, race):
    round_, enter, _ = race
    enter(a=100, a2=100, third=50)
    first = award(round_, charlie, world.group_a)

    with pytest.raises(ValidationError) as excinfo:
        award(round_, charlie, world.group_a2)

    assert "already awarded" in only_error(excinfo, NON_FIELD_ERRORS)
    assert list(RedFlagAward.objects.all()) == [first]
    assert RedFlagAward.objects.get().group == world.group_a


def test_red_flag_holder_cannot_be_vetoed(world, charlie, race):
    round_, enter, item = race
    enter(a=100, a2=80, third=50)
    award(round_, charlie, world.group_a)

    with pytest.raises(ValidationError) as excinfo:
        services.veto_record(
            round_=round_, user=charlie, group=world.group_a, item=item, note="車床傷手"
        )

    assert "red flag" in only_error(excinfo, NON_FIELD_ERRORS)
    assert not Veto.objects.exists()
    # Another group can be vetoed.
    services.veto_record(round_=round_, user=charlie, group=world.group_a2, item=item, note="傷手")
    assert Veto.objects.get().group == world.group_a2


def test_veto_needs_an_item_of_the_campaign_and_a_participant(world, charlie, race):
    round_, enter, item = race
    stranger_item = VetoItemFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.veto_record(
            round_=round_, user=charlie, group=world.group_a, item=stranger_item, note="x"
        )
    only_error(excinfo, "item")

    with pytest.raises(ValidationError) as excinfo:
        services.veto_record(round_=round_, user=charlie, group=world.group_b, item=item, note="x")
    only_error(excinfo, "group")
    assert not Veto.objects.exists()


def test_negative_score_is_refused(race):
    round_, enter, _ = race

    with pytest.raises(ValidationError) as excinfo:
        enter(a=100, a2=-5)

    only_error(excinfo, NON_FIELD_ERRORS)
    assert not Score.objects.exists()  # not even the good value entered with it


# --- Pacts -----------------------------------------------------------------------------------


def create_pact(world, alice, **kwargs):
    values = {
        "user": alice,
        "group": world.group_a,
        "title": "金工裝配互助公約",
        "group_commitments": "按時交出合格零件。",
        "partner_commitments": "及時反映裝配中發現的問題。",
        "starts_on": today(),
        "ends_on": today() + 90 * DAY,
    } | kwargs
    return services.pact_create(**values)


def test_pact_with_a_group_or_a_department(world, alice):
    with_group = create_pact(world, alice, partner_group=world.group_a2)
    with_department = create_pact(world, alice, partner_department=" 供應科 ")

    assert with_group.partner == world.group_a2
    assert with_department.partner_group is None
    assert with_department.partner == "供應科"
    assert Pact.objects.count() == 2


def test_pact_of_a_group_with_itself_is_refused(world, alice):
    with pytest.raises(ValidationError) as excinfo:
        create_pact(world, alice, partner_group=world.group_a)

    only_error(excinfo, "partner_group")
    assert not Pact.objects.exists()


@pytest.mark.parametrize(
    ("partner_group", "department"), [("a2", "供應科"), (None, ""), (None, "   ")]
)
def test_pact_names_exactly_one_partner(world, alice, partner_group, department):
    partner_group = world.group_a2 if partner_group else None

    with pytest.raises(ValidationError) as excinfo:
        create_pact(world, alice, partner_group=partner_group, partner_department=department)

    assert "one partner" in only_error(excinfo, NON_FIELD_ERRORS)
    assert not Pact.objects.exists()


# --- Proposals -------------------------------------------------------------------------------


def test_rejected_proposal_cannot_be_implemented(world):
    proposal = ProposalFactory(group=world.group_a, rejected=True)

    with pytest.raises(ValidationError) as excinfo:
        services.proposal_move(
            proposal=proposal, status=Proposal.Status.IMPLEMENTED, on=today(), realised_money=D(5)
        )

    assert "cannot become" in only_error(excinfo, "status")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED
    assert proposal.implemented_on is None
    assert proposal.realised_money is None


def test_rejection_needs_a_reason(world):
    proposal = ProposalFactory(group=world.group_a)

    with pytest.raises(ValidationError) as excinfo:
        services.proposal_move(
            proposal=proposal, status=Proposal.Status.REJECTED, on=today(), reason="  "
        )

    only_error(excinfo, "reason")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.decided_on is None


def test_proposal_moves_to_implemented(world):
    proposal = ProposalFactory(group=world.group_a)
    decided, done = proposal.submitted_on + 3 * DAY, proposal.submitted_on + 20 * DAY

    services.proposal_move(proposal=proposal, status=Proposal.Status.ADOPTED, on=decided)
    services.proposal_move(
        proposal=proposal,
        status=Proposal.Status.IMPLEMENTED,
        on=done,
        realised_money=D("850.00"),
        reward=D("20.00"),
    )

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.IMPLEMENTED
    assert (proposal.decided_on, proposal.implemented_on) == (decided, done)
    assert (proposal.realised_money, proposal.reward) == (D("850.00"), D("20.00"))


# --- Database constraints --------------------------------------------------------------------


def test_database_refuses_negative_progress():
    entry_indicator = GuaranteePlanFactory(indicators=[Kind.OUTPUT]).indicators.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressEntryFactory(indicator=entry_indicator, value=D("-1"))

    assert not ProgressEntry.objects.exists()


def test_database_refuses_pact_with_itself(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PactFactory(group=world.group_a, partner_group=world.group_a)

    assert not Pact.objects.exists()


def test_database_refuses_rejection_without_reason(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalFactory(group=world.group_a, rejected=True, rejection_reason="")

    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "unit",
    [
        {"scope": Campaign.Scope.CITY},  # a city campaign naming a factory
        {"scope": Campaign.Scope.FACTORY, "factory": None},  # a factory campaign naming none
        {"scope": Campaign.Scope.WORKSHOP},  # a workshop campaign naming no workshop
    ],
)
def test_database_refuses_campaign_scope_naming_the_wrong_unit(world, unit):
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignFactory(**({"factory": world.factory_a, "federation": world.federation} | unit))

    assert not Campaign.objects.exists()


# --- History ---------------------------------------------------------------------------------


def test_changes_are_kept_in_history(world, alice, charlie, race):
    plan = create_plan(world, alice, "month", datetime.date(2026, 5, 17))
    services.plan_update(plan=plan, production_plan="月產車床45台", knacks="改進刀具")
    assert plan.history.count() == 2
    assert [h.production_plan for h in plan.history.order_by("history_id")] == [
        "月產車床40台",
        "月產車床45台",
    ]

    round_, enter, _ = race
    enter(a=100)
    enter(a=120)
    score = Score.objects.get()
    assert [h.value for h in score.history.order_by("history_id")] == [D(100), D(120)]
    assert score.history.latest().history_type == "~"

    author = MemberFactory(group=world.group_a)
    proposal = services.proposal_submit(
        group=world.group_a,
        user=alice,
        authors=[author],
        title="改進夾具",
        description="用快速夾具，一次裝夾。",
        category=Proposal.Category.TECHNIQUE,
        submitted_on=today(),
    )
    services.proposal_move(proposal=proposal, status=Proposal.Status.EVALUATING, on=today())
    services.proposal_move(proposal=proposal, status=Proposal.Status.ADOPTED, on=today())
    # Saving the proposal, then naming its authors, then each move: one row each.
    assert [(h.history_type, h.status) for h in proposal.history.order_by("history_id")] == [
        ("+", Proposal.Status.SUBMITTED),
        ("~", Proposal.Status.SUBMITTED),
        ("~", Proposal.Status.EVALUATING),
        ("~", Proposal.Status.ADOPTED),
    ]
    assert [row.member for row in proposal.history.latest().authors.all()] == [author]
