"""The standings of a campaign round, computed in the database in one query.

For each participating group and each scoring rule the value is what the organiser entered, or
else what the group's progress entries give over the round (their sum, or their average for a
share); a custom rule is scored only by the organiser. Each value becomes points between 0 and
100 against the other ranked groups of the round:

* more is better: 100 × (value − lowest) / (highest − lowest);
* less is better: 100 × (highest − value) / (highest − lowest);
* everyone equal: 100 each.

A group with no value on a rule ("not reported") is scored as its campaign says at launch
(``Campaign.missing_figures``):

* as the weakest: 0 points on that rule, once some group of the round has a value on it (a rule
  nobody has a value on yet counts for nobody);
* left out: the rule is left out of that group's score.

A group's score is the weighted mean of its points, Σ weight × points / Σ weight, over the rules
it has points on, rounded to two places; a group with points on no rule that weighs has no score
and no rank. The groups with a score are ranked by it with ties sharing a rank (1, 1, 3). A group
with a veto in the round leaves the ranking, and its values do not move the others' lowest and
highest.

Of the n groups with a score, the top third (n // 3, at least one once two groups have a
score) are marked advanced and the bottom third lagging (``mark``); a tie that crosses the line
of a third is marked neither, so that neither mark ever goes to more than a third, nor to groups
that all score the same.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import connections, router

from competitions.models import (
    AVERAGED_KINDS,
    Campaign,
    GuaranteePlan,
    Indicator,
    Kind,
    Participant,
    ProgressEntry,
    Round,
    Rule,
    Score,
    Veto,
)
from groups.models import UnionGroup

SQL = """
WITH
rules AS (
    SELECT r.id, r.kind, r.weight, r.higher_is_better, c.missing_figures AS missing
    FROM {rule} r JOIN {campaign} c ON c.id = r.campaign_id
    WHERE r.campaign_id = %s
),
teams AS (
    SELECT group_id FROM {participant} WHERE campaign_id = %s
),
progress AS (
    SELECT pl.group_id, i.kind, SUM(e.value) AS total, AVG(e.value) AS mean
    FROM {entry} e
    JOIN {indicator} i ON i.id = e.indicator_id
    JOIN {plan} pl ON pl.id = i.plan_id
    WHERE e."on" >= %s AND e."on" <= %s
      AND pl.starts_on <= %s AND pl.ends_on >= %s AND pl.voided_at IS NULL
      AND pl.group_id IN (SELECT group_id FROM teams)
    GROUP BY pl.group_id, i.kind
),
vetoed AS (
    SELECT DISTINCT group_id FROM {veto} WHERE round_id = %s
),
valued AS (
    SELECT t.group_id, r.id AS rule_id, r.weight, r.higher_is_better, r.missing,
           s.value AS entered,
           COALESCE(s.value, CASE WHEN r.kind = %s THEN NULL
                                  WHEN r.kind IN ({averaged}) THEN pr.mean
                                  ELSE pr.total END) AS value,
           CASE WHEN v.group_id IS NULL THEN 0 ELSE 1 END AS vetoed
    FROM teams t
    CROSS JOIN rules r
    LEFT JOIN {score} s ON s.round_id = %s AND s.group_id = t.group_id AND s.rule_id = r.id
    LEFT JOIN progress pr ON pr.group_id = t.group_id AND pr.kind = r.kind
    LEFT JOIN vetoed v ON v.group_id = t.group_id
),
bounds AS (
    SELECT rule_id, MIN(value) AS lo, MAX(value) AS hi FROM valued WHERE vetoed = 0
    GROUP BY rule_id
),
points AS (
    SELECT va.group_id, va.rule_id, va.value, va.entered, va.weight, va.vetoed,
           CASE WHEN va.vetoed = 1 THEN NULL
                WHEN va.value IS NULL
                THEN CASE WHEN va.missing = %s AND b.lo IS NOT NULL THEN 0 END
                WHEN b.hi = b.lo THEN 100
                WHEN va.higher_is_better THEN 100.0 * (va.value - b.lo) / (b.hi - b.lo)
                ELSE 100.0 * (b.hi - va.value) / (b.hi - b.lo) END AS points
    FROM valued va LEFT JOIN bounds b ON b.rule_id = va.rule_id
),
totals AS (
    SELECT points.*,
           MAX(vetoed) OVER (PARTITION BY group_id) AS group_vetoed,
           COUNT(value) OVER (PARTITION BY group_id) AS valued_rules,
           COUNT(*) OVER (PARTITION BY group_id) AS rule_count,
           -- Over the rules the group has points on: a rule left out weighs nothing.
           ROUND(CAST(SUM(points * weight) OVER (PARTITION BY group_id)
                      / NULLIF(SUM(CASE WHEN points IS NOT NULL THEN weight END)
                               OVER (PARTITION BY group_id), 0) AS NUMERIC), 2)
               AS total
    FROM points
),
scored AS (
    SELECT totals.*,
           CASE WHEN group_vetoed = 0 AND total IS NOT NULL THEN 1 ELSE 0 END AS has_score
    FROM totals
),
-- Every group has one row per rule, so ranking the rows and dividing by the number of rules
-- ranks the groups (ties share a rank, 1, 1, 3), without joining the totals back to the rows.
-- Only the groups with a score are ranked.
ranked AS (
    SELECT scored.*,
           CASE WHEN has_score = 1
                THEN (RANK() OVER (PARTITION BY has_score ORDER BY total DESC) - 1)
                     / rule_count + 1
           END AS rank
    FROM scored
)
SELECT r.group_id, g.name, r.rule_id, r.value, r.entered IS NOT NULL, r.points,
       r.total, r.rank, r.group_vetoed, r.valued_rules
FROM ranked r
JOIN {group} g ON g.id = r.group_id
ORDER BY r.group_vetoed, r.has_score DESC, r.rank, g.name, r.group_id, r.rule_id
"""


def _table(model):
    return connections["default"].ops.quote_name(model._meta.db_table)


def _decimal(value, places="0.01"):
    return None if value is None else Decimal(str(value)).quantize(Decimal(places), ROUND_HALF_UP)


@dataclass
class Cell:
    """One group's value on one rule: where it came from and the points it earned."""

    rule_id: int
    value: Decimal | None
    entered: bool
    points: Decimal | None


@dataclass
class Standing:
    group_id: int
    group_name: str
    total: Decimal | None
    rank: int | None
    vetoed: bool
    has_values: bool
    cells: list[Cell] = field(default_factory=list)
    vetoes: list = field(default_factory=list)
    advanced: bool = False
    lagging: bool = False

    @property
    def cell_by_rule(self):
        return {cell.rule_id: cell for cell in self.cells}

    @property
    def scored(self):
        """Whether the group has a score (and so a rank): not vetoed, and points on a rule."""
        return self.rank is not None


#: The layout of what is kept: a new one when the kept rows change meaning, so that rows kept by
#: an older release are never read as this one's.
LAYOUT = "standings2"
#: How long computed standings are kept when nothing changes (a change makes a new key at once).
KEPT_SECONDS = 24 * 3600


def _version(round_):
    """The campaign's standings version as the database has it now (one small query by primary
    key: a campaign loaded earlier may hold an older one)."""
    return (
        Campaign.objects.filter(pk=round_.campaign_id)
        .values_list("standings_version", flat=True)
        .first()
    )


def standings(round_: Round, version=None) -> list[Standing]:
    """The ranked groups of the round, best first, then the groups without a score, then the
    groups removed by a veto.

    Computed once per change rather than per request: kept in Django's cache under the
    campaign's standings version (bumped by ``competitions.signals`` whenever a score, a veto, a
    rule, a participant, a progress entry, an indicator, a plan, a group's name or the campaign
    itself changes) and the round's dates. Every reader gets its own copy."""
    if version is None:
        version = _version(round_)
    key = f"{LAYOUT}:{round_.pk}:{version}:{round_.starts_on}:{round_.ends_on}"
    rows = cache.get(key)
    if rows is None:
        rows = compute_standings(round_)
        cache.set(key, rows, KEPT_SECONDS)
    return rows


def compute_standings(round_: Round) -> list[Standing]:
    """The standings of the round, computed in the database now (one query)."""
    averaged = ", ".join("%s" for _ in AVERAGED_KINDS)
    sql = SQL.format(
        rule=_table(Rule),
        campaign=_table(Campaign),
        participant=_table(Participant),
        entry=_table(ProgressEntry),
        indicator=_table(Indicator),
        plan=_table(GuaranteePlan),
        veto=_table(Veto),
        score=_table(Score),
        group=_table(UnionGroup),
        averaged=averaged,
    )
    campaign = round_.campaign_id
    params = [
        campaign,
        campaign,
        round_.starts_on,
        round_.ends_on,
        round_.ends_on,
        round_.starts_on,
        round_.pk,
        Kind.CUSTOM,
        *AVERAGED_KINDS,
        round_.pk,
        Campaign.Missing.WEAKEST,
    ]
    # Where the round's other reads go (a replica, for an export: groups/replica.py).
    with connections[router.db_for_read(Round)].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result, by_group = [], {}
    for group_id, name, rule_id, value, entered, points, total, rank, vetoed, valued in rows:
        standing = by_group.get(group_id)
        if standing is None:
            standing = by_group[group_id] = Standing(
                group_id=group_id,
                group_name=name,
                total=_decimal(total),
                rank=rank,
                vetoed=bool(vetoed),
                has_values=bool(valued),
            )
            result.append(standing)
        standing.cells.append(
            Cell(
                rule_id=rule_id,
                value=_decimal(value),
                entered=bool(entered),
                points=_decimal(points, "0.1"),
            )
        )
    return result


@dataclass
class Summary:
    """What the standings page shows of a round besides one page of its table, kept per version
    so that a page of a city-wide round does not unpickle every group's standings."""

    count: int  # rows, vetoed and without a score included
    ranked_count: int  # the groups with a score
    third: int  # at most this many are marked advanced, and as many lagging
    leaders: list[Standing]
    pairs: list  # (advanced, lagging) rows, the best beside the weakest
    page_of: dict[int, int]  # group pk -> the page its row is on
    # The standings' cache key (layout, round, version, dates, page size): a page's table as
    # rendered is kept under it too (templates/competitions/standings.html).
    key: str = ""


def third_of(scored):
    """How many of ``scored`` groups with a score a third is: at least one once two have one."""
    return max(1, scored // 3) if scored > 1 else 0


def mark(rows):
    """Mark the groups with a score as advanced (the top third) or lagging (the bottom third).

    A group is advanced when at most a third of the groups with a score (itself included) score
    as much as it or more, and lagging when at most a third score as little or less: a tie that
    crosses the line of a third gets neither mark, so neither ever goes to more than a third, and
    groups that all score the same get none. A group without a score gets none. Returns the
    groups with a score, best first."""
    ranked = [row for row in rows if row.scored]
    third = third_of(len(ranked))
    tied = Counter(row.total for row in ranked)
    for row in rows:
        row.advanced = row.lagging = False
    for row in ranked:
        at_least = row.rank + tied[row.total] - 1  # the groups scoring as much or more
        at_most = len(ranked) - row.rank + 1  # the groups scoring as little or less
        row.advanced = at_least <= third
        row.lagging = at_most <= third
    return ranked


def standings_page(round_: Round, number, size, pairs=10):
    """``(summary, rows of page number)`` of the round's standings, pages of ``size`` rows
    (``number`` counts from 1 and is clamped), each row marked advanced or lagging. Kept under
    the campaign's standings version like the standings: a read costs the version's query."""
    version = _version(round_)
    base = f"{LAYOUT}:{round_.pk}:{version}:{round_.starts_on}:{round_.ends_on}:{size}"
    summary = cache.get(f"{base}:summary")
    if summary is None:
        rows = standings(round_, version)
        ranked = mark(rows)
        advanced = [row for row in ranked if row.advanced]
        lagging = [row for row in reversed(ranked) if row.lagging]
        summary = Summary(
            count=len(rows),
            ranked_count=len(ranked),
            third=third_of(len(ranked)),
            leaders=leaders(rows),
            pairs=list(zip(advanced, lagging, strict=False))[:pairs],
            page_of={row.group_id: i // size + 1 for i, row in enumerate(rows)},
            key=base,
        )
        pages = {
            f"{base}:page:{i // size + 1}": rows[i : i + size] for i in range(0, len(rows), size)
        }
        cache.set_many({**pages, f"{base}:summary": summary}, KEPT_SECONDS)
    last = max(1, -(-summary.count // size))
    number = min(max(1, number), last)
    rows = cache.get(f"{base}:page:{number}")
    if rows is None:  # evicted alone: compute the page again
        rows = standings(round_, version)
        mark(rows)
        rows = rows[(number - 1) * size : number * size]
    return summary, number, rows


def leaders(rows: list[Standing]) -> list[Standing]:
    """The groups ranked first (more than one on a tie) that have a figure in the round: none
    before any group has one."""
    return [row for row in rows if row.rank == 1 and row.has_values]


def ranks_in_latest_rounds(group, rounds):
    """The group's place in the latest of ``rounds`` of each campaign (``rounds`` ordered by
    campaign, latest first): ``[(round, rank or None, number ranked), ...]``. One query for the
    rounds and one per campaign: a group takes part in a few."""
    latest = {}
    for round_ in rounds.select_related("campaign"):
        latest.setdefault(round_.campaign_id, round_)
    result = []
    for round_ in latest.values():
        ranks, ranked = places(round_)
        result.append((round_, ranks.get(group.pk), ranked))
    return result


def places(round_):
    """``({group pk: rank}, number ranked)`` of the round: what a group's home page shows of a
    city-wide campaign, kept beside the standings under the same version, so that one group's
    place is read without unpickling every group's standings."""
    version = _version(round_)
    key = f"{LAYOUT}:places:{round_.pk}:{version}:{round_.starts_on}:{round_.ends_on}"
    kept = cache.get(key)
    if kept is None:
        rows = standings(round_, version)
        ranks = {row.group_id: row.rank for row in rows if row.rank is not None}
        kept = (ranks, len(ranks))
        cache.set(key, kept, KEPT_SECONDS)
    return kept
