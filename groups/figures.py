"""Figures computed in the database, as dicts with their shares as percentages."""

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from groups.models import GroupMembership, Role


def share(part, whole):
    """``part`` of ``whole`` in percent, to one place, halves rounded up as by hand (1 of 16 is
    6.3); None when the whole is nothing."""
    whole = whole or 0
    if not whole:
        return None
    exact = Decimal(100) * Decimal(part or 0) / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), ROUND_HALF_UP))


class Figures(dict):
    """A row of aggregates (``aggregate()`` or ``values().annotate()``) with named shares."""

    def _share(self, part, whole):
        return share(self.get(part), self.get(whole))


def counts_by(queryset, key):
    """``{value of key: number of rows}`` in one grouped query."""
    return dict(queryset.order_by().values_list(key).annotate(n=Count("pk")))


def by_group(queryset, **aggregates):
    """``{group pk: {aggregate: value}}``: ``aggregates`` computed per group in one query."""
    return {
        row.pop("group"): row for row in queryset.order_by().values("group").annotate(**aggregates)
    }


@dataclasses.dataclass
class OrganisationFigures:
    """A group's members and who holds its roles on a day."""

    members: int = 0
    activists: int = 0
    activists_pct: float | None = None
    has_union_leader: bool = False
    has_production_leader: bool = False


def figures_by_group(ids, on):
    """``{group pk: OrganisationFigures}`` for the groups ``ids`` on the day ``on``. Two
    queries."""
    at_end = Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))
    members = by_group(GroupMembership.objects.filter(at_end, group__in=ids), n=Count("pk"))
    roles = by_group(
        Role.objects.filter(at_end, group__in=ids),
        activists=Count("pk", filter=Q(kind=Role.Kind.ACTIVIST)),
        union_leader=Count("pk", filter=Q(kind=Role.Kind.UNION_LEADER)),
        production_leader=Count("pk", filter=Q(kind=Role.Kind.PRODUCTION_LEADER)),
    )
    result = {}
    for pk in ids:
        role = roles.get(pk) or {}
        member_count = (members.get(pk) or {}).get("n", 0)
        result[pk] = OrganisationFigures(
            members=member_count,
            activists=role.get("activists", 0),
            activists_pct=share(role.get("activists", 0), member_count),
            has_union_leader=bool(role.get("union_leader")),
            has_production_leader=bool(role.get("production_leader")),
        )
    return result
