"""Who may open which page of the competitions app, and what the pages let them reach.

Every page: it works for its user, anonymous visitors are sent to sign in, an outsider guessing
ids gets 404, the federation reads the groups' plans and proposals but never writes them, a group
leader neither organises campaigns and pacts nor decides proposals (the unions above the group
do), POST-only views refuse GET, and a refused request changes nothing.

Campaigns are run by factory staff (their factory's and its workshops') and federation staff
(their city's), and seen by them and by the groups that take part; a pact is seen from the scope
of either of its groups.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.models import (
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
)
from tests.competitions.factories import (
    CampaignFactory,
    GuaranteePlanFactory,
    PactFactory,
    PledgeFactory,
    ProgressEntryFactory,
    ProposalFactory,
    RoundFactory,
)
from tests.factories import (
    FactoryUnionFactory,
    FederationFactory,
    UnionGroupFactory,
    WorkshopUnionFactory,
    scoped_user,
)

DAY = datetime.timedelta(days=1)

# Pages that show records: the group leader, the unions above her and the federation read them.
READ_PAGES = [
    "group_plans",
    "plan_detail",
    "campaign_list",
    "campaign_detail",
    "standings",
    "pact_list",
    "pact_detail",
    "proposal_list",
    "proposal_figures",
    "proposal_detail",
]
# Pages that change a group's plans and proposals: every scope below the federation uses them.
WRITE_FORMS = [
    "plan_create",
    "plan_edit",
    "indicator_add",
    "progress_create",
    "pledge_create",
    "pledge_edit",
    "plan_close",
    "progress_delete",
    "proposal_create",
]
# Deciding a proposal: the factory and workshop unions above the group.
DECIDE_FORMS = ["proposal_move"]
# Running campaigns: factory and federation staff.
ORGANISE_FORMS = ["campaign_create", "scores_edit", "veto_create"]
ORGANISE_POST_ONLY = ["award_create"]
ORGANISE_PAGES = ORGANISE_FORMS + ORGANISE_POST_ONLY
# Making pacts: factory and federation staff; reviewing them: whoever writes or organises.
PACT_FORMS = ["pact_create"]
REVIEW_POST_ONLY = ["review_create"]
POST_ONLY = ORGANISE_POST_ONLY + REVIEW_POST_ONLY
ALL_PAGES = [
    *READ_PAGES,
    *WRITE_FORMS,
    *DECIDE_FORMS,
    *ORGANISE_PAGES,
    *PACT_FORMS,
    *REVIEW_POST_ONLY,
]
LISTS = ["campaign_list", "pact_list", "proposal_list", "proposal_figures"]
# Pages whose URL names one of alice's group's records (all but the lists and the two forms that
# start something new without a group).
OBJECT_PAGES = [p for p in ALL_PAGES if p not in [*LISTS, "campaign_create", "pact_create"]]
# Whose page it is: alice's group's records are alice's, walter decides proposals, charlie
# organises.
OWNERS = {
    **dict.fromkeys(DECIDE_FORMS, "walter"),
    **dict.fromkeys(ORGANISE_PAGES + PACT_FORMS, "charlie"),
}


def _requests(pages):
    """(page, method) pairs: GET and POST, but only POST for POST-only views (GET: 405)."""
    return [(p, m) for p in pages for m in ("get", "post") if not (p in POST_ONLY and m == "get")]


def _today():
    return timezone.localdate()


@pytest.fixture
def records(world, alice):
    """Alice's group's records: an open plan for the month with an output target, a progress
    entry and a pledge; a factory A campaign between groups A and A2 with one round; a pact
    between groups A and A2; a proposal of group A. Alice recorded them, as through the pages."""
    plan = GuaranteePlanFactory(
        group=world.group_a, production_plan="車床零件1200件", indicators=[Kind.OUTPUT]
    )
    indicator = plan.indicators.get()
    entry = ProgressEntryFactory(
        indicator=indicator, on=_today(), value=Decimal(650), recorded_by=alice
    )
    pledge = PledgeFactory(plan=plan, member=world.leader_a, text="保證不出廢品")
    campaign = CampaignFactory(
        factory=world.factory_a,
        name="機器廠無廢品競賽",
        groups=[world.group_a, world.group_a2],
        rules=[Kind.OUTPUT],
        veto_items=["發生重大安全事故"],
    )
    round_ = RoundFactory(campaign=campaign)
    rule = campaign.rules.get()
    item = campaign.veto_items.get()
    pact = PactFactory(group=world.group_a, partner_group=world.group_a2, title="金工裝配互助公約")
    proposal = ProposalFactory(
        group=world.group_a, authors=[world.leader_a], title="改進車刀角度", submitted_by=alice
    )
    Proposal.history.filter(id=proposal.pk).update(history_user=alice)
    return SimpleNamespace(**locals())


def _urls(world, records):
    r = records
    plan, campaign = r.plan.pk, r.campaign.pk
    return {
        "group_plans": reverse("competitions:group_plans", args=[world.group_a.pk]),
        "plan_create": reverse("competitions:plan_create", args=[world.group_a.pk]),
        "plan_detail": reverse("competitions:plan_detail", args=[plan]),
        "plan_edit": reverse("competitions:plan_edit", args=[plan]),
        "indicator_add": reverse("competitions:indicator_add", args=[plan]),
        "progress_create": reverse("competitions:progress_create", args=[plan]),
        "pledge_create": reverse("competitions:pledge_create", args=[plan]),
        "plan_close": reverse("competitions:plan_close", args=[plan]),
        "progress_delete": reverse("competitions:progress_delete", args=[r.entry.pk]),
        "pledge_edit": reverse("competitions:pledge_edit", args=[r.pledge.pk]),
        "campaign_list": reverse("competitions:campaign_list"),
        "campaign_create": reverse("competitions:campaign_create"),
        "campaign_detail": reverse("competitions:campaign_detail", args=[campaign]),
        "standings": reverse("competitions:standings", args=[campaign, 1]),
        "scores_edit": reverse("competitions:scores_edit", args=[campaign, 1]),
        "veto_create": reverse("competitions:veto_create", args=[campaign, 1]),
        "award_create": reverse("competitions:award_create", args=[campaign, 1]),
        "pact_list": reverse("competitions:pact_list"),
        "pact_create": reverse("competitions:pact_create"),
        "pact_detail": reverse("competitions:pact_detail", args=[r.pact.pk]),
        "review_create": reverse("competitions:review_create", args=[r.pact.pk]),
        "proposal_list": reverse("competitions:proposal_list"),
        "proposal_figures": reverse("competitions:proposal_figures"),
        "proposal_create": reverse("competitions:proposal_create", args=[world.group_a.pk]),
        "proposal_detail": reverse("competitions:proposal_detail", args=[r.proposal.pk]),
        "proposal_move": reverse("competitions:proposal_move", args=[r.proposal.pk]),
    }


def _valid_post(world, records, page):
    """A POST body each page would accept from someone allowed to use it."""
    today = _today().isoformat()
    month_end = records.plan.ends_on.isoformat()
    return {
        # The plan for the month exists: a quarter plan is another one.
        "plan_create": {
            "period": "quarter",
            "day": today,
            "production_plan": "季度產機床40台",
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "0",
            "indicators-0-kind": "output",
            "indicators-0-unit": "台",
            "indicators-0-target": "40",
        },
        "plan_edit": {"production_plan": "車床零件1300件", "knacks": "改進卡具"},
        "indicator_add": {"kind": "scrap", "unit": "件", "target": "5"},
        "progress_create": {"indicator": records.indicator.pk, "on": today, "value": "20"},
        "pledge_create": {"member": world.leader_a.pk, "text": "每天多車5件", "target": "5"},
        "pledge_edit": {"member": world.leader_a.pk, "text": "保證廢品率不超過1%"},
        "plan_close": {"outcome": "fulfilled", "reason": "", "on": today},
        "progress_delete": {},
        "proposal_create": {
            "authors": [world.leader_a.pk],
            "title": "改進卡具",
            "description": "用快速卡具縮短裝夾時間",
            "category": "technique",
            "submitted_on": today,
        },
        "proposal_move": {"status": "adopted", "on": today},
        "campaign_create": {
            "name": "安全競賽",
            "kind": "safety",
            "unit": f"factory:{world.factory_a.pk}",
            "starts_on": today,
            "ends_on": month_end,
            "rounds": "single",
            "red_flag": "on",
            "groups": [world.group_a.pk, world.group_a2.pk],
            "rules-TOTAL_FORMS": "1",
            "rules-INITIAL_FORMS": "0",
            "rules-0-kind": "incidents",
            "rules-0-weight": "1",
        },
        "scores_edit": {f"s_{world.group_a2.pk}_{records.rule.pk}": "700"},
        "veto_create": {"group": world.group_a2.pk, "item": records.item.pk, "note": "燙傷一人"},
        # Group A leads the round on its progress entry: the flag is its.
        "award_create": {"group": world.group_a.pk, "on": today, "citation": "全月無廢品"},
        "pact_create": {
            "group": world.group_a2.pk,
            "partner_group": world.group_a.pk,
            "title": "裝配金工互助公約",
            "group_commitments": "按時交出合格的部件",
            "partner_commitments": "及時反映裝配中的問題",
            "starts_on": today,
            "ends_on": month_end,
        },
        "review_create": {"reviewed_on": today, "kept": "1"},
    }.get(page, {})


SNAPSHOT_MODELS = [
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


def _snapshot():
    """What a refused request must leave untouched, history included."""
    rows = [list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS]
    histories = [m.history.count() for m in SNAPSHOT_MODELS if hasattr(m, "history")]
    return rows, histories


def _client(request, persona):
    return request.getfixturevalue(f"{persona}_client")


def _send(client, method, url, data):
    return getattr(client, method)(url, data if method == "post" else None)


# It works for its user.


@pytest.mark.parametrize("page", [p for p in ALL_PAGES if p not in POST_ONLY])
def test_it_shows_each_page_to_its_user_and_writes_nothing(request, world, records, page):
    before = _snapshot()
    response = _client(request, OWNERS.get(page, "alice")).get(_urls(world, records)[page])
    assert response.status_code == 200
    assert _snapshot() == before


@pytest.mark.parametrize(
    "page", WRITE_FORMS + DECIDE_FORMS + ORGANISE_PAGES + PACT_FORMS + REVIEW_POST_ONLY
)
def test_it_accepts_each_write_from_its_user(request, world, records, page):
    before = _snapshot()
    client = _client(request, OWNERS.get(page, "alice"))
    response = client.post(_urls(world, records)[page], _valid_post(world, records, page))
    assert response.status_code == 302
    assert _snapshot() != before


@pytest.mark.parametrize("persona", ["walter", "charlie"])
@pytest.mark.parametrize("page", WRITE_FORMS)
def test_the_unions_above_the_group_write_its_records(request, world, records, persona, page):
    before = _snapshot()
    client = _client(request, persona)
    response = client.post(_urls(world, records)[page], _valid_post(world, records, page))
    assert response.status_code == 302
    assert _snapshot() != before


@pytest.mark.parametrize("page", DECIDE_FORMS)
def test_factory_staff_decide_proposals(charlie_client, world, records, page):
    url = _urls(world, records)[page]
    assert charlie_client.post(url, _valid_post(world, records, page)).status_code == 302
    records.proposal.refresh_from_db()
    assert records.proposal.status == Proposal.Status.ADOPTED


@pytest.mark.parametrize("page", ["campaign_create", *PACT_FORMS, *REVIEW_POST_ONLY])
def test_the_federation_organises_and_reviews(fiona_client, world, records, page):
    before = _snapshot()
    url = _urls(world, records)[page]
    if page not in POST_ONLY:
        assert fiona_client.get(url).status_code == 200
    response = fiona_client.post(url, _valid_post(world, records, page))
    assert response.status_code == 302
    assert _snapshot() != before


# A factory's own campaign is the factory's to run: the federation reads it (it runs the
# city-wide ones: see test_a_city_campaign_is_seen_by_its_groups_and_run_by_the_federation).
@pytest.mark.parametrize(
    ("page", "method"), _requests(["scores_edit", "veto_create", "award_create"])
)
def test_the_federation_does_not_run_a_factorys_campaign(
    fiona_client, world, records, page, method
):
    before = _snapshot()
    url = _urls(world, records)[page]
    response = _send(fiona_client, method, url, _valid_post(world, records, page))
    assert response.status_code == 403
    assert _snapshot() == before


# Anonymous visitors sign in first.


@pytest.mark.parametrize("page", ALL_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_visitors_to_sign_in(anon_client, world, records, page, method):
    url = _urls(world, records)[page]
    before = _snapshot()
    response = _send(anon_client, method, url, _valid_post(world, records, page))
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"
    assert _snapshot() == before


# An outsider guessing ids finds nothing.


@pytest.mark.parametrize(("page", "method"), _requests(OBJECT_PAGES))
def test_it_hides_alices_records_from_an_outsider(bob_client, world, records, page, method):
    before = _snapshot()
    url = _urls(world, records)[page]
    response = _send(bob_client, method, url, _valid_post(world, records, page))
    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("page", LISTS)
def test_it_keeps_alices_records_out_of_an_outsiders_lists(bob_client, world, records, page):
    response = bob_client.get(_urls(world, records)[page])
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        records.campaign.name,
        records.pact.title,
        records.proposal.title,
        world.group_a.name,
        world.group_a2.name,
    ):
        assert text not in content


def test_it_lists_bobs_own_records_to_him(bob_client, world, records):
    proposal_b = ProposalFactory(group=world.group_b, title="改進煉鋼爐門")
    pact_b = PactFactory(group=world.group_b, with_department=True, title="煉鋼供應互助公約")
    campaign_b = CampaignFactory(
        factory=world.factory_b,
        name="鋼廠安全競賽",
        groups=[world.group_b, UnionGroupFactory(workshop=world.workshop_b)],
    )
    pages = {"proposal_list": proposal_b.title, "pact_list": pact_b.title}
    pages["campaign_list"] = campaign_b.name
    for page, text in pages.items():
        content = bob_client.get(_urls(world, records)[page]).content.decode()
        assert text in content
        assert records.proposal.title not in content


def test_it_refuses_bob_the_proposals_of_alices_group_by_filter(bob_client, world, records):
    url = reverse("competitions:proposal_list")
    assert bob_client.get(url, {"group": world.group_a.pk}).status_code == 404


@pytest.mark.parametrize("page", ["campaign_create", "pact_create"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_forbids_an_outsider_to_organise(bob_client, world, records, page, method):
    before = _snapshot()
    url = _urls(world, records)[page]
    response = _send(bob_client, method, url, _valid_post(world, records, page))
    assert response.status_code == 403
    assert _snapshot() == before


# The federation reads the groups' records, and writes none.


@pytest.mark.parametrize("page", READ_PAGES)
def test_it_lets_the_federation_read(fiona_client, world, records, page):
    response = fiona_client.get(_urls(world, records)[page])
    assert response.status_code == 200


@pytest.mark.parametrize(("page", "method"), _requests(WRITE_FORMS + DECIDE_FORMS))
def test_it_forbids_the_federation_to_write(fiona_client, world, records, page, method):
    before = _snapshot()
    url = _urls(world, records)[page]
    response = _send(fiona_client, method, url, _valid_post(world, records, page))
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("page", ["group_plans", "plan_detail", "proposal_detail"])
def test_it_offers_the_federation_no_write_buttons(fiona_client, world, records, page):
    urls = _urls(world, records)
    content = fiona_client.get(urls[page]).content.decode()
    for write in WRITE_FORMS + DECIDE_FORMS:
        assert f'"{urls[write]}"' not in content


# A group leader and workshop staff neither organise campaigns nor make pacts; a leader does not
# decide her group's proposals.


@pytest.mark.parametrize("persona", ["alice", "walter"])
@pytest.mark.parametrize(("page", "method"), _requests(ORGANISE_PAGES + PACT_FORMS))
def test_it_forbids_organising_below_the_factory(request, world, records, persona, page, method):
    before = _snapshot()
    url = _urls(world, records)[page]
    response = _send(_client(request, persona), method, url, _valid_post(world, records, page))
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_forbids_a_leader_to_decide_a_proposal(alice_client, world, records, method):
    before = _snapshot()
    url = _urls(world, records)["proposal_move"]
    response = _send(alice_client, method, url, _valid_post(world, records, "proposal_move"))
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("persona", ["alice", "walter"])
def test_it_offers_no_organiser_links_below_the_factory(request, world, records, persona):
    urls = _urls(world, records)
    client = _client(request, persona)
    for page in ("campaign_list", "campaign_detail", "standings", "pact_list"):
        response = client.get(urls[page])
        assert response.status_code == 200
        assert not response.context["perms_organise"]
        content = response.content.decode()
        for organise in ("campaign_create", "scores_edit", "pact_create"):
            assert f'"{urls[organise]}"' not in content


@pytest.mark.parametrize("page", POST_ONLY)
def test_it_refuses_get_on_post_only_views(request, world, records, page):
    before = _snapshot()
    response = _client(request, OWNERS.get(page, "alice")).get(_urls(world, records)[page])
    assert response.status_code == 405
    assert _snapshot() == before


# Campaigns: seen by the units that run them and the groups that take part; run by factory and
# federation staff.


def _campaign_urls(campaign):
    return {
        "campaign_detail": campaign.get_absolute_url(),
        "standings": reverse("competitions:standings", args=[campaign.pk, 1]),
        "scores_edit": reverse("competitions:scores_edit", args=[campaign.pk, 1]),
    }


def _assert_reach(client, campaign, *, sees, organises):
    """The campaign's pages answer as they should: 404 unseen, 403 seen but not run by the
    user, 200 run by the user; organiser posts change nothing unless the user runs it."""
    urls = _campaign_urls(campaign)
    shown = 200 if sees else 404
    assert client.get(urls["campaign_detail"]).status_code == shown
    assert client.get(urls["standings"]).status_code == shown
    organiser = 200 if organises else 403 if sees else 404
    assert client.get(urls["scores_edit"]).status_code == organiser
    if not organises:
        before = _snapshot()
        item = campaign.veto_items.first()
        group = campaign.groups.first()
        veto = {"group": group.pk, "item": item.pk if item else "", "note": "冒名"}
        veto_url = reverse("competitions:veto_create", args=[campaign.pk, 1])
        award_url = reverse("competitions:award_create", args=[campaign.pk, 1])
        assert client.post(veto_url, veto).status_code == organiser
        award = {"group": group.pk, "on": _today().isoformat()}
        assert client.post(award_url, award).status_code == organiser
        assert _snapshot() == before
    content = client.get(reverse("competitions:campaign_list")).content.decode()
    assert (campaign.name in content) is sees


def _city_campaign(world, fiona, groups, name):
    campaign = CampaignFactory(
        city=True,
        federation=world.federation,
        name=name,
        organised_by=fiona,
        groups=groups,
        rules=[Kind.OUTPUT],
        veto_items=["發生重大安全事故"],
    )
    RoundFactory(campaign=campaign)
    return campaign


@pytest.mark.parametrize(
    ("persona", "sees", "organises"),
    [
        ("alice", True, False),
        ("walter", True, False),
        ("charlie", True, False),
        ("bob", True, False),
        ("fiona", True, True),
    ],
)
def test_a_city_campaign_is_seen_by_its_groups_and_run_by_the_federation(
    request, world, fiona, persona, sees, organises
):
    campaign = _city_campaign(world, fiona, [world.group_a, world.group_b], "全市紅旗競賽")
    _assert_reach(_client(request, persona), campaign, sees=sees, organises=organises)


@pytest.mark.parametrize(
    ("persona", "sees", "organises"),
    [
        ("alice", False, False),
        ("walter", False, False),
        ("charlie", False, False),
        ("bob", True, False),
        ("fiona", True, True),
    ],
)
def test_charlie_does_not_see_a_city_campaign_without_his_groups(
    request, world, fiona, persona, sees, organises
):
    other = UnionGroupFactory(workshop=world.workshop_b, name="鋼廠另一小組")
    campaign = _city_campaign(world, fiona, [world.group_b, other], "鋼鐵系統競賽")
    _assert_reach(_client(request, persona), campaign, sees=sees, organises=organises)


@pytest.mark.parametrize(
    ("persona", "sees", "organises"),
    [
        ("alice", True, False),
        ("walter", True, False),
        ("charlie", True, True),
        ("bob", False, False),
        # The federation reads a factory's campaigns and runs only its own, city-wide ones.
        ("fiona", True, False),
    ],
)
def test_a_workshop_campaign_is_run_by_its_factory(request, world, persona, sees, organises):
    campaign = CampaignFactory(
        scope=Campaign.Scope.WORKSHOP,
        factory=world.factory_a,
        workshop=world.workshop_a,
        name="金工車間競賽",
        groups=[world.group_a, UnionGroupFactory(workshop=world.workshop_a)],
        rules=[Kind.OUTPUT],
        veto_items=["發生重大安全事故"],
    )
    RoundFactory(campaign=campaign)
    _assert_reach(_client(request, persona), campaign, sees=sees, organises=organises)


@pytest.mark.parametrize(
    ("persona", "sees", "organises"),
    [
        ("alice", False, False),
        ("walter", False, False),
        ("charlie", True, True),
        ("bob", False, False),
        ("fiona", True, False),  # it reads a factory's campaign, runs the city's
    ],
)
def test_a_factory_campaign_without_alices_group(request, world, persona, sees, organises):
    """Factory A's campaign between two groups of workshop A2: charlie runs it, walter and
    alice, whose group does not take part, do not see it."""
    campaign = CampaignFactory(
        factory=world.factory_a,
        name="裝配車間內部競賽",
        groups=[world.group_a2, UnionGroupFactory(workshop=world.workshop_a2)],
        rules=[Kind.OUTPUT],
        veto_items=["發生重大安全事故"],
    )
    RoundFactory(campaign=campaign)
    _assert_reach(_client(request, persona), campaign, sees=sees, organises=organises)


@pytest.mark.parametrize(
    ("persona", "sees", "organises"),
    [
        ("alice", False, False),
        ("walter", False, False),
        ("charlie", False, False),
        ("bob", True, False),
        ("fiona", True, False),  # it reads a factory's campaign, runs the city's
    ],
)
def test_another_factorys_campaign(request, world, persona, sees, organises):
    campaign = CampaignFactory(
        factory=world.factory_b,
        name="鋼廠勞動競賽",
        groups=[world.group_b, UnionGroupFactory(workshop=world.workshop_b)],
        rules=[Kind.OUTPUT],
        veto_items=["發生重大安全事故"],
    )
    RoundFactory(campaign=campaign)
    _assert_reach(_client(request, persona), campaign, sees=sees, organises=organises)


def test_the_federation_sees_every_campaign_of_its_city_and_no_other(fiona_client, world):
    names = ["機器廠競賽", "鋼廠競賽", "金工車間競賽", "全市競賽"]
    CampaignFactory(factory=world.factory_a, name=names[0])
    CampaignFactory(factory=world.factory_b, name=names[1])
    CampaignFactory(
        scope=Campaign.Scope.WORKSHOP,
        factory=world.factory_a,
        workshop=world.workshop_a,
        name=names[2],
    )
    CampaignFactory(city=True, federation=world.federation, name=names[3])
    elsewhere = CampaignFactory(
        factory=FactoryUnionFactory(federation=FederationFactory(name="大同市總工會")),
        name="外市競賽",
    )
    content = fiona_client.get(reverse("competitions:campaign_list")).content.decode()
    assert all(name in content for name in names)
    assert elsewhere.name not in content
    assert fiona_client.get(elsewhere.get_absolute_url()).status_code == 404


def test_charlie_launches_no_campaign_outside_his_factory(charlie_client, world, records):
    before = _snapshot()
    data = _valid_post(world, records, "campaign_create")
    for changes in (
        {"groups": [world.group_a.pk, world.group_b.pk]},
        {"unit": f"city:{world.federation.pk}"},
        {"unit": f"factory:{world.factory_b.pk}"},
    ):
        response = charlie_client.post(reverse("competitions:campaign_create"), data | changes)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert _snapshot() == before


def test_the_standings_show_alice_her_campaign(alice_client, world, records):
    response = alice_client.get(_urls(world, records)["standings"])
    assert [row.group_name for row in response.context["rows"]] == [
        world.group_a.name,
        world.group_a2.name,
    ]
    assert response.context["award_form"] is None and response.context["veto_form"] is None


# Pacts: seen from either group's scope, made by factory and federation staff, reviewed by
# whoever writes either group's records or organises.


@pytest.fixture
def pact_ab(world):
    return PactFactory(group=world.group_a, partner_group=world.group_b, title="機器鋼鐵互助公約")


@pytest.fixture
def dora_client(world, client):
    """The leader of group A2: beside a pact between groups A and B."""
    client.force_login(scoped_user("dora", world.group_a2))
    return client


def _review(reviewed_on):
    return {"reviewed_on": reviewed_on.isoformat(), "kept": "0", "problems": "毛坯晚到兩天"}


@pytest.mark.parametrize("persona", ["alice", "bob", "walter", "charlie", "fiona"])
def test_a_pact_is_seen_and_reviewed_from_either_side(request, world, pact_ab, persona):
    client = _client(request, persona)
    assert client.get(pact_ab.get_absolute_url()).status_code == 200
    content = client.get(reverse("competitions:pact_list")).content.decode()
    assert pact_ab.title in content
    url = reverse("competitions:review_create", args=[pact_ab.pk])
    assert client.post(url, _review(_today())).status_code == 302
    assert pact_ab.reviews.get().recorded_by.username == persona


def test_a_pact_is_hidden_from_a_group_beside_it(dora_client, world, pact_ab):
    before = _snapshot()
    assert dora_client.get(pact_ab.get_absolute_url()).status_code == 404
    url = reverse("competitions:review_create", args=[pact_ab.pk])
    assert dora_client.post(url, _review(_today())).status_code == 404
    content = dora_client.get(reverse("competitions:pact_list")).content.decode()
    assert pact_ab.title not in content
    assert _snapshot() == before


def test_a_pact_with_a_department_is_seen_from_its_group_only(bob_client, walter_client, world):
    pact = PactFactory(group=world.group_a, with_department=True, title="金工供應互助公約")
    assert walter_client.get(pact.get_absolute_url()).status_code == 200
    assert bob_client.get(pact.get_absolute_url()).status_code == 404


def test_charlie_makes_no_pact_with_another_factorys_group(charlie_client, world, records):
    before = _snapshot()
    data = _valid_post(world, records, "pact_create") | {"partner_group": world.group_b.pk}
    response = charlie_client.post(reverse("competitions:pact_create"), data)
    assert response.status_code == 200
    assert "partner_group" in response.context["form"].errors
    assert _snapshot() == before


def test_the_federation_makes_a_pact_across_factories(fiona_client, world, records):
    data = _valid_post(world, records, "pact_create") | {"partner_group": world.group_b.pk}
    response = fiona_client.post(reverse("competitions:pact_create"), data)
    assert response.status_code == 302
    pact = Pact.objects.get(title=data["title"])
    assert (pact.group, pact.partner_group) == (world.group_a2, world.group_b)


# Proposals: lists and figures within the user's scope.


def test_bobs_proposal_list_leaves_out_alices_group(bob_client, world, records):
    ProposalFactory(group=world.group_a2, title="改進裝配順序")
    mine = ProposalFactory(group=world.group_b, title="改進鋼包")
    content = bob_client.get(reverse("competitions:proposal_list")).content.decode()
    assert mine.title in content
    assert records.proposal.title not in content and "改進裝配順序" not in content


def test_walters_proposal_list_is_his_workshops(walter_client, world, records):
    ProposalFactory(group=world.group_a2, title="改進裝配順序")
    content = walter_client.get(reverse("competitions:proposal_list")).content.decode()
    assert records.proposal.title in content
    assert "改進裝配順序" not in content
    other = ProposalFactory(group=world.group_a2)
    assert walter_client.get(other.get_absolute_url()).status_code == 404


def test_charlies_figures_list_his_factorys_groups(charlie_client, world, records):
    ProposalFactory(group=world.group_b, title="改進鋼包")
    response = charlie_client.get(reverse("competitions:proposal_figures"))
    assert not response.context["by_factory"]
    units = list(response.context["page"])
    assert {u.pk for u in units} == {world.group_a.pk, world.group_a2.pk}
    assert response.context["total"]["submitted"] == 1
    assert world.group_b.name not in response.content.decode()


def test_the_federations_figures_list_factories(fiona_client, world, records):
    ProposalFactory(group=world.group_b, title="改進鋼包")
    response = fiona_client.get(reverse("competitions:proposal_figures"))
    assert response.context["by_factory"]
    units = list(response.context["page"])
    assert {u.pk for u in units} == {world.factory_a.pk, world.factory_b.pk}
    assert {u.pk: u.figures["submitted"] for u in units} == {
        world.factory_a.pk: 1,
        world.factory_b.pk: 1,
    }
    content = response.content.decode()
    assert world.factory_a.name in content and world.factory_b.name in content
    assert world.group_a.name not in content


def test_an_outsiders_figures_leave_out_alices_group(bob_client, world, records):
    response = bob_client.get(reverse("competitions:proposal_figures"))
    assert [u.pk for u in response.context["page"]] == [world.group_b.pk]
    assert response.context["total"]["submitted"] == 0


# Forms offer only what lies in the group.


def test_it_refuses_a_pledge_by_another_groups_member(alice_client, world, records):
    before = _snapshot()
    data = _valid_post(world, records, "pledge_create") | {"member": world.leader_b.pk}
    response = alice_client.post(_urls(world, records)["pledge_create"], data)
    assert response.status_code == 200
    assert "member" in response.context["form"].errors
    assert _snapshot() == before


def test_it_refuses_progress_on_another_plans_indicator(alice_client, world, records):
    other = GuaranteePlanFactory(group=world.group_b, indicators=[Kind.OUTPUT])
    before = _snapshot()
    data = _valid_post(world, records, "progress_create") | {"indicator": other.indicators.get().pk}
    response = alice_client.post(_urls(world, records)["progress_create"], data)
    assert response.status_code == 200
    assert "indicator" in response.context["form"].errors
    assert _snapshot() == before


def test_it_refuses_a_proposal_by_another_groups_member(alice_client, world, records):
    before = _snapshot()
    data = _valid_post(world, records, "proposal_create") | {"authors": [world.leader_b.pk]}
    response = alice_client.post(_urls(world, records)["proposal_create"], data)
    assert response.status_code == 200
    assert "authors" in response.context["form"].errors
    assert _snapshot() == before


def test_it_refuses_a_veto_on_a_group_outside_the_campaign(charlie_client, world, records):
    outsider = UnionGroupFactory(workshop=WorkshopUnionFactory(factory=world.factory_a))
    before = _snapshot()
    data = _valid_post(world, records, "veto_create") | {"group": outsider.pk}
    response = charlie_client.post(_urls(world, records)["veto_create"], data)
    assert "Select a valid choice" in response.content.decode()
    assert _snapshot() == before
