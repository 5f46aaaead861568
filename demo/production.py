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

import random
from collections import defaultdict
from decimal import Decimal
from itertools import pairwise

from competitions.models import (
    AVERAGED_KINDS,
    HIGHER_IS_BETTER,
    Campaign,
    GuaranteePlan,
    Indicator,
    Kind,
    Pledge,
    ProgressEntry,
    Proposal,
    month_end,
)
from demo.campaigns import (
    ACCIDENT,
    BEST,
    safety_workshops,
    seed_campaigns,
    seed_pacts,
    seed_proposals,
)
from demo.common import CN_MONTHS, DAY, EVENING, classes_of, month_after, quantity, rows, when
from groups.models import FactoryUnion, Member, Scope, UnionGroup
from groups.scoping import Level

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


def seed_competitions(today, city, good_groups):
    """Seed the plans and proposals of every group that has none, then the campaigns and pacts
    that do not exist yet."""
    groups = list(UnionGroup.objects.active().select_related("workshop__factory").order_by("pk"))
    classes = classes_of(groups, city, good_groups)
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
        seed_proposals(new, today, classes, users, members)
    for factory in FactoryUnion.objects.select_related("federation").order_by("pk"):
        factory_groups = [g for g in groups if g.workshop.factory_id == factory.pk]
        if len(factory_groups) >= 2:
            seed_campaigns(factory, factory_groups, today, classes, staff.get(factory.pk),
                            accident)  # fmt: skip
    seed_pacts(groups, this_month, today, users)


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
    return (candidates[0].pk, month_after(this_month, months)) if candidates else None


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
    safety = safety_workshops()
    plans, indicators, entries, pledges = [], [], [], []
    for group in groups:
        cls, people, user = classes[group.pk], members[group.pk], users.get(group.pk)
        rng = random.Random(f"plans/{group.name}")
        product, unit, rate = PRODUCTS[group.workshop.name]
        extra = _extra_kind(group, cls, safety, rng)
        level = "best" if group.name == BEST else cls
        base = len(people) * rate * rng.uniform(0.9, 1.1)
        for n in range(-11, 1):
            first = month_after(this_month, n)
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
                    plan=plan, position=position, kind=kind, unit=ind_unit, target=quantity(goal),
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
        values = [quantity(min(100, max(low, result + rng.uniform(-1, 1))), 1) for _ in days]
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
        values = [quantity(max(v, 0)) for v in values]
    return [
        ProgressEntry(
            indicator=indicator,
            on=day,
            value=value,
            recorded_by=user,
            recorded_at=when(day, EVENING),
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
