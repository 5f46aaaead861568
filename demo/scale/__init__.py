"""A whole city beside the demo: ``seed_demo --scale city``.

About a hundred factory unions, five hundred workshops, 5,000 union groups and 80,000 members
with three years of records in every app, written in bulk (COPY on PostgreSQL), app by app, each
app in its own transaction so that progress shows and a failure keeps what was finished. Made up
names throughout; nothing is looked up by the demo's own names.
"""

import random
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from demo.common import month_after
from demo.scale import dues_and_oversight, meetings, production, welfare
from demo.scale.organisation import ACCOUNTS, City, build_organisation, make_accounts
from demo.scale.writer import Writer
from groups.models import Federation, Scope
from groups.scoping import Level


def already_built():
    return get_user_model().objects.filter(username="city_leader").exists()


def build_city(*, groups=5000, members=80000, years=3, seed=1952, say=print):
    """Build the city and return ``(rows per model, seconds)``."""
    started = time.perf_counter()
    rng = random.Random(seed)
    today = timezone.localdate()
    federation = Federation.objects.order_by("pk").first() or Federation.objects.create(
        name="市總工會"
    )
    reviewer = (
        Scope.objects.filter(level=Level.FEDERATION, federation=federation)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    reviewer = reviewer.user if reviewer else None
    first = month_after(today.replace(day=1), -(12 * years - 1))
    months = [month_after(first, i) for i in range(12 * years)]
    city = City(federation=federation, today=today, first_month=first, months=months)
    counts = {}

    def step(label, build):
        began = time.perf_counter()
        say(f"{label}…")
        w = Writer()
        with transaction.atomic():
            result = build(w)
            written, _ = w.close(label)
        for model, n in written.items():
            counts[model] = counts.get(model, 0) + n
        say(f"{label}: {sum(written.values()):,} rows in {time.perf_counter() - began:.0f} s")
        return result

    step(
        f"Organisation ({groups:,} groups, {members:,} members)",
        lambda w: build_organisation(w, city, rng, groups, members, say),
    )
    with transaction.atomic():
        make_accounts(city)
    step("Meetings", lambda w: meetings.build_meetings(w, city, rng, say))
    step("Guarantee plans", lambda w: production.build_plans(w, city, rng, say))
    ended = step("Campaigns", lambda w: production.build_campaigns(w, city, rng, say))
    with transaction.atomic():
        flags = production.award_red_flags(ended)
    counts["competitions.RedFlagAward"] = flags
    step("Pacts and proposals", lambda w: production.build_pacts_and_proposals(w, city, rng, say))
    step("Welfare", lambda w: welfare.build_welfare(w, city, rng, say))
    step("Dues", lambda w: dues_and_oversight.build_dues(w, city, rng, say))
    if reviewer is not None:
        step(
            "Assessments",
            lambda w: dues_and_oversight.build_assessments(w, city, rng, reviewer, say),
        )
    if connection.vendor == "postgresql":
        say("Analysing the tables for the planner…")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from competitions.signals import bump_all

    bump_all()
    return counts, time.perf_counter() - started, city


__all__ = ["ACCOUNTS", "already_built", "build_city"]
