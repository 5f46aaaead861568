"""The distribution of groups over the three classes, counted in the database.

A group counts in the class the federation confirmed; assessments not yet confirmed are counted
apart (submitted, awaiting review). Shares are of the confirmed groups, to one place: the seed's
9, 22 and 2 of 33 groups are 27.3%, 66.7% and 6.1%.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from groups.figures import Figures
from oversight.models import Assessment, GroupClass

CLASSES = GroupClass.values
Status = Assessment.Status


def _counts():
    confirmed = Q(status=Status.CONFIRMED)
    return {
        **{
            f"class_{value}": Count("pk", filter=confirmed & Q(confirmed_class=value))
            for value in CLASSES
        },
        "confirmed": Count("pk", filter=confirmed),
        "awaiting": Count("pk", filter=Q(status=Status.SUBMITTED)),
        "assessed": Count("pk"),
    }


class Distribution(Figures):
    """Counts of one unit (or of all) with each class's share of the confirmed groups."""

    @property
    def classes(self):
        """``[(class value, label, count, percent), ...]`` in class order."""
        return [
            (
                value,
                label,
                self.get(f"class_{value}", 0),
                self._share(f"class_{value}", "confirmed"),
            )
            for value, label in GroupClass.choices
        ]

    def pct(self, value):
        return self._share(f"class_{value}", "confirmed")

    def cells(self, previous=None):
        """``[(value, label, count, percent, change), ...]``: each class with its change in
        percentage points since ``previous``."""
        return [
            (*cell, change)
            for cell, change in zip(self.classes, self.change(previous), strict=True)
        ]

    def change(self, previous):
        """Each class's change in percentage points since ``previous`` (None where either is
        unknown)."""
        result = []
        for value in CLASSES:
            if not self.get("confirmed") or not previous or not previous.get("confirmed"):
                result.append(None)
                continue
            # From the counts, not from the rounded shares: 1 of 17 against 3 of 17 is −11.8.
            exact = Decimal(100) * (
                Decimal(self[f"class_{value}"]) / Decimal(self["confirmed"])
                - Decimal(previous[f"class_{value}"]) / Decimal(previous["confirmed"])
            )
            result.append(float(exact.quantize(Decimal("0.1"), ROUND_HALF_UP)))
        return result


def empty():
    return Distribution(dict.fromkeys(_counts(), 0))


def total(assessments):
    """The distribution of all of ``assessments`` (one query)."""
    return Distribution(assessments.aggregate(**_counts()))


def by(assessments, key, name):
    """``{unit pk: Distribution}`` per value of ``key`` (e.g. ``"group__workshop__factory"``),
    with the unit's name under ``"name"`` (one query)."""
    rows = assessments.order_by().values(unit=F(key), name=F(name)).annotate(**_counts())
    return {row["unit"]: Distribution(row) for row in rows}


def trend(assessments):
    """The distribution of each period, oldest first (one query)."""
    rows = (
        assessments.order_by()
        .values("period", "period__name", "period__starts_on")
        .annotate(**_counts())
        .order_by("period__starts_on", "period")
    )
    return [Distribution(row) for row in rows]


def summed(units):
    """The distribution of all of ``units`` together (of ``by``'s rows, which cover every
    assessment: each has a group, in a workshop, in a factory), added up without a query."""
    result = empty()
    for row in units:
        for count in result:
            result[count] += row[count]
    return result


def compared(current, previous, key, name):
    """Rows of units for a report: each unit's distribution in the current period and its change
    since the previous one, units in name order (two queries)."""
    return compared_rows(
        by(current, key, name), by(previous, key, name) if previous is not None else {}
    )


def compared_rows(now, before):
    """``compared`` of the units' distributions ``by`` has read: ``now`` and ``before``."""
    rows = []
    for unit, row in sorted(now.items(), key=lambda item: (item[1]["name"], item[0])):
        rows.append(
            {
                "unit": unit,
                "name": row["name"],
                "now": row,
                "change": row.change(before.get(unit)),
                "cells": row.cells(before.get(unit)),
            }
        )
    return rows
