"""How fast the main pages answer in a city-sized database, and how many SQL queries each makes.

Run with ``make benchmark`` or::

    .venv/bin/python -m tests.benchmarks.bench_pages [--groups 5000] [--members-per-group 15]
                                                    [--repeat 20]

It never touches the developer's database. When ``DATABASE_URL`` is a PostgreSQL URL, the
benchmark creates a database named ``unionsite_bench`` on the same server and drops it at the
end; otherwise it uses a temporary SQLite file. It builds a city with ``bulk_create`` (one
federation, a factory for every fifty groups up to a hundred, four to six workshops each,
``--groups`` union groups with their members, leaders, officers and activists) and its
production records (for every group a guarantee plan for the month with output and scrap
indicators, progress and pledges; a city-wide campaign in which every group takes part and a
campaign of the largest factory; pacts; a proposal for every two groups) and its welfare
(about two hardship cases a group over the year with their visits, grants, status moves and
labour insurance claims, and an activity every other month for every group) and its oversight
(the half-year just past, closed, with every group's class confirmed; the half-year under way,
open, with about half of the groups assessed and awaiting review; a selected write-up of typical
experience in each of twenty factories; a year of dues in the largest factory), signs in as city
federation staff, factory union staff and a union group leader (who reads the group's welfare
cases), and requests each page ``--repeat`` times through Django's test client. First it does
the same in a city ten times smaller, so that the table shows whether a page's query count grows
with the data (it should not). ``--keep`` leaves the database behind for EXPLAIN; ``--sql``
prints each page's queries.

This is a measurement, not a test: it prints numbers and asserts nothing about time.
"""

import argparse
import datetime
import logging
import os
import random
import secrets
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
    # Production settings refuse the published development key; a throw-away one will do here.
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-" + secrets.token_urlsafe(40))
    # The test client speaks plain HTTP, as the app does behind the proxy that ends TLS.
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
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
    # Production (the competitions app): what was built, in how long, and what is asked about.
    production: dict = field(default_factory=dict)
    production_seconds: float = 0.0
    plan: object = None  # the subject group's plan for the month
    city_campaign: object = None
    city_round: int = 1
    factory_campaign: object = None
    factory_round: int = 1
    # Welfare: what was built, in how long, and the case whose page is asked for.
    welfare: dict = field(default_factory=dict)
    welfare_seconds: float = 0.0
    case: object = None
    # Oversight: what was built, in how long, the open period and the submitted assessment
    # whose pages are asked for.
    oversight: dict = field(default_factory=dict)
    oversight_seconds: float = 0.0
    open_period: object = None
    assessment: object = None


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

    seconds = time.perf_counter() - started
    city = City(
        groups=len(groups),
        members=len(members),
        roles=len(roles) + len(activists),
        factories=factories,
        seconds=seconds,
    )
    choose_subjects(city, groups, members, members_per_group)

    started = time.perf_counter()
    build_production(city, groups, members, members_per_group, rng)
    city.production_seconds = time.perf_counter() - started

    started = time.perf_counter()
    build_welfare(city, groups, members, members_per_group, rng)
    city.welfare_seconds = time.perf_counter() - started

    started = time.perf_counter()
    build_oversight(city, groups, members, members_per_group, rng)
    if connection.vendor == "postgresql":
        # Autovacuum would analyse the fresh tables within a minute; do it now so that the
        # planner has statistics, as it would in production.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    city.oversight_seconds = time.perf_counter() - started
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


# fmt: off
PLEDGES = [
    "保證不出廢品，首件必檢", "保證出滿勤，不遲到早退", "包教徒工一人，月底能獨立操作",
    "改進刀具角度，提高效率一成", "節約棉紗機油，邊角料回收", "交接班交清設備和質量情況",
]
PROPOSALS = [
    "改進車刀角度", "快速換活夾具", "廢鐵屑回收重熔", "砂型烘乾改用餘熱", "吊車加裝限位器",
    "改進交接班制度", "自製專用量具", "合併兩道工序",
]
DEPARTMENTS = ["供應科", "技術科", "檢驗科", "動力科", "運輸科"]
# fmt: on


def build_production(city, groups, members, members_per_group, rng):
    """The competitions app at city scale: a guarantee plan for the month for every group with
    its output and scrap indicators, progress and pledges; a city-wide campaign in which every
    group takes part, and a campaign of the subject factory with the red flags of its past
    rounds; pacts; and about one rationalization proposal for every two groups."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from competitions.models import (
        Campaign,
        GuaranteePlan,
        Indicator,
        Kind,
        Pact,
        PactReview,
        Participant,
        Pledge,
        ProgressEntry,
        Proposal,
        RedFlagAward,
        Round,
        Rule,
        Score,
        Veto,
        VetoItem,
        month_end,
    )

    day = datetime.timedelta(days=1)
    today = timezone.localdate()
    # The month under way; on its first day (no progress yet) the month just past.
    month_day = today if today.day > 1 else today - day
    start, end = GuaranteePlan.bounds(GuaranteePlan.Period.MONTH, month_day)
    recorded_until = min(today, end)
    entry_days = [start + day * i for i in range((recorded_until - start).days + 1)]
    elapsed = len(entry_days) / ((end - start).days + 1)
    batch = 2000
    by_group = [
        members[first : first + members_per_group]
        for first in range(0, len(members), members_per_group)
    ]
    federation = city.factory.federation

    with transaction.atomic():
        # Who made the plans and recorded the progress.
        recorder = get_user_model()(username="bench_recorder", first_name="統計員")
        recorder.set_unusable_password()
        recorder.save()
        plans = []
        for group in groups:
            plans.append(
                GuaranteePlan(
                    group=group,
                    period=GuaranteePlan.Period.MONTH,
                    starts_on=start,
                    ends_on=end,
                    production_plan=f"{group.trade}任務 {rng.randint(20, 60) * 10} 件",
                    knacks="改進操作方法，推行首件必檢。",
                    created_by=recorder,
                )
            )
        GuaranteePlan.objects.bulk_create(plans, batch_size=batch)
        # Two indicators a plan: output (more is better) and scrap (less is better).
        indicators = []
        for plan, chunk in zip(plans, by_group, strict=True):
            output = len(chunk) * rng.randint(30, 60)
            indicators.append(
                Indicator(
                    plan=plan,
                    position=1,
                    kind=Kind.OUTPUT,
                    unit="件",
                    target=output,
                    higher_is_better=True,
                )
            )
            indicators.append(
                Indicator(
                    plan=plan,
                    position=2,
                    kind=Kind.SCRAP,
                    unit="件",
                    target=rng.randint(3, 20),
                    higher_is_better=False,
                )
            )
        Indicator.objects.bulk_create(indicators, batch_size=batch)
        # About eight entries an indicator, on days of the month up to today.
        entries = []
        for indicator in indicators:
            if len(entry_days) >= 8:
                days = sorted(rng.sample(entry_days, 8))
            else:
                days = sorted(rng.choices(entry_days, k=8))
            share = float(indicator.target) * elapsed / len(days)
            for on in days:
                if indicator.kind == Kind.OUTPUT:
                    value = round(share * rng.uniform(0.7, 1.3))
                else:
                    value = rng.choice((0, 0, 0, 1, 1, 2, 3))
                entries.append(
                    ProgressEntry(indicator=indicator, on=on, value=value, recorded_by=recorder)
                )
        ProgressEntry.objects.bulk_create(entries, batch_size=batch)
        # Three individual guarantee conditions a plan.
        pledges = [
            Pledge(
                plan=plan,
                member=member,
                text=rng.choice(PLEDGES),
                target=rng.choice((None, rng.randint(40, 80))),
                unit="件",
            )
            for plan, chunk in zip(plans, by_group, strict=True)
            for member in rng.sample(chunk, min(3, len(chunk)))
        ]
        Pledge.objects.bulk_create(pledges, batch_size=batch)
        # The subject group's past plans, closed, for its list of plans.
        past, first = [], start
        for _ in range(6):
            first = (first - day).replace(day=1)
            fulfilled = rng.random() < 0.7
            past.append(
                GuaranteePlan(
                    group=city.group,
                    period=GuaranteePlan.Period.MONTH,
                    starts_on=first,
                    ends_on=month_end(first),
                    production_plan=f"{city.group.trade}任務 400 件",
                    status="fulfilled" if fulfilled else "unfulfilled",
                    closed_on=month_end(first),
                    close_reason="" if fulfilled else "材料供應不及時，產量差百分之五。",
                )
            )
        GuaranteePlan.objects.bulk_create(past)
        city.plan = plans[groups.index(city.group)]

        # The city-wide campaign: every group, scrap weighs three times output; one round, the
        # month; a veto for a handful of groups and a few scores the organiser entered.
        campaign = Campaign.objects.create(
            name="全市增產節約、消滅廢品競賽",
            kind=Campaign.CampaignKind.ZERO_SCRAP,
            scope=Campaign.Scope.CITY,
            federation=federation,
            starts_on=start,
            ends_on=max(end, today),
            description="廢品少者為先，產量為次。",
        )
        Participant.objects.bulk_create(
            [Participant(campaign=campaign, group=group) for group in groups], batch_size=batch
        )
        scrap, _ = Rule.objects.bulk_create(
            [
                Rule(
                    campaign=campaign,
                    position=1,
                    kind=Kind.SCRAP,
                    unit="件",
                    weight=3,
                    higher_is_better=False,
                ),
                Rule(
                    campaign=campaign,
                    position=2,
                    kind=Kind.OUTPUT,
                    unit="件",
                    weight=1,
                    higher_is_better=True,
                ),
            ]
        )
        item = VetoItem.objects.create(campaign=campaign, name="發生重大安全事故")
        round_ = Round.objects.create(campaign=campaign, number=1, starts_on=start, ends_on=end)
        chosen = rng.sample(groups, min(len(groups), 25))
        vetoes = [
            Veto(round=round_, group=group, item=item, note="吊車傷人，停工一天")
            for group in chosen[:5]
        ]
        Veto.objects.bulk_create(vetoes)
        scores = [
            Score(round=round_, group=group, rule=scrap, value=rng.randint(0, 5))
            for group in chosen[5:]
        ]
        Score.objects.bulk_create(scores)
        city.city_campaign, city.city_round = campaign, round_.number

        # The subject factory's red-flag campaign: three monthly rounds, the flag awarded in the
        # two that are over, the third under way.
        mine = [g for g in groups if g.workshop.factory_id == city.factory.pk]
        first_start = (((start - day).replace(day=1)) - day).replace(day=1)
        campaign = Campaign.objects.create(
            name=f"{city.factory.name}流動紅旗競賽",
            kind=Campaign.CampaignKind.RED_FLAG,
            scope=Campaign.Scope.FACTORY,
            federation=federation,
            factory=city.factory,
            starts_on=first_start,
            ends_on=max(end, today),
        )
        Participant.objects.bulk_create(
            [Participant(campaign=campaign, group=group) for group in mine]
        )
        Rule.objects.bulk_create(
            [
                Rule(campaign=campaign, position=1, kind=Kind.OUTPUT, unit="件", weight=2),
                Rule(
                    campaign=campaign,
                    position=2,
                    kind=Kind.SCRAP,
                    unit="件",
                    weight=1,
                    higher_is_better=False,
                ),
            ]
        )
        item = VetoItem.objects.create(campaign=campaign, name="違反操作規程")
        rounds, first = [], first_start
        for number in (1, 2, 3):
            last = end if number == 3 else month_end(first)
            rounds.append(Round(campaign=campaign, number=number, starts_on=first, ends_on=last))
            first = last + day
        Round.objects.bulk_create(rounds)
        holders = rng.sample(mine, min(2, len(mine)))
        RedFlagAward.objects.bulk_create(
            [
                RedFlagAward(
                    round=round_,
                    group=group,
                    awarded_on=round_.ends_on + day,
                    citation="產量超額，無廢品",
                )
                for round_, group in zip(rounds[:2], holders, strict=False)
            ]
        )
        Veto.objects.create(round=rounds[2], group=mine[-1], item=item, note="無證開吊車")
        city.factory_campaign, city.factory_round = campaign, rounds[2].number

        # Mutual-aid pacts: every fourth group with the next group of its workshop, every tenth
        # with a department; half of them under way, half ended; a review for every other one.
        pacts = []
        for index, (group, following) in enumerate(zip(groups, groups[1:], strict=False)):
            ended = index % 8 >= 4
            starts_on = start - datetime.timedelta(days=120 if ended else 20)
            ends_on = start - day if ended else end + datetime.timedelta(days=60)
            common = {
                "group": group,
                "group_commitments": "按時交活，質量不合格的不往下道工序送。",
                "partner_commitments": "及時反映問題，配合調整進度。",
                "starts_on": starts_on,
                "ends_on": ends_on,
            }
            if index % 4 == 0 and following.workshop_id == group.workshop_id:
                pacts.append(
                    Pact(
                        partner_group=following,
                        title=f"{group.name}與{following.name}互助聯繫公約",
                        **common,
                    )
                )
            elif index % 10 == 1:
                department = rng.choice(DEPARTMENTS)
                pacts.append(
                    Pact(
                        partner_department=department,
                        title=f"{group.name}與{department}聯繫公約",
                        **common,
                    )
                )
        Pact.objects.bulk_create(pacts, batch_size=batch)
        reviews = [
            PactReview(
                pact=pact,
                reviewed_on=min(today, pact.ends_on),
                kept=index % 4 != 2,
                problems="" if index % 4 != 2 else "對方兩次誤了交活時間。",
            )
            for index, pact in enumerate(pacts)
            if index % 2 == 0
        ]
        PactReview.objects.bulk_create(reviews, batch_size=batch)

        # About one proposal for every two groups, over the last eleven months, in every status.
        statuses = list(Proposal.Status)
        proposals, authors = [], []
        for index, (group, chunk) in enumerate(zip(groups, by_group, strict=True)):
            if index % 2:
                continue
            status = rng.choices(statuses, weights=(2, 2, 3, 2, 3))[0]
            decided = status in (
                Proposal.Status.ADOPTED,
                Proposal.Status.REJECTED,
                Proposal.Status.IMPLEMENTED,
            )
            submitted_on = today - datetime.timedelta(
                days=rng.randint(60, 330) if decided else rng.randint(0, 50)
            )
            decided_on = submitted_on + datetime.timedelta(days=rng.randint(5, 25))
            implemented = status == Proposal.Status.IMPLEMENTED
            estimate = rng.randint(2, 300) * 10
            proposals.append(
                Proposal(
                    group=group,
                    title=rng.choice(PROPOSALS),
                    description="說明與圖樣見附頁。",
                    category=rng.choice(Proposal.Category.values),
                    status=status,
                    submitted_on=submitted_on,
                    decided_on=decided_on if decided else None,
                    rejection_reason=(
                        "現有設備條件不夠" if status == Proposal.Status.REJECTED else ""
                    ),
                    implemented_on=decided_on + datetime.timedelta(days=20)
                    if implemented
                    else None,
                    estimated_money=estimate,
                    estimated_hours=rng.randint(10, 200),
                    realised_money=round(estimate * rng.uniform(0.5, 1.5)) if implemented else None,
                    realised_hours=rng.randint(10, 200) if implemented else None,
                    reward=rng.randint(5, 50)
                    if status != Proposal.Status.REJECTED and decided
                    else None,
                )
            )
            for member in rng.sample(chunk, min(len(chunk), rng.randint(1, 2))):
                authors.append((len(proposals) - 1, member))
        Proposal.objects.bulk_create(proposals, batch_size=batch)
        Authors = Proposal.authors.through
        Authors.objects.bulk_create(
            [Authors(proposal=proposals[i], member=member) for i, member in authors],
            batch_size=batch,
        )

    city.production = {
        "plans": len(plans) + len(past),
        "indicators": len(indicators),
        "progress entries": len(entries),
        "pledges": len(pledges),
        "campaigns": 2,
        "participants": len(groups) + len(mine),
        "pacts": len(pacts),
        "proposals": len(proposals),
    }


# fmt: off
HARDSHIPS = [
    ("illness", "患胃病臥床兩週，家中三個孩子無人照顧。"),
    ("illness", "患肺結核住院一個多月，愛人沒有工作。"),
    ("injury", "搬料時砸傷左腳，需休養一個月。"),
    ("housing", "住房漏雨，一家七口擠在一間小屋裡。"),
    ("family", "愛人生病住院，寄錢回家後生活困難。"),
    ("bereavement", "父親病故，辦喪事借了債。"),
    ("childbirth", "愛人生產，家中無人照料月子。"),
]
ACTIVITIES = [
    ("film", "看電影《白毛女》"), ("sport", "籃球比賽"), ("singing", "唱歌晚會"),
    ("reading", "業餘文化學習"), ("opera", "看晉劇《打金枝》"), ("party", "小組聯歡會"),
]
# fmt: on


def build_welfare(city, groups, members, members_per_group, rng):
    """The welfare app at city scale: about two hardship cases a group over the year (most of
    the older ones resolved, some closed, the recent ones open or in progress, follow-ups due,
    overdue or to come), each with its status moves, a visit and often a grant or goods, and a
    labour insurance claim for every third; an activity every other month for every group with
    three members taking part (monthly, with the whole group, in the subject group). Then the
    subject case, a member
    of the subject group, built through the services so that its page has a history, a claim, a
    reopening and a dozen entries to show."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from welfare import services
    from welfare.models import Activity, CaseAction, InsuranceClaim, StatusChange, WelfareCase

    day = datetime.timedelta(days=1)
    today = timezone.localdate()
    batch = 2000
    by_group = [
        members[first : first + members_per_group]
        for first in range(0, len(members), members_per_group)
    ]
    Status = WelfareCase.Status
    sources = list(CaseAction.Source)

    with transaction.atomic():
        cases, changes, actions, claims = [], [], [], []
        for index, (group, chunk) in enumerate(zip(groups, by_group, strict=True)):
            count = 1 + (index % 3 != 0) + (index % 5 == 0)
            for k in range(count):
                member = chunk[(2 + 5 * k) % len(chunk)] if len(chunk) > 2 else chunk[-1]
                category, description = rng.choice(HARDSHIPS)
                opened = today - day * rng.randint(0, 364)
                case = WelfareCase(
                    group=group,
                    member=member,
                    category=category,
                    tier=rng.choice((1, 2, 2, 3)),
                    description=description,
                    opened_on=opened,
                )
                cases.append(case)
                changes.append(StatusChange(case=case, to_status=Status.OPEN, changed_on=opened))
                age = (today - opened).days
                if age < 7 and rng.random() < 0.6:
                    case.follow_up_on = opened + day * rng.randint(0, 7)
                    continue
                first = opened + day * min(age, rng.randint(0, 3))
                changes.append(
                    StatusChange(
                        case=case,
                        from_status=Status.OPEN,
                        to_status=Status.IN_PROGRESS,
                        changed_on=first,
                    )
                )
                resolved = opened + day * rng.randint(5, 40)
                last = resolved if resolved < today else today
                actions.append(
                    CaseAction(
                        case=case, kind="visit", done_on=first, who=chunk[0].name, brought="橘子"
                    )
                )
                if rng.random() < 0.7:
                    actions.append(
                        CaseAction(
                            case=case,
                            kind="grant",
                            done_on=min(first + 2 * day, last),
                            amount=Decimal(rng.randint(5, 60)),
                            source=rng.choices(sources, weights=(6, 3, 1))[0],
                        )
                    )
                if rng.random() < 0.3:
                    actions.append(
                        CaseAction(
                            case=case, kind="goods", done_on=last, brought="白麵二十斤", amount=4
                        )
                    )
                if len(cases) % 3 == 0:
                    claim = InsuranceClaim(
                        case=case,
                        benefit="sick_pay",
                        filed_on=first,
                        amount_claimed=Decimal(rng.randint(20, 60)),
                    )
                    if resolved < today:
                        claim.status, claim.decided_on = "paid", resolved
                        claim.amount_paid = claim.amount_claimed
                    claims.append(claim)
                if resolved >= today:
                    follow_up = today + day * rng.randint(-7, 14)
                    case.status, case.follow_up_on = Status.IN_PROGRESS, max(follow_up, opened)
                    continue
                case.status, case.resolved_on = Status.RESOLVED, resolved
                case.days_to_resolve = (resolved - opened).days
                changes.append(
                    StatusChange(
                        case=case,
                        from_status=Status.IN_PROGRESS,
                        to_status=Status.RESOLVED,
                        changed_on=resolved,
                    )
                )
                closed = resolved + day * rng.randint(10, 60)
                if closed < today and rng.random() < 0.4:
                    case.status, case.closed_on = Status.CLOSED, closed
                    changes.append(
                        StatusChange(
                            case=case,
                            from_status=Status.RESOLVED,
                            to_status=Status.CLOSED,
                            changed_on=closed,
                        )
                    )
        WelfareCase.objects.bulk_create(cases, batch_size=batch)
        StatusChange.objects.bulk_create(changes, batch_size=batch)
        CaseAction.objects.bulk_create(actions, batch_size=batch)
        InsuranceClaim.objects.bulk_create(claims, batch_size=batch)

        # An activity every other month for every group, three members taking part; a month for
        # the subject group, the whole group taking part.
        activities, taking_part = [], []
        for group, chunk in zip(groups, by_group, strict=True):
            for month in range(0, 12, 1 if group == city.group else 2):
                kind, title = ACTIVITIES[(month + group.pk) % len(ACTIVITIES)]
                activity = Activity(
                    group=group,
                    held_on=today - day * (30 * month + rng.randint(0, 29)),
                    kind=kind,
                    title=title,
                )
                activities.append(activity)
                chosen = chunk if group == city.group else rng.sample(chunk, min(3, len(chunk)))
                taking_part += [(activity, member) for member in chosen]
        Activity.objects.bulk_create(activities, batch_size=batch)
        Through = Activity.participants.through
        Through.objects.bulk_create(
            [Through(activity_id=a.pk, member_id=m.pk) for a, m in taking_part],
            batch_size=batch,
        )

        # The subject case, through the services: opened forty days ago, visited, helped,
        # referred, a claim paid, resolved and reopened; its follow-up is due today.
        welfare_officer = get_user_model().objects.get(username="bench_recorder")
        member = next(m for m in by_group[groups.index(city.group)][1:])
        on = today - 40 * day
        case = services.case_open(
            group=city.group,
            member=member,
            user=welfare_officer,
            category="illness",
            tier=1,
            description="患肺病回鄉休養，老家在240里外的鄉下，愛人帶著三個孩子。",
            opened_on=on,
        )
        entries = [
            (1, "visit", {"who": city.member.name, "brought": "橘子", "text": "往返240里探望。"}),
            (3, "grant", {"amount": Decimal(20), "source": "union_fund"}),
            (5, "goods", {"brought": "白麵二十斤", "amount": Decimal(4)}),
            (6, "referral", {"referred_to": "administration", "text": "請行政聯繫醫院。"}),
            (9, "visit", {"who": city.member.name, "brought": "雞蛋", "text": "病情好轉。"}),
            (12, "note", {"text": "小組會上大家捐款十二元。"}),
            (15, "grant", {"amount": Decimal(15), "source": "labour_insurance"}),
            (20, "visit", {"who": city.member.name, "text": "能下床走動了。"}),
        ]
        for offset, kind, fields in entries:
            services.action_add(
                case=case, user=welfare_officer, kind=kind, done_on=on + offset * day, **fields
            )
        services.claim_save(
            case=case,
            user=welfare_officer,
            benefit="sick_pay",
            filed_on=on + 2 * day,
            amount_claimed=Decimal(40),
            amount_paid=Decimal(36),
            status="paid",
            decided_on=on + 16 * day,
        )
        for offset, status, note in (
            (25, "resolved", "病已痊癒，恢復上班。"),
            (32, "in_progress", "病情反覆，又臥床了。"),
        ):
            case = services.case_move(
                case=case, user=welfare_officer, to_status=status, on=on + offset * day, note=note
            )
        services.action_add(
            case=case,
            user=welfare_officer,
            kind="visit",
            done_on=on + 33 * day,
            who=city.member.name,
            brought="紅糖",
        )
        services.set_follow_up(case=case, user=welfare_officer, follow_up_on=today)
        city.case = case

    city.welfare = {
        "cases": len(cases) + 1,
        "status changes": len(changes) + 4,
        "case actions": len(actions) + len(entries) + 1,
        "claims": len(claims) + 1,
        "activities": len(activities),
        "activity participants": len(taking_part),
    }


# fmt: off
EXPERIENCES = [
    "耐心說服，團結落後", "生產會議短小實際", "老工人包教徒工", "交接班制度認真執行",
    "積極分子分工聯繫群眾", "困難職工人人關心",
]
# fmt: on


def half_year(day):
    """The half of the year ``day`` falls in: (first day, last day, name)."""
    if day.month <= 6:
        first, last, half = day.replace(month=1, day=1), day.replace(month=6, day=30), "上"
    else:
        first, last, half = day.replace(month=7, day=1), day.replace(month=12, day=31), "下"
    return first, last, f"{day.year}年{half}半年"


def build_oversight(city, groups, members, members_per_group, rng):
    """The oversight app at city scale: the half-year just past, closed, with every group's
    assessment confirmed (classes 1, 2 and 3 about 25/65/10, a few confirmed in another class
    than the one proposed), and the half-year under way, open, with about half of the groups
    assessed and awaiting review (not the subject group, which is left to assess; one group of
    the subject factory is the submitted assessment whose pages are asked for); a selected
    write-up of typical experience for each of the first twenty factories; and the dues of the
    subject factory's members for twelve months, on the ledger (most paid, a few not). The
    evidence kept with each assessment is that of a handful of groups, reused."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from dues.models import DuesPayment
    from oversight import evidence
    from oversight.models import (
        CRITERION_FIELDS,
        Assessment,
        AssessmentPeriod,
        Experience,
        GroupClass,
    )

    day = datetime.timedelta(days=1)
    today = timezone.localdate()
    now = timezone.now()
    batch = 2000
    federation = city.factory.federation
    mine = [g for g in groups if g.workshop.factory_id == city.factory.pk]
    User = get_user_model()
    Status = Assessment.Status

    with transaction.atomic():
        assessor = User(username="bench_assessor", first_name="組織幹事")
        reviewer = User(username="bench_reviewer", first_name="市總工會組織部")
        for account in (assessor, reviewer):
            account.set_unusable_password()
            account.save()

        # Dues first, so that the evidence has them: the subject factory's groups, twelve months.
        months, first = [], today.replace(day=1)
        for _ in range(12):
            first = (first - day).replace(day=1)
            months.append(first)
        dues = []
        by_group = {
            group.pk: members[first : first + members_per_group]
            for group, first in zip(groups, range(0, len(members), members_per_group), strict=False)
        }
        for group in mine:
            for member in by_group[group.pk]:
                amount = Decimal(rng.choice(("0.60", "0.80", "1.00")))
                for month in months:
                    paid = rng.random() < 0.9
                    dues.append(
                        DuesPayment(
                            member=member,
                            group=group,
                            month=month,
                            amount=amount,
                            status="paid" if paid else "unpaid",
                            paid_on=month.replace(day=20) if paid else None,
                            collected_by=assessor if paid else None,
                        )
                    )
        DuesPayment.objects.bulk_create(dues, batch_size=batch)

        opened_start, opened_end, opened_name = half_year(today)
        closed_start, closed_end, closed_name = half_year(opened_start - day)
        closed, opened = AssessmentPeriod.objects.bulk_create(
            [
                AssessmentPeriod(
                    federation=federation,
                    name=closed_name,
                    starts_on=closed_start,
                    ends_on=closed_end,
                    status=AssessmentPeriod.Status.CLOSED,
                    opened_by=reviewer,
                ),
                AssessmentPeriod(
                    federation=federation,
                    name=opened_name,
                    starts_on=opened_start,
                    ends_on=opened_end,
                    status=AssessmentPeriod.Status.OPEN,
                    opened_by=reviewer,
                ),
            ]
        )

        # The evidence of a handful of groups (of the subject factory, which has dues), computed
        # as the site computes it, and reused for every assessment.
        everyone = User(is_superuser=True, is_active=True)  # sees every group; never saved
        sample = [g.pk for g in rng.sample(mine, min(8, len(mine)))]
        figures = {
            period.pk: list(
                evidence.for_groups(everyone, sample, period.starts_on, period.ends_on).values()
            )
            for period in (closed, opened)
        }

        def assessment(period, group, index, status, submitted_at):
            proposed = rng.choices(GroupClass.values, weights=(25, 65, 10))[0]
            ratings = {
                name: min(3, max(1, proposed + rng.choice((-1, 0, 0, 0, 1))))
                for name in CRITERION_FIELDS
            }
            row = Assessment(
                period=period,
                group=group,
                status=status,
                **ratings,
                production_note="生產計劃人人清楚。" if ratings["production"] == 1 else "",
                summary="小組長以身作則，會議按時召開；互助還不夠經常。",
                proposed_class=proposed,
                assessed_by=assessor,
                submitted_at=submitted_at,
                submitted_by=assessor,
                evidence=figures[period.pk][index % len(figures[period.pk])],
            )
            if status == Status.CONFIRMED:
                row.confirmed_class = proposed
                if rng.random() < 0.05:
                    others = [c for c in GroupClass.values if c != proposed]
                    row.confirmed_class = rng.choice(others)
                    row.class_reason = "與車間反映的情況不符，按實際評定。"
                row.reviewed_at = submitted_at + datetime.timedelta(days=rng.randint(3, 20))
                row.reviewed_by = reviewer
            return row

        assessments = []
        closed_at = timezone.make_aware(datetime.datetime.combine(closed_end, datetime.time(9)))
        for index, group in enumerate(groups):
            submitted_at = closed_at - datetime.timedelta(days=rng.randint(1, 25))
            assessments.append(assessment(closed, group, index, Status.CONFIRMED, submitted_at))
        # The subject factory's submitted assessment: a group of the subject workshop other than
        # the subject group, with the evidence the site would have kept (campaign ranks too).
        subject = next(
            (g for g in mine if g.workshop_id == city.workshop.pk and g != city.group),
            next(g for g in mine if g != city.group),
        )
        submitted, since_opened = 0, min(30, (today - opened_start).days)
        for index, group in enumerate(groups):
            if group == city.group or (group != subject and rng.random() >= 0.5):
                continue
            ago = datetime.timedelta(days=rng.randint(0, since_opened), hours=rng.randint(0, 9))
            submitted_at = now - ago
            row = assessment(opened, group, index, Status.SUBMITTED, submitted_at)
            if group == subject:
                row.evidence = evidence.for_group(everyone, group, opened_start, opened_end)
                city.assessment = row
            assessments.append(row)
            submitted += 1
        Assessment.objects.bulk_create(assessments, batch_size=batch)
        city.open_period = opened

        # Typical experience: a selected write-up in each of the first twenty factories.
        experiences = []
        for position, factory in enumerate(city.factories[:20], start=1):
            group = rng.choice([g for g in groups if g.workshop.factory_id == factory.pk])
            title = rng.choice(EXPERIENCES)
            experiences.append(
                Experience(
                    group=group,
                    title=f"{group.name}：{title}",
                    author=f"{factory.name}工會",
                    text="\n\n".join(
                        [
                            f"{group.name}共有{members_per_group}人，過去生產任務常常完不成。",
                            "組長和積極分子分工聯繫群眾，每人聯繫兩三人，有問題及時談心。",
                            "生產會議每週一次，每次不超過半小時，只談一兩個實際問題。",
                            "半年來小組月月完成計劃，廢品由百分之五降到百分之一。",
                        ]
                    ),
                    status=Experience.Status.SELECTED,
                    proposed_by=assessor,
                    decided_by=reviewer,
                    decided_at=now - datetime.timedelta(days=rng.randint(1, 60)),
                    position=position,
                )
            )
        Experience.objects.bulk_create(experiences)

    city.oversight = {
        "periods": 2,
        "confirmed assessments": len(groups),
        "submitted assessments": submitted,
        "selected experiences": len(experiences),
        "dues payments": len(dues),
    }


def create_users(city):
    from django.contrib.auth import get_user_model

    from groups.models import Scope
    from groups.scoping import Level

    User = get_user_model()

    def user(username, level, unit, member=None, **extra):
        account = User(username=username, is_staff=level != Level.GROUP, **extra)
        account.set_unusable_password()
        account.save()
        Scope.objects.create(user=account, level=level, member=member, **{level: unit})
        return account

    city.users = {
        "federation": user("bench_federation", Level.FEDERATION, city.factory.federation),
        "factory": user("bench_factory", Level.FACTORY, city.factory),
        # The union group leader's account: the one who reads the group's welfare cases.
        "leader": user(
            "bench_leader",
            Level.GROUP,
            city.group,
            member=city.member,
            first_name=city.member.name,
        ),
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
    error: str = ""  # why the page failed; it is not timed then


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
        *competition_pages(city),
        *welfare_pages(city),
        *oversight_pages(city),
    ]


def competition_pages(city):
    from django.urls import reverse

    def url(name, *args):
        return reverse(f"competitions:{name}", args=args)

    city_campaign, factory_campaign = city.city_campaign.pk, city.factory_campaign.pk
    return [
        ("standings, city", "federation", url("standings", city_campaign, city.city_round)),
        ("standings, factory", "factory", url("standings", factory_campaign, city.factory_round)),
        ("campaign list", "federation", url("campaign_list")),
        ("campaign detail", "factory", url("campaign_detail", factory_campaign)),
        ("plan detail", "leader", url("plan_detail", city.plan.pk)),
        ("group plans", "leader", url("group_plans", city.group.pk)),
        ("pact list", "factory", url("pact_list")),
        ("proposal list", "factory", url("proposal_list")),
        ("proposal figures", "federation", url("proposal_figures")),
        ("proposal figures", "factory", url("proposal_figures")),
    ]


def welfare_pages(city):
    from django.urls import reverse

    def url(name, *args):
        return reverse(f"welfare:{name}", args=args)

    figures = url("figures")
    return [
        ("case list", "factory", url("case_list")),
        ("case list ?due=1", "leader", f"{url('case_list')}?due=1"),
        ("case detail", "factory", url("case_detail", city.case.pk)),
        ("welfare figures ?by=group", "federation", f"{figures}?by=group"),
        ("welfare figures ?by=workshop", "factory", f"{figures}?by=workshop"),
        ("activity list", "leader", url("activity_list", city.group.pk)),
    ]


def oversight_pages(city):
    from django.urls import reverse

    def url(name, *args):
        return reverse(f"oversight:{name}", args=args)

    home, assessments = reverse("home"), url("assessment_list")
    changelist = reverse("admin:oversight_assessment_changelist")
    change = reverse("admin:oversight_assessment_change", args=[city.assessment.pk])
    report = reverse("admin:oversight_assessment_report")
    return [
        ("home", "leader", home),
        ("home", "factory", home),
        ("home", "federation", home),
        ("assessment list", "factory", assessments),
        ("assessment list", "federation", assessments),
        ("assess", "factory", url("assess", city.open_period.pk, city.group.pk)),
        ("assessment detail", "factory", url("assessment_detail", city.assessment.pk)),
        ("booklet", "leader", url("booklet")),
        ("admin assessments ?submitted", "federation", f"{changelist}?status__exact=submitted"),
        ("admin assessment", "federation", change),
        ("admin report", "federation", report),
        ("admin report ?factory=", "federation", f"{report}?factory={city.factory.pk}"),
    ]


def measure(city, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.policy import second_factor_required

    clients = {}
    for role, account in city.users.items():
        clients[role] = Client()
        clients[role].force_login(account)
        if second_factor_required(account):
            # Signed in with the second factor, as such an account must be to see any page.
            device = TOTPDevice.objects.create(user=account, name="phone", confirmed=True)
            session = clients[role].session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    results = []
    for page, role, url in pages(city):
        client = clients[role]

        def get(client=client, url=url, page=page):
            response = client.get(url)
            if response.status_code != 200:
                raise PageFailed(f"answered {response.status_code}")
            return response

        # Warm up (templates, translations, middleware). A page that fails is reported in the
        # table rather than stopping the run.
        request_log = logging.getLogger("django.request")
        level, request_log.level = request_log.level, logging.CRITICAL
        try:
            get()
        except Exception as error:  # noqa: BLE001 - any failure of the page is reported
            reason = str(error) if isinstance(error, PageFailed) else repr(error)
            results.append(Result(page, role, url, 0, 0, 0, 0, [], error=reason))
            continue
        finally:
            request_log.level = level
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


class PageFailed(Exception):
    pass


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
    from django.db import connection

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    n_factories = args.factories or max(1, min(100, round(n_groups / 50)))
    print(f"Building the {label} city ...", flush=True)
    city = build_city(n_groups, args.members_per_group, n_factories)
    print(f"  {describe(city, args.members_per_group)}", flush=True)
    production = ", ".join(f"{n:,} {what}" for what, n in city.production.items())
    print(f"  production: {production}; built in {city.production_seconds:.1f} s", flush=True)
    welfare = ", ".join(f"{n:,} {what}" for what, n in city.welfare.items())
    print(f"  welfare: {welfare}; built in {city.welfare_seconds:.1f} s", flush=True)
    oversight = ", ".join(f"{n:,} {what}" for what, n in city.oversight.items())
    analysed = " (ANALYZE included)" if connection.vendor == "postgresql" else ""
    print(
        f"  oversight: {oversight}; built in {city.oversight_seconds:.1f} s{analysed}", flush=True
    )
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
        if r.error:
            row = [r.page, r.user, "FAILS", "-", "-", "-"]
        else:
            row = [r.page, r.user, f"{r.median:.1f}", f"{r.p95:.1f}", str(r.queries)]
            row += [f"{r.sql_ms:.1f}"]
        if small_results:
            s = small_results[i]
            if s.error or r.error:
                row += ["FAILS" if s.error else f"{s.median:.1f}", "-", ""]
            else:
                grows = "" if s.queries == r.queries else "GROWS"
                row += [f"{s.median:.1f}", str(s.queries), grows]
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
    for r in results:
        if r.error:
            print(f"FAILS: {r.page} as {r.user} ({r.url}): {r.error}")


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
    failed = True
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
        failed = any(r.error for r in results + (small_results or []))
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
