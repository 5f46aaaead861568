"""Demo production records for ``seed_demo``: a year of monthly guarantee plans for every group
with progress and individual pledges, two emulation campaigns in each factory with their red
flags, mutual-aid pacts (the 王茂林小組 and the supply department among them) and the groups'
rationalization proposals.

The groups follow the same three classes as the demo meetings: the seed's good groups exceed their
targets every month (韓潤小組 makes no scrap: "質量達到百分之百"), two groups of 山西機器廠 lag
and mostly miss them, the others vary. Deterministic: each group draws from its own
``random.Random``. Idempotent: a group that has plans (or proposals) is left alone, and a campaign
or a pact is made only when none of that name exists.

The volume (plans, indicators, progress, pledges, proposals) is bulk-created; campaigns, vetoes,
red flags and pacts, a few dozen rows, go through the services, so that they obey the same rules
as the pages. A red flag goes to a leader of the round's ``standings``, computed once the
organiser's scores and the veto are in.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from itertools import pairwise

from django.utils import timezone

from competitions import services
from competitions.models import (
    AVERAGED_KINDS,
    HIGHER_IS_BETTER,
    Campaign,
    GuaranteePlan,
    Indicator,
    Kind,
    Pact,
    Pledge,
    ProgressEntry,
    Proposal,
    Score,
    month_end,
)
from competitions.scoring import leaders, standings
from groups.models import FactoryUnion, Member, Scope, UnionGroup
from groups.scoping import Level
from meetings.demo import CN_MONTHS, _classes, rows

DAY = datetime.timedelta(days=1)
Status = GuaranteePlan.Status
PStatus = Proposal.Status
CampaignKind = Campaign.CampaignKind

# What each workshop makes: the product of its plans, the unit, and a member's monthly output.
PRODUCTS = {
    "金工": ("軸、齒輪等機械零件", "件", 45),
    "裝配": ("皮帶車床部件", "件", 8),
    "煉鋼": ("鋼錠", "噸", 60),
    "軋鋼": ("圓鋼、角鋼", "噸", 80),
    "鑄工": ("鑄鐵件", "件", 40),
    "農具": ("新式步犁、水車", "件", 30),
    "硫酸": ("硫酸", "噸", 25),
    "製粉": ("麵粉", "袋", 600),
}
KNACKS = rows("""
學習先進經驗，老師傅包教三人，大家的技術普遍提高。
推行首件必檢、自檢互檢，消滅看圖不細造成的廢品。
快速換活：工具、夾具事先備好，換活時間由半小時縮短到十分鐘。
結成三對師徒，訂立互助合同，徒工月底能獨立操作。
工具專人保管登記，節約棉紗、機油，邊角料回收再用。
交接班時交清設備、材料和質量情況，夜班不再停車等料。
改進操作順序，減少空轉，設備利用率提高百分之十。
每天下班前算細賬，上牆公佈，落後的當天找原因。
""")
# Why a target was missed, by indicator: the reasons the group found at its meeting.
MISSED = {
    Kind.OUTPUT: [
        "設備檢修停車兩天，產量差百分之{short}。",
        "材料供應不及時，停工等料，產量差百分之{short}。",
        "新調來三個徒工，技術跟不上，產量差百分之{short}。",
        "夜班缺人，生產抓得不緊，產量差百分之{short}。",
    ],
    Kind.SCRAP: [
        "新工人看圖不細、量具不準，廢品{actual}{unit}，超過保證數。",
        "刀具磨損沒有及時換，檢驗不嚴，廢品{actual}{unit}。",
        "只求數量不顧質量，首件沒有檢查，廢品{actual}{unit}。",
    ],
    Kind.PASS_SHARE: ["質量不穩，合格率只有百分之{actual}。"],
    Kind.INCIDENTS: ["發生安全事故{actual}起，已在小組會上檢討，訂出安全公約。"],
    Kind.COST_SAVING: ["節約指標沒有完成，只節約{actual}元。"],
}
FULFILLED = rows("""
全面完成保證計劃，產量超額百分之{over}。
各項指標都已完成，產量超額百分之{over}，保證條件大部分做到。
""")
CN_COUNTS = {1: "一", 2: "兩", 3: "三"}
# Individual guarantee conditions: text, and the numeric target and unit if it has one; {out} is
# a tenth more than the member's share of the group's output.
PLEDGES = rows("""
保證全月不出廢品||
保證本月完成{out}{unit}，超額百分之十|out|
保證出滿勤，不遲到不早退||
保證包教徒工{name}學會看圖||
保證節約棉紗一斤、機油二斤|1|斤
保證本月提合理化建議一件|1|件
保證遵守安全操作規程，不出事故||
保證交接班交清設備和質量情況||
""")


# --- Campaigns -------------------------------------------------------------------------------

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
# The best group of the city: no scrap, every piece passing.
BEST = "韓潤小組"
# The one veto of the demo: in the safety campaign of this workshop, an ordinary group had an
# accident two months ago (its plan records it, and the plan went unfulfilled).
ACCIDENT = ("山西機器廠", "鑄工", -2, "澆包脫鉤，鐵水飛濺燙傷澆鑄工兩人，停工三天。")


def _safety_workshops():
    """(factory, workshop or None) of the safety campaigns: their groups' plans count incidents."""
    return {
        (factory, workshop)
        for factory, specs in CAMPAIGNS.items()
        for _, kind, workshop, *_ in specs
        if kind == CampaignKind.SAFETY
    }


# --- Pacts and proposals ---------------------------------------------------------------------

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


# --- The entry point -------------------------------------------------------------------------


def _month(first, n):
    """The first day of the month ``n`` months after the month that starts on ``first``."""
    year, month = divmod(first.month - 1 + n, 12)
    return datetime.date(first.year + year, month + 1, 1)


def _at(day, hour=18):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return min(moment, timezone.now())


def _d(value, places=0):
    """A quantity as the database keeps it."""
    return Decimal(str(round(value, places))).quantize(Decimal(1).scaleb(-places))


def seed_competitions(today):
    """Seed the plans and proposals of every group that has none, then the campaigns and pacts
    that do not exist yet."""
    # Imported here: seed_demo imports this module.
    from groups.management.commands.seed_demo import CITY, GOOD_GROUPS

    groups = list(UnionGroup.objects.active().select_related("workshop__factory").order_by("pk"))
    classes = _classes(groups, CITY, GOOD_GROUPS)
    users = {s.group_id: s.user for s in Scope.objects.filter(level=Level.GROUP)}
    staff = {s.factory_id: s.user for s in Scope.objects.filter(level=Level.FACTORY)}
    members = defaultdict(list)
    for member in Member.objects.active().filter(group__in=groups).order_by("pk"):
        members[member.group_id].append(member)
    this_month = today.replace(day=1)
    accident = _accident(groups, classes, this_month)

    with_plans = set(GuaranteePlan.objects.values_list("group", flat=True).distinct())
    new = [g for g in groups if g.pk not in with_plans and members[g.pk]]
    if new:
        _seed_plans(new, today, classes, users, members, accident)
    with_proposals = set(Proposal.objects.values_list("group", flat=True).distinct())
    new = [g for g in groups if g.pk not in with_proposals and members[g.pk]]
    if new:
        _seed_proposals(new, today, classes, users, members)
    for factory in FactoryUnion.objects.select_related("federation").order_by("pk"):
        factory_groups = [g for g in groups if g.workshop.factory_id == factory.pk]
        if len(factory_groups) >= 2:
            _seed_campaigns(factory, factory_groups, today, classes, staff.get(factory.pk),
                            accident)  # fmt: skip
    _seed_pacts(groups, this_month, today, users)


def _accident(groups, classes, this_month):
    """(group pk, month) of the accident behind the demo's veto: the first ordinary group of the
    workshop, by name."""
    factory, workshop, months, _ = ACCIDENT
    candidates = sorted(
        (g for g in groups
         if (g.workshop.factory.name, g.workshop.name) == (factory, workshop)
         and classes[g.pk] == "ordinary"),
        key=lambda g: g.name,
    )  # fmt: skip
    return (candidates[0].pk, _month(this_month, months)) if candidates else None


# --- Guarantee plans -------------------------------------------------------------------------


def _extra_kind(group, cls, safety, rng):
    """The group's third indicator, the same all year: incidents where a safety campaign counts
    them; a pass share for 韓潤小組 ("質量達到百分之百"); else drawn, or none."""
    factory = group.workshop.factory.name
    if {(factory, None), (factory, group.workshop.name)} & safety:
        return Kind.INCIDENTS
    if group.name == BEST:
        return Kind.PASS_SHARE
    choices = [Kind.PASS_SHARE, Kind.COST_SAVING, Kind.INCIDENTS, None]
    return rng.choice(choices if cls != "lagging" else [None, None, Kind.PASS_SHARE])


def _seed_plans(groups, today, classes, users, members, accident):
    this_month = today.replace(day=1)
    safety = _safety_workshops()
    plans, indicators, entries, pledges = [], [], [], []
    for group in groups:
        cls, people, user = classes[group.pk], members[group.pk], users.get(group.pk)
        rng = random.Random(f"plans/{group.name}")
        product, unit, rate = PRODUCTS[group.workshop.name]
        extra = _extra_kind(group, cls, safety, rng)
        level = "best" if group.name == BEST else cls
        base = len(people) * rate * rng.uniform(0.9, 1.1)
        for n in range(-11, 1):
            first = _month(this_month, n)
            last = month_end(first)
            # Targets rise a little over the year, as the plans of management do.
            target = int(base * (1 + 0.01 * (n + 11)) / 10) * 10 or 10
            pass_target = {"good": 99, "lagging": 95}.get(cls, 97)
            plan = GuaranteePlan(
                group=group,
                period=GuaranteePlan.Period.MONTH,
                starts_on=first,
                ends_on=last,
                production_plan=f"{CN_MONTHS[first.month - 1]}月份生產計劃：{product}{target}"
                f"{unit}，質量合格率百分之{pass_target}以上。",
                knacks="\n".join(k for (k,) in rng.sample(KNACKS, 2 if cls == "good" else 1)),
                created_by=user,
            )
            days = _entry_days(first, last, today, cls, rng)
            crash = accident == (group.pk, first)
            form = level
            if level == "ordinary":
                form = "fair" if rng.random() < 0.7 else "poor"
            specs = _indicator_specs(cls, extra, target, unit, pass_target, rng)
            actuals = []
            for position, (kind, ind_unit, goal) in enumerate(specs, start=1):
                indicator = Indicator(
                    plan=plan, position=position, kind=kind, unit=ind_unit, target=_d(goal),
                    higher_is_better=HIGHER_IS_BETTER[kind],
                )  # fmt: skip
                indicators.append(indicator)
                result = 1 if crash and kind == Kind.INCIDENTS else _result(kind, goal, form, rng)
                made = _entries(indicator, result, goal, form, days, last, today, rng, user)
                if crash and kind == Kind.INCIDENTS:
                    for entry in made:
                        entry.note = ACCIDENT[3] if entry.value else ""
                entries += made
                values = [e.value for e in made]
                if kind in AVERAGED_KINDS:
                    actuals.append(round(sum(values) / len(values), 1) if values else None)
                else:
                    actuals.append(sum(values) if values else None)
            if last < today:
                _close(plan, specs, actuals, last, today, rng)
            pledges += _pledges(plan, people, target, unit, cls, rng)
            plans.append(plan)
    # Each child's parent has its pk once the parents are created.
    GuaranteePlan.objects.bulk_create(plans, batch_size=500)
    Indicator.objects.bulk_create(indicators, batch_size=500)
    ProgressEntry.objects.bulk_create(entries, batch_size=500)
    Pledge.objects.bulk_create(pledges, batch_size=500)


def _indicator_specs(cls, extra, target, unit, pass_target, rng):
    """(kind, unit, target) of a plan's indicators: output, scrap, and the group's third."""
    scrap = max(1, round(target * (0.002 if cls == "good" else 0.006)))
    specs = [(Kind.OUTPUT, unit, target), (Kind.SCRAP, unit, scrap)]
    if extra == Kind.PASS_SHARE:
        specs.append((Kind.PASS_SHARE, "%", pass_target))
    elif extra == Kind.INCIDENTS:
        specs.append((Kind.INCIDENTS, "次", 0))
    elif extra == Kind.COST_SAVING:
        specs.append((Kind.COST_SAVING, "元", rng.choice([100, 150, 200, 300])))
    return specs


# How a month goes, by the group's form: output and scrap as a multiple of the target, the share
# passing above or below it, the chance of an accident, the cost saving as a multiple of the
# target. An ordinary group has fair months and poor ones.
FORMS = {
    "good": ((1.04, 1.15), (0, 1), (0, 1), 0, (1.05, 1.5)),
    "fair": ((1.0, 1.08), (0.3, 1), (0, 1.5), 0, (1.0, 1.3)),
    "poor": ((0.88, 1.0), (1, 1.8), (-2, 0.5), 0.1, (0.6, 1.0)),
    "lagging": ((0.78, 0.98), (1.2, 2.5), (-3, -1), 0.15, (0.4, 0.9)),
}


def _result(kind, goal, form, rng):
    """A month's result against the target (for a share, the middle of the entries). The best
    group makes no scrap and every piece passes."""
    if form == "best":
        if kind in (Kind.SCRAP, Kind.PASS_SHARE):
            return 0 if kind == Kind.SCRAP else 100
        form = "good"
    output, scrap, share, accident, saving = FORMS[form]
    if kind == Kind.PASS_SHARE:
        return min(goal + rng.uniform(*share), 100)
    if kind == Kind.INCIDENTS:
        return int(rng.random() < accident)
    ratio = {Kind.OUTPUT: output, Kind.SCRAP: scrap, Kind.COST_SAVING: saving}[kind]
    return round(goal * rng.uniform(*ratio))


def _entry_days(first, last, today, cls, rng):
    """The days of the month's progress entries: weekly and at the month's end (a lagging group
    forgets some weeks), none still to come."""
    days = [first.replace(day=d) for d in (7, 14, 21)] + [last]
    if cls == "lagging":
        days = sorted(rng.sample(days, 2))
    return [d for d in days if d <= today]


def _entries(indicator, result, goal, form, days, last, today, rng, user):
    """The progress entries that add up to the month's result, spread over the weeks (in the
    current month, the part of it the weeks gone make); for a share, each week's share, which
    for a good group never falls below its target."""
    if not days:
        return []
    spans = [b - a for a, b in pairwise([0, *(d.day for d in days)])]
    kind = indicator.kind
    if kind == Kind.PASS_SHARE:
        low = {"good": goal, "fair": goal, "best": result}.get(form, 0)
        values = [_d(min(100, max(low, result + rng.uniform(-1, 1))), 1) for _ in days]
    else:
        total = round(result * (days[-1].day / last.day if last > today else 1))
        if kind in (Kind.SCRAP, Kind.INCIDENTS):
            values = [0] * len(days)
            for _ in range(total):
                values[rng.choices(range(len(days)), weights=spans)[0]] += 1
        else:
            shares = [s * rng.uniform(0.85, 1.15) for s in spans]
            values = [round(total * s / sum(shares)) for s in shares]
            values[-1] += total - sum(values)
        values = [_d(max(v, 0)) for v in values]
    return [
        ProgressEntry(
            indicator=indicator, on=day, value=value, recorded_by=user, recorded_at=_at(day)
        )
        for day, value in zip(days, values, strict=True)
    ]


def _close(plan, specs, actuals, last, today, rng):
    """Close a past month's plan: fulfilled when every target was met (as the plan's page
    computes it from the entries), else with the reason."""
    plan.closed_on = min(last + rng.randint(1, 3) * DAY, today)
    missed = [
        (kind, unit, goal, actual)
        for (kind, unit, goal), actual in zip(specs, actuals, strict=True)
        if actual is None or (actual < goal if HIGHER_IS_BETTER[kind] else actual > goal)
    ]
    if not missed:
        plan.status = Status.FULFILLED
        output, goal = actuals[0], specs[0][2]
        over = max(round(100 * (output - goal) / goal), 0)
        plan.close_reason = rng.choice(FULFILLED)[0].format(over=over)
        return
    plan.status = Status.UNFULFILLED
    reasons = []
    for kind, unit, goal, actual in missed:
        if actual is None:
            reasons.append("統計沒有跟上，本月進度沒有記錄。")
            continue
        short = round(100 * (goal - actual) / goal) if goal else 0
        count = CN_COUNTS.get(int(actual), actual) if kind == Kind.INCIDENTS else actual
        reasons.append(rng.choice(MISSED[kind]).format(short=short, actual=count, unit=unit))
    plan.close_reason = "".join(reasons)


def _pledges(plan, people, target, unit, cls, rng):
    """Two to four members' guarantee conditions; on a closed plan, whether each was kept."""
    share = target / len(people)
    rows_ = []
    count = min(len(people), rng.randint(2, 4))
    for member, (text, number, pledge_unit) in zip(
        rng.sample(people, count), rng.sample(PLEDGES, count), strict=True
    ):
        apprentice = rng.choice([p for p in people if p is not member] or people)
        number_value = None
        if number == "out":
            number_value, pledge_unit = round(share * 1.1), unit
        elif number:
            number_value = int(number)
        pledge = Pledge(
            plan=plan,
            member=member,
            text=text.format(out=number_value, unit=unit, name=apprentice.name),
            target=None if number_value is None else Decimal(number_value),
            unit=pledge_unit,
        )
        if not plan.is_open:
            odds = {"good": 0.95, "lagging": 0.4}.get(cls, 0.75)
            pledge.kept = rng.random() < odds if rng.random() < 0.9 else None
        rows_.append(pledge)
    return rows_


# --- Campaigns -------------------------------------------------------------------------------


def _seed_campaigns(factory, groups, today, classes, user, accident):
    this_month = today.replace(day=1)
    for spec in CAMPAIGNS.get(factory.name, []):
        name, kind, workshop_name, rounds, first, last, red_flag, rules, vetoes = spec
        if Campaign.objects.filter(factory=factory, name=name).exists():
            continue
        teams = [g for g in groups if workshop_name in (None, g.workshop.name)]
        if len(teams) < 2:
            continue
        workshop = teams[0].workshop if workshop_name else None
        starts_on, ends_on = _month(this_month, first), month_end(_month(this_month, last))
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
        first = leaders(standings(round_))
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


# --- Pacts -----------------------------------------------------------------------------------


def _seed_pacts(groups, this_month, today, users):
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
            starts_on=_month(this_month, first),
            ends_on=month_end(_month(this_month, last)),
        )
        for months, kept, problems, actions in reviews:
            on = min(month_end(_month(this_month, months)), today)
            services.pact_review(
                pact=pact, user=users.get(group.pk), reviewed_on=on, kept=kept,
                problems=problems, actions=actions,
            )  # fmt: skip


# --- Proposals -------------------------------------------------------------------------------


def _seed_proposals(groups, today, classes, users, members):
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
        proposal.realised_money = _d(monthly * months)
    if proposal.estimated_hours:
        monthly = proposal.estimated_hours * Decimal(str(round(rng.uniform(0.7, 1.3), 2)))
        proposal.realised_hours = _d(monthly * months)
    saving = proposal.realised_money or Decimal(100)
    proposal.reward = _d(max(Decimal(10), min(saving * Decimal("0.05"), Decimal(300))))
