"""Demo emulation campaigns for ``seed_demo``: each factory's campaigns with their rounds,
scores, a veto and the red flag passed on; mutual-aid pacts between groups; and rationalization
proposals from idea to adoption."""

import random
from decimal import Decimal

from competitions import services
from competitions.models import (
    Campaign,
    GuaranteePlan,
    Kind,
    Pact,
    Proposal,
    Score,
    month_end,
)
from competitions.scoring import compute_standings, leaders
from demo.common import CN_MONTHS, DAY, month_after, quantity, rows

Status = GuaranteePlan.Status
PStatus = Proposal.Status
CampaignKind = Campaign.CampaignKind


ZERO_SCRAP_RULES = [
    {"kind": Kind.SCRAP, "weight": Decimal(70)},
    {"kind": Kind.OUTPUT, "weight": Decimal(30)},
]
SAFETY_RULES = [
    {"kind": Kind.INCIDENTS, "unit": "次", "weight": Decimal(60)},
    {"kind": Kind.CUSTOM, "name": "安全檢查評分", "unit": "分", "weight": Decimal(40)},
]
OUTPUT_RULES = [
    {"kind": Kind.OUTPUT, "weight": Decimal(60)},
    {"kind": Kind.SCRAP, "weight": Decimal(20)},
    {"kind": Kind.CUSTOM, "name": "勞動紀律評分", "unit": "分", "weight": Decimal(20)},
]
VETO = "發生重大安全事故"
# The organiser's marks (out of 100) on a custom rule, by class of group.
SCORE_RANGES = {"good": (86, 100), "ordinary": (72, 96), "lagging": (58, 72)}
DESCRIPTIONS = {
    CampaignKind.ZERO_SCRAP: "各小組在生產會議上研究廢品原因，訂出保證條件，開展組與組的無廢品"
    "競賽。每月評比一次：廢品少的得分高，產量也計分；流動紅旗每月授給第一名。",
    CampaignKind.SAFETY: "入冬前後各小組檢查安全設備和防寒設施，訂出安全公約。每月由安全員檢查"
    "評分，加上事故次數；發生重大安全事故的小組當月不參加評比。",
    CampaignKind.OUTPUT: "響應增產節約號召，以產量為主，廢品和勞動紀律也計分。先進帶動落後，"
    "落後趕上先進，保證完成全年計劃。",
}
# factory → (name, kind, workshop (None: the whole factory), rounds, first and last month counted
# from this month, red flag, rules, further veto items).
CAMPAIGNS = {
    "太原機器廠": [
        ("全廠無廢品紅旗競賽", CampaignKind.ZERO_SCRAP, None, "month", -5, 2, True,
         ZERO_SCRAP_RULES, ["隱瞞廢品、虛報產量"]),
        ("裝配車間冬季安全競賽", CampaignKind.SAFETY, "裝配", "month", -4, 3, False,
         SAFETY_RULES, []),
    ],
    "太原鋼鐵廠": [
        ("煉鋼軋鋼無廢品競賽", CampaignKind.ZERO_SCRAP, None, "month", -5, 2, True,
         ZERO_SCRAP_RULES, []),
        ("增產節約產量紅旗競賽", CampaignKind.OUTPUT, None, "quarter", -6, 5, True,
         OUTPUT_RULES, ["隱瞞廢品、虛報產量"]),
    ],
    "山西機器廠": [
        ("鑄工農具兩車間無廢品競賽", CampaignKind.ZERO_SCRAP, None, "month", -5, 2, True,
         ZERO_SCRAP_RULES, []),
        ("鑄工車間安全紅旗競賽", CampaignKind.SAFETY, "鑄工", "month", -4, 1, True,
         SAFETY_RULES, ["違章作業經批評不改"]),
    ],
    "化學廠": [
        ("硫酸車間無廢品競賽", CampaignKind.ZERO_SCRAP, None, "month", -5, 2, True,
         ZERO_SCRAP_RULES, []),
        ("全廠安全生產競賽", CampaignKind.SAFETY, None, "quarter", -6, 5, False,
         SAFETY_RULES, []),
    ],
    "麵粉廠": [
        ("製粉車間無廢品競賽", CampaignKind.ZERO_SCRAP, None, "month", -5, 2, True,
         ZERO_SCRAP_RULES, []),
        ("麵粉產量紅旗競賽", CampaignKind.OUTPUT, None, "month", -3, 2, True,
         OUTPUT_RULES, []),
    ],
}  # fmt: skip
# How a missing figure counts, by kind of campaign: a group that has not reported its
# incidents has not had an accident, so the safety campaigns leave the figure out; elsewhere a
# figure not reported counts as the weakest, to press every group to report.
MISSING = {CampaignKind.SAFETY: Campaign.Missing.LEFT_OUT}
# The best group of the city: no scrap, every piece passing.
BEST = "韓潤小組"
# The one veto of the demo: in the safety campaign of this workshop, an ordinary group had an
# accident two months ago (its plan records it, and the plan went unfulfilled).
ACCIDENT = ("山西機器廠", "鑄工", -2, "澆包脫鉤，鐵水飛濺燙傷澆鑄工兩人，停工三天。")


def safety_workshops():
    """(factory, workshop or None) of the safety campaigns: their groups' plans count incidents."""
    return {
        (factory, workshop)
        for factory, specs in CAMPAIGNS.items()
        for _, kind, workshop, *_ in specs
        if kind == CampaignKind.SAFETY
    }


# group, partner group (or ""), partner department (or ""), title, the group's and the partner's
# commitments, first and last month counted from this month, and the reviews: month, kept,
# problems, what was done.
PACTS = [
    (
        "王茂林小組", "", "供應科", "王茂林小組與供應科互助聯繫公約",
        "一、每月二十五日前把下月原料計劃報供應科；二、原料到車間當天驗收，發現質量問題當天"
        "通知供應科；三、節約使用硫磺和燃料，月底清點庫存報供應科。",
        "一、保證硫磺、燃料按計劃提前兩天送到車間，不讓小組停產等料；二、質量不合格的原料不"
        "發給小組；三、缺料時提前三天通知小組，並想辦法調劑。",
        -9, 2,
        [
            (-7, True, "", "原料都按時送到，質量合格；小組節約硫磺二百斤。"),
            (-4, False, "硫磺晚到兩天，停產半個班；有一批硫磺含砂多，焙燒爐結疤。",
             "供應科派專人到礦上催運，在車間存三天的備用料；不合格的一批退回，今後到貨先化驗。"),
            (-1, True, "", "原料按時到，化驗合格；小組產量提高百分之八，雙方同意續訂。"),
        ],
    ),
    (
        "郭鈴小組", "王良小組", "", "郭鈴、王良兩小組互助聯繫公約",
        "清麥按時送足淨麥，水分和雜質按標準；交接班時說清設備情況。",
        "製粉發現麥子不淨及時通知清麥，不互相埋怨扯皮；兩組每月開一次聯席會。",
        -8, 4,
        [
            (-6, False, "夜班清麥送麥不及時，製粉停機等麥兩次，兩組互相埋怨。",
             "兩組開聯席會，夜班改為提前一小時送麥，由兩組幹事每天檢查。"),
            (-3, True, "", "再沒有停機等麥，出粉率提高百分之一。"),
        ],
    ),
    (
        "韓潤小組", "杜鳴舉小組", "", "金工、裝配兩小組零件交接公約",
        "零件按裝配順序成套交貨，每件附檢驗卡；裝配提出的質量問題當天解決。",
        "提前一週把裝配進度告訴金工，不臨時催活；發現零件毛病不私自修配，及時退回說明原因。",
        -6, 6,
        [(-3, True, "", "零件成套交貨，裝配再沒有等件；退回零件兩件，都當天修好。")],
    ),
    (
        "溫小清小組", "羅成恩小組", "", "煉鋼、軋鋼兩小組鋼錠交接公約",
        "鋼錠按爐號標清，送軋前通知軋鋼小組加熱；保證鋼錠表面無重皮。",
        "按時接收鋼錠，不積壓；發現鋼錠毛病當班通知煉鋼小組共同研究。",
        -5, 7,
        [],
    ),
]  # fmt: skip
# Proposals: title, description, category, estimated saving (yuan) and hours a month. Each
# workshop's own first, then ones any group might make.
PROPOSALS = {
    "金工": rows("""
改磨車刀角度提高走刀量|把車刀前角磨大五度，加斷屑槽，走刀量提高一倍，光潔度不降低。|technique|400|60
自製快速夾具|軸類零件用自製偏心夾具，裝卸一次由三分鐘縮短到半分鐘。|technique|300|80
"""),
    "裝配": rows("""
部件預裝後再總裝|先把主軸箱等部件在工作台上預裝好，總裝時間縮短三分之一。|process|500|90
裝配工具掛板定置|常用工具掛在掛板上定位放置，找工具不再耽誤時間。|organisation|100|30
"""),
    "煉鋼": rows("""
調整爐前加料順序|先加廢鋼後加生鐵，熔化時間縮短二十分鐘，每爐省煤。|process|1500|40
鋼水包預熱改用餘熱|利用爐氣餘熱烤鋼水包，節約焦炭。|materials|800|0
"""),
    "軋鋼": rows("""
加熱爐裝爐改為交錯排列|鋼錠交錯排列受熱均勻，少出過燒廢品。|quality|1200|20
剪切邊角料回收|剪下的短料收集回爐，不再當廢鐵處理。|materials|900|0
"""),
    "鑄工": rows("""
改進砂型配比減少砂眼|型砂中加百分之三的煤粉，澆出的鑄件砂眼大大減少。|quality|1000|30
澆口改小節約鐵水|按鑄件大小算出澆口尺寸，每爐節約鐵水百分之五。|materials|1300|0
舊砂過篩再用|用過的型砂過篩加新砂再用，節約新砂一半。|materials|600|10
"""),
    "農具": rows("""
步犁犁鏵改用模鍛|犁鏵改用簡易模具鍛造，一次成形，省工一半。|technique|700|120
鍛工爐前加擋風板|爐前加擋風板，爐溫穩定，少燒壞料。|process|300|15
"""),
    "硫酸": rows("""
改進焙燒爐進料|硫磺進料改為少加勤加，爐溫穩定，少結疤。|process|1100|30
冷卻水循環使用|冷卻水經水池降溫後循環使用，節約用水一半。|materials|500|0
"""),
    "製粉": rows("""
調整篩絹提高出粉率|按麥子乾濕調整篩絹，出粉率提高百分之一。|process|1600|0
清麥加裝磁鐵|清麥機出口加裝磁鐵吸出鐵屑，保護磨輥。|safety|400|20
"""),
}
GENERAL_PROPOSALS = rows("""
邊角料回收再用|每天下班前把邊角料分類回收，能用的做小零件。|materials|200|0
舊棉紗洗淨再用|用過的棉紗用鹼水洗淨曬乾再用，每月節約棉紗二十斤。|materials|80|0
首件必檢制度|每班第一件由生產組長和檢驗員共同檢查，合格後再成批生產。|quality|300|0
砂輪加裝防護罩|砂輪機全部加裝防護罩和擋板，防止碎片傷人。|safety|0|0
工具專人保管登記|全組工具登記造冊，由一人負責保管，丟失減少。|organisation|150|10
交接班記錄本|交接班時在記錄本上寫清設備、材料和質量情況，雙方簽字。|organisation|0|20
""")
REJECTIONS = rows("""
需要的設備本廠沒有，暫緩採用，列入明年技術措施計劃。
經技術科試驗，質量不能保證，不採用；建議人繼續研究。
車間已有同樣的辦法在推行，不再另行採用。
""")


def seed_campaigns(factory, groups, today, classes, user, accident):
    this_month = today.replace(day=1)
    for spec in CAMPAIGNS.get(factory.name, []):
        name, kind, workshop_name, rounds, first, last, red_flag, rules, vetoes = spec
        missing = MISSING.get(kind, Campaign.Missing.WEAKEST)
        seeded = Campaign.objects.filter(factory=factory, name=name).first()
        if seeded is not None:
            if seeded.missing_figures != missing:  # seeded before campaigns stated it
                seeded.missing_figures = missing
                seeded.save()  # its standings are scored afresh (competitions.signals)
            continue
        teams = [g for g in groups if workshop_name in (None, g.workshop.name)]
        if len(teams) < 2:
            continue
        workshop = teams[0].workshop if workshop_name else None
        starts_on, ends_on = (
            month_after(this_month, first),
            month_end(month_after(this_month, last)),
        )
        if rounds == "quarter":  # whole calendar quarters
            starts_on = GuaranteePlan.bounds(GuaranteePlan.Period.QUARTER, starts_on)[0]
            ends_on = GuaranteePlan.bounds(GuaranteePlan.Period.QUARTER, ends_on)[1]
        campaign = services.campaign_create(
            user=user,
            name=name,
            kind=kind,
            scope=Campaign.Scope.WORKSHOP if workshop else Campaign.Scope.FACTORY,
            federation=factory.federation,
            factory=factory,
            workshop=workshop,
            starts_on=starts_on,
            ends_on=ends_on,
            rounds=rounds,
            groups=teams,
            rules=rules,
            veto_items=[VETO, *vetoes],
            description=DESCRIPTIONS[kind],
            red_flag=red_flag,
            missing_figures=missing,
        )
        ended = [r for r in campaign.rounds.order_by("number") if r.ends_on < today]
        _score(campaign, ended, teams, classes, user)
        if accident and kind == CampaignKind.SAFETY:
            _veto(campaign, ended, accident, user)
        if red_flag:
            _award(campaign, ended, teams, today, user)


def _score(campaign, ended, teams, classes, user):
    """The organiser's scores on the campaign's custom rules (the safety inspection, labour
    discipline) for every ended round."""
    custom = [r for r in campaign.rules.all() if r.kind == Kind.CUSTOM]
    scores = []
    for round_ in ended:
        rng = random.Random(f"scores/{campaign.factory.name}/{campaign.name}/{round_.number}")
        for rule in custom:
            for group in teams:
                low, high = SCORE_RANGES[classes[group.pk]]
                value = Decimal(rng.randint(low, high))
                scores.append(Score(round=round_, group=group, rule=rule, value=value,
                                    entered_by=user))  # fmt: skip
    Score.objects.bulk_create(scores)


def _veto(campaign, ended, accident, user):
    """The accident's veto, in the round of its month."""
    group_pk, month = accident
    round_ = next((r for r in ended if r.starts_on <= month <= r.ends_on), None)
    group = next((p.group for p in campaign.participants.select_related("group")
                  if p.group_id == group_pk), None)  # fmt: skip
    if round_ is None or group is None:
        return
    services.veto_record(
        round_=round_, user=user, group=group, item=campaign.veto_items.get(name=VETO),
        note=ACCIDENT[3],
    )  # fmt: skip


def _award(campaign, ended, teams, today, user):
    """The red flag of each ended round, to its leader (the first by name on a tie), a couple of
    days after the round."""
    by_pk = {g.pk: g for g in teams}
    scrap = next((r for r in campaign.rules.all() if r.kind == Kind.SCRAP), None)
    for round_ in ended:
        # Computed now: the scores were bulk-written, which keeps no standings version.
        first = leaders(compute_standings(round_))
        if not first:
            continue
        leader = first[0]
        start, end = round_.starts_on, round_.ends_on
        period = f"{CN_MONTHS[start.month - 1]}月"
        if (start.year, start.month) != (end.year, end.month):
            period = f"第{CN_MONTHS[(end.month - 1) // 3]}季度"
        cell = scrap and leader.cell_by_rule.get(scrap.pk)
        if campaign.kind == CampaignKind.ZERO_SCRAP and cell and cell.value == 0:
            citation = f"{period}無廢品，總分{leader.total}，評為第一名。"
        else:
            citation = f"{period}總分{leader.total}，評為第一名，授予流動紅旗。"
        services.red_flag_award(
            round_=round_,
            user=user,
            group=by_pk[leader.group_id],
            on=min(round_.ends_on + 2 * DAY, today),
            citation=citation,
        )


def seed_pacts(groups, this_month, today, users):
    by_name = {(g.workshop.factory_id, g.name): g for g in groups}
    for name, partner, department, title, ours, theirs, first, last, reviews in PACTS:
        group = next((g for g in groups if g.name == name), None)
        partner_group = group and by_name.get((group.workshop.factory_id, partner))
        if group is None or (partner and partner_group is None):
            continue
        if Pact.objects.filter(group=group, title=title).exists():
            continue
        pact = services.pact_create(
            user=users.get(group.pk),
            group=group,
            partner_group=partner_group,
            partner_department=department,
            title=title,
            group_commitments=ours,
            partner_commitments=theirs,
            starts_on=month_after(this_month, first),
            ends_on=month_end(month_after(this_month, last)),
        )
        for months, kept, problems, actions in reviews:
            on = min(month_end(month_after(this_month, months)), today)
            services.pact_review(
                pact=pact, user=users.get(group.pk), reviewed_on=on, kept=kept,
                problems=problems, actions=actions,
            )  # fmt: skip


def seed_proposals(groups, today, classes, users, members):
    proposals, authors = [], []
    for group in groups:
        cls, people = classes[group.pk], members[group.pk]
        rng = random.Random(f"proposals/{group.name}")
        count = rng.randint(*{"good": (4, 6), "lagging": (0, 1)}.get(cls, (1, 3)))
        pool = PROPOSALS[group.workshop.name] + GENERAL_PROPOSALS
        for title, description, category, money, hours in rng.sample(pool, min(count, len(pool))):
            proposal = Proposal(
                group=group,
                title=title,
                description=description,
                category=category,
                submitted_on=today - rng.randint(2, 330) * DAY,
                estimated_money=Decimal(money) if int(money) else None,
                estimated_hours=Decimal(hours) if int(hours) else None,
                submitted_by=users.get(group.pk),
            )
            _decide(proposal, today, cls, rng)
            proposals.append(proposal)
            for member in rng.sample(people, min(len(people), rng.choice([1, 1, 2]))):
                authors.append((proposal, member))
    Proposal.objects.bulk_create(proposals, batch_size=500)
    Through = Proposal.authors.through
    Through.objects.bulk_create(
        [Through(proposal_id=p.pk, member_id=m.pk) for p, m in authors], batch_size=500
    )


def _decide(proposal, today, cls, rng):
    """Move the proposal as far as its age allows: evaluated within a month, most adopted, the
    older adopted ones implemented with the saving realised and the authors rewarded."""
    age = (today - proposal.submitted_on).days
    if age < 10:
        return
    if age < 40 and rng.random() < 0.7:
        proposal.status = PStatus.EVALUATING
        return
    decided = proposal.submitted_on + rng.randint(7, min(age, 30)) * DAY
    proposal.decided_on = decided
    if rng.random() < (0.1 if cls == "good" else 0.25):
        proposal.status = PStatus.REJECTED
        proposal.rejection_reason = rng.choice(REJECTIONS)[0]
        return
    proposal.status = PStatus.ADOPTED
    left = (today - decided).days
    if left < 20 or rng.random() < 0.25:
        return
    proposal.status = PStatus.IMPLEMENTED
    proposal.implemented_on = decided + rng.randint(10, min(left, 60)) * DAY
    months = max(1, (today - proposal.implemented_on).days // 30)
    if proposal.estimated_money:
        monthly = proposal.estimated_money * Decimal(str(round(rng.uniform(0.7, 1.3), 2)))
        proposal.realised_money = quantity(monthly * months)
    if proposal.estimated_hours:
        monthly = proposal.estimated_hours * Decimal(str(round(rng.uniform(0.7, 1.3), 2)))
        proposal.realised_hours = quantity(monthly * months)
    saving = proposal.realised_money or Decimal(100)
    proposal.reward = quantity(max(Decimal(10), min(saving * Decimal("0.05"), Decimal(300))))
