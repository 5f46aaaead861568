"""factory-boy factories for the competitions app. The organisation comes from tests.factories.

A plan runs over the current month unless given dates; a campaign is a factory's campaign over
the current month. The groups, rules and rounds of a campaign, and the indicators of a plan, are
passed as lists when wanted::

    plan = GuaranteePlanFactory(group=g, indicators=[Kind.OUTPUT, {"kind": Kind.SCRAP}])
    campaign = CampaignFactory(factory=f, groups=[g1, g2], rules=[{"kind": Kind.OUTPUT}])
    round_ = RoundFactory(campaign=campaign)

``record_progress(group, kind, on, value)`` adds a progress entry for a group, making the plan
and the indicator it needs on the way.
"""

import datetime
from decimal import Decimal

import factory as fb
from django.utils import timezone

from competitions.models import (
    HIGHER_IS_BETTER,
    Campaign,
    GuaranteePlan,
    Indicator,
    Kind,
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
    month_end,
)
from tests.factories import (
    FactoryUnionFactory,
    FederationFactory,
    MemberFactory,
    UnionGroupFactory,
    WorkshopUnionFactory,
)

DAY = datetime.timedelta(days=1)


def _month_start():
    return timezone.localdate().replace(day=1)


def _row(row):
    """A kind, or a dict of field values, as a dict."""
    return dict(row) if isinstance(row, dict) else {"kind": row}


# --- Guarantee plans -------------------------------------------------------------------------


class GuaranteePlanFactory(fb.django.DjangoModelFactory):
    """An open month plan over the current month. ``indicators=[kind or dict, ...]`` adds
    indicators; the ``fulfilled`` and ``unfulfilled`` traits close it at the period's end."""

    class Meta:
        model = GuaranteePlan
        skip_postgeneration_save = True

    class Params:
        fulfilled = fb.Trait(
            status=GuaranteePlan.Status.FULFILLED,
            closed_on=fb.SelfAttribute("ends_on"),
        )
        unfulfilled = fb.Trait(
            status=GuaranteePlan.Status.UNFULFILLED,
            closed_on=fb.SelfAttribute("ends_on"),
            close_reason="原材料供應不上。",
        )

    group = fb.SubFactory(UnionGroupFactory)
    period = GuaranteePlan.Period.MONTH
    starts_on = fb.LazyFunction(_month_start)
    ends_on = fb.LazyAttribute(lambda p: month_end(p.starts_on))
    production_plan = fb.Sequence(lambda n: f"月產機床{n}台")

    @fb.post_generation
    def indicators(obj, create, extracted, **kwargs):
        if create and extracted:
            for row in extracted:
                IndicatorFactory(plan=obj, **_row(row))


class IndicatorFactory(fb.django.DjangoModelFactory):
    """An output target of 100 pieces; a custom indicator gets a name, and scrap and incidents
    count lower as better, unless told otherwise."""

    class Meta:
        model = Indicator

    plan = fb.SubFactory(GuaranteePlanFactory)
    position = fb.Sequence(lambda n: n + 1)
    kind = Kind.OUTPUT
    name = fb.LazyAttribute(lambda i: "文明生產" if i.kind == Kind.CUSTOM else "")
    unit = "件"
    target = Decimal(100)
    higher_is_better = fb.LazyAttribute(lambda i: HIGHER_IS_BETTER[i.kind])


class ProgressEntryFactory(fb.django.DjangoModelFactory):
    """Ten done on the first day of the plan."""

    class Meta:
        model = ProgressEntry

    indicator = fb.SubFactory(IndicatorFactory)
    on = fb.LazyAttribute(lambda e: e.indicator.plan.starts_on)
    value = Decimal(10)


class PledgeFactory(fb.django.DjangoModelFactory):
    """A pledge by a member of the plan's group."""

    class Meta:
        model = Pledge

    plan = fb.SubFactory(GuaranteePlanFactory)
    member = fb.SubFactory(MemberFactory, group=fb.SelfAttribute("..plan.group"))
    text = fb.Sequence(lambda n: f"保證廢品率不超過{n % 5 + 1}%")


def record_progress(group, kind, on, value, *, period=GuaranteePlan.Period.MONTH, **indicator):
    """A progress entry of ``value`` for ``group`` on day ``on`` against its ``kind`` indicator,
    creating the group's plan for the month (or quarter) of ``on`` and the indicator if need be.
    """
    starts_on, ends_on = GuaranteePlan.bounds(period, on)
    plan = GuaranteePlan.objects.filter(group=group, period=period, starts_on=starts_on).first()
    if plan is None:
        plan = GuaranteePlanFactory(
            group=group, period=period, starts_on=starts_on, ends_on=ends_on
        )
    found = plan.indicators.filter(kind=kind).first()
    found = found or IndicatorFactory(plan=plan, kind=kind, **indicator)
    return ProgressEntryFactory(indicator=found, on=on, value=Decimal(value))


# --- Campaigns -------------------------------------------------------------------------------


class CampaignFactory(fb.django.DjangoModelFactory):
    """A factory's output campaign over the current month, with a red flag.

    ``groups=[...]`` makes them participants, ``rules=[kind or dict, ...]`` adds scoring rules
    (weight 1 unless given), ``veto_items=[name, ...]`` veto items. Traits ``city`` and
    ``workshop_scope`` change the unit that runs it."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    class Params:
        city = fb.Trait(
            scope=Campaign.Scope.CITY, factory=None, federation=fb.SubFactory(FederationFactory)
        )
        workshop_scope = fb.Trait(
            scope=Campaign.Scope.WORKSHOP,
            workshop=fb.SubFactory(WorkshopUnionFactory),
            factory=fb.SelfAttribute("workshop.factory"),
        )

    name = fb.Sequence(lambda n: f"第{n}次勞動競賽")
    kind = Campaign.CampaignKind.OUTPUT
    scope = Campaign.Scope.FACTORY
    factory = fb.SubFactory(FactoryUnionFactory)
    federation = fb.SelfAttribute("factory.federation")
    workshop = None
    starts_on = fb.LazyFunction(_month_start)
    ends_on = fb.LazyAttribute(lambda c: month_end(c.starts_on))
    red_flag = True

    @fb.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            for group in extracted:
                ParticipantFactory(campaign=obj, group=group)

    @fb.post_generation
    def rules(obj, create, extracted, **kwargs):
        if create and extracted:
            for row in extracted:
                RuleFactory(campaign=obj, **_row(row))

    @fb.post_generation
    def veto_items(obj, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                VetoItemFactory(campaign=obj, name=name)


def workshop_in(campaign):
    """A workshop within the campaign's scope (a new one unless the campaign is a workshop's)."""
    if campaign.workshop is not None:
        return campaign.workshop
    factory = campaign.factory or FactoryUnionFactory(federation=campaign.federation)
    return WorkshopUnionFactory(factory=factory)


class ParticipantFactory(fb.django.DjangoModelFactory):
    """A participating group, by default a new group within the campaign's scope."""

    class Meta:
        model = Participant

    campaign = fb.SubFactory(CampaignFactory)
    group = fb.SubFactory(
        UnionGroupFactory,
        workshop=fb.LazyAttribute(lambda g: workshop_in(g.factory_parent.campaign)),
    )


class RuleFactory(fb.django.DjangoModelFactory):
    """An output rule of weight 1; a custom rule gets a name."""

    class Meta:
        model = Rule

    campaign = fb.SubFactory(CampaignFactory)
    position = fb.Sequence(lambda n: n + 1)
    kind = Kind.OUTPUT
    name = fb.LazyAttribute(lambda r: "文明生產" if r.kind == Kind.CUSTOM else "")
    weight = Decimal(1)
    higher_is_better = fb.LazyAttribute(lambda r: HIGHER_IS_BETTER[r.kind])


class VetoItemFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = VetoItem

    campaign = fb.SubFactory(CampaignFactory)
    name = fb.Sequence(lambda n: f"發生重大事故{n}")


class RoundFactory(fb.django.DjangoModelFactory):
    """The campaign's next round, over the whole campaign unless given dates."""

    class Meta:
        model = Round

    campaign = fb.SubFactory(CampaignFactory)
    number = fb.LazyAttribute(lambda r: r.campaign.rounds.count() + 1)
    starts_on = fb.SelfAttribute("campaign.starts_on")
    ends_on = fb.SelfAttribute("campaign.ends_on")


def _participant(obj):
    """A new participating group of the round's campaign."""
    return ParticipantFactory(campaign=obj.round.campaign).group


class ScoreFactory(fb.django.DjangoModelFactory):
    """The organiser's value for a group (a new participant unless given) on a rule of the
    round's campaign."""

    class Meta:
        model = Score

    round = fb.SubFactory(RoundFactory)
    group = fb.LazyAttribute(_participant)
    rule = fb.SubFactory(RuleFactory, campaign=fb.SelfAttribute("..round.campaign"))
    value = Decimal(10)


class VetoFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = Veto

    round = fb.SubFactory(RoundFactory)
    group = fb.LazyAttribute(_participant)
    item = fb.SubFactory(VetoItemFactory, campaign=fb.SelfAttribute("..round.campaign"))
    note = "車床傷手一人。"


class RedFlagAwardFactory(fb.django.DjangoModelFactory):
    """The round's flag, awarded on its last day. It does not check who leads: use the service
    for that."""

    class Meta:
        model = RedFlagAward

    round = fb.SubFactory(RoundFactory)
    group = fb.LazyAttribute(_participant)
    awarded_on = fb.SelfAttribute("round.ends_on")
    citation = "生產第一，質量第一。"


# --- Pacts -----------------------------------------------------------------------------------


class PactFactory(fb.django.DjangoModelFactory):
    """A pact between a group and another group of its workshop, over the current month. The
    ``with_department`` trait makes the partner a department instead."""

    class Meta:
        model = Pact

    class Params:
        with_department = fb.Trait(partner_group=None, partner_department="供應科")

    group = fb.SubFactory(UnionGroupFactory)
    partner_group = fb.SubFactory(UnionGroupFactory, workshop=fb.SelfAttribute("..group.workshop"))
    partner_department = ""
    title = fb.Sequence(lambda n: f"互助聯繫公約{n}")
    group_commitments = "按時交出合格的毛坯。"
    partner_commitments = "及時反映加工中發現的問題。"
    starts_on = fb.LazyFunction(_month_start)
    ends_on = fb.LazyAttribute(lambda p: month_end(p.starts_on))


class PactReviewFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = PactReview

    pact = fb.SubFactory(PactFactory)
    reviewed_on = fb.SelfAttribute("pact.starts_on")
    kept = True


# --- Proposals -------------------------------------------------------------------------------


class ProposalFactory(fb.django.DjangoModelFactory):
    """A proposal submitted thirty days ago by one member of its group (``authors=[...]`` to
    name others). Traits move it along: ``adopted``, ``rejected``, ``implemented``."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    class Params:
        adopted = fb.Trait(
            status=Proposal.Status.ADOPTED,
            decided_on=fb.LazyAttribute(lambda p: p.submitted_on + 7 * DAY),
        )
        rejected = fb.Trait(
            status=Proposal.Status.REJECTED,
            decided_on=fb.LazyAttribute(lambda p: p.submitted_on + 7 * DAY),
            rejection_reason="設備條件不夠。",
        )
        implemented = fb.Trait(
            adopted=True,
            status=Proposal.Status.IMPLEMENTED,
            implemented_on=fb.LazyAttribute(lambda p: p.submitted_on + 14 * DAY),
            realised_money=Decimal("1200.00"),
        )

    group = fb.SubFactory(UnionGroupFactory)
    title = fb.Sequence(lambda n: f"改進刀具{n}")
    description = "把車刀的角度改小，一次走刀完成。"
    category = Proposal.Category.TECHNIQUE
    submitted_on = fb.LazyFunction(lambda: timezone.localdate() - 30 * DAY)

    @fb.post_generation
    def authors(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.authors.set(extracted if extracted is not None else [MemberFactory(group=obj.group)])
