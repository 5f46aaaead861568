"""Query counts of the competitions pages, and of the group page with its production panel,
pinned, and the same for 2 rows as for 50.

Each page is loaded once with 2 rows of what it lists and once with 50; both loads must run the
pinned number of queries. A page that grows a query per row fails here before it is slow.
"""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from competitions.models import Kind, Proposal, month_end
from tests.competitions.factories import (
    CampaignFactory,
    GuaranteePlanFactory,
    IndicatorFactory,
    PactFactory,
    PactReviewFactory,
    ParticipantFactory,
    PledgeFactory,
    ProgressEntryFactory,
    ProposalFactory,
    RedFlagAwardFactory,
    RoundFactory,
    ScoreFactory,
    VetoFactory,
    record_progress,
)
from tests.factories import (
    FactoryUnionFactory,
    MemberFactory,
    UnionGroupFactory,
    WorkshopUnionFactory,
)
from tests.helpers import assert_flat_queries

DAY = datetime.timedelta(days=1)
PAGE_SIZE = 25  # of the competitions app's paginated lists
ENTRIES_PAGE_SIZE = 20  # of a plan's progress entries


def _today():
    return timezone.localdate()


def _months_back(k):
    """The first day of the month ``k`` months before this one."""
    first = _today().replace(day=1)
    month = first.year * 12 + first.month - 1 - k
    return first.replace(year=month // 12, month=month % 12 + 1)


# Guarantee plans.


def test_it_shows_a_plan_in_fixed_queries(alice, alice_client, world, django_assert_num_queries):
    """Each row: a member's pledge and a progress entry (the newest 20 entries are listed, all
    of them are in the chart)."""
    plan = GuaranteePlanFactory(group=world.group_a, indicators=[Kind.OUTPUT, Kind.PASS_SHARE])
    indicators = list(plan.indicators.all())
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            member = MemberFactory(group=world.group_a)
            pledge = PledgeFactory(plan=plan, member=member, text=f"{member.name}保證不出廢品")
            ProgressEntryFactory(
                indicator=indicators[i % 2],
                on=plan.starts_on,
                value=Decimal(90 + i % 10),
                recorded_by=alice,
            )
            made.append(pledge)
            added.append(pledge)
        return added

    # 1 session, 2 user, 3 alice's scope with its units, 4 the plan with group, workshop,
    # factory and its author, 5 its indicators with their results, 6 the running results for
    # the chart (a window over all the entries), 7 count of its entries (paginator), 8 its
    # pledges with their members, 9 the indicators of the progress form, 10 the page of
    # entries with indicator and recorder.
    response = assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        plan.get_absolute_url(),
        add_rows=add_rows,
        rows_now=0,
        pinned=10,
        shown=lambda pledge: f"<strong>{pledge.member.name}</strong>: {pledge.text}",
    )
    chart = response.context["chart"]
    assert sum(len(i["points"]) for i in chart["indicators"]) == 50
    assert len(response.context["entries"]) == ENTRIES_PAGE_SIZE


def test_it_lists_a_groups_plans_in_fixed_queries(alice_client, world, django_assert_num_queries):
    """A month plan each month back, each with two indicators and a pledge; the newest 25 are on
    the first page."""
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            starts_on = _months_back(len(made))
            # This month's plan is under way, the earlier ones were fulfilled.
            plan = GuaranteePlanFactory(
                group=world.group_a,
                starts_on=starts_on,
                ends_on=month_end(starts_on),
                indicators=[Kind.OUTPUT, Kind.SCRAP],
                fulfilled=bool(made),
            )
            PledgeFactory(plan=plan, member=world.leader_a)
            made.append(plan)
            added.append(plan)
        return added

    def shown(plan):
        return plan.production_plan if plan in made[:PAGE_SIZE] else None

    # 1 session, 2 user, 3 alice's scope with its units, 4 the group with workshop and
    # factory, 5 count of its plans (paginator), 6 the page of plans with their indicators and
    # pledges counted in the same query.
    assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        reverse("competitions:group_plans", args=[world.group_a.pk]),
        add_rows=add_rows,
        rows_now=0,
        pinned=6,
        shown=shown,
    )


# Campaigns.


def test_it_lists_campaigns_in_fixed_queries(charlie_client, world, django_assert_num_queries):
    """Each campaign has two groups and a round whose red flag is awarded; the newest 25 are on
    the first page."""
    made = []

    def add_rows(n):
        for _ in range(n):
            campaign = CampaignFactory(
                factory=world.factory_a,
                name=f"第{len(made) + 1}次無廢品競賽",
                groups=[world.group_a, world.group_a2],
                rules=[Kind.SCRAP],
            )
            RedFlagAwardFactory(round=RoundFactory(campaign=campaign), group=world.group_a)
            made.append(campaign)
        return made[-n:]

    def shown(campaign):
        return campaign.name if campaign in made[-PAGE_SIZE:] else None

    # 1 session, 2 user, 3 charlie's scope with its units, 4 count of campaigns (paginator),
    # 5 the page of campaigns with federation, factory and workshop, their groups counted and
    # the red flag's holder as a subquery.
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("competitions:campaign_list"),
        add_rows=add_rows,
        rows_now=0,
        pinned=5,
        shown=shown,
    )
    assert response.content.decode().count(world.group_a.name) == PAGE_SIZE


def _factory_a_group(world, i):
    workshop = world.workshop_a if i % 2 else world.workshop_a2
    return UnionGroupFactory(workshop=workshop, name=f"第{i + 1}號小組")


def test_it_shows_a_campaign_in_fixed_queries(charlie_client, world, django_assert_num_queries):
    """Each row: a participating group and a round whose red flag it won."""
    campaign = CampaignFactory(
        factory=world.factory_a, rules=[Kind.OUTPUT, Kind.SCRAP], veto_items=["發生重大事故"]
    )
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            group = _factory_a_group(world, len(made))
            ParticipantFactory(campaign=campaign, group=group)
            round_ = RoundFactory(campaign=campaign)
            RedFlagAwardFactory(round=round_, group=group, citation=f"{group.name}全月無廢品")
            made.append(group)
            added.append(group)
        return added

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the campaign with federation,
    # factory and workshop (whether charlie runs it is read off the campaign: no query), 5 its
    # rounds with the red flag award and its group, 6 its rules, 7 its veto items, 8 who has
    # held the red flag (awards with group and round, each with the next award's date by a
    # window), 9 how many groups take part, 10 a page of them with workshop and factory.
    assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        campaign.get_absolute_url(),
        add_rows=add_rows,
        rows_now=0,
        pinned=10,
        shown=lambda group: f"{group.name}全月無廢品",
    )


def _standings_rows(world, campaign, round_):
    """Each row: a participating group with progress entries on output and scrap over the
    round, the organiser's score on the custom rule, and every fifth group a veto."""
    custom = campaign.rules.get(kind=Kind.CUSTOM)
    item = campaign.veto_items.get()
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            group = _factory_a_group(world, i)
            ParticipantFactory(campaign=campaign, group=group)
            for day in (round_.starts_on, round_.starts_on + DAY):
                day = min(day, round_.ends_on)
                record_progress(group, Kind.OUTPUT, day, 100 + i)
                record_progress(group, Kind.SCRAP, day, i % 7)
            ScoreFactory(round=round_, group=group, rule=custom, value=Decimal(60 + i % 40))
            if i % 5 == 4:
                VetoFactory(round=round_, group=group, item=item, note=f"{group.name}出事故")
            made.append(group)
            added.append(group)
        return added

    return add_rows


def test_it_shows_the_standings_in_fixed_queries(charlie_client, world, django_assert_num_queries):
    """The standings grow with neither the groups nor their progress entries: one query ranks
    them all. Charlie runs the campaign, so the page has the award and veto forms."""
    campaign = CampaignFactory(
        factory=world.factory_a,
        rules=[Kind.OUTPUT, {"kind": Kind.SCRAP, "weight": Decimal(2)}, Kind.CUSTOM],
        veto_items=["發生重大事故"],
    )
    round_ = RoundFactory(campaign=campaign)

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the campaign with federation,
    # factory and workshop (whether charlie runs it: no query), 5 the round with its red flag
    # award and group, 6 the campaign's standings version, 7 the standings (one query over
    # groups, rules, scores, progress and vetoes; the rows added change them, so they are
    # computed again), 8 the rules, 9 the round's vetoes with their items, 10 the numbers of the
    # rounds, 11 the veto items, 12 the leading groups for the award form, 13 the groups of the
    # veto form, 14 the veto items of the veto form.
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        round_.get_absolute_url(),
        add_rows=_standings_rows(world, campaign, round_),
        rows_now=0,
        pinned=14,
        shown=lambda group: group.name,
    )
    rows = response.context["rows"]
    assert len(rows) == 50 and sum(row.vetoed for row in rows) == 10
    assert all(len(row.breakdown) == 3 for row in rows)


def test_it_shows_a_participant_the_standings_in_fixed_queries(
    alice_client, world, django_assert_num_queries
):
    campaign = CampaignFactory(
        factory=world.factory_a,
        groups=[world.group_a],
        rules=[Kind.OUTPUT, Kind.SCRAP, Kind.CUSTOM],
        veto_items=["發生重大事故"],
    )
    round_ = RoundFactory(campaign=campaign)
    add_rows = _standings_rows(world, campaign, round_)

    # 1 session, 2 user, 3 alice's scope with its units, 4 the campaign with federation,
    # factory and workshop, 5 the round with its red flag award and group (whether alice runs
    # the campaign needs no query: she runs none), 6 the standings version, 7 the standings,
    # 8 the rules, 9 the round's vetoes with their items, 10 the numbers of the rounds, 11 the
    # veto items.
    assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        round_.get_absolute_url(),
        add_rows=add_rows,
        rows_now=1,
        pinned=11,
        shown=lambda group: group.name,
    )
    # Nothing has changed since: the standings kept are read, not computed again.
    with django_assert_num_queries(10):
        alice_client.get(round_.get_absolute_url())


def test_it_shows_the_scores_form_in_fixed_queries(
    charlie_client, world, django_assert_num_queries
):
    """Each row: a participating group, with the organiser's score on one of the two rules."""
    campaign = CampaignFactory(factory=world.factory_a, rules=[Kind.OUTPUT, Kind.CUSTOM])
    round_ = RoundFactory(campaign=campaign)
    custom = campaign.rules.get(kind=Kind.CUSTOM)
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            group = _factory_a_group(world, len(made))
            ParticipantFactory(campaign=campaign, group=group)
            ScoreFactory(round=round_, group=group, rule=custom, value=Decimal(len(made) + 1))
            made.append(group)
            added.append(group)
        return added

    # 1 session, 2 user, 3 charlie's scope with its units, 4 the campaign with federation,
    # factory and workshop (whether charlie runs it: no query), 5 the round, 6 the round's
    # scores, 7 the campaign's groups, 8 its rules.
    assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("competitions:scores_edit", args=[campaign.pk, round_.number]),
        add_rows=add_rows,
        rows_now=0,
        pinned=8,
        shown=lambda group: f'<td data-label="Union group">{group.name}</td>',
    )


# Pacts.


def test_it_lists_pacts_in_fixed_queries(charlie_client, world, django_assert_num_queries):
    """Pacts of group A with other groups or with a department, each reviewed twice; the newest
    25 are on the first page."""
    made = []

    def add_rows(n):
        for _ in range(n):
            i = len(made)
            partner = {"with_department": True} if i % 3 == 0 else {}
            if not partner:
                partner["partner_group"] = _factory_a_group(world, i)
            pact = PactFactory(group=world.group_a, title=f"第{i + 1}號互助公約", **partner)
            PactReviewFactory(pact=pact)
            PactReviewFactory(pact=pact, reviewed_on=pact.starts_on + DAY)
            made.append(pact)
        return made[-n:]

    def shown(pact):
        return pact.title if pact in made[-PAGE_SIZE:] else None

    # 1 session, 2 user, 3 charlie's scope with its units, 4 count of pacts (paginator), 5 the
    # page of pacts with both groups, their workshops and factories, 6 the page's pacts' reviews
    # counted and the last one dated, in one grouped query.
    assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("competitions:pact_list"),
        add_rows=add_rows,
        rows_now=0,
        pinned=6,
        shown=shown,
    )


def test_it_shows_a_pact_in_fixed_queries(alice, alice_client, world, django_assert_num_queries):
    pact = PactFactory(group=world.group_a, partner_group=world.group_a2)
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            review = PactReviewFactory(
                pact=pact,
                reviewed_on=pact.starts_on,
                kept=False,
                problems=f"第{i + 1}批毛坯晚到",
                actions="調度員協調",
                recorded_by=alice,
            )
            made.append(review)
            added.append(review)
        return added

    # 1 session, 2 user, 3 alice's scope with its units, 4 the pact with both groups, their
    # workshops and factories, 5 its reviews with who recorded them.
    assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        pact.get_absolute_url(),
        add_rows=add_rows,
        rows_now=0,
        pinned=5,
        shown=lambda review: review.problems,
    )


# Proposals.


def test_it_lists_proposals_in_fixed_queries(alice_client, world, django_assert_num_queries):
    """Each proposal has two authors; the newest 25 are on the first page."""
    made = []

    def add_rows(n):
        for _ in range(n):
            i = len(made)
            authors = MemberFactory.create_batch(2, group=world.group_a)
            traits = [{}, {"adopted": True}, {"implemented": True}, {"rejected": True}][i % 4]
            made.append(
                ProposalFactory(
                    group=world.group_a, authors=authors, title=f"第{i + 1}號建議", **traits
                )
            )
        return made[-n:]

    def shown(proposal):
        return proposal.title if proposal in made[-PAGE_SIZE:] else None

    # 1 session, 2 user, 3 alice's scope with its units, 4 count of proposals (paginator),
    # 5 the page of proposals with group, workshop and factory, 6 their authors.
    response = assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        reverse("competitions:proposal_list"),
        add_rows=add_rows,
        rows_now=0,
        pinned=6,
        shown=shown,
    )
    content = response.content.decode()
    for proposal in made[-PAGE_SIZE:]:
        names = [a.name for a in proposal.authors.all()]
        assert ", ".join(names) in content


def test_it_shows_charlie_the_proposal_figures_in_fixed_queries(
    charlie_client, world, django_assert_num_queries
):
    """Per group of factory A: its members, and proposals submitted, adopted and implemented."""

    def add_rows(n):
        added = []
        for i in range(n):
            group = _factory_a_group(world, i)
            MemberFactory(group=group)
            ProposalFactory(group=group)
            ProposalFactory(group=group, implemented=True)
            added.append(group)
        return added

    # 1 session, 2 user, 3 charlie's scope with its units, 4 count of the active groups
    # (paginator), 5 the page of groups with workshop, 6 their proposal figures grouped by
    # group, 7 their active members counted by group, 8 the figures of all the proposals
    # charlie sees, 9 count of the members charlie sees.
    response = assert_flat_queries(
        django_assert_num_queries,
        charlie_client,
        reverse("competitions:proposal_figures"),
        add_rows=add_rows,
        rows_now=2,
        pinned=9,
        shown=lambda group: f'?group={group.pk}">{group.name}</a>',
    )
    assert response.context["total"]["submitted"] == 96


def test_it_shows_the_federation_the_proposal_figures_in_fixed_queries(
    fiona_client, world, django_assert_num_queries
):
    """Per factory of the city: its members, and the proposals of its groups."""

    def add_rows(n):
        added = []
        for _ in range(n):
            factory = FactoryUnionFactory(federation=world.federation)
            for _group in range(2):
                group = UnionGroupFactory(workshop=WorkshopUnionFactory(factory=factory))
                ProposalFactory(group=group, adopted=True)
            added.append(factory)
        return added

    # 1 session, 2 user, 3 fiona's scope with its units, 4 count of factories (paginator), 5 the
    # page of factories, 6 their proposal figures grouped by factory, 7 their active members
    # counted by factory, 8 the figures of all the proposals of the city, 9 count of the city's
    # members.
    response = assert_flat_queries(
        django_assert_num_queries,
        fiona_client,
        reverse("competitions:proposal_figures"),
        add_rows=add_rows,
        rows_now=2,
        pinned=9,
        shown=lambda factory: f'{factory.get_absolute_url()}">{factory.name}</a>',
    )
    submitted = {unit.pk: unit.figures["submitted"] for unit in response.context["page"]}
    assert submitted.pop(world.factory_a.pk) == submitted.pop(world.factory_b.pk) == 0
    assert len(submitted) == 48 and set(submitted.values()) == {2}
    assert response.context["total"]["adopted"] == 96


# The group page, with a current guarantee plan.


def test_it_shows_a_group_with_its_current_plan_in_fixed_queries(
    alice, alice_client, world, django_assert_num_queries
):
    """The group's current plan grows indicators (with progress) and pledges; it takes part in
    more campaigns, has more pacts and more proposals."""
    group = world.group_a
    plan = GuaranteePlanFactory(group=group)
    made = []

    def add_rows(n):
        added = []
        for _ in range(n):
            i = len(made)
            indicator = IndicatorFactory(plan=plan, kind=Kind.CUSTOM, name=f"第{i + 1}項文明生產")
            ProgressEntryFactory(indicator=indicator, value=Decimal(5 + i), recorded_by=alice)
            PledgeFactory(plan=plan, member=world.leader_a)
            campaign = CampaignFactory(
                factory=world.factory_a, groups=[group, world.group_a2], rules=[Kind.OUTPUT]
            )
            RedFlagAwardFactory(round=RoundFactory(campaign=campaign), group=group)
            PactFactory(group=group, partner_group=_factory_a_group(world, i))
            ProposalFactory(group=group, authors=[world.leader_a])
            made.append(indicator)
            added.append(indicator)
        return added

    # 1 session, 2 user, 3 alice's scope with its units, 4 the group with workshop and
    # factory, 5 all its roles with their members, 6 its active members, 7 the preparedness
    # figures of its meetings, 8 its current guarantee plan with its pledges counted, 9 the
    # plan's indicators with their results (the query more than without a plan, see
    # tests/groups/test_queries.py), 10 this year's proposal figures, 11 its next three
    # meetings, 12 its open action items, 13 the resolutions it has still to carry out, 14 the
    # campaigns it takes part in now with the red flag's holder as a subquery, 15 its pacts in
    # force with both groups, 16 its former members, 17 its welfare cases not closed,
    # 18-19 its welfare counts, 20 its latest activities.
    response = assert_flat_queries(
        django_assert_num_queries,
        alice_client,
        group.get_absolute_url(),
        add_rows=add_rows,
        rows_now=0,
        pinned=20,
        shown=lambda indicator: indicator.name,
    )
    content = response.content.decode()
    assert 'id="current-plan"' in content
    assert "50 individual guarantee conditions" in content
    assert Proposal.objects.filter(group=group).count() == 50
