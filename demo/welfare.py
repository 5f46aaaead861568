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

import random
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Q

from demo.activities import seed_activities
from demo.common import DAY, classes_of, day_between
from demo.welfare_texts import (
    BENEFITS,
    BROUGHT,
    CATEGORIES,
    CLOSED,
    DESCRIPTIONS,
    GOODS,
    GRANT_AMOUNTS,
    GRANT_NOTES,
    LEARNT,
    LEARNT_ANY,
    NOTES,
    OWN_CHILDBIRTH,
    REFERRAL_ANY,
    REFERRALS,
    REJECTIONS,
    REOPENED,
    REOPENED_ANY,
    RESOLVED,
    RESOLVED_ANY,
    SOURCES,
    TRANSFERRED,
    Category,
    ClaimStatus,
    Kind,
    Source,
    Status,
    Tier,
)
from groups.models import Member, Role, Scope, UnionGroup
from groups.scoping import Level
from welfare.models import Activity, CaseAction, InsuranceClaim, StatusChange, WelfareCase


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


def seed_welfare(today, city, good_groups):
    """Seed the welfare cases of every group that has none, and the activities of every group
    that has none."""
    groups = list(UnionGroup.objects.active().select_related("workshop__factory").order_by("pk"))
    classes = classes_of(groups, city, good_groups)
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
        seed_activities(new, today, classes, users, members)


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
        transferred = day_between(rng, first + 30 * DAY, (resolved or today) - DAY)
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
        again = day_between(rng, resolved + 7 * DAY, today - 10 * DAY)
        move(Status.IN_PROGRESS, again, REOPENED.get(category, REOPENED_ANY))
        actions.append(_visit(ctx, case, again))
        resolved = again + rng.randint(7, 30) * DAY
        if resolved >= today:
            case.follow_up_on = _follow_up(ctx, again, overdue=p.overdue)
            return case, changes + actions + claims
        move(Status.RESOLVED, resolved, RESOLVED.get(category, RESOLVED_ANY))
    case.resolved_on, case.days_to_resolve = resolved, (resolved - opened).days
    if resolved < today - 20 * DAY and rng.random() < p.close:
        case.closed_on = day_between(rng, resolved + 10 * DAY, min(resolved + 60 * DAY, today))
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
        actions.append(_visit(ctx, case, day_between(rng, min(first + DAY, last), last)))
    grants = (1 + (case.tier == Tier.SEVERE)) if story or rng.random() < p.grant else 0
    for _ in range(grants):
        source = (
            Source.UNION_FUND if story else rng.choices(list(SOURCES), list(SOURCES.values()))[0]
        )
        actions.append(CaseAction(
            case=case, kind=Kind.GRANT, done_on=day_between(rng, first, last),
            amount=Decimal(rng.choice(GRANT_AMOUNTS)), source=source, who=ctx.carers[0].name,
            text=GRANT_NOTES[source], recorded_by=ctx.user,
        ))  # fmt: skip
    goods = p.goods * (1.5 if category in (Category.FAMILY, Category.CHILDBIRTH) else 1)
    if rng.random() < goods:
        what, worth = rng.choice(GOODS)
        actions.append(CaseAction(
            case=case, kind=Kind.GOODS, done_on=day_between(rng, first, last), brought=what,
            amount=Decimal(worth) if worth else None, source=Source.UNION_FUND if worth else "",
            who=_who(ctx), recorded_by=ctx.user,
        ))  # fmt: skip
    referral = p.referral * (2.5 if category in (Category.HOUSING, Category.INJURY) else 1)
    if rng.random() < referral:
        to, text = REFERRALS.get(category, REFERRAL_ANY)
        on = day_between(rng, first, min(last, first + 10 * DAY))
        actions.append(CaseAction(
            case=case, kind=Kind.REFERRAL, done_on=on, referred_to=to, text=text,
            who=ctx.carers[0].name, recorded_by=ctx.user,
        ))  # fmt: skip
    if rng.random() < p.note:
        helper = rng.choice([m for m in ctx.people if m.pk != case.member_id])
        text = rng.choice(NOTES)[0].format(n=rng.randint(6, 25), name=helper.name)
        actions.append(CaseAction(case=case, kind=Kind.NOTE, done_on=day_between(rng, first, last),
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
