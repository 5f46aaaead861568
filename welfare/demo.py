"""Demo welfare for ``seed_demo``: a year of members' hardship cases in every group with the
visits, grants, goods, referrals and notes that answered them, the labour insurance claims made
for them and every move of their status; and a year of recreation and culture.

The groups follow the same three classes as the demo meetings: the seed's good groups are the
caring ones (they visit first, visit often and see a case through in a couple of weeks), two
groups of 山西機器廠 lag (a case waits days for anyone to go, some are left open, follow-ups are
missed), the others vary. The booklet's story is here: 溫小清 gave up his rest day and went 240
里 to Qingyuan with oranges to see a sick worker. 韓潤小組 and 溫小清小組 (the demo accounts
``hanrun`` and ``wenxiaoqing``) each have a follow-up due today and one overdue, so that their
"follow-ups due" list shows something.

Cases are opened over the last 365 days, so the figures page's default period counts them all:
most of the older ones are resolved and some closed (a few were reopened on the way), the recent
ones are open or in progress. Each move is a ``StatusChange`` row, as ``services.case_move``
writes it, by the factory union's staff account where there is one (else nobody).

Deterministic: each group draws from its own ``random.Random``. Idempotent: a group that has
cases (or activities) is left alone. Everything is bulk-created, so, as for the demo meetings
and plans, simple_history keeps no history rows for it: a record's history starts with its first
change on the pages.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Q

from groups.models import Member, Role, Scope, UnionGroup
from groups.scoping import Level
from meetings.demo import _classes, rows
from welfare.models import Activity, CaseAction, InsuranceClaim, StatusChange, WelfareCase

DAY = datetime.timedelta(days=1)
Category, Status, Tier = WelfareCase.Category, WelfareCase.Status, WelfareCase.Tier
Kind, Source, ReferredTo = CaseAction.Kind, CaseAction.Source, CaseAction.ReferredTo
Benefit, ClaimStatus = InsuranceClaim.Benefit, InsuranceClaim.Status

# How often each kind of hardship comes up: illness most.
CATEGORIES = {
    Category.ILLNESS: 34,
    Category.FAMILY: 16,
    Category.INJURY: 14,
    Category.HOUSING: 10,
    Category.CHILDBIRTH: 10,
    Category.BEREAVEMENT: 9,
    Category.OTHER: 7,
}
# A description is one fragment of each line ("|" between the choices), joined with commas.
# A childbirth's first line is the member's own when she is a woman, else the wife's.
DESCRIPTIONS = {
    Category.ILLNESS: rows("""
患胃病|患肺結核|得了傷寒|關節炎犯了|患肝炎|患腎炎|重感冒轉成了肺炎|患痢疾
臥床兩週|住院一個多月|在家休養，不能上班|病了二十多天|醫生說要休養三個月
家中三個孩子無人照顧|愛人沒有工作，一家五口靠他一人的工資|老母親也在病中|欠了藥費三十多元|家裡斷了煤
"""),
    Category.INJURY: rows("""
在車間被吊車鉤碰傷|搬料時砸傷左腳|鐵屑崩傷眼睛|被鐵水燙傷右手|修理皮帶時軋傷手指|從料堆上摔下扭傷腰
需休養一個月|住院治療|傷口感染，一時不能上班|醫生說要養六個星期
家中無人照料|愛人要上班，孩子沒人帶|擔心以後不能幹重活|生活一時困難
"""),
    Category.HOUSING: rows("""
住房漏雨，牆也裂了|一家七口擠在一間小屋裡|房東要收回房子|住處離廠二十里，每天步行上下班|冬天屋裡結冰，孩子凍病了
找不到房子|自己無力修理|夜班下班回家要走兩個鐘頭|向車間提過兩次
希望廠裡調配一間宿舍|希望幫助修房|影響休息和生產
"""),
    Category.FAMILY: rows("""
愛人生病住院|父親去世後弟妹三人靠他供養|孩子多，工資不夠用|老家遭了水災|愛人失業在家|老母親癱瘓在床
冬衣還沒有著落|寄錢回家後生活困難|欠了別人二十多元|每月都要借錢過日子
思想上有負擔|影響了上班|不好意思向組裡說
"""),
    Category.BEREAVEMENT: rows("""
父親病故|母親去世|愛人病故|孩子患病夭折
辦喪事借了債|回老家奔喪請假十天|留下兩個幼小的孩子
心情很沉重|生活一時困難|家中無人照料
"""),
    Category.CHILDBIRTH: rows("""
愛人生第三個孩子|愛人生了雙胞胎|愛人難產住院|愛人生產
產後身體虛弱|家中無人照料月子|缺少營養品|住院花了不少錢
大孩子還小|生活一時困難|愛人沒有工作
"""),
    Category.OTHER: rows("""
家中失火，衣被燒光|路上被大車撞傷|丟了一個月的工資|從鄉下接來父母
住處和生活都有困難|一時沒有辦法|生活一時困難
向小組求援|希望組裡幫助想辦法
"""),
}
OWN_CHILDBIRTH = ["本人生產", "本人生第二個孩子", "本人產後患病"]
# What a visit learnt: the category's own, or any of the general ones.
LEARNT = {
    Category.ILLNESS: rows("""
病情好轉，能下床走動了。
醫生說還要休養兩週，藥費已經報銷。
他愛人說家裡缺煤，孩子沒人做飯，回來報告了車間工會。
病人很感動，表示病好了一定好好生產。
"""),
    Category.INJURY: rows("""
傷口癒合得好，下週可以拆線。
他擔心以後幹不了重活，勸他安心養傷。
了解了事故經過，已向安全員反映，要求加裝防護罩。
"""),
    Category.HOUSING: rows("""
屋頂漏了三處，牆角發霉，孩子咳嗽。
看了房子，確實不能再住，回來向廠行政反映。
"""),
    Category.FAMILY: rows("""
家裡冬衣確實沒有著落，孩子還穿著單衣。
了解到欠債二十多元，回來和大家商量補助。
"""),
    Category.BEREAVEMENT: rows("""
喪事已經辦完，勸他節哀，家裡的事組裡幫忙。
"""),
    Category.CHILDBIRTH: rows("""
母子平安，產婦身體虛弱，需要營養。
"""),
    Category.OTHER: rows("""
了解了情況，大家都願意幫忙。
"""),
}
LEARNT_ANY = rows("""
家裡生活基本安定，鄰居也常來照顧。
同組同志輪流去幫忙挑水、買煤，家裡很感激。
他說組裡這樣關心，心裡暖和多了。
""")
BROUGHT = ["橘子二斤", "雞蛋二十個", "紅糖一斤", "掛麵五斤", "點心一包", "小米十斤", "蘋果二斤"]
# Goods given: what, and roughly what it is worth (yuan; not always known).
GOODS = rows("""
棉衣一件|8
白麵二十斤|4
煤五百斤|6
棉被一床|12
小米三十斤|
棉鞋兩雙|5
""")
SOURCES = {Source.UNION_FUND: 6, Source.LABOUR_INSURANCE: 3, Source.FACTORY: 1}
GRANT_NOTES = {
    Source.UNION_FUND: "小組會討論通過，報車間工會從工會經費中補助。",
    Source.LABOUR_INSURANCE: "從勞保基金中給予困難補助。",
    Source.FACTORY: "廠行政從福利費中補助。",
}
GRANT_AMOUNTS = [5, 8, 10, 12, 15, 20, 20, 25, 30, 40, 50, 60]
REFERRALS = {
    Category.HOUSING: (ReferredTo.ADMINISTRATION, "請廠行政調配宿舍，或撥料幫助修房。"),
    Category.INJURY: (ReferredTo.ADMINISTRATION, "請行政在傷好後調換輕一些的工作。"),
    Category.ILLNESS: (ReferredTo.ADMINISTRATION, "請行政聯繫醫院，給予醫療照顧。"),
}
REFERRAL_ANY = (ReferredTo.FACTORY_UNION, "困難較大，請廠工會給予長期困難補助。")
NOTES = rows("""
小組會上大家自願捐款{n}元，已交給他愛人。
同組的{name}每天下班幫他家挑水、生火。
已報告車間工會，下次小組會上向大家說明情況。
""")
RESOLVED = {
    Category.ILLNESS: "病已痊癒，恢復上班。",
    Category.INJURY: "傷已養好，回廠上班，暫做輕活。",
    Category.HOUSING: "房子的問題已經解決。",
    Category.CHILDBIRTH: "產假期滿，母子都好。",
    Category.BEREAVEMENT: "喪事辦完，生活已經安定。",
}
RESOLVED_ANY = "困難已經解決，生活安定。"
REOPENED = {
    Category.ILLNESS: "病情反覆，又臥床了。",
    Category.HOUSING: "房子又漏雨了，還得想辦法。",
}
REOPENED_ANY = "補助用完，生活仍有困難，重新跟進。"
CLOSED = ["回訪後一切正常，結案。", "情況穩定，結案。", ""]
TRANSFERRED = "會員調往外廠，已把情況轉交該廠工會。"
# Labour insurance: the benefit claimed for each category, and the range of amounts (yuan).
BENEFITS = {
    Category.ILLNESS: (Benefit.SICK_PAY, 15, 60),
    Category.INJURY: (Benefit.INJURY, 30, 90),
    Category.CHILDBIRTH: (Benefit.MATERNITY, 30, 70),
    Category.BEREAVEMENT: (Benefit.FUNERAL, 60, 150),
}
REJECTIONS = [
    "病假未滿規定天數，不符合勞動保險條例的規定。",
    "非因工負傷，按疾病待遇另行辦理。",
    "證明材料不全，補齊後重新申請。",
]


def _profile(cls, rng):
    """How the group looks after its members: cases a year, days before the first action, the
    chance of nobody acting at all, visits a case, days to resolve, the chance of a grant, goods,
    a referral and a note, of a missed follow-up, of a reopening and of closing a resolved
    case."""
    if cls == "good":
        figures = ((2, 3), (0, 2), 0, (2, 4), (6, 28), 0.8, 0.45, 0.2, 0.5, 0.05, 0.08, 0.5)
    elif cls == "lagging":
        figures = ((1, 2), (4, 15), 0.35, (0, 1), (30, 110), 0.35, 0.1, 0.05, 0.2, 0.7, 0.1, 0.2)
    else:
        figures = (
            (1, 3), (1, 6), 0.04, (1, 2), (12, 60), 0.6, 0.25, 0.12, 0.3,
            rng.uniform(0.2, 0.5), 0.08, 0.35,
        )  # fmt: skip
    names = (
        "cases", "delay", "neglect", "visits", "resolve", "grant", "goods", "referral", "note",
        "overdue", "reopen", "close",
    )  # fmt: skip
    return SimpleNamespace(cls=cls, **dict(zip(names, figures, strict=True)))


# The cases told in the demo's walk-through, all in progress: days since opening, category, the
# description (or None: composed), the follow-up (days from today: due today, or overdue) and
# where its labour insurance claim stands. The first case of 溫小清小組 is the booklet's: 溫小清
# gave up his rest day, bought oranges and went 240 里 to Qingyuan to see a sick worker.
FEATURED = {
    "溫小清小組": [
        (18, Category.ILLNESS, "患病回清源老家休養，離廠240里，愛人帶著三個孩子，"
         "地裡的活沒人幹。", 0, ClaimStatus.APPROVED),
        (60, Category.HOUSING, None, -3, None),
    ],
    "韓潤小組": [
        (12, Category.INJURY, None, 0, ClaimStatus.FILED),
        (45, Category.FAMILY, None, -1, None),
    ],
}  # fmt: skip
STORY = ("橘子二斤", "{leader}同志犧牲公休日，往返240里到清源{name}家中探望，帶去橘子和全組同志的"
         "問候。{name}病情好轉，說病好了馬上回廠。")  # fmt: skip


def seed_welfare(today):
    """Seed the welfare cases of every group that has none, and the activities of every group
    that has none."""
    # Imported here: seed_demo imports this module.
    from groups.management.commands.seed_demo import CITY, GOOD_GROUPS

    groups = list(UnionGroup.objects.active().select_related("workshop__factory").order_by("pk"))
    classes = _classes(groups, CITY, GOOD_GROUPS)
    scopes = Scope.objects.filter(level__in=[Level.GROUP, Level.FACTORY]).select_related("user")
    users = {s.group_id: s.user for s in scopes if s.level == Level.GROUP}
    staff = {s.factory_id: s.user for s in scopes if s.level == Level.FACTORY}
    members = defaultdict(list)
    for member in Member.objects.active().filter(group__in=groups).order_by("pk"):
        members[member.group_id].append(member)

    with_cases = set(WelfareCase.objects.values_list("group", flat=True).distinct())
    new = [g for g in groups if g.pk not in with_cases and len(members[g.pk]) >= 4]
    if new:
        _seed_cases(new, today, classes, users, staff, members)
    with_activities = set(Activity.objects.values_list("group", flat=True).distinct())
    new = [g for g in groups if g.pk not in with_activities and members[g.pk]]
    if new:
        _seed_activities(new, today, classes, users, members)


# --- Cases ---------------------------------------------------------------------------------------


def _seed_cases(groups, today, classes, users, staff, members):
    leaders, officers = {}, {}
    for role in Role.objects.current().filter(
        Q(kind=Role.Kind.UNION_LEADER)
        | Q(kind=Role.Kind.OFFICER, portfolio=Role.Portfolio.WELFARE),
        group__in=groups,
    ):
        (leaders if role.kind == Role.Kind.UNION_LEADER else officers)[role.group_id] = role
    cases, children = [], []
    for group in groups:
        rng = random.Random(f"welfare/{group.workshop.factory.name}/{group.name}")
        p = _profile(classes[group.pk], rng)
        people = members[group.pk]
        by_pk = {m.pk: m for m in people}
        leader = by_pk.get(getattr(leaders.get(group.pk), "member_id", None))
        officer = by_pk.get(getattr(officers.get(group.pk), "member_id", None))
        carers = [m for m in (leader, officer) if m]
        pool = [m for m in people if m not in carers]
        featured = FEATURED.get(group.name, [])
        count = rng.randint(*p.cases)
        chosen = rng.sample(pool, min(len(pool), count + len(featured)))
        writer = staff.get(group.workshop.factory_id)
        ctx = SimpleNamespace(
            group=group, p=p, rng=rng, today=today, people=people, carers=carers or people[:1],
            staff=writer, user=users.get(group.pk) or writer,
        )  # fmt: skip
        for index, member in enumerate(chosen):
            if index < len(featured):
                days, category, description, follow_up, claim = featured[index]
                story = index == 0 and group.name == "溫小清小組" and leader is not None
                case, rows_ = _case(
                    ctx, member, today - days * DAY, category, description=description,
                    follow_up=today + follow_up * DAY, claim=claim, story=story,
                )  # fmt: skip
            else:
                opened = today - rng.randint(0, 364) * DAY
                category = rng.choices(list(CATEGORIES), weights=list(CATEGORIES.values()))[0]
                case, rows_ = _case(ctx, member, opened, category)
            cases.append(case)
            children += rows_
    WelfareCase.objects.bulk_create(cases, batch_size=500)
    by_model = defaultdict(list)
    for child in children:
        by_model[type(child)].append(child)
    for model in (StatusChange, CaseAction, InsuranceClaim):  # their cases have pks now
        model.objects.bulk_create(by_model[model], batch_size=500)


def _describe(category, member, rng):
    parts = [rng.choice(options) for options in DESCRIPTIONS[category]]
    if category == Category.CHILDBIRTH and member.gender == Member.Gender.FEMALE:
        parts[0] = rng.choice(OWN_CHILDBIRTH)
    return "，".join(parts) + "。"


def _between(rng, first, last):
    """A day from ``first`` to ``last``, both included."""
    return first + rng.randint(0, max((last - first).days, 0)) * DAY


def _who(ctx):
    """Who went: the leader, the welfare officer, or both."""
    names = [m.name for m in ctx.carers]
    if len(names) > 1 and ctx.rng.random() < 0.35:
        return "、".join(names)
    return ctx.rng.choice(names)


def _case(
    ctx, member, opened, category, *, description=None, follow_up=None, claim=None, story=False
):
    """One case and its rows: status changes in order, actions, claims. A featured case (with
    ``follow_up``) stays in progress, its follow-up on the given day, its claim (if ``claim``)
    where it says."""
    rng, p, today = ctx.rng, ctx.p, ctx.today
    tier = rng.choices(list(Tier), weights=[1, 4, 5] if category in (
        Category.HOUSING, Category.OTHER) else [2, 5, 3])[0]  # fmt: skip
    case = WelfareCase(
        group=ctx.group,
        member=member,
        category=category,
        tier=tier,
        description=description or _describe(category, member, rng),
        opened_on=opened,
        opened_by=ctx.staff,
    )
    changes = [StatusChange(case=case, to_status=Status.OPEN, changed_on=opened,
                            changed_by=ctx.staff)]  # fmt: skip

    def move(to, on, note=""):
        changes.append(StatusChange(case=case, from_status=case.status, to_status=to,
                                    changed_on=on, changed_by=ctx.staff, note=note))  # fmt: skip
        case.status = to

    featured = follow_up is not None
    first = opened + rng.randint(*p.delay) * DAY
    if featured:
        first = min(opened + min(rng.randint(*p.delay), 2) * DAY, today)
    elif rng.random() < p.neglect or first > today:
        # Nobody has been yet: the case waits, open, and its follow-up may be missed too.
        case.follow_up_on = _follow_up(ctx, opened, overdue=p.overdue)
        return case, changes
    days = round(rng.randint(*p.resolve) * {1: 1.5, 2: 1.0, 3: 0.7}[tier])
    resolved = max(first + DAY, opened + days * DAY)
    if featured or resolved >= today:
        resolved = None
    # Now and then a member moves to another factory before the case is resolved: closed then.
    transferred = None
    if not featured and first < today - 60 * DAY and rng.random() < 0.04:
        transferred = _between(rng, first + 30 * DAY, (resolved or today) - DAY)
    last = transferred or resolved or today
    actions = _actions(ctx, case, first, last, story=story)
    move(Status.IN_PROGRESS, first)
    claims = _claims(ctx, case, first, last, status=claim)
    if transferred:
        move(Status.CLOSED, transferred, TRANSFERRED)
        case.closed_on = transferred
        return case, changes + actions + claims
    if resolved is None:
        case.follow_up_on = follow_up or _follow_up(ctx, first, overdue=p.overdue)
        return case, changes + actions + claims
    move(Status.RESOLVED, resolved, RESOLVED.get(category, RESOLVED_ANY))
    if rng.random() < p.reopen and resolved < today - 20 * DAY:
        # Reopened: a visit on the day, and resolved again if it has had the time.
        again = _between(rng, resolved + 7 * DAY, today - 10 * DAY)
        move(Status.IN_PROGRESS, again, REOPENED.get(category, REOPENED_ANY))
        actions.append(_visit(ctx, case, again))
        resolved = again + rng.randint(7, 30) * DAY
        if resolved >= today:
            case.follow_up_on = _follow_up(ctx, again, overdue=p.overdue)
            return case, changes + actions + claims
        move(Status.RESOLVED, resolved, RESOLVED.get(category, RESOLVED_ANY))
    case.resolved_on, case.days_to_resolve = resolved, (resolved - opened).days
    if resolved < today - 20 * DAY and rng.random() < p.close:
        case.closed_on = _between(rng, resolved + 10 * DAY, min(resolved + 60 * DAY, today))
        move(Status.CLOSED, case.closed_on, rng.choice(CLOSED))
    elif rng.random() < 0.25:
        # A look in on the member a few weeks after.
        case.follow_up_on = today + rng.randint(3, 30) * DAY
    return case, changes + actions + claims


def _follow_up(ctx, since, *, overdue):
    """The follow-up of a case not yet resolved: missed (a day before today at most, and not
    before ``since``), due today, coming, or not set."""
    rng, today = ctx.rng, ctx.today
    draw = rng.random()
    if draw < overdue and since < today:
        return max(since, today - rng.randint(1, 12) * DAY)
    if draw < overdue + 0.12:
        return today
    if draw < 0.92:
        return today + rng.randint(1, 14) * DAY
    return None


def _visit(ctx, case, on, who=None, brought=None, text=None):
    rng = ctx.rng
    if brought is None:
        items = rng.sample(BROUGHT, rng.choice([0, 1, 1, 1, 2]))
        if case.category == Category.CHILDBIRTH:
            items = ["紅糖一斤", "雞蛋三十個"]
        brought = "、".join(items)
    if text is None:
        text = rng.choice(LEARNT[case.category] + LEARNT_ANY)[0]
    return CaseAction(case=case, kind=Kind.VISIT, done_on=on, who=who or _who(ctx),
                      brought=brought, text=text, recorded_by=ctx.user)  # fmt: skip


def _actions(ctx, case, first, last, *, story=False):
    """What was done from ``first`` (the first action's day) to ``last``, in order of date: the
    visits (the first of them on ``first``, else a note), grants, goods, a referral, a note."""
    rng, p = ctx.rng, ctx.p
    category = case.category
    visits = rng.randint(*p.visits)
    actions = []
    if story:
        leader = ctx.carers[0].name
        brought, text = STORY
        text = text.format(leader=leader, name=case.member.name)
        actions.append(_visit(ctx, case, first, who=leader, brought=brought, text=text))
        visits -= 1
    elif visits:
        actions.append(_visit(ctx, case, first))
        visits -= 1
    else:
        text = "小組長了解了情況，報告了車間工會。"
        actions.append(CaseAction(case=case, kind=Kind.NOTE, done_on=first, text=text,
                                  recorded_by=ctx.user))  # fmt: skip
    for _ in range(max(visits, 0)):
        actions.append(_visit(ctx, case, _between(rng, min(first + DAY, last), last)))
    grants = (1 + (case.tier == Tier.SEVERE)) if story or rng.random() < p.grant else 0
    for _ in range(grants):
        source = (
            Source.UNION_FUND if story else rng.choices(list(SOURCES), list(SOURCES.values()))[0]
        )
        actions.append(CaseAction(
            case=case, kind=Kind.GRANT, done_on=_between(rng, first, last),
            amount=Decimal(rng.choice(GRANT_AMOUNTS)), source=source, who=ctx.carers[0].name,
            text=GRANT_NOTES[source], recorded_by=ctx.user,
        ))  # fmt: skip
    goods = p.goods * (1.5 if category in (Category.FAMILY, Category.CHILDBIRTH) else 1)
    if rng.random() < goods:
        what, worth = rng.choice(GOODS)
        actions.append(CaseAction(
            case=case, kind=Kind.GOODS, done_on=_between(rng, first, last), brought=what,
            amount=Decimal(worth) if worth else None, source=Source.UNION_FUND if worth else "",
            who=_who(ctx), recorded_by=ctx.user,
        ))  # fmt: skip
    referral = p.referral * (2.5 if category in (Category.HOUSING, Category.INJURY) else 1)
    if rng.random() < referral:
        to, text = REFERRALS.get(category, REFERRAL_ANY)
        on = _between(rng, first, min(last, first + 10 * DAY))
        actions.append(CaseAction(
            case=case, kind=Kind.REFERRAL, done_on=on, referred_to=to, text=text,
            who=ctx.carers[0].name, recorded_by=ctx.user,
        ))  # fmt: skip
    if rng.random() < p.note:
        helper = rng.choice([m for m in ctx.people if m.pk != case.member_id])
        text = rng.choice(NOTES)[0].format(n=rng.randint(6, 25), name=helper.name)
        actions.append(CaseAction(case=case, kind=Kind.NOTE, done_on=_between(rng, first, last),
                                  text=text, recorded_by=ctx.user))  # fmt: skip
    return sorted(actions, key=lambda a: a.done_on)


def _claims(ctx, case, first, last, *, status=None):
    """A labour insurance claim for an illness, injury, childbirth or death, filed within a week
    of the first action: still filed while it waits (a week to a month) for the decision, then
    approved, paid some days after, or now and then rejected. With ``status``, filed or
    approved (two days ago at most) whatever the draws."""
    rng, today = ctx.rng, ctx.today
    if case.category not in BENEFITS or not (status or rng.random() < 0.75):
        return []
    benefit, low, high = BENEFITS[case.category]
    filed = min(first + rng.randint(0, 6) * DAY, last)
    claim = InsuranceClaim(case=case, benefit=benefit, filed_on=filed,
                           amount_claimed=Decimal(rng.randint(low, high)))  # fmt: skip
    decided = filed + rng.randint(7, 30) * DAY
    if status:
        claim.status = status
        if status == ClaimStatus.APPROVED:
            claim.decided_on = max(filed, today - 2 * DAY)
    elif decided > today:
        claim.status = ClaimStatus.FILED
    elif rng.random() < 0.12:
        claim.status, claim.decided_on, claim.note = (
            ClaimStatus.REJECTED, decided, rng.choice(REJECTIONS))  # fmt: skip
    elif decided > today - 12 * DAY:
        claim.status, claim.decided_on = ClaimStatus.APPROVED, decided
    else:
        share = Decimal(str(round(rng.uniform(0.7, 1.0), 2)))
        paid = max((claim.amount_claimed * share).quantize(Decimal(1)), Decimal(1))
        claim.status, claim.decided_on, claim.amount_paid = ClaimStatus.PAID, decided, paid
    return [claim]


# --- Recreation and culture ----------------------------------------------------------------------

# kind → how often, and its titles ("{other}": another group of the workshop) and notes.
ACTIVITIES = {
    Activity.Kind.FILM: (
        3,
        rows("""
看電影《白毛女》|廠俱樂部放映，看後座談。
看電影《鋼鐵戰士》|
看電影《中華女兒》|看後大家談了體會。
看電影《趙一曼》|
看電影《新兒女英雄傳》|
看電影《龍鬚溝》|
看電影《攻克柏林》|
"""),
    ),
    Activity.Kind.SPORT: (
        3,
        rows("""
籃球比賽|
與{other}籃球友誼賽|{a}比{b}，賽後交流了經驗。
拔河比賽|
乒乓球比賽|
象棋比賽|
廣播體操|工間操後集體練習。
"""),
    ),
    Activity.Kind.READING: (
        3,
        rows("""
業餘文化學習|識字班本週學了十個生字。
讀報組學習|
讀《鋼鐵是怎樣煉成的》|
技術夜校聽課|
"""),
    ),
    Activity.Kind.SINGING: (
        2,
        rows("""
唱歌晚會|
學唱《歌唱祖國》|
學唱《咱們工人有力量》|
"""),
    ),
    Activity.Kind.OPERA: (
        1.5,
        rows("""
看晉劇《打金枝》|
看話劇《紅旗歌》|
看評劇《小女婿》|
"""),
    ),
    Activity.Kind.PARTY: (
        1.5,
        rows("""
小組聯歡會|
歡迎新徒工茶話會|
歡送參軍同志|
"""),
    ),
    Activity.Kind.OUTING: (
        1,
        rows("""
遊晉祠|
遊雙塔寺|
到汾河邊郊遊|
"""),
    ),
    Activity.Kind.OTHER: (
        0.5,
        rows("""
參觀勞動模範事蹟展覽|
參觀工業展覽會|
"""),
    ),
}
# The month's own: month → (day, or 0 for any day; kind; title).
FESTIVALS = {
    1: (1, Activity.Kind.PARTY, "新年聯歡會"),
    2: (0, Activity.Kind.PARTY, "春節聯歡會"),
    5: (1, Activity.Kind.OUTING, "慶祝五一勞動節遊園"),
    10: (1, Activity.Kind.OTHER, "參加國慶遊行"),
}
# The share of the group that takes part, by class.
TAKING_PART = {"good": (0.7, 1.0), "ordinary": (0.4, 0.85), "lagging": (0.25, 0.6)}


def _month(first, n):
    """The first day of the month ``n`` months after the month that starts on ``first``."""
    year, month = divmod(first.month - 1 + n, 12)
    return datetime.date(first.year + year, month + 1, 1)


def _seed_activities(groups, today, classes, users, members):
    by_workshop = defaultdict(list)
    for group in groups:
        by_workshop[group.workshop_id].append(group.name)
    kinds = list(ACTIVITIES)
    weights = [ACTIVITIES[k][0] for k in kinds]
    this_month = today.replace(day=1)
    activities, taking_part = [], []
    for group in groups:
        rng = random.Random(f"activities/{group.workshop.factory.name}/{group.name}")
        cls, people = classes[group.pk], members[group.pk]
        others = [name for name in by_workshop[group.workshop_id] if name != group.name]
        for n in range(-11, 1):
            first = _month(this_month, n)
            last = min(_month(first, 1) - DAY, today)
            count = {"good": 2, "lagging": 1}.get(cls) or rng.randint(1, 2)
            if cls == "lagging" and n < -2 and rng.random() < 0.3:
                count = 0
            festival = FESTIVALS.get(first.month) if cls != "lagging" else None
            for index in range(count):
                on = _between(rng, first, last)
                if index == 0 and festival:
                    day, kind, title = festival
                    on, notes = (first.replace(day=day) if day else on), ""
                    if on > today:
                        continue
                else:
                    kind = rng.choices(kinds, weights)[0]
                    if kind == Activity.Kind.OUTING and not 4 <= first.month <= 10:
                        kind = Activity.Kind.FILM
                    title, notes = rng.choice(ACTIVITIES[kind][1])
                    if "{other}" in title and not others:
                        title, notes = "籃球比賽", ""
                    a, b = sorted(rng.sample(range(18, 46), 2), reverse=True)
                    title = title.format(other=others and rng.choice(others))
                    notes = notes.format(a=a, b=b)
                activity = Activity(group=group, held_on=on, kind=kind, title=title, notes=notes,
                                    recorded_by=users.get(group.pk))  # fmt: skip
                activities.append(activity)
                share = rng.uniform(*TAKING_PART[cls])
                for member in rng.sample(people, max(1, round(len(people) * share))):
                    taking_part.append((activity, member))
    Activity.objects.bulk_create(activities, batch_size=500)
    Through = Activity.participants.through
    Through.objects.bulk_create(
        [Through(activity_id=a.pk, member_id=m.pk) for a, m in taking_part], batch_size=1000
    )
