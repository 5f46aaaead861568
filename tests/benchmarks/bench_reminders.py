"""What ``send_reminders`` costs over a whole city: each finder's queries and seconds, run on
a city of a tenth of ``--groups`` union groups, then on one of ``--groups`` (5,000 by default),
to show that the number of queries does not grow with the groups.

Run with::

    .venv/bin/python -m tests.benchmarks.bench_reminders [--groups 5000]

Like ``bench_pages`` (whose city it builds) it never touches the developer's database (a
temporary SQLite file, or ``unionsite_bench`` beside ``DATABASE_URL``'s PostgreSQL database).
It prints queries, rows found and seconds; it asserts nothing about time. The weekly digest
"who is not doing what" is left out: it costs the staff home page's queries per staff account
(once a week each), not a fixed number.
"""

import argparse
import sys
import time

from tests.benchmarks.bench_pages import build_city, choose_database, configure_django


def make_due(today):
    """Give every group something due and someone to hear it: an account for its leader and
    one for each workshop's staff, a leader's term ending in ten days, a meeting tomorrow not
    yet announced, and an action item due today (bulk writes)."""
    import datetime

    from django.contrib.auth import get_user_model

    from groups.models import Role, Scope, UnionGroup, WorkshopUnion
    from meetings.models import ActionItem, Meeting

    User = get_user_model()
    groups = list(UnionGroup.objects.values_list("pk", "workshop"))
    leaders = dict(
        Role.objects.current().filter(kind=Role.Kind.UNION_LEADER).values_list("group", "member")
    )
    workshops = list(WorkshopUnion.objects.values_list("pk", flat=True))
    users = User.objects.bulk_create(
        [User(username=f"leader-{pk}", email=f"leader-{pk}@example.org") for pk, _ in groups]
        + [User(username=f"staff-{pk}", email=f"staff-{pk}@example.org") for pk in workshops]
    )
    by_name = {user.username: user for user in User.objects.filter(pk__in=[u.pk for u in users])}
    Scope.objects.bulk_create(
        [
            Scope(
                user=by_name[f"leader-{pk}"], level="group", group_id=pk, member_id=leaders.get(pk)
            )
            for pk, _ in groups
        ]
        + [Scope(user=by_name[f"staff-{pk}"], level="workshop", workshop_id=pk) for pk in workshops]
    )
    year_ago = today.replace(year=today.year - 1) + datetime.timedelta(days=10)
    Role.objects.filter(kind=Role.Kind.UNION_LEADER, ended_on__isnull=True).update(
        started_on=year_ago
    )
    tomorrow = today + datetime.timedelta(days=1)
    Meeting.objects.bulk_create(
        [
            Meeting(group_id=pk, kind="group", title="小組會", scheduled_on=tomorrow, place="車間")
            for pk, _ in groups
        ]
        + [
            Meeting(group_id=pk, kind="group", title="上次", scheduled_on=today, place="車間",
                    status="held")
            for pk, _ in groups
        ]
    )  # fmt: skip
    held = Meeting.objects.filter(status="held", scheduled_on=today).values_list("pk", "group")
    ActionItem.objects.bulk_create(
        [
            ActionItem(meeting_id=pk, description="修車床", owner_id=leaders[group], due_on=today)
            for pk, group in held
            if group in leaders
        ]
    )


def measure(finders, today):
    from collections import deque

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.services import record

    # Every query counted, however many (Django keeps the last 9,000 by default).
    connection.queries_log = deque(maxlen=10**7)

    rows = []
    every = []
    for finder in finders:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            found = finder(today)
        every += found
        seconds = time.perf_counter() - started
        recipients = sum(len(due.users) + len(due.members) for due in found)
        rows.append(
            (
                f"{finder.__module__}.{finder.__name__}",
                len(queries),
                len(found),
                recipients,
                seconds,
            )
        )
    # Recording checks each reader against the record's own visible_to: one query per reader
    # and kind of record, so it grows with the recipients (not with the groups they are in).
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        made = record(every, day=today)
    seconds = time.perf_counter() - started
    rows.append(
        ("notifications.services.record (all of the above)", len(queries), made, 0, seconds)
    )
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        again = record(every, day=today)
    seconds = time.perf_counter() - started
    rows.append(("notifications.services.record (the next run)", len(queries), again, 0, seconds))
    return rows


def run(n_groups, members_per_group):
    from django.core.management import call_command
    from django.utils import timezone

    from pages.management.commands.send_reminders import FINDERS
    from pages.reminders import not_doing_digest

    finders = [finder for finder in FINDERS if finder is not not_doing_digest]
    today = timezone.localdate()
    results = []
    for size in (max(1, n_groups // 10), n_groups):
        call_command("flush", interactive=False, verbosity=0)
        label = f"{size:,} groups"
        print(f"Building {label} ...", flush=True)
        build_city(size, members_per_group, max(1, min(100, round(size / 50))))
        make_due(today)
        results.append((label, measure(finders, today)))
    print()
    print(f"{'finder':<58} {'queries':>8} {'found':>7} {'people':>7} {'seconds':>8}")
    for label, rows in results:
        print(f"-- {label}")
        for name, queries, found, people, seconds in rows:
            print(f"{name:<58} {queries:>8} {found:>7} {people:>7} {seconds:>8.2f}")
    same = [a[1] == b[1] for a, b in zip(results[0][1][:-2], results[1][1][:-2], strict=True)]
    print()
    print("finders' queries the same for ten times the groups:", "yes" if all(same) else "NO")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_reminders")
    parser.add_argument("--groups", type=int, default=5000)
    parser.add_argument("--members-per-group", type=int, default=15)
    args = parser.parse_args(argv)
    database = choose_database()
    try:
        configure_django(database)
        print(f"Benchmark database: {database.label}")
        run(args.groups, args.members_per_group)
    finally:
        from django.db import connections

        connections.close_all()
        if database.cleanup:
            database.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
