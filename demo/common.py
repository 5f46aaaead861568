"""What the demo builders share: blocks of text as rows, month names, each group's class and a
moment of a day."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

CN_MONTHS = [*"一二三四五六七八九十", "十一", "十二"]


def rows(text):
    """The lines of a block of text, each split at "|"."""
    return [line.strip().split("|") for line in text.strip().splitlines()]


def classes_of(groups, city, good_leaders):
    """Each group's class: "good" (the seed's good groups), "lagging" (two of 山西機器廠's
    ordinary groups) or "ordinary"."""
    named = {name for workshops in city.values() for leaders, _ in workshops.values()
             for name in leaders}  # fmt: skip
    shanxi = sorted(
        g.name
        for g in groups
        if g.workshop.factory.name == "山西機器廠" and g.name.removesuffix("小組") not in named
    )
    lagging = set(random.Random("lagging").sample(shanxi, 2)) if len(shanxi) >= 2 else set()
    classes = {}
    for g in groups:
        leader = g.name.removesuffix("小組")
        classes[g.pk] = (
            "good" if leader in good_leaders else "lagging" if g.name in lagging else "ordinary"
        )
    return classes


def when(day, time=datetime.time(9)):
    """An aware moment of a day, never later than now."""
    moment = timezone.make_aware(datetime.datetime.combine(day, time))
    return min(moment, timezone.now())


EVENING = datetime.time(18)


def month_after(first, n):
    """The first day of the month ``n`` months after the month that starts on ``first``."""
    year, month = divmod(first.month - 1 + n, 12)
    return datetime.date(first.year + year, month + 1, 1)


def quantity(value, places=0):
    """A quantity as the database keeps it."""
    return Decimal(str(round(value, places))).quantize(Decimal(1).scaleb(-places))


DAY = datetime.timedelta(days=1)


def day_between(rng, first, last):
    """A day from ``first`` to ``last``, both included."""
    return first + rng.randint(0, max((last - first).days, 0)) * DAY
