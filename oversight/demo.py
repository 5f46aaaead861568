"""Demo classification and oversight for ``seed_demo``: three half-year assessment periods of the
city federation, the groups' assessments in them, the booklet's typical experience and a year of
union dues.

- The current half-year is open, the two before it closed. In both closed periods every active
  group was assessed by its factory union and the federation confirmed a class. The later one
  is the seed's survey: in 山西機器廠's foundry and farm-tools workshops 9 of the 33 groups are
  class 1 (王銀柱小組, 張永才小組 and seven others), 22 class 2 and 2 class 3 (the two groups
  that lag in the demo meetings). The earlier one is worse everywhere (there 6, 23 and 4; a few
  of the city's good groups still class 2; 羅成恩小組 and 王良小組, whose turn-round the booklet
  tells, lagging), so the trend shows the improvement. Three assessments were confirmed at
  another class than the one proposed, each with the federation's reason.
- In the open period 太原鋼鐵廠 and 山西機器廠 have submitted most of their groups (awaiting the
  federation's review); a few are drafts and one was returned with a reason. In 太原機器廠
  余蘭桂小組 and 杜鳴舉小組 are submitted and 韓潤小組 is not assessed yet; the other factories
  have not begun.
- The ratings agree with the class proposed; the notes and the summary are short and Chinese, the
  summary quoting the period's figures. A submitted assessment keeps the evidence of its period
  (``evidence.for_groups``, one call per period for all groups), as ``services`` keeps it.
- Typical experience: the booklet's two best groups, 韓潤小組 and 溫小清小組, selected for the
  booklet with the booklet's own words about them; 王茂林小組 proposed; one declined.
- Dues: the last twelve full months for the groups of 太原機器廠 and 太原鋼鐵廠 (the other
  factories do not record them); the good groups collect from nearly everyone.

Deterministic: every choice comes from a ``random.Random`` with a fixed string seed. Idempotent:
the periods and their assessments are seeded when the federation has no period yet, the
write-ups when none of its groups has one, the dues of a group when it has none. Everything is
bulk-created with its history rows (the creation, and the review or decision that followed, by
the users and at the times the records give), so the pages' histories read as on the site.
"""

import copy
import datetime
import random
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from groups.models import Federation, Member, Scope, UnionGroup
from groups.scoping import Level
from meetings.demo import _at, _classes, rows
from oversight import evidence
from oversight.models import (
    CRITERION_FIELDS,
    Assessment,
    AssessmentPeriod,
    DuesRecord,
    Experience,
)

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
Status = Assessment.Status
SHANXI, MACHINE, STEEL = "山西機器廠", "太原機器廠", "太原鋼鐵廠"
DUES_FACTORIES = {MACHINE, STEEL}
# The seed's good groups of the Shanxi survey (張永才小組 is good there, not in the meetings).
SHANXI_GOOD = {"王銀柱小組", "張永才小組"}
# Good groups that were still average in the earlier period, and the two groups whose turn-round
# the booklet tells (由無到有由弱變強的羅成恩小組, 王良小組的轉變), lagging then.
EARLIER_AVERAGE = {"余蘭桂小組", "杜鳴舉小組", "郭鈴小組"}
EARLIER_LAGGING = {"羅成恩小組", "王良小組"}
# In the open period: what 太原機器廠 has submitted (韓潤小組 is left for the staff to assess).
MACHINE_SUBMITTED = {"余蘭桂小組", "杜鳴舉小組"}
EARLIER_PROMOTED = "閻四貨小組"

# Notes on each criterion, by rating (1 good, 2 fair, 3 weak).
NOTES = {
    "production": {
        1: rows("""
訂了小組保證計劃，人人有保證條件，計劃月月超額完成。
一切活動圍繞生產，生產會議研究的都是本組生產中的關鍵問題。
開展無廢品競賽，質量穩定，合理化建議多。
"""),
        2: rows("""
能圍繞生產進行活動，但保證計劃訂了沒有經常檢查。
生產任務完成了，但面向生產的觀念不夠明確。
有保證計劃，個人保證條件一般化，不具體。
"""),
        3: rows("""
沒有保證計劃，生產任務常常完不成。
小組活動和生產脫節，廢品多。
"""),
    },
    "duties": {
        1: rows("""
工會小組長和行政小組長分工明確，遇事互相商量，互相支持。
行政組長佈置任務，工會組長組織大家訂保證，配合得好。
"""),
        2: rows("""
兩個組長分工不明，工會組長常代替行政組長派活。
分工有了，但遇事互相推。
"""),
        3: rows("""
工會組長不起作用，事事由行政組長一人說了算。
兩個組長互不通氣，有矛盾。
"""),
    },
    "unity": {
        1: rows("""
幹事團結在組長周圍，每個幹事帶兩個積極分子，全組團結一致。
對落後同志耐心說服，把他爭取過來了。
關心組員疾苦，組員病了有人探望，有困難大家幫。
"""),
        2: rows("""
一般能團結互助，但對落後同志不理不問。
積極分子少，帶動面不寬。
"""),
        3: rows("""
組內不團結，有人鬧情緒，沒人過問。
積極分子脫離羣衆，組員有意見。
"""),
    },
    "systems": {
        1: rows("""
不開無準備的會：會前通知議程，會後有總結。
小組會、生產會議按時開，決定的事有人負責，下次會上檢查。
"""),
        2: rows("""
有會議制度，但會前不準備，開會漫無邊際，流於形式。
制度訂了，執行得時好時壞。
"""),
        3: rows("""
沒有甚麼制度，會很少開。
開會沒人通知，也沒有記錄。
"""),
    },
    "leadership": {
        1: rows("""
小組長連選連任，羣衆擁護，幹事和積極分子都起作用。
領導骨幹強，活動經常，出勤好。
"""),
        2: rows("""
小組長一個人忙，幹事的作用發揮不夠。
活動不經常，到會的人時多時少。
"""),
        3: rows("""
無領導，少活動。
小組長不負責任，小組處於自流狀態。
"""),
    },
}
SUMMARIES = {
    1: rows("""
小組活動圍繞生產進行，兩個組長分工明確，團結互助，制度堅持得好，在生產上起了保證作用。
保證計劃月月完成，會前有準備、會後有總結，組員有困難大家幫，是一個好小組。
"""),
    2: rows("""
能圍繞生產進行活動，但面向生產的觀念不夠明確；兩個組長分工不明，有些制度是形式主義，戰鬥力不強。
生產任務基本完成，小組會也開了，但多數沒有準備，決定的事缺少檢查。
"""),
    3: rows("""
無領導，少活動：小組長不起作用，保證計劃沒有訂，會開得很少。
組內不團結，生產任務常常完不成，小組處於自流狀態。
"""),
}
NEXT = {
    1: rows("""
今後要防止驕傲自滿，把經驗介紹給兄弟小組，幫助落後小組。
下期要把技術學習搞得更經常些，多提合理化建議。
"""),
    2: rows("""
下期要把保證計劃訂具體，開會前先醞釀，向韓潤小組學習。
下期請幹事分工負責，多發揮積極分子的作用。
下期要明確兩個組長的分工，把制度真正用起來。
"""),
    3: rows("""
車間工會派人幫助整頓，先改選小組長，訂出保證計劃。
下期由車間工會幫助開好第一次有準備的小組會。
"""),
}
# The federation's reasons for confirming another class than the one proposed.
PROMOTED = (
    "閻四貨小組發揚民主，把落後同志爭取過來了，生產一貫超額完成，"
    "已具備第一類小組的條件，確定為第一類。"
)
DEMOTED = (
    "保證計劃只完成了一半，小組會多數沒有總結，兩個組長的分工也還不明確，暫列第二類，下期再看。"
)
LAGGING = "半年只開了幾次會，沒有一次總結，小組長不起作用，按「無領導，少活動」應列為第三類。"
RETURNED = (
    "「團結互助」評為好，但本期沒有一次訪問困難會員的記錄，保證計劃也沒有檢查；請核實後重新評定。"
)


def _paragraphs(text):
    """Paragraphs separated by blank lines, each written over several lines."""
    return "\n\n".join(
        "".join(line.strip() for line in block.splitlines()) for block in text.strip().split("\n\n")
    )


# The booklet's own words on its two best groups (席炳午主席's report; "闢四貨" mended).
HAN_RUN = _paragraphs("""
以韓潤小組來講，其主要特點，總的來說，給他起個名字叫「耐心說服，感動人心，團結大家，搞好
生產」的韓潤小組。韓潤小組之所以好，它第一個特點是能充分的運用了工會工作的基本方法——說
服教育，來說服羣衆。他對生產小組長和以前小組存在的問題以及對一些落後同志解決的辦法，全採
取了反覆的說服教育。而且能根據每個人和每個問題的實際出發進行說服，而不是空說。是以實際行
動，實際事實，羣衆行動，羣衆事實達到說服其他同志的目的。這在我們工會工作者來說，在進行工
作時應該具有這三條：（一）反覆說服，耐心說服；（二）以事實來說服；（三）以羣衆實際行動來
進行說服，這樣才能感動人心。

第二個特點是團結大家。韓潤小組從小組長起，以至到比較落後的同志，完全是團結一致的。他們的
團結可分三點來說：（一）行政小組長和工會小組長團結一致，能互相幫助，互相商量，互相團結。
在一個小組中，如小組的首腦不團結，下面就很難團結。小組長就和人體的腦神經是一樣的，神經發
出了命令，眼臂就能活動起來。（二）積極份子與廣大羣衆的團結。韓潤小組，他們有三個幹事團結
在組長的周圍，一個幹事又團結了二個積極分子，通過積極分子，團結了全組羣衆。積極分子最重要
的就是團結帶動連繫羣衆。如果積極分子脫離了羣衆，不能帶動羣衆，就失去了積極分子的意義，這
在其本身來說，也就不能成爲個積極分子。（三）領導骨幹與全組羣衆的團結。小組中領導骨幹與全
組羣衆不能密切團結，工作就永遠搞不好。有許多小組的小組長搞不好工作，就是因爲組長脫離了羣
衆，當以爲自己積極，能辦事，別人落後不起作用，採取了打擊的態度，訓他，罵他，不理他，因而
不能團結廣大羣衆，脫離了羣衆。韓潤小組不僅是團結了羣衆，更重要的是提高羣衆，而不是給羣衆
當尾巴，是從政治上來團結，所以團結羣衆必須是在提高羣衆的基礎上，才能真正團結。韓潤小組的
羣衆對生產組長有意見，要改選行政組長，而韓潤不僅沒有這樣做，並且能給羣衆說明道理，教育了
羣衆，進行了正確的帮助，這就提高了羣衆，搞好了小組。

小組長加上積極分子，再加上中間的同志，把落後組員帶動起來了。小組長團結積極分子是比較容易
的，但對一些落後羣衆，就不大善於改造爭取的。從經驗交流中我們瞭解到：韓潤、閻四貨等小組全
是把落後者爭取過來，改造了落後，消滅了落後，是採取了團結爭取，而不是打擊、嘲笑、諷刺、輕
視。現在有些小組，却不是這樣進行工作的，應加糾正；必須採取團結、爭取，那怕是一個也要爭取
過來，不理是不對的，認爲不能轉變是錯誤的，有的人說：「落後的不能改變」。這種認識是錯誤的
，韓潤、閻四貨等小組，很明顯的證明了是可以轉變的。以上幾點總起來說就是全小組的團結一致。
其中耐心說服，感動人心和團結一致等，全要落足到搞好生產上，搞好生產是重要的標誌，也是最好
的結果。如果說生產搞不好，前幾條搞的再好也是無用的。韓潤、溫小清等小組，全落足到這一點上
，因之是好的小組。

韓潤同志對羣衆要求撤換生產小組長的意見，採取了耐心說服教育，主動的團結生產小組長，從而使
生產小組長轉變了作風。並團結一致，協同工作，搞好了生產，就是一個顯明的事例。
""")
WEN_XIAOQING = _paragraphs("""
另外溫小清小組也是搞的好的一個小組，也給他起個名字，叫做「關心羣衆疾苦，密切連繫羣衆，與
羣衆打成一片，領導羣衆前進，搞好生產」的溫小清小組。

從關心羣衆疾苦，連繫羣衆來看，他們小組不是空講道理，而是經常很好的瞭解羣衆困難，不僅是瞭
解到，而且是幫助羣衆加以解決，然後再結合道理加以說服，這樣才能使羣衆提高覺悟，積極起來，
搞好生產。有些工會同志，把關心羣衆疾苦這樣天經地義的事，認為是「事務主義」，這些同志所認
為的「事務主義」，有一部份就包含的像溫小清關心羣衆疾苦的那樣的「事務主義」。如溫小清，組
員病了，買上橘子跑到清源去看望，這是說明了他們如何關心羣衆，所以我說那不叫事務主義，而是
關心羣衆。如果說把關心羣衆疾苦的事認為是事務主義，那才是不關心羣衆疾苦，脫離羣衆的官僚主
義分子。另外從溫小清小組的落足來看，也是搞好生產。

溫小清同志犧牲公休日，買上橘子跑了二百四十里到清源慰問患病工人的事實，說明他有這種集體主
義的新道德，必然為羣衆所擁護，因此他才能連任三年工會小組長。大會發言的所有小組長，都具有
這一個特點。羣衆的許多思想問題，往往是由於疾病、宿舍等等生活困難而引起，直接影響了生產情
緒，小組長必須十分注意這些問題，才能保證組內團結搞好生產。

溫小清小組的會前研究，會後總結，都是很好的經驗。
""")
WANG_MAOLIN = _paragraphs("""
王茂林小組善於運用生產會議，發動羣衆討論生產中的問題。每月的生產會議都有準備：會前小組長
和行政組長商量好議題，通知大家；會上訂保證計劃，研究事故原因，消滅浪費；會後由幹事檢查執
行，下次會上報告。

硫酸車間的原料時好時壞，常常停工待料。小組在生產會議上算了細賬，主動和供應部門訂了聯繫公
約：供應部門保證原料按時按質送到，小組保證提前報用料計劃，及時反映質量問題。化學廠王茂林
小組和供應部門訂了聯繫公約，因而解決了原料質量與供應不及時問題，大大地提高了勞動生產率。
""")
PLAN_STORY = _paragraphs("""
行政上公佈生產計劃以後，小組開會討論，每人訂了個人保證條件。三個月來全組完成了計劃，沒有
出過事故。
""")
# Dues per member a month, yuan: a group's rate.
RATES = ["2.00", "2.50", "3.00", "3.50"]


def seed_oversight(today):
    """Seed the periods and assessments (when the federation has none), the typical experience
    (when none of its groups has any) and the dues (of each group of 太原機器廠 and 太原鋼鐵廠
    that has none)."""
    # Imported here: seed_demo imports this module.
    from groups.management.commands.seed_demo import CITY, FEDERATION, GOOD_GROUPS

    federation = Federation.objects.filter(name=FEDERATION).first()
    if federation is None:
        return
    reviewer, staff = None, {}
    scopes = Scope.objects.filter(level__in=[Level.FEDERATION, Level.FACTORY]).order_by("pk")
    for scope in scopes.select_related("user"):
        if scope.level == Level.FACTORY:
            staff.setdefault(scope.factory_id, scope.user)
        elif scope.federation_id == federation.pk and reviewer is None:
            reviewer = scope.user
    groups = list(
        UnionGroup.objects.active()
        .filter(workshop__factory__federation=federation)
        .select_related("workshop__factory")
        .order_by("pk")
    )
    if reviewer is None or not groups:
        return
    base = _classes(groups, CITY, GOOD_GROUPS)
    _seed_dues(groups, base, staff, today)
    if not AssessmentPeriod.objects.filter(federation=federation).exists():
        _seed_assessments(federation, groups, base, reviewer, staff, today)
    if not Experience.objects.filter(group__workshop__factory__federation=federation).exists():
        _seed_experience(groups, base, reviewer, staff, today)


def _half_years(today):
    """``[(name, starts_on, ends_on)]`` of the half-year of ``today`` and the two before it."""
    year, half = today.year, (today.month - 1) // 6
    result = []
    for _ in range(3):
        starts = datetime.date(year, 1 + 6 * half, 1)
        ends = datetime.date(year, 12, 31) if half else datetime.date(year, 6, 30)
        result.append((f"{year}年{'上下'[half]}半年", starts, ends))
        year, half = (year, 0) if half else (year - 1, 1)
    return result


def _month(first, n):
    """The first day of the month ``n`` months after the month that starts on ``first``."""
    year, month = divmod(first.month - 1 + n, 12)
    return datetime.date(first.year + year, month + 1, 1)


def _factory(group):
    return group.workshop.factory.name


def _create(model, objs, stamp=None):
    """Bulk-create ``objs`` and their history. ``stamp`` is the field set on creation
    (``auto_now_add``): it is given each object's ``_stamp``. Each object's ``_moves`` is its
    history, ``[(changes, date, user)]``: the first the creation, the others changes, each the
    object as it stands with ``changes`` applied."""
    if not objs:
        return
    model.objects.bulk_create(objs, batch_size=500)
    if stamp:
        for obj in objs:
            setattr(obj, stamp, obj._stamp)
        model.objects.bulk_update(objs, [stamp], batch_size=500)
    created, changed = [], []
    for obj in objs:
        for index, (changes, date, user) in enumerate(obj._moves):
            row = copy.copy(obj)
            for field, value in changes.items():
                setattr(row, field, value)
            row._history_date, row._history_user = date, user
            (changed if index else created).append(row)
    model.history.bulk_history_create(created, batch_size=500)
    if changed:
        model.history.bulk_history_create(changed, batch_size=500, update=True)


# --- Dues ------------------------------------------------------------------------------------


def _seed_dues(groups, base, staff, today):
    groups = [g for g in groups if _factory(g) in DUES_FACTORIES]
    recorded = set(
        DuesRecord.objects.filter(group__in=groups).values_list("group", flat=True).distinct()
    )
    groups = [g for g in groups if g.pk not in recorded]
    if not groups:
        return
    members = dict(
        Member.objects.active()
        .filter(group__in=groups)
        .order_by()
        .values_list("group")
        .annotate(n=Count("pk"))
    )
    this_month = today.replace(day=1)
    months = [_month(this_month, n) for n in range(-12, 0)]
    records = []
    for group in groups:
        rng = random.Random(f"dues/{_factory(group)}/{group.name}")
        due, rate = members.get(group.pk, 0), Decimal(rng.choice(RATES))
        user = staff.get(group.workshop.factory_id)
        for month in months:
            if base[group.pk] == "good":
                unpaid = 1 if rng.random() < 0.15 else 0
            else:
                unpaid = rng.choice([0, 0, 1, 1, 2, 3])
            paid = max(due - unpaid, 0)
            record = DuesRecord(
                group=group,
                month=month,
                members_due=due,
                members_paid=paid,
                amount=paid * rate,
                recorded_by=user,
            )
            recorded_at = _at(month + 24 * DAY, datetime.time(17, rng.randint(0, 59)))
            record._moves = [({}, recorded_at, user)]
            records.append(record)
    _create(DuesRecord, records)


# --- Periods and assessments -----------------------------------------------------------------


def _plan(groups, base):
    """Each group's class as proposed in the open period and as confirmed in the later and the
    earlier closed period, ``{pk: (now, later, earlier)}`` (the order of ``_half_years``), and
    the assessments proposed at another class than the one confirmed, ``{(period index, group
    name): (proposed class, reason)}``."""
    by_name = sorted(groups, key=lambda g: g.name)
    shanxi = [g.name for g in by_name if _factory(g) == SHANXI]
    base_of = {g.name: base[g.pk] for g in groups}
    ordinary = [n for n in shanxi if base_of[n] == "ordinary" and n not in SHANXI_GOOD]
    lagging = [n for n in shanxi if base_of[n] == "lagging"]
    rising = random.Random("oversight/shanxi/good").sample(ordinary, min(7, len(ordinary)))
    rest = [n for n in ordinary if n not in rising]
    slipping = random.Random("oversight/shanxi/earlier").sample(rest, min(2, len(rest)))
    steady = [n for n in rest if n not in slipping]
    otherwise = {(2, EARLIER_PROMOTED): (2, PROMOTED)}
    if steady:
        otherwise[(1, steady[0])] = (1, DEMOTED)
    if lagging:
        otherwise[(1, lagging[0])] = (2, LAGGING)
    better = set(random.Random("oversight/open/better").sample(steady[1:], min(2, len(steady[1:]))))
    plan = {}
    for group in groups:
        name, cls = group.name, base[group.pk]
        if _factory(group) == SHANXI:
            later = 1 if cls == "good" or name in SHANXI_GOOD or name in rising else 2
            earlier = 1 if later == 1 and name not in rising[4:] else 2
            if cls == "lagging":
                later = earlier = 3
            elif name in slipping:
                earlier = 3
        else:
            later = 1 if cls == "good" else 2
            earlier = 3 if name in EARLIER_LAGGING else 2 if name in EARLIER_AVERAGE else later
        plan[group.pk] = (1 if name in better else later, later, earlier)
    return plan, otherwise


def _open_states(groups, base):
    """``{pk: status}`` of the groups assessed in the open period."""
    by_name = sorted(groups, key=lambda g: g.name)
    rng = random.Random("oversight/open")
    steel = [g.name for g in by_name if _factory(g) == STEEL and base[g.pk] == "ordinary"]
    shanxi = [
        g.name
        for g in by_name
        if _factory(g) == SHANXI and base[g.pk] == "ordinary" and g.name not in SHANXI_GOOD
    ]
    picked = rng.sample(steel, min(2, len(steel)))
    returned, drafts = set(picked[:1]), set(picked[1:])
    drafts |= set(rng.sample(shanxi, min(2, len(shanxi))))
    states = {}
    for group in groups:
        if group.name in returned:
            states[group.pk] = Status.RETURNED
        elif group.name in drafts:
            states[group.pk] = Status.DRAFT
        elif _factory(group) in (STEEL, SHANXI) or group.name in MACHINE_SUBMITTED:
            states[group.pk] = Status.SUBMITTED
    return states


def _seed_assessments(federation, groups, base, reviewer, staff, today):
    periods = []
    for index, (name, starts, ends) in enumerate(_half_years(today)):
        period = AssessmentPeriod(
            federation=federation,
            name=name,
            starts_on=starts,
            ends_on=ends,
            status=AssessmentPeriod.Status.OPEN if index == 0 else AssessmentPeriod.Status.CLOSED,
            opened_by=reviewer,
        )
        period._stamp = _at(starts, datetime.time(9))
        period._moves = [({"status": AssessmentPeriod.Status.OPEN}, period._stamp, reviewer)]
        if index:
            period._moves.append(({}, _at(ends, datetime.time(17, 30)), reviewer))
        periods.append(period)
    _create(AssessmentPeriod, periods, stamp="opened_at")

    plan, otherwise = _plan(groups, base)
    ids = [g.pk for g in groups]
    assessments = []
    for index, period in enumerate(periods[1:], start=1):
        figures = evidence.for_groups(reviewer, ids, period.starts_on, period.ends_on)
        for group in groups:
            confirmed = plan[group.pk][index]
            proposed, reason = otherwise.get((index, group.name), (confirmed, ""))
            rng = random.Random(f"oversight/{period.name}/{_factory(group)}/{group.name}")
            assessment = _assessment(
                rng, period, group, proposed, figures[group.pk], staff, Status.CONFIRMED
            )
            assessment.confirmed_class, assessment.class_reason = confirmed, reason
            submitted = assessment.submitted_at
            assessment.reviewed_at = submitted + rng.randint(20, 110) * HOUR
            assessment.reviewed_by = reviewer
            _history(assessment, reviewer)
            assessments.append(assessment)

    period = periods[0]
    states = _open_states(groups, base)
    assessed = [g for g in groups if g.pk in states]
    figures = evidence.for_groups(
        reviewer,
        [g.pk for g in assessed if states[g.pk] != Status.DRAFT],
        period.starts_on,
        period.ends_on,
    )
    now = timezone.now()
    for group in assessed:
        rng = random.Random(f"oversight/{period.name}/{_factory(group)}/{group.name}")
        status = states[group.pk]
        assessment = _assessment(
            rng, period, group, plan[group.pk][0], figures.get(group.pk), staff, status, today
        )
        if status == Status.RETURNED:
            assessment.return_reason = RETURNED
            assessment.reviewed_at = min(assessment.submitted_at + rng.randint(20, 50) * HOUR, now)
            assessment.reviewed_by = reviewer
        _history(assessment, reviewer)
        assessments.append(assessment)
    _create(Assessment, assessments, stamp="created_at")


def _assessment(rng, period, group, cls, figures, staff, status, today=None):
    """A group's assessment of ``period`` at ``cls``, rated and noted (a draft in part), with
    the dates of its start and its submission: in the last weeks of a closed period, in the last
    weeks up to ``today`` of the open one."""
    user = staff.get(group.workshop.factory_id)
    assessment = Assessment(period=period, group=group, status=status, assessed_by=user)
    ratings = _ratings(rng, cls)
    rated = CRITERION_FIELDS
    if status == Status.DRAFT:
        rated = CRITERION_FIELDS[: rng.randint(1, 3)]
    for name in rated:
        setattr(assessment, name, ratings[name])
        setattr(assessment, f"{name}_note", rng.choice(NOTES[name][ratings[name]])[0])
    if today is None:
        day = period.ends_on - rng.randint(6, 25) * DAY
    else:
        first = max(period.starts_on, today - 45 * DAY)
        day = first + rng.randint(0, (today - first).days) * DAY
    moment = _at(day, datetime.time(rng.randint(13, 17), rng.randint(0, 59)))
    started = max(moment - rng.randint(0, 5) * DAY, _at(period.starts_on, datetime.time(8)))
    assessment._stamp = started
    if status == Status.DRAFT:
        assessment._moves = [({}, started, user)]
        return assessment
    assessment.summary = _summary(rng, cls, figures)
    assessment.proposed_class = cls
    assessment.submitted_at, assessment.submitted_by = moment, user
    assessment.evidence = figures
    return assessment


def _history(assessment, reviewer):
    """The assessment's moves: submitted by its assessor, then (confirmed or returned) by the
    federation."""
    submitted = {
        "status": Status.SUBMITTED,
        "confirmed_class": None,
        "class_reason": "",
        "return_reason": "",
        "reviewed_at": None,
        "reviewed_by": None,
    }
    if assessment.status == Status.DRAFT:
        return
    assessment._moves = [(submitted, assessment.submitted_at, assessment.submitted_by)]
    if assessment.status != Status.SUBMITTED:
        assessment._moves.append(({}, assessment.reviewed_at, reviewer))


def _ratings(rng, cls):
    """The five ratings of a group of class ``cls``: mostly the class, now and then one off."""
    ratings = dict.fromkeys(CRITERION_FIELDS, cls)
    if cls == 1 and rng.random() < 0.5:
        ratings[rng.choice(["duties", "unity", "systems"])] = 2
    elif cls == 2:
        if rng.random() < 0.5:
            ratings[rng.choice(["production", "unity"])] = 1
        if rng.random() < 0.35:
            ratings[rng.choice(["duties", "systems"])] = 3
    elif cls == 3 and rng.random() < 0.5:
        ratings[rng.choice(["production", "unity"])] = 2
    return ratings


def _summary(rng, cls, figures):
    held, attendance = figures["meetings_held"], figures["attendance_pct"]
    if not held:
        counted = "本期沒有開過會。"
    elif attendance is None:
        counted = f"本期開會{held}次。"
    else:
        counted = f"本期開會{held}次，出勤率{attendance}%。"
    return counted + rng.choice(SUMMARIES[cls])[0] + rng.choice(NEXT[cls])[0]


# --- Typical experience ----------------------------------------------------------------------


def _seed_experience(groups, base, reviewer, staff, today):
    later_ends, earlier_ends = (ends for _name, _starts, ends in _half_years(today)[1:])
    by_name = {g.name: g for g in groups}
    steel = sorted(g.name for g in groups if _factory(g) == STEEL and base[g.pk] == "ordinary")
    # (group, title, author, text, status, position, proposed on, decided on)
    chosen = Experience.Status.SELECTED
    declined = Experience.Status.DECLINED
    entries = [
        ("韓潤小組", "耐心說服，感動人心，團結大家，搞好生產", HAN_RUN, chosen, 1,
         later_ends - 45 * DAY, later_ends - 30 * DAY),
        ("溫小清小組", "關心羣衆疾苦，密切連繫羣衆，與羣衆打成一片，領導羣衆前進，搞好生產",
         WEN_XIAOQING, chosen, 2, later_ends - 40 * DAY, later_ends - 30 * DAY),
        ("王茂林小組", "運用生產會議搞好生產", WANG_MAOLIN, Experience.Status.PROPOSED, 0,
         today - 6 * DAY, None),
        (steel[0] if steel else None, "我們小組是怎樣訂保證計劃的", PLAN_STORY, declined, 0,
         earlier_ends - 35 * DAY, earlier_ends - 20 * DAY),
    ]  # fmt: skip
    experiences = []
    for name, title, text, status, position, proposed_on, decided_on in entries:
        group = by_name.get(name)
        if group is None:
            continue
        user = staff.get(group.workshop.factory_id)
        experience = Experience(
            group=group,
            title=title,
            author=f"{_factory(group)}工會",
            text=text,
            status=status,
            proposed_by=user,
            position=position,
        )
        experience._stamp = _at(proposed_on, datetime.time(15))
        experience._moves = [({}, experience._stamp, user)]
        if decided_on is not None:
            experience.decided_by = reviewer
            experience.decided_at = _at(decided_on, datetime.time(10))
            proposed = {
                "status": Experience.Status.PROPOSED,
                "position": 0,
                "decided_by": None,
                "decided_at": None,
            }
            experience._moves = [(proposed, experience._stamp, user)]
            experience._moves.append(({}, experience.decided_at, reviewer))
        experiences.append(experience)
    _create(Experience, experiences, stamp="proposed_at")
