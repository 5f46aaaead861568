"""A small city from the seed booklet (太原市總工會, 1952), for trying the product.

Idempotent: units are found by name, a group's people are made only when it has none, and the
demo accounts get their password and scope back each run.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from competitions.demo import seed_competitions
from groups.models import (
    FactoryUnion,
    Federation,
    GroupMembership,
    Member,
    Role,
    Scope,
    UnionGroup,
    WorkshopUnion,
)
from groups.scoping import Level
from meetings.demo import seed_meetings
from oversight.demo import seed_oversight
from welfare.demo import seed_welfare

PASSWORD = "unionsite-demo"
FEDERATION = "太原市總工會"

# factory → workshop → named groups (the typical groups of the seed; a group is named after its
# union group leader) and how many ordinary groups to add beside them.
CITY = {
    "太原機器廠": {"金工": (["韓潤", "余蘭桂"], 4), "裝配": (["杜鳴舉"], 4)},
    "太原鋼鐵廠": {"煉鋼": (["溫小清", "閻四貨"], 4), "軋鋼": (["羅成恩"], 3)},
    # The seed's survey: 33 groups in the foundry and farm-tools workshops.
    "山西機器廠": {"鑄工": (["王銀柱"], 16), "農具": (["張永才"], 15)},
    "化學廠": {"硫酸": (["王茂林", "張李鑽"], 3)},
    "麵粉廠": {"製粉": (["郭鈴", "王良"], 3)},
}
TRADES = {
    "金工": ["車工", "鉗工", "銑工", "刨工"],
    "裝配": ["裝配工", "鉗工", "電工"],
    "煉鋼": ["爐前工", "配料工", "吊車工"],
    "軋鋼": ["軋鋼工", "加熱工", "剪切工"],
    "鑄工": ["翻砂工", "造型工", "澆鑄工", "清砂工"],
    "農具": ["鍛工", "鉗工", "裝配工"],
    "硫酸": ["操作工", "化驗工", "維修工"],
    "製粉": ["製粉工", "清麥工", "包裝工"],
}
SURNAMES = (
    "王李張劉陳楊趙黃周吳徐孫胡朱高林何郭馬羅梁宋鄭謝韓唐馮于董蕭程曹袁鄧許傅沈曾彭呂蘇盧"
    "蔣蔡賈丁魏薛葉閻余潘杜戴夏鍾汪田任姜范方石姚譚廖鄒熊金陸郝孔白崔康毛邱秦江史顧侯邵孟"
)
GIVEN = [
    "德明",
    "建國",
    "秀英",
    "桂英",
    "玉蘭",
    "富貴",
    "長春",
    "金山",
    "國棟",
    "鳳英",
    "淑珍",
    "永福",
    "志強",
    "振華",
    "保全",
    "樹林",
    "有才",
    "福全",
    "春生",
    "秋生",
    "文明",
    "根生",
    "銀貴",
    "二虎",
    "存厚",
    "守業",
    "來福",
    "玉山",
    "連生",
    "貴",
    "成",
    "忠",
    "義",
    "傑",
    "明",
    "華",
    "英",
    "秀蘭",
    "桂蘭",
    "占魁",
    "懷仁",
    "廣才",
    "滿倉",
    "喜子",
    "鐵柱",
    "金鎖",
    "茂林",
    "殿元",
    "鳳鳴",
    "慶雲",
    "寶山",
    "玉珍",
    "素珍",
    "海",
    "勇",
    "平",
]
ACCOUNTS = [
    ("admin", "superuser", None),
    ("federation", Level.FEDERATION, None),
    ("machine_staff", Level.FACTORY, "太原機器廠"),
    ("steel_staff", Level.FACTORY, "太原鋼鐵廠"),
    ("hanrun", Level.GROUP, "韓潤小組"),
    ("wenxiaoqing", Level.GROUP, "溫小清小組"),
]
GOOD_GROUPS = {"韓潤", "溫小清", "余蘭桂", "閻四貨", "王銀柱", "杜鳴舉", "王茂林", "郭鈴"}


class Command(BaseCommand):
    help = "Build the demo city from the seed booklet and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed when there is no organisation yet; print the accounts either way.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Federation.objects.exists():
            self.stdout.write("The database already holds an organisation; not seeding.")
        else:
            with transaction.atomic():
                self.seed()
            self.stdout.write(self.style.SUCCESS("Demo city ready."))
        self.print_accounts()

    def seed(self):
        today = timezone.localdate()
        federation, _ = Federation.objects.get_or_create(name=FEDERATION)
        for f_index, (factory_name, workshops) in enumerate(CITY.items()):
            factory, _ = FactoryUnion.objects.get_or_create(
                federation=federation, name=factory_name
            )
            numbers = Numbering(factory, f_index)
            for workshop_name, (leaders, ordinary) in workshops.items():
                workshop, _ = WorkshopUnion.objects.get_or_create(
                    factory=factory, name=workshop_name
                )
                rng = random.Random(f"{factory_name}/{workshop_name}")
                names = list(leaders)
                while len(names) < len(leaders) + ordinary:
                    name = person_name(rng)
                    if name not in names:
                        names.append(name)
                for leader in names:
                    group, _ = UnionGroup.objects.get_or_create(
                        workshop=workshop,
                        name=f"{leader}小組",
                        defaults={"trade": rng.choice(TRADES[workshop_name])},
                    )
                    if not group.members.exists():
                        self.people(group, leader, numbers, today, good=leader in GOOD_GROUPS)
        self.accounts(federation)
        seed_meetings(today)
        seed_competitions(today)
        seed_welfare(today)
        seed_oversight(today)

    def people(self, group, leader_name, numbers, today, *, good):
        rng = random.Random(group.name)
        trades = TRADES[group.workshop.name]
        size = rng.randint(11, 17)
        names = [leader_name]
        while len(names) < size:
            name = person_name(rng)
            if name not in names:
                names.append(name)
        members = []
        for index, name in enumerate(names):
            # The leader is an old hand; a few members joined this last year.
            joined = today - datetime.timedelta(days=rng.randint(1200 if index == 0 else 400, 2600))
            member = Member.objects.create(
                factory=group.workshop.factory,
                group=group,
                name=name,
                gender=Member.Gender.FEMALE
                if name[-1] in "英蘭珍華鳳秀" and rng.random() < 0.8
                else Member.Gender.MALE,
                employee_number=numbers.next(),
                trade=rng.choice(trades),
                skill_grade=rng.randint(2, 7),
                phone=f"138{rng.randint(10000000, 99999999)}",
                joined_union_on=joined,
            )
            GroupMembership.objects.create(member=member, group=group, started_on=joined)
            members.append(member)
        leader, production_leader, *rest = members
        earliest = max(m.joined_union_on for m in members[:8])
        # Yearly elections: the good groups' leaders have been re-elected for three years.
        terms = 3 if good else 1
        election_year = today.year if today >= datetime.date(today.year, 11, 1) else today.year - 1
        for term in range(terms, 0, -1):
            year = election_year - (term - 1)
            Role.objects.create(
                group=group,
                member=leader,
                kind=Role.Kind.UNION_LEADER,
                started_on=datetime.date(year, 11, 1),
                ended_on=None if term == 1 else datetime.date(year + 1, 11, 1),
            )
        since = max(earliest, today - datetime.timedelta(days=500))
        Role.objects.create(
            group=group,
            member=production_leader,
            kind=Role.Kind.PRODUCTION_LEADER,
            started_on=since,
        )
        # The Han Run group: three officers around the leader, each with two activists.
        officers = 3 if good else rng.randint(1, 2)
        activists_each = 2 if good else rng.randint(0, 1)
        portfolios = [Role.Portfolio.PRODUCTION, Role.Portfolio.WELFARE, Role.Portfolio.PUBLICITY]
        pool = iter(rest)
        for portfolio in portfolios[:officers]:
            officer = Role.objects.create(
                group=group,
                member=next(pool),
                kind=Role.Kind.OFFICER,
                portfolio=portfolio,
                started_on=since,
            )
            for _ in range(activists_each):
                Role.objects.create(
                    group=group,
                    member=next(pool),
                    kind=Role.Kind.ACTIVIST,
                    mentor=officer,
                    started_on=since,
                )

    def accounts(self, federation):
        User = get_user_model()
        for username, level, unit_name in ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.set_password(PASSWORD)
            user.is_superuser = level == "superuser"
            user.is_staff = level in ("superuser", Level.FEDERATION, Level.FACTORY)
            if level == Level.GROUP:
                user.first_name = unit_name.removesuffix("小組")
            user.save()
            if level == "superuser":
                continue
            if level == Level.FEDERATION:
                unit = federation
            elif level == Level.FACTORY:
                unit = FactoryUnion.objects.get(name=unit_name)
            else:
                unit = UnionGroup.objects.get(name=unit_name)
            # A group's account is its union group leader's: the one who sees welfare cases.
            leader = (
                Role.objects.current()
                .filter(group=unit, kind=Role.Kind.UNION_LEADER)
                .values_list("member", flat=True)
                .first()
                if level == Level.GROUP
                else None
            )
            Scope.objects.update_or_create(
                user=user,
                defaults={
                    "level": level,
                    "federation": None,
                    "factory": None,
                    "workshop": None,
                    "group": None,
                    "member_id": leader,
                    level: unit,
                },
            )

    def print_accounts(self):
        self.stdout.write(f"\nDemo accounts (password: {PASSWORD}):")
        labels = {
            "admin": "superuser, the admin at /admin/",
            "federation": f"city federation staff, {FEDERATION}",
            "machine_staff": "factory union staff, 太原機器廠",
            "steel_staff": "factory union staff, 太原鋼鐵廠",
            "hanrun": "union group leader, 韓潤小組 (太原機器廠)",
            "wenxiaoqing": "union group leader, 溫小清小組 (太原鋼鐵廠)",
        }
        for username, label in labels.items():
            self.stdout.write(f"  {username:<14} {label}")


class Numbering:
    """Employee numbers, unique within a factory: a factory prefix and a running number."""

    def __init__(self, factory, index):
        self.prefix = f"{index + 1:02d}"
        numbers = Member.objects.filter(factory=factory).values_list("employee_number", flat=True)
        self.count = max((int(n.split("-")[-1]) for n in numbers), default=0)

    def next(self):
        self.count += 1
        return f"{self.prefix}-{self.count:05d}"


def person_name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)
