"""Demo classification and oversight for ``seed_demo``: three half-year assessment periods of the
city federation, the groups' assessments in them and the booklet's typical experience (the dues
their evidence counts are ``demo.dues``'s, seeded first).

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

Deterministic: every choice comes from a ``random.Random`` with a fixed string seed. Idempotent:
the periods and their assessments are seeded when the federation has no period yet, the
write-ups when none of its groups has one. Everything is bulk-created with its history rows (the
creation, and the review or decision that followed, by the users and at the times the records
give), so the pages' histories read as on the site.
"""

import copy
import datetime
import random

from django.utils import timezone

from demo.common import DAY, classes_of, when
from demo.oversight_texts import (
    DEMOTED,
    HAN_RUN,
    LAGGING,
    NEXT,
    NOTES,
    PLAN_STORY,
    PROMOTED,
    RETURNED,
    SUMMARIES,
    WANG_MAOLIN,
    WEN_XIAOQING,
)
from groups.models import Scope, UnionGroup
from groups.scoping import Level
from oversight import evidence
from oversight.models import (
    CRITERION_FIELDS,
    Assessment,
    AssessmentPeriod,
    Experience,
)

HOUR = datetime.timedelta(hours=1)
Status = Assessment.Status
SHANXI, MACHINE, STEEL = "山西機器廠", "太原機器廠", "太原鋼鐵廠"
# The seed's good groups of the Shanxi survey (張永才小組 is good there, not in the meetings).
SHANXI_GOOD = {"王銀柱小組", "張永才小組"}
# Good groups that were still average in the earlier period, and the two groups whose turn-round
# the booklet tells (由無到有由弱變強的羅成恩小組, 王良小組的轉變), lagging then.
EARLIER_AVERAGE = {"余蘭桂小組", "杜鳴舉小組", "郭鈴小組"}
EARLIER_LAGGING = {"羅成恩小組", "王良小組"}
# In the open period: what 太原機器廠 has submitted (韓潤小組 is left for the staff to assess).
MACHINE_SUBMITTED = {"余蘭桂小組", "杜鳴舉小組"}
EARLIER_PROMOTED = "閻四貨小組"


def seed_oversight(today, federation, city, good_groups):
    """Seed the periods and assessments (when the federation has none), the typical experience
    (when none of its groups has any)."""
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
    base = classes_of(groups, city, good_groups)
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
        period._stamp = when(starts, datetime.time(9))
        period._moves = [({"status": AssessmentPeriod.Status.OPEN}, period._stamp, reviewer)]
        if index:
            period._moves.append(({}, when(ends, datetime.time(17, 30)), reviewer))
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
    moment = when(day, datetime.time(rng.randint(13, 17), rng.randint(0, 59)))
    started = max(moment - rng.randint(0, 5) * DAY, when(period.starts_on, datetime.time(8)))
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
        experience._stamp = when(proposed_on, datetime.time(15))
        experience._moves = [({}, experience._stamp, user)]
        if decided_on is not None:
            experience.decided_by = reviewer
            experience.decided_at = when(decided_on, datetime.time(10))
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
