"""The city's production records over its years: every group's monthly guarantee plan with an
output and a scrap indicator, progress every ten days and two members' pledges; a city-wide
emulation campaign every year with monthly rounds in which every group takes part (output and
scrap from the plans, safety scored by the staff) and its red flags; a campaign in every factory
every year with quarterly rounds; mutual-aid pacts with their reviews; a proposal from every group
every quarter."""

from decimal import Decimal

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
)
from demo.common import DAY, month_after

PLAN_TEXT = "按時完成本月生產任務，保證質量，節約原材料。"
KNACKS = "首件必檢，交接班交清，設備每週保養。"
PLEDGES = ["保證不出廢品，首件必檢", "保證出滿勤，不遲到早退", "包教徒工一人", "節約棉紗機油"]
PROPOSALS = ["改進車刀角度", "快速換活夾具", "廢鐵屑回收重熔", "吊車加裝限位器", "自製專用量具"]
CATEGORIES = ["technique", "process", "materials", "quality", "safety", "organisation"]
DEPARTMENTS = ["供應科", "技術科", "檢驗科", "動力科", "運輸科"]
# Share of its plan a group reaches, by kind.
REACH = {"good": (1.0, 1.2), "ordinary": (0.9, 1.1), "lagging": (0.7, 1.0)}


def month_end(first):
    return month_after(first, 1) - DAY


def build_plans(w, city, rng, report):
    plans = w.table(
        GuaranteePlan,
        ["group", "period", "starts_on", "ends_on", "production_plan", "knacks", "status",
         "closed_on", "close_reason", "created_by"],
    )  # fmt: skip
    indicators = w.table(
        Indicator, ["plan", "position", "kind", "name", "unit", "target", "higher_is_better"]
    )
    entries = w.table(ProgressEntry, ["indicator", "on", "value", "recorded_by"])
    pledges = w.table(Pledge, ["plan", "member", "text", "target", "unit", "kept"])
    today = city.today
    for number, group in enumerate(city.groups):
        low, high = REACH[group.kind]
        output_target = Decimal(rng.randrange(400, 2000, 50))
        leader = city.leaders.get(group.pk)
        for month in city.months:
            end = month_end(month)
            over = end < today
            reach = rng.uniform(low, high)
            status, closed, reason = "open", None, ""
            if over:
                closed = end + DAY
                status = "fulfilled" if reach >= 1 else "unfulfilled"
                reason = "" if reach >= 1 else "原材料供應不及時。"
            plan = plans.add(group.pk, "month", month, end, PLAN_TEXT, KNACKS, status, closed,
                             reason, leader)  # fmt: skip
            output = indicators.add(plan, 1, "output", "", "件", output_target, True)
            scrap = indicators.add(plan, 2, "scrap", "", "件", Decimal(5), False)
            made = Decimal(0)
            for day in (10, 20, end.day):
                on = month.replace(day=day)
                if on > today:
                    break
                part = (output_target * Decimal(reach) / 3).quantize(Decimal(1))
                made += part
                entries.add(output, on, part, leader)
                entries.add(scrap, on, Decimal(rng.randint(0, 4)), leader)
            for member in rng.sample(group.members[1:], 2):
                pledges.add(plan, member, rng.choice(PLEDGES), None, "",
                            (reach >= 1) if over else None)  # fmt: skip
        if number % 1000 == 999:
            report(f"  plans: {number + 1} of {len(city.groups)} groups")


def build_campaigns(w, city, rng, report):
    """The campaigns; returns their rounds that have ended (for the red flags)."""
    campaigns = w.table(
        Campaign,
        ["name", "kind", "scope", "federation", "factory", "starts_on", "ends_on", "description",
         "red_flag"],
    )  # fmt: skip
    participants = w.table(Participant, ["campaign", "group"])
    rules = w.table(
        Rule, ["campaign", "position", "kind", "name", "unit", "weight", "higher_is_better"]
    )
    rounds = w.table(Round, ["campaign", "number", "starts_on", "ends_on"])
    scores = w.table(Score, ["round", "group", "rule", "value", "entered_by"])
    today = city.today
    ended = []
    by_factory = {}
    for group in city.groups:
        by_factory.setdefault(group.factory, []).append(group)
    for year_start in city.months[::12]:
        year_end = month_after(year_start, 12) - DAY
        name = f"{year_start:%Y年%m月}起全市紅旗競賽"
        campaign = campaigns.add(name, "red_flag", "city", city.federation.pk, None, year_start,
                                 year_end, "全市各小組比產量、比質量、比安全。", True)  # fmt: skip
        for group in city.groups:
            participants.add(campaign, group.pk)
        rules.add(campaign, 1, "output", "", "件", Decimal(50), True)
        rules.add(campaign, 2, "scrap", "", "件", Decimal(20), False)
        safety = rules.add(campaign, 3, "custom", "安全", "分", Decimal(30), True)
        for number in range(1, 13):
            first = month_after(year_start, number - 1)
            last = month_end(first)
            if first > today:
                break
            round_ = rounds.add(campaign, number, first, last)
            if last < today:
                ended.append(round_)
                for group in city.groups:
                    top = 100 if group.kind == "good" else 90 if group.kind == "ordinary" else 75
                    scores.add(round_, group.pk, safety, Decimal(rng.randint(top - 15, top)),
                               city.staff.get(group.factory))  # fmt: skip
        for factory, groups in by_factory.items():
            campaign = campaigns.add(
                f"{year_start:%Y}年度質量競賽", "zero_scrap", "factory", city.federation.pk,
                factory, year_start, year_end, "比質量，比節約。", False,
            )  # fmt: skip
            for group in groups:
                participants.add(campaign, group.pk)
            rules.add(campaign, 1, "scrap", "", "件", Decimal(60), False)
            quality = rules.add(campaign, 2, "custom", "質量評分", "分", Decimal(40), True)
            for number in range(1, 5):
                first = month_after(year_start, 3 * (number - 1))
                last = month_after(first, 3) - DAY
                if first > today:
                    break
                round_ = rounds.add(campaign, number, first, last)
                if last < today:
                    for group in groups:
                        scores.add(round_, group.pk, quality, Decimal(rng.randint(60, 100)),
                                   city.staff.get(factory))  # fmt: skip
    return ended


def award_red_flags(rounds):
    """Each ended round of the city-wide campaigns to its leading group, computed from the
    written records as the site computes it."""
    from competitions.scoring import compute_standings, leaders

    awards = []
    for round_ in Round.objects.filter(pk__in=rounds).select_related("campaign"):
        top = leaders(compute_standings(round_))
        if top:
            awards.append(
                RedFlagAward(
                    round=round_,
                    group_id=top[0].group_id,
                    awarded_on=round_.ends_on + DAY,
                    citation="本輪產量、質量、安全全面領先。",
                )
            )
    RedFlagAward.objects.bulk_create(awards)
    return len(awards)


def build_pacts_and_proposals(w, city, rng, report):
    pacts = w.table(
        Pact,
        ["group", "partner_group", "partner_department", "title", "group_commitments",
         "partner_commitments", "starts_on", "ends_on"],
    )  # fmt: skip
    reviews = w.table(PactReview, ["pact", "reviewed_on", "kept", "problems", "actions"])
    proposals = w.table(
        Proposal,
        ["group", "title", "description", "category", "status", "submitted_on", "decided_on",
         "rejection_reason", "implemented_on", "estimated_money", "realised_money", "reward"],
    )  # fmt: skip
    authors = w.table(Proposal.authors.through, ["proposal", "member"])
    today = city.today
    start = city.months[0]
    for index, group in enumerate(city.groups):
        if index % 2 == 0:
            partner = city.groups[index + 1] if index + 1 < len(city.groups) else None
            same = partner is not None and partner.workshop == group.workshop
            pact = pacts.add(
                group.pk, partner.pk if same else None, "" if same else rng.choice(DEPARTMENTS),
                "上下工序互助合同", "按時交活，保證質量。", "及時供料，提出問題當天解決。",
                start, month_after(start, len(city.months) + 11) - DAY,
            )  # fmt: skip
            for month in city.months[2::3]:
                kept = rng.random() < 0.8
                reviews.add(pact, month + 27 * DAY, kept, "" if kept else "交活晚了兩天。",
                            "" if kept else "調整交接時間。")  # fmt: skip
        for month in city.months[::3]:
            submitted = month + rng.randint(0, 60) * DAY
            if submitted >= today:
                continue
            draw = rng.random()
            decided = submitted + 20 * DAY
            if decided >= today or draw < 0.15:
                status, decided = "submitted", None
            elif draw < 0.3:
                status = "rejected"
            elif draw < 0.6:
                status = "adopted"
            else:
                status = "implemented"
            implemented = decided + 30 * DAY if status == "implemented" else None
            if implemented and implemented >= today:
                status, implemented = "adopted", None
            money = Decimal(rng.randint(50, 3000))
            proposal = proposals.add(
                group.pk, rng.choice(PROPOSALS), "在實際工作中發現問題，提出改進辦法。",
                rng.choice(CATEGORIES), status, submitted, decided,
                "目前條件不具備。" if status == "rejected" else "", implemented, money,
                money if implemented else None, Decimal(20) if implemented else None,
            )  # fmt: skip
            authors.add(proposal, rng.choice(group.members))
    report(f"  pacts and proposals: {len(city.groups)} groups")
