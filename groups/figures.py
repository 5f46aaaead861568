"""Figures computed in the database, as dicts with their shares as percentages."""

from decimal import ROUND_HALF_UP, Decimal


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
