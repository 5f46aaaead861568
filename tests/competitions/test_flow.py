"""Production through the pages, as a group leader and factory staff use them: a guarantee plan
with pledges and progress, a campaign with standings and the red flag, a pact, a proposal."""

import datetime

from django.urls import reverse
from django.utils import timezone

from competitions.models import (
    Campaign,
    GuaranteePlan,
    Pact,
    ProgressEntry,
    Proposal,
    RedFlagAward,
)
from tests.factories import MemberFactory

TODAY = timezone.localdate()


def make_plan(client, group):
    data = {
        "period": "month",
        "day": TODAY.isoformat(),
        "production_plan": "車床零件 1200 件",
        "knacks": "改進卡具，縮短裝夾時間",
        "indicators-TOTAL_FORMS": "3",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-kind": "output",
        "indicators-0-unit": "件",
        "indicators-0-target": "1300",
        "indicators-1-kind": "scrap",
        "indicators-1-unit": "件",
        "indicators-1-target": "5",
    }
    return client.post(reverse("competitions:plan_create", args=[group.pk]), data)


def test_a_leader_makes_a_plan_takes_pledges_and_records_progress(alice_client, world):
    response = make_plan(alice_client, world.group_a)
    plan = GuaranteePlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.starts_on == TODAY.replace(day=1) and plan.ends_on.month == TODAY.month
    output, scrap = plan.indicators.all()
    assert output.higher_is_better and not scrap.higher_is_better

    worker = MemberFactory(group=world.group_a, name="李秀英")
    url = reverse("competitions:pledge_create", args=[plan.pk])
    alice_client.post(url, {"member": worker.pk, "text": "保證不出廢品", "target": "", "unit": ""})
    alice_client.post(url, {"member": world.leader_a.pk, "text": "每天多車 5 件", "target": "5"})
    assert plan.pledges.count() == 2

    url = reverse("competitions:progress_create", args=[plan.pk])
    alice_client.post(url, {"indicator": output.pk, "on": TODAY.isoformat(), "value": "650"})
    alice_client.post(url, {"indicator": scrap.pk, "on": TODAY.isoformat(), "value": "2"})
    before = TODAY.replace(day=1) - datetime.timedelta(days=1)
    page = alice_client.post(
        url, {"indicator": output.pk, "on": before.isoformat(), "value": "10"}
    ).content.decode()
    assert "The date must be within the plan&#x27;s period" in page
    page = alice_client.post(
        url, {"indicator": output.pk, "on": TODAY.isoformat(), "value": "-3"}
    ).content.decode()
    assert "This figure cannot be negative." in page
    assert ProgressEntry.objects.count() == 2

    response = alice_client.get(plan.get_absolute_url())
    page = response.content.decode()
    assert "50%" in page  # 650 of 1300 pieces
    assert "保證不出廢品" in page and "李秀英" in page
    chart = response.context["chart"]
    assert [i["target"] for i in chart["indicators"]] == [1300.0, 5.0]
    assert chart["indicators"][0]["points"] == [{"x": TODAY.isoformat(), "y": 650.0}]
    assert 'id="plan-chart-data"' in page and "chart.umd.min.js" in page

    url = reverse("competitions:plan_close", args=[plan.pk])
    page = alice_client.post(url, {"outcome": "unfulfilled", "reason": "", "on": TODAY}).content
    assert "Say why the plan was not fulfilled." in page.decode()
    alice_client.post(url, {"outcome": "unfulfilled", "reason": "電機故障停工兩天", "on": TODAY})
    plan.refresh_from_db()
    assert plan.status == "unfulfilled" and plan.close_reason == "電機故障停工兩天"


def launch(client, world, **changes):
    data = {
        "name": "無廢品競賽",
        "kind": "zero_scrap",
        "unit": f"factory:{world.factory_a.pk}",
        "starts_on": TODAY.replace(day=1).isoformat(),
        "ends_on": TODAY.replace(day=1).isoformat(),
        "rounds": "single",
        "red_flag": "on",
        "groups": [world.group_a.pk, world.group_a2.pk],
        "veto_items": "發生重大安全事故",
        "rules-TOTAL_FORMS": "3",
        "rules-INITIAL_FORMS": "0",
        "rules-0-kind": "scrap",
        "rules-0-weight": "3",
        "rules-1-kind": "output",
        "rules-1-weight": "1",
    }
    data["ends_on"] = (TODAY.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    data["ends_on"] = (data["ends_on"] - datetime.timedelta(days=1)).isoformat()
    data.update(changes)
    return client.post(reverse("competitions:campaign_create"), data)


def test_factory_staff_run_a_campaign_and_award_the_red_flag(charlie_client, alice_client, world):
    page = launch(charlie_client, world, **{"rules-0-weight": "0", "rules-1-weight": "0"})
    assert "At least one indicator must have a weight above zero" in page.content.decode()
    assert not Campaign.objects.exists()

    response = launch(charlie_client, world)
    campaign = Campaign.objects.get()
    assert response["Location"] == campaign.get_absolute_url()
    round_ = campaign.rounds.get()

    url = reverse("competitions:scores_edit", args=[campaign.pk, 1])
    scrap, output = campaign.rules.all()
    data = {
        f"s_{world.group_a.pk}_{scrap.pk}": "0",
        f"s_{world.group_a.pk}_{output.pk}": "1000",
        f"s_{world.group_a2.pk}_{scrap.pk}": "4",
        f"s_{world.group_a2.pk}_{output.pk}": "1200",
    }
    charlie_client.post(url, data)
    response = charlie_client.get(round_.get_absolute_url())
    rows = response.context["rows"]
    # 韓潤小組: scrap 100 points × 3, output 0 × 1 → 75; 杜鳴舉小組: 0 × 3 + 100 × 1 → 25.
    assert [(r.group_name, r.rank, str(r.total)) for r in rows] == [
        ("韓潤小組", 1, "75.00"),
        ("杜鳴舉小組", 2, "25.00"),
    ]
    assert response.context["chart"]["scores"] == [75.0, 25.0]
    # A leader whose group takes part finds it named above the table.
    page = alice_client.get(round_.get_absolute_url()).content.decode()
    assert "韓潤小組 ranks 1 of 2, with 75.00 points." in page

    url = reverse("competitions:award_create", args=[campaign.pk, 1])
    page = charlie_client.post(url, {"group": world.group_a2.pk, "on": TODAY}).content.decode()
    assert "The red flag goes to the leading group: 韓潤小組." in page
    charlie_client.post(url, {"group": world.group_a.pk, "on": TODAY, "citation": "全月無廢品"})
    assert round_.__class__.objects.get(pk=round_.pk).red_flag_award.group == world.group_a
    page = charlie_client.get(campaign.get_absolute_url()).content.decode()
    assert "韓潤小組" in page and "holds it since" in page


def test_a_pact_with_itself_is_refused_and_one_with_a_department_is_made(charlie_client, world):
    data = {
        "group": world.group_a.pk,
        "partner_group": world.group_a.pk,
        "title": "互助合同",
        "group_commitments": "按時交活",
        "partner_commitments": "及時供料",
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + datetime.timedelta(days=90)).isoformat(),
    }
    page = charlie_client.post(reverse("competitions:pact_create"), data).content.decode()
    assert "A group cannot make a pact with itself." in page
    assert not Pact.objects.exists()
    data.update(partner_group="", partner_department="供應科")
    response = charlie_client.post(reverse("competitions:pact_create"), data)
    pact = Pact.objects.get()
    assert response["Location"] == pact.get_absolute_url()
    assert pact.partner == "供應科"


def test_a_rejected_proposal_cannot_be_implemented(alice_client, walter_client, world):
    url = reverse("competitions:proposal_create", args=[world.group_a.pk])
    alice_client.post(
        url,
        {
            "authors": [world.leader_a.pk],
            "title": "改進車刀角度",
            "description": "把車刀前角磨大兩度",
            "category": "technique",
            "submitted_on": TODAY.isoformat(),
        },
    )
    proposal = Proposal.objects.get()
    url = reverse("competitions:proposal_move", args=[proposal.pk])
    assert alice_client.post(url, {"status": "adopted", "on": TODAY}).status_code == 403
    page = walter_client.post(url, {"status": "rejected", "on": TODAY}).content.decode()
    assert "Give the reason the proposal was rejected." in page
    walter_client.post(url, {"status": "rejected", "on": TODAY, "reason": "材料不夠"})
    page = walter_client.post(url, {"status": "implemented", "on": TODAY}).content.decode()
    assert "A proposal that is Rejected cannot become Implemented." in page
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.rejection_reason == "材料不夠"


def test_the_group_page_shows_the_production_panel(alice_client, world):
    make_plan(alice_client, world.group_a)
    page = alice_client.get(world.group_a.get_absolute_url()).content.decode()
    assert 'id="current-plan"' in page and "1300" in page


def test_a_city_sized_campaign_is_shown_a_hundred_groups_at_a_time(fiona_client, world):
    from competitions import services
    from tests.factories import UnionGroupFactory

    groups = [world.group_a, world.group_a2, world.group_b]
    groups += [UnionGroupFactory(workshop=world.workshop_b) for _ in range(102)]
    start = TODAY.replace(day=1)
    campaign = services.campaign_create(
        user=None,
        name="全市安全競賽",
        kind="safety",
        scope="city",
        federation=world.federation,
        starts_on=start,
        ends_on=start,
        rounds="single",
        groups=groups,
        rules=[{"kind": "incidents", "weight": 1}],
    )
    round_ = campaign.rounds.get()
    rule = campaign.rules.get()
    values = {(g.pk, rule.pk): i % 7 for i, g in enumerate(groups)}
    services.scores_enter(round_=round_, user=None, values=values)
    first = fiona_client.get(round_.get_absolute_url())
    second = fiona_client.get(round_.get_absolute_url() + "?page=2")
    assert len(first.context["rows"]) == 100 and len(second.context["rows"]) == 5
    ranks = [row.rank for row in first.context["rows"] + second.context["rows"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    # Groups with 0 incidents share rank 1: 105 groups, values 0..6 in turn, 15 each.
    assert ranks.count(1) == 15 and ranks[15] == 16
    assert "Page 2 of 2" in second.content.decode()


def test_a_red_flag_is_withdrawn_after_a_veto_item_happens_to_its_holder(
    charlie_client, alice_client, bob_client, world
):
    from competitions import services

    launch(charlie_client, world)
    campaign = Campaign.objects.get()
    round_ = campaign.rounds.get()
    scrap, output = campaign.rules.all()
    values = {(world.group_a.pk, scrap.pk): 0, (world.group_a2.pk, scrap.pk): 4}
    services.scores_enter(round_=round_, user=None, values=values)
    services.red_flag_award(round_=round_, user=None, group=world.group_a, on=TODAY)
    url = reverse("competitions:award_withdraw", args=[campaign.pk, 1])
    assert alice_client.post(url).status_code == 403
    assert bob_client.post(url).status_code == 404
    assert "Withdraw the red flag?" in charlie_client.get(url).content.decode()
    charlie_client.post(url)
    round_.refresh_from_db()
    assert not hasattr(round_, "red_flag_award")
    # The award is kept in the history: who had it, and that it was taken back.
    history = [h.history_type for h in RedFlagAward.history.all()]
    assert sorted(history) == ["+", "-"]
    veto = reverse("competitions:veto_create", args=[campaign.pk, 1])
    item = campaign.veto_items.get()
    charlie_client.post(veto, {"group": world.group_a.pk, "item": item.pk, "note": "燙傷一人"})
    rows = charlie_client.get(round_.get_absolute_url()).context["rows"]
    assert [(r.group_name, r.rank) for r in rows] == [("杜鳴舉小組", 1), ("韓潤小組", None)]
