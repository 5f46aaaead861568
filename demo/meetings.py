"""Demo meetings for ``seed_demo``: a year of meetings for every group, the factories'
resolutions with each group's report, and reports sent up to the factory unions.

Preparedness follows the seed's three classes: the good groups announce two days ahead, write a
summary and nearly everyone comes; ordinary groups vary; two groups of 山西機器廠 lag (few
meetings, no summaries). Deterministic: each group draws from its own ``random.Random``.
Idempotent: a group that already has meetings is left alone, and a resolution or a report up is
made only when none of that title exists.
"""

import datetime
import random
from collections import defaultdict
from types import SimpleNamespace

from django.utils import timezone

from demo.common import CN_MONTHS, DAY, classes_of, rows, when
from groups.models import FactoryUnion, Member, Role, Scope, UnionGroup
from groups.scoping import Level
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Candidate,
    Decision,
    GroupReport,
    Meeting,
    Resolution,
    ResolutionReport,
)

Kind, Status = Meeting.Kind, Meeting.Status
TIMES = [datetime.time(17, 30), datetime.time(17, 0), datetime.time(12, 10), datetime.time(16, 40)]
PLACES = ["{w}車間休息室", "{w}車間工會辦公室", "{w}車間工具室旁", "廠俱樂部小會議室"]
# The day of the month of each meeting (give or take two days); a study session each quarter.
SCHEDULE = [(5, Kind.GROUP), (13, Kind.PRODUCTION), (17, Kind.STUDY), (24, Kind.GROUP)]
REASONS = ["病假", "事假", "出差", "倒夜班", "探親", "工傷休養", "參加技術訓練班", "家中有事"]


# A production meeting's topics (the booklet's list): agenda title and minutes.
TOPICS = {
    key: (title, minutes)
    for key, title, minutes in rows("""
guarantee_plan|訂本月保證計劃|生產組長報告本月任務，大家挖潛力、找竅門，每人訂出保證條件，全組保證提前三天完成。
technique|研究改進技術|{name}介紹改磨車刀角度的做法，走刀量提高一倍，大家同意推廣，由他包教三人。
experience|交流先進經驗|{name}介紹快速換活的經驗，組內結成三對師徒，訂立互助合同。
quality|檢查產品質量|檢查上月廢品，主要原因是看圖不細、量具不準；決定每班首件必檢，互相檢查。
safety|改進安全設備|檢查了皮帶罩和砂輪擋板，{name}提出加裝防護欄，報車間工會轉行政解決。
proposals|研究合理化建議|討論{name}提的合理化建議，算了細賬，每月可省工時四十小時，送廠裏審查。
accidents|研究事故原因|分析上週{name}碰傷手指的事故，原因是違章操作，大家訂出安全公約。
waste|消滅浪費|清點邊角料和舊棉紗，決定回收利用，建立工具保管制度，由{name}負責登記。
""")
}
PRODUCTION_REPORT = (
    "生產組長報告本月生產情況",
    "{name}報告：本月計劃完成百分之一百零二，質量合格率九十八。",
)
GROUP_ITEMS = rows("""
傳達廠工會決議|小組長傳達了廠工會的決議，大家討論怎樣在本組貫徹，分工到人。
討論上半月生產任務完成情況|上半月完成計劃百分之一百零三，{name}因設備故障拖了兩天，大家幫他想辦法。
檢查互助合同執行情況|師徒合同大部分執行得好，{name}的徒弟已能獨立操作。
收繳會費，報告會費使用情況|會費全部收齊，小組長報告了本季會費的使用，大家沒有意見。
討論困難會員的補助|{name}家中老人病重，生活困難，大家同意報請車間工會補助。
評選本月的模範|大家評選{name}為本月模範，事蹟寫上黑板報。
檢查勞動紀律|本月遲到三人次，{name}作了檢討，保證不再遲到。
檢查上次會議決定的執行|上次決定的五件事辦完四件，{name}負責的一件下次會前辦完。
佈置讀報和黑板報工作|宣傳幹事佈置下週讀報內容，黑板報由{name}負責出刊。
""")
STUDY = rows("""
technique|技術學習：看圖與公差配合|請老師傅{name}講看圖和公差，大家對照工件練習，多數人能看懂一般零件圖。
experience|學習馬恆昌小組的先進經驗|讀了馬恆昌小組的材料，大家對照本組找差距，決定學習他們的包教保學。
politics|讀報：愛國增產節約運動|{name}讀報，大家聯繫本組討論，提出十條節約辦法。
culture|文化學習：識字班第二課|識字班學完第二課，{name}等六人默寫全對。
""")
ELECTION_ITEMS = rows("""
小組長報告一年來的工作|小組長報告一年來的工作，大家提了三條意見：會前多醞釀，多關心夜班同志。
選舉工會小組長|經大家醞釀提名，無記名投票選舉。
""")
DECISIONS = rows("""
每班首件必檢，發現問題立即停車研究。
本月開展組與組的無廢品競賽，每週評比一次。
師徒合同再訂三對，月底檢查。
下次會議前由幹事先個別醞釀，摸清大家的意見。
節約棉紗和機油，每人每月節約一斤棉紗。
報請車間工會補助困難會員一人。
""")
ACTIONS = rows("""
把皮帶罩的問題報車間行政
整理合理化建議送廠技術科
組織三次技術講座
檢查互助合同執行情況
出一期黑板報表揚模範
訪問生病的會員
登記全組工具，建立保管制度
""")
SUMMARIES = rows("""
會前通知了議程，大家早有準備，發言集中，不到一小時解決了{n}個問題。應到{total}人，實到{present}人。
會前研究了上次決定的執行，會上分工到人；缺點是個別同志發言離題，下次會前先個別醞釀。
這次會議目的明確，決定的事都有人負責；會後由幹事督促檢查，下次會上報告。
""")
MISSED = rows("""
{name}作了自我批評：只求數量，不顧質量。|刀具磨損沒有及時換，檢驗不嚴。|每班首件必檢，刀具由專人管理。
小組長檢討了對夜班的生產抓得不緊。|夜班缺人，材料供應不及時。|夜班調配兩名老工人，材料提前一天領。
""")
# (month, day) of issue: each resolution is issued on the last such day before today.
RESOLUTIONS = rows("""
3|15|開展無廢品競賽|各小組在生產會議上研究廢品原因，訂出保證條件，開展組與組的無廢品競賽，每月評比一次。
7|1|學習先進小組經驗，不開無準備的會|各小組學習韓潤、溫小清小組的經驗：會前通知議程、會前研究、會後總結。
11|10|做好冬季安全生產|入冬前各小組檢查安全設備和防寒設施，訂出冬季安全公約，消滅事故。
12|1|訂好明年保證計劃|各小組根據工廠明年的計劃，發動大家挖潛力、找竅門，訂出小組保證計劃，報車間工會。
""")
DONE_NOTES = rows("""
在生產會議上傳達討論，訂出保證條件，分工到人，已全部做到。
在小組會上討論，大家訂了公約，每週檢查一次，執行得好。
已在會上佈置並檢查，經車間工會檢查合格。
""")
PROGRESS_NOTES = rows("""
已在小組會上傳達，正在執行，還有兩人沒有做到。
已訂出計劃，正在執行中。
傳達了，還沒有具體佈置。
""")
REPORTS_UP = rows("""
suggestion|建議改善車間通風|夏天車間太熱，大家建議加裝兩台排風扇。|已報廠行政，排風扇下月安裝。
opinion|會員對加班太多有意見|本月加班六次，大家反映休息不好，影響質量。|已和車間主任研究，今後合理安排，不再連續加班。
situation|小組開展無廢品競賽的情況|全組三個月無廢品，經驗是首件必檢、互相檢查。|很好，廠工會將在全廠推廣你們的經驗。
situation|新工人多，技術跟不上|今年新來五個徒工，技術差，希望組織技術學習班。|
opinion|夜餐送到時已經涼了|上夜班的同志反映夜餐送到車間時已經涼了。|已轉告食堂，改用保溫桶送飯。
suggestion|建議工具室延長開放時間|夜班同志領工具不方便，建議工具室夜班也開放。|
""")


def seed_meetings(today, city, good_groups):
    """Seed the meetings of every group that has none, then the resolutions and reports up."""
    groups = list(UnionGroup.objects.active().select_related("workshop__factory").order_by("pk"))
    classes = classes_of(groups, city, good_groups)
    users = {s.group_id: s.user for s in Scope.objects.filter(level=Level.GROUP)}
    staff = {s.factory_id: s.user for s in Scope.objects.filter(level=Level.FACTORY)}
    with_meetings = set(Meeting.objects.values_list("group", flat=True).distinct())
    new = [g for g in groups if g.pk not in with_meetings]
    if new:
        _seed_groups(new, today, classes, users)
    for factory in FactoryUnion.objects.order_by("pk"):
        factory_groups = [g for g in groups if g.workshop.factory_id == factory.pk]
        if factory_groups:
            _seed_resolutions(factory, factory_groups, today, classes, users, staff.get(factory.pk))
            _seed_reports_up(factory, factory_groups, classes, users, staff.get(factory.pk))


def _profile(group, cls):
    """The group's random draws and how prepared its meetings are: the chance that a meeting is
    held, announced two days ahead (else late, else not at all), summarised, that a member comes,
    that minutes are written and that an action item is done in time."""
    rng = random.Random(f"meetings/{group.name}")
    u = rng.uniform
    figures = {
        "good": (0.97, 0.95, 1.0, 0.95, 0.95, 1.0, 0.97),
        "lagging": (0.12, 0.0, 0.3, 0.0, 0.6, 0.3, 0.4),
    }.get(cls) or (u(0.65, 0.9), u(0.25, 0.75), u(0.4, 0.8), u(0.25, 0.65), u(0.7, 0.9), 0.7, 0.85)
    names = ("hold", "ahead", "late", "summary", "present", "minutes", "done")
    return rng, SimpleNamespace(cls=cls, **dict(zip(names, figures, strict=True)))


def _slots(today, leader_since, rng):
    """The meeting days of the year up to two weeks ahead: two group meetings and a production
    meeting a month, a study session a quarter and the election on the day the leader's term
    began."""
    start = today - 364 * DAY
    month = start.replace(day=1)
    while month <= today + 14 * DAY:
        for day, kind in SCHEDULE:
            if kind == Kind.STUDY and month.month % 3 != 2:
                continue
            on = month.replace(day=day + rng.randint(-2, 2))
            if start <= on < today + 14 * DAY and on != leader_since:
                yield on, kind
        month = (month + 32 * DAY).replace(day=1)
    if leader_since and start <= leader_since < today:
        yield leader_since, Kind.ELECTION


def _title(on, kind, study):
    cn = CN_MONTHS[on.month - 1]
    if kind == Kind.GROUP:
        return f"{cn}月{'上旬' if on.day <= 10 else '中旬' if on.day <= 20 else '下旬'}小組會"
    if kind == Kind.PRODUCTION:
        return f"{cn}月生產會議"
    return study[1] if kind == Kind.STUDY else "工會小組改選大會"


def _agenda(kind, rng, study):
    """(title, topic, minutes) of each item: a production meeting takes up two of the booklet's
    topics, then hears the production group leader."""
    if kind == Kind.PRODUCTION:
        topics = [(*TOPICS[t][:1], t, TOPICS[t][1]) for t in rng.sample(sorted(TOPICS), 2)]
        return [*topics, (PRODUCTION_REPORT[0], "", PRODUCTION_REPORT[1])]
    if kind == Kind.STUDY:
        return [(study[1], "", study[2])]
    items = ELECTION_ITEMS if kind == Kind.ELECTION else rng.sample(GROUP_ITEMS, 3)
    return [(title, "", minutes) for title, minutes in items]


def _announce(meeting, today, rng, p, user):
    """Good groups give notice two to four days ahead; others late, or not at all. An upcoming
    meeting is announced only once its notice would be due."""
    on = meeting.scheduled_on
    if rng.random() < p.ahead:
        notice = on - rng.randint(2, 4) * DAY
    elif rng.random() < p.late:
        notice = on - rng.randint(0, 1) * DAY
    else:
        return
    if notice > today:
        return
    meeting.announced_on, meeting.announced_by, meeting.status = notice, user, Status.ANNOUNCED


def _seed_groups(groups, today, classes, users):
    members = defaultdict(list)
    for member in Member.objects.active().filter(group__in=groups).order_by("pk"):
        members[member.group_id].append(member)
    leaders = {
        r.group_id: r
        for r in Role.objects.current().filter(group__in=groups, kind=Role.Kind.UNION_LEADER)
    }
    meetings, children = [], []
    for group in groups:
        people, leader, user = members[group.pk], leaders.get(group.pk), users.get(group.pk)
        if not people:
            continue
        rng, p = _profile(group, classes[group.pk])
        place = rng.choice(PLACES).format(w=group.workshop.name)
        slots = sorted(_slots(today, leader and leader.started_on, rng))
        upcoming = [s for s in slots if s[0] >= today][: 1 if p.cls == "lagging" else 2]
        for index, (on, kind) in enumerate(s for s in slots if s[0] < today or s in upcoming):
            held = on < today
            skipped = kind == Kind.ELECTION and p.cls == "lagging"
            if skipped or (held and kind != Kind.ELECTION and rng.random() > p.hold):
                continue
            study = STUDY[index % len(STUDY)]
            meeting = Meeting(
                group=group,
                kind=kind,
                study_topic=study[0] if kind == Kind.STUDY else "",
                title=_title(on, kind, study),
                scheduled_on=on,
                starts_at=rng.choice(TIMES),
                place=f"{group.workshop.name}車間生產辦公室" if kind == Kind.PRODUCTION else place,
                planned_by=user,
            )
            _announce(meeting, today, rng, p, user)
            meeting.planned_at = when((meeting.announced_on or on) - rng.randint(1, 4) * DAY)
            agenda = _agenda(kind, rng, study)
            items = [
                AgendaItem(meeting=meeting, position=n, title="" if topic else title, topic=topic)
                for n, (title, topic, _) in enumerate(agenda, start=1)
            ]
            children += items
            if held:
                minutes = [m for _, _, m in agenda]
                children += _hold(meeting, items, minutes, people, leader, today, rng, p, user)
            meetings.append(meeting)
    Meeting.objects.bulk_create(meetings, batch_size=500)
    by_model = defaultdict(list)
    for child in children:
        by_model[type(child)].append(child)
    for model, objs in by_model.items():
        model.objects.bulk_create(objs, batch_size=500)  # their meetings have their pks now


def _hold(meeting, items, minutes, people, leader, today, rng, p, user):
    """Record a held meeting: attendance of every member, minutes, decisions, action items, the
    summary, and the election's candidates. Returns the new rows."""
    on, kind = meeting.scheduled_on, meeting.kind
    rows = []
    for member in people:
        status, reason = "present", ""
        if rng.random() >= p.present:
            status, reason = rng.choice(["absent", "excused"]), rng.choice(REASONS)
        rows.append(Attendance(meeting=meeting, member=member, status=status, reason=reason))
    present = sum(a.status == "present" for a in rows)
    if rng.random() < p.minutes:
        for item, text in zip(items, minutes, strict=True):
            item.minutes = text.format(name=rng.choice(people).name)
    if kind == Kind.PRODUCTION and rng.random() < (0.08 if p.cls == "good" else 0.2):
        criticism, causes, remedies = rng.choice(MISSED)
        meeting.target_missed = True
        meeting.criticism = criticism.format(name=rng.choice(people).name)
        meeting.causes, meeting.remedies = causes, remedies
    n_decisions = {Kind.PRODUCTION: 2, Kind.GROUP: 1}.get(kind, 0) if p.cls == "good" else 1
    texts = [t for (t,) in rng.sample(DECISIONS, n_decisions)] if kind != Kind.STUDY else []
    if kind == Kind.ELECTION and leader:
        texts = [f"{leader.member.name}當選工會小組長，任期一年。"]
    decisions = [Decision(meeting=meeting, text=t) for t in texts]
    rows += decisions
    if kind in (Kind.GROUP, Kind.PRODUCTION) and rng.random() < (0.9 if p.cls == "good" else 0.5):
        samples = rng.sample(ACTIONS, 2 if kind == Kind.PRODUCTION else 1)
        for number, (description,) in enumerate(samples):
            due = on + rng.randint(7, 21) * DAY
            item = ActionItem(meeting=meeting, description=description, due_on=due)
            # Each action carries out one of the meeting's decisions (written before it).
            item.decision = decisions[number % len(decisions)] if decisions else None
            item.owner = rng.choice(people)
            latest = min(due, today)
            if latest > on and rng.random() < (p.done if due < today else 0.3):
                item.done_on = on + rng.randint(1, (latest - on).days) * DAY
            rows.append(item)
    if kind == Kind.ELECTION and leader:
        others = [m for m in people if m.pk != leader.member_id]
        votes = max(present - rng.randint(0, 2), 1)
        rows.append(Candidate(meeting=meeting, member=leader.member, office="union_leader",
                              votes=votes, elected=True))  # fmt: skip
        if others:
            rows.append(Candidate(meeting=meeting, member=rng.choice(others),
                                  office="union_leader", votes=present - votes))  # fmt: skip
    meeting.status = Status.HELD
    meeting.held_recorded_by, meeting.held_recorded_at = user, when(on, datetime.time(19))
    if rng.random() < p.summary:
        template = rng.choice(SUMMARIES)[0]
        meeting.summary = template.format(n=len(items), total=len(people), present=present)
        meeting.status = Status.SUMMARISED
        meeting.summarised_by, meeting.summarised_at = user, when(on + DAY, datetime.time(10))
    return rows


def _last(today, month, day):
    """The last ``month``/``day`` at least five days before today."""
    on = datetime.date(today.year, month, day)
    return on if on <= today - 5 * DAY else on.replace(year=today.year - 1)


def _seed_resolutions(factory, groups, today, classes, users, staff):
    """The factory union's resolutions to all its groups, with each group's report: the good
    groups carried them out at a meeting, others are on it or have not started, lagging groups
    have not reported."""
    held = defaultdict(list)
    for m in (
        Meeting.objects.filter(group__in=groups, status__in=[Status.HELD, Status.SUMMARISED])
        .order_by("scheduled_on", "pk")
        .only("pk", "group", "kind", "scheduled_on")
    ):
        held[m.group_id].append(m)
    for month, day, title, text in RESOLUTIONS:
        if Resolution.objects.filter(factory=factory, title=title).exists():
            continue
        issued = _last(today, int(month), int(day))
        resolution = Resolution.objects.create(
            factory=factory, title=title, text=text, issued_on=issued, issued_by=staff,
            due_on=issued + 30 * DAY,
        )  # fmt: skip
        reports = []
        for group in groups:
            rng = random.Random(f"{factory.name}/{title}/{group.name}")
            report = ResolutionReport(resolution=resolution, group=group)
            after = [m for m in held[group.pk] if m.scheduled_on >= issued]
            due_passed = resolution.due_on < today
            draw, cls = rng.random(), classes[group.pk]
            if cls == "lagging":
                draw = 1.0
            elif cls == "good":
                draw = 0.0 if after else 0.5
            if draw < (0.45 if due_passed else 0.15) and after:
                production = [m for m in after[:4] if m.kind == Kind.PRODUCTION]
                report.meeting = (production or after)[0]
                report.status, report.note = "done", rng.choice(DONE_NOTES)[0]
                reported = report.meeting.scheduled_on + rng.randint(1, 3) * DAY
            elif draw < 0.75:
                report.status, report.note = "in_progress", rng.choice(PROGRESS_NOTES)[0]
                reported = issued + rng.randint(3, 20) * DAY
            else:
                reports.append(report)
                continue
            report.reported_at, report.reported_by = (
                when(min(reported, today)),
                users.get(group.pk),
            )
            reports.append(report)
        ResolutionReport.objects.bulk_create(reports)


def _seed_reports_up(factory, groups, classes, users, staff):
    """Reports sent up by some groups of the two Taiyuan factories; the older ones read by the
    factory union and most of those answered."""
    if factory.name not in ("太原機器廠", "太原鋼鐵廠"):
        return
    rng = random.Random(f"reports-up/{factory.name}")
    senders = sorted(groups, key=lambda g: (g.pk not in users, classes[g.pk] != "good", g.pk))
    now = timezone.now()
    reports = []
    for index, (kind, subject, text, answer) in enumerate(REPORTS_UP):
        group = senders[index % min(len(senders), 4)]
        if GroupReport.objects.filter(group=group, subject=subject).exists():
            continue
        recent = index >= len(REPORTS_UP) - 2
        sent = now - datetime.timedelta(days=rng.randint(1, 8) if recent else rng.randint(20, 300))
        report = GroupReport(group=group, kind=kind, subject=subject, text=text, sent_at=sent)
        report.sent_by = users.get(group.pk)
        if not recent:
            report.read_at, report.read_by = sent + rng.randint(1, 3) * DAY, staff
            if answer:
                report.answer, report.answered_by = answer, staff
                report.answered_at = report.read_at + rng.randint(0, 4) * DAY
        reports.append(report)
    GroupReport.objects.bulk_create(reports)
