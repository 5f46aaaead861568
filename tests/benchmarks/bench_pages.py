"""How fast the main pages answer in a city-sized database, and how many SQL queries each makes.

Run with ``make benchmark`` or::

    .venv/bin/python -m tests.benchmarks.bench_pages [--groups 5000] [--members-per-group 15]
                                                    [--repeat 20]

It never touches the developer's database. When ``DATABASE_URL`` is a PostgreSQL URL, the
benchmark creates a database named ``unionsite_bench`` on the same server and drops it at the
end; otherwise it uses a temporary SQLite file. It builds a city with ``bulk_create`` (one
federation, a factory for every fifty groups up to a hundred, four to six workshops each,
``--groups`` union groups with their members, leaders, officers and activists), signs in as
city federation staff, factory union staff and a union group leader, and requests each page
``--repeat`` times through Django's test client. First it does the same in a city ten times
smaller, so that the table shows whether a page's query count grows with the data (it should
not). ``--keep`` leaves the database behind for EXPLAIN; ``--sql`` prints each page's queries.

This is a measurement, not a test: it prints numbers and asserts nothing about time.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DB_NAME = "unionsite_bench"

SURNAMES = (
    "王李張劉陳楊趙黃周吳徐孫胡朱高林何郭馬羅梁宋鄭謝韓唐馮于董蕭程曹袁鄧許傅沈曾彭呂蘇盧"
    "蔣蔡賈丁魏薛葉閻余潘杜戴夏鍾汪田任姜范方石姚譚廖鄒熊金陸郝孔白崔康毛邱秦江史顧侯邵孟"
)
# fmt: off
GIVEN = [
    "德明", "建國", "秀英", "桂英", "玉蘭", "富貴", "長春", "金山", "國棟", "鳳英", "淑珍", "永福",
    "志強", "振華", "保全", "樹林", "有才", "福全", "春生", "秋生", "文明", "根生", "銀貴", "二虎",
    "存厚", "守業", "來福", "玉山", "連生", "貴", "成", "忠", "義", "傑", "明", "華", "英", "秀蘭",
    "桂蘭", "占魁", "懷仁", "廣才", "滿倉", "喜子", "鐵柱", "金鎖", "茂林", "殿元", "鳳鳴", "慶雲",
    "寶山", "玉珍", "素珍", "海", "勇", "平",
]
WORKSHOPS = [
    "金工", "裝配", "鑄工", "鍛工", "熱處理", "工具", "機修", "動力",
    "煉鋼", "軋鋼", "電工", "木工", "農具", "製粉", "硫酸", "運輸",
]
TRADES = [
    "車工", "鉗工", "銑工", "刨工", "翻砂工", "鍛工",
    "電工", "裝配工", "爐前工", "吊車工", "操作工", "維修工",
]
# fmt: on


# ---------------------------------------------------------------------------------------------
# The database: a throw-away one, chosen before Django starts.


@dataclass
class BenchDatabase:
    url: str
    vendor: str
    cleanup: object = None  # a callable that removes the database
    label: str = ""


def choose_database():
    """Point DATABASE_URL at a database of the benchmark's own, never the developer's."""
    developer_url = os.environ.get("DATABASE_URL", "")
    scheme = urlsplit(developer_url).scheme
    if scheme in ("postgres", "postgresql", "pgsql", "postgis"):
        return postgres_database(developer_url)
    folder = tempfile.mkdtemp(prefix="unionsite-bench-")
    path = Path(folder) / "bench.sqlite3"

    def cleanup():
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        Path(folder).rmdir()

    return BenchDatabase(f"sqlite:///{path}", "sqlite", cleanup, f"SQLite {path}")


def postgres_database(developer_url):
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(developer_url)
    if parts.path.lstrip("/") == BENCH_DB_NAME:
        sys.exit(f"DATABASE_URL already names {BENCH_DB_NAME}; point it at another database.")
    admin = {
        "host": parts.hostname or None,
        "port": parts.port or None,
        "user": parts.username or None,
        "password": parts.password or None,
        "dbname": "postgres",
    }
    name = sql.Identifier(BENCH_DB_NAME)

    def run(*statements):
        connection = psycopg2.connect(**{k: v for k, v in admin.items() if v is not None})
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            connection.close()

    run(
        sql.SQL("DROP DATABASE IF EXISTS {}").format(name),
        sql.SQL("CREATE DATABASE {}").format(name),
    )
    url = urlunsplit(parts._replace(path=f"/{BENCH_DB_NAME}"))
    where = f"{parts.hostname or 'localhost'}:{parts.port or 5432}"
    return BenchDatabase(
        url,
        "postgresql",
        lambda: run(sql.SQL("DROP DATABASE IF EXISTS {}").format(name)),
        f"PostgreSQL {where}/{BENCH_DB_NAME}",
    )


def configure_django(database):
    os.environ["DJANGO_SETTINGS_MODULE"] = "unionsite.settings"
    os.environ["DATABASE_URL"] = database.url
    os.environ["DJANGO_DEBUG"] = "0"  # measure the production code path
    # whitenoise warns that there is no collected static folder; the pages do not need one.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django

    django.setup()

    from django.conf import settings

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False

    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


# ---------------------------------------------------------------------------------------------
# The city.


@dataclass
class City:
    groups: int
    members: int
    roles: int
    factories: list
    seconds: float
    # What the pages are asked about: the largest factory, its largest workshop, a group in it
    # and that group's union group leader.
    factory: object = None
    workshop: object = None
    group: object = None
    member: object = None
    search: str = ""
    last_page: int = 1
    users: dict = field(default_factory=dict)


def spread(total, weights):
    """Split ``total`` into integers proportional to ``weights`` (largest remainder), at least
    one each while there is enough to go round."""
    floor = 1 if total >= len(weights) else 0
    shares = [(total - floor * len(weights)) * w / sum(weights) for w in weights]
    counts = [floor + int(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def build_city(n_groups, members_per_group, n_factories, seed=1952):
    from django.db import connection, transaction

    from groups.models import (
        FactoryUnion,
        Federation,
        GroupMembership,
        Member,
        Role,
        UnionGroup,
        WorkshopUnion,
    )

    started = time.perf_counter()
    rng = random.Random(seed)
    from django.utils import timezone

    today = timezone.localdate()
    batch = 2000

    def person():
        return rng.choice(SURNAMES) + rng.choice(GIVEN)

    with transaction.atomic():
        federation = Federation.objects.create(name="太原市總工會")
        factories = FactoryUnion.objects.bulk_create(
            [
                FactoryUnion(federation=federation, name=f"第{i + 1:03d}廠")
                for i in range(n_factories)
            ]
        )
        workshops = WorkshopUnion.objects.bulk_create(
            [
                WorkshopUnion(factory=factory, name=name)
                for factory in factories
                for name in rng.sample(WORKSHOPS, rng.randint(4, 6))
            ]
        )
        per_workshop = spread(n_groups, [rng.uniform(0.4, 1.6) for _ in workshops])

        groups = []
        for workshop, count in zip(workshops, per_workshop, strict=True):
            names = set()
            while len(names) < count:
                name = person()
                names.add(name if name not in names else f"{name}{len(names)}")
            # A group is named after its union group leader.
            for leader in sorted(names):
                group = UnionGroup(
                    workshop=workshop, name=f"{leader}小組", trade=rng.choice(TRADES)
                )
                group.leader_name = leader
                groups.append(group)
        UnionGroup.objects.bulk_create(groups, batch_size=batch)

        numbers = dict.fromkeys((f.pk for f in factories), 0)
        members = []
        for group in groups:
            factory_id = group.workshop.factory_id
            names = [group.leader_name]
            while len(names) < members_per_group:
                names.append(person())
            for name in names:
                numbers[factory_id] += 1
                members.append(
                    Member(
                        factory_id=factory_id,
                        group=group,
                        name=name,
                        gender=rng.choice(Member.Gender.values),
                        employee_number=f"{factory_id:03d}-{numbers[factory_id]:05d}",
                        trade=group.trade,
                        skill_grade=rng.randint(2, 7),
                        phone=f"138{rng.randint(10000000, 99999999)}",
                        joined_union_on=today - datetime.timedelta(days=rng.randint(400, 4000)),
                    )
                )
        Member.objects.bulk_create(members, batch_size=batch)

        # Every member's stay in their group; the last member of each group came from the group
        # before it in the same workshop (a former member there).
        stays = []
        previous = None
        for start in range(0, len(members), members_per_group):
            chunk = members[start : start + members_per_group]
            group = chunk[0].group
            for member in chunk:
                moved = (
                    member is chunk[-1] and previous and previous.workshop_id == group.workshop_id
                )
                since = member.joined_union_on
                if moved:
                    since = member.joined_union_on + datetime.timedelta(days=200)
                    stays.append(
                        GroupMembership(
                            member=member,
                            group=previous,
                            started_on=member.joined_union_on,
                            ended_on=since,
                        )
                    )
                stays.append(GroupMembership(member=member, group=group, started_on=since))
            previous = group
        GroupMembership.objects.bulk_create(stays, batch_size=batch)

        # Roles: the union group leader (re-elected in every other group), the production group
        # leader, three officers, and six activists, two kept close by each officer.
        election = datetime.date(today.year - (today < datetime.date(today.year, 11, 1)), 11, 1)
        last_year = election.replace(year=election.year - 1)
        since = today - datetime.timedelta(days=300)
        portfolios = [Role.Portfolio.PRODUCTION, Role.Portfolio.WELFARE, Role.Portfolio.PUBLICITY]
        roles, officers_of = [], []
        for index, start in enumerate(range(0, len(members), members_per_group)):
            chunk = members[start : start + members_per_group]
            group, leader = chunk[0].group, chunk[0]
            if index % 2 == 0:
                roles.append(
                    Role(
                        group=group,
                        member=leader,
                        kind=Role.Kind.UNION_LEADER,
                        started_on=last_year,
                        ended_on=election,
                    )
                )
            roles.append(
                Role(group=group, member=leader, kind=Role.Kind.UNION_LEADER, started_on=election)
            )
            if len(chunk) > 1:
                roles.append(
                    Role(
                        group=group,
                        member=chunk[1],
                        kind=Role.Kind.PRODUCTION_LEADER,
                        started_on=since,
                    )
                )
            officers = [
                Role(
                    group=group,
                    member=member,
                    kind=Role.Kind.OFFICER,
                    portfolio=portfolio,
                    started_on=since,
                )
                for member, portfolio in zip(chunk[2:5], portfolios, strict=False)
            ]
            roles.extend(officers)
            officers_of.append((officers, chunk[5:11]))
        Role.objects.bulk_create(roles, batch_size=batch)
        activists = [
            Role(
                group=activist.group,
                member=activist,
                kind=Role.Kind.ACTIVIST,
                mentor=officers[i // 2],
                started_on=since,
            )
            for officers, chosen in officers_of
            for i, activist in enumerate(chosen)
            if i // 2 < len(officers)
        ]
        Role.objects.bulk_create(activists, batch_size=batch)

    if connection.vendor == "postgresql":
        # Autovacuum would analyse the fresh tables within a minute; do it now so that the
        # planner has statistics, as it would in production.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    seconds = time.perf_counter() - started
    city = City(
        groups=len(groups),
        members=len(members),
        roles=len(roles) + len(activists),
        factories=factories,
        seconds=seconds,
    )
    choose_subjects(city, groups, members, members_per_group)
    return city


def choose_subjects(city, groups, members, members_per_group):
    from django.db.models import Count

    from groups.models import FactoryUnion, Member, Role, UnionGroup, WorkshopUnion

    city.factory = (
        FactoryUnion.objects.annotate(n=Count("workshops__groups")).order_by("-n", "pk").first()
    )
    city.workshop = (
        WorkshopUnion.objects.filter(factory=city.factory)
        .annotate(n=Count("groups"))
        .order_by("-n", "pk")
        .first()
    )
    # The group whose last member came from the group before it: a former member to show.
    in_workshop = list(UnionGroup.objects.filter(workshop=city.workshop).order_by("pk"))
    city.group = in_workshop[1] if len(in_workshop) > 1 else in_workshop[0]
    city.member = Role.objects.get(
        group=city.group, kind=Role.Kind.UNION_LEADER, ended_on=None
    ).member
    city.search = city.member.name[0]  # the leader's surname
    from groups import views

    city.last_page = -(-UnionGroup.objects.active().count() // getattr(views, "PAGE_SIZE", 50))
    # A few saved edits, so that the member page has changes to list (bulk_create keeps none).
    member = Member.objects.get(pk=city.member.pk)
    for phone, grade in (("13900000001", 5), ("13900000002", 6)):
        member.phone, member.skill_grade = phone, grade
        member.save()


def create_users(city):
    from django.contrib.auth import get_user_model

    from groups.models import Scope
    from groups.scoping import Level

    User = get_user_model()

    def user(username, level, unit, **extra):
        account = User(username=username, is_staff=level != Level.GROUP, **extra)
        account.set_unusable_password()
        account.save()
        Scope.objects.create(user=account, level=level, **{level: unit})
        return account

    city.users = {
        "federation": user("bench_federation", Level.FEDERATION, city.factory.federation),
        "factory": user("bench_factory", Level.FACTORY, city.factory),
        "leader": user("bench_leader", Level.GROUP, city.group, first_name=city.member.name),
    }


# ---------------------------------------------------------------------------------------------
# The pages.


@dataclass
class Result:
    page: str
    user: str
    url: str
    median: float
    p95: float
    queries: int
    sql_ms: float
    statements: list


def pages(city):
    from django.urls import reverse

    factory, workshop, group, member = city.factory, city.workshop, city.group, city.member
    group_list = reverse("groups:group_list")
    return [
        ("factory list", "federation", reverse("groups:factory_list")),
        ("factory detail", "factory", reverse("groups:factory_detail", args=[factory.pk])),
        ("workshop detail", "factory", reverse("groups:workshop_detail", args=[workshop.pk])),
        ("group list", "federation", group_list),
        ("group list, last page", "federation", f"{group_list}?page={city.last_page}"),
        ("group list ?q=surname", "federation", f"{group_list}?q={city.search}"),
        ("group list ?factory=", "federation", f"{group_list}?factory={factory.pk}"),
        ("group detail", "leader", reverse("groups:group_detail", args=[group.pk])),
        ("group detail", "factory", reverse("groups:group_detail", args=[group.pk])),
        ("member detail", "leader", reverse("groups:member_detail", args=[member.pk])),
    ]


def measure(city, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for role, account in city.users.items():
        clients[role] = Client()
        clients[role].force_login(account)

    results = []
    for page, role, url in pages(city):
        client = clients[role]

        def get(client=client, url=url, page=page):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{page} ({url}) answered {response.status_code}")
            return response

        get()  # warm up: templates, translations, middleware
        sql_seconds = []

        def timed(execute, sql, params, many, context, sql_seconds=sql_seconds):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                sql_seconds.append(time.perf_counter() - started)

        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
            get()
        statements = [query["sql"] for query in captured.captured_queries]
        sql_ms = sum(sql_seconds) * 1000
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            get()
            timings.append((time.perf_counter() - started) * 1000)
        results.append(
            Result(
                page=page,
                user=role,
                url=url,
                median=statistics.median(timings),
                p95=percentile(timings, 95),
                queries=len(statements),
                sql_ms=sql_ms,
                statements=statements,
            )
        )
    return results


def percentile(values, pct):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


# ---------------------------------------------------------------------------------------------
# The run.


def describe(city, members_per_group):
    workshops = sum(f.workshops.count() for f in city.factories)
    return (
        f"{len(city.factories)} factories, {workshops} workshops, {city.groups:,} groups, "
        f"{city.members:,} members ({members_per_group} a group), {city.roles:,} roles; "
        f"built in {city.seconds:.1f} s"
    )


def run_city(label, n_groups, args):
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    n_factories = args.factories or max(1, min(100, round(n_groups / 50)))
    print(f"Building the {label} city ...", flush=True)
    city = build_city(n_groups, args.members_per_group, n_factories)
    print(f"  {describe(city, args.members_per_group)}", flush=True)
    create_users(city)
    print(f"  timing {len(pages(city))} pages x {args.repeat} requests ...", flush=True)
    started = time.perf_counter()
    results = measure(city, args.repeat)
    print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    return city, results


def print_table(results, small_results, n_groups, n_small):
    headers = ["page", "as", "median ms", "p95 ms", "queries", "SQL ms"]
    if small_results:
        headers += [f"median ms @{n_small:,}", f"queries @{n_small:,}", ""]
    rows = []
    for i, r in enumerate(results):
        row = [r.page, r.user, f"{r.median:.1f}", f"{r.p95:.1f}", str(r.queries), f"{r.sql_ms:.1f}"]
        if small_results:
            s = small_results[i]
            row += [f"{s.median:.1f}", str(s.queries), "" if s.queries == r.queries else "GROWS"]
        rows.append(row)
    widths = [max(len(h), *(len(row[c]) for row in rows)) for c, h in enumerate(headers)]
    right = {2, 3, 4, 5, 6, 7, 8}

    def line(cells):
        return "  ".join(
            cell.rjust(w) if c in right else cell.ljust(w)
            for c, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    print(f"\nPages at {n_groups:,} groups:")
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.bench_pages", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--groups", type=int, default=5000, help="union groups in the city")
    parser.add_argument("--members-per-group", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument(
        "--factories", type=int, default=0, help="default: groups / 50, at most 100"
    )
    parser.add_argument(
        "--no-small",
        action="store_true",
        help="skip the city ten times smaller that shows whether query counts grow",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the benchmark database afterwards (for EXPLAIN); the next run replaces it",
    )
    parser.add_argument(
        "--sql", action="store_true", help="print each page's SQL statements (large city)"
    )
    args = parser.parse_args(argv)
    if args.groups < 1 or args.members_per_group < 1 or args.repeat < 1:
        parser.error("--groups, --members-per-group and --repeat must be at least 1")

    database = choose_database()
    try:
        configure_django(database)
        from django.db import connection

        print(f"Benchmark database: {database.label}")
        n_small = max(1, args.groups // 10)
        small_results = None
        if not args.no_small and n_small < args.groups:
            _, small_results = run_city("small", n_small, args)
        city, results = run_city("large", args.groups, args)
        print_table(results, small_results, args.groups, n_small)
        print(
            f"\n{connection.vendor}; median and p95 over {args.repeat} requests a page after one "
            "warm-up. Queries (session, user and scope included) and the time they took (SQL ms) "
            "are from one more request.\n"
            f"Subjects: factory {city.factory.name} (the largest), workshop {city.workshop.name}, "
            f"group {city.group.name}, member {city.member.name}; search q={city.search}."
        )
        if args.sql:
            for r in results:
                print(f"\n--- {r.page} as {r.user}: {r.url}")
                for statement in r.statements:
                    print(f"  {statement}")
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django may not have started
            pass
        if args.keep:
            print(f"Kept the benchmark database: {database.label}")
        elif database.cleanup:
            database.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
