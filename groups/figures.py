"""Figures computed in the database, as dicts with their shares as percentages."""


def share(part, whole):
    """``part`` of ``whole`` in percent, to one place; None when the whole is nothing."""
    whole = whole or 0
    return round(100 * (part or 0) / whole, 1) if whole else None


class Figures(dict):
    """A row of aggregates (``aggregate()`` or ``values().annotate()``) with named shares."""

    def _share(self, part, whole):
        return share(self.get(part), self.get(whole))
