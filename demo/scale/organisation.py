"""The city's organisation at scale: about a hundred factory unions of five workshops each, their
union groups of eleven to twenty-one members, every member's stay and the groups' roles, and the
accounts of a big factory's staff, one of its workshops and one of its group leaders.

Names are made up (a place and a trade for a factory, a person's name for a group), and any
name the federation already uses is passed over, so the city can be built beside any other.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from demo.city import GIVEN, PASSWORD, SURNAMES
from demo.common import DAY
from groups.models import (
    FactoryUnion,
    GroupMembership,
    Member,
    Role,
    Scope,
    UnionGroup,
    WorkshopUnion,
)
from groups.scoping import Level

PLACES = ["晉陽", "并州", "汾河", "迎澤", "東山", "西山", "河西", "北郊", "南郊", "城東"]
INDUSTRIES = [
    "機器廠", "鋼鐵廠", "紡織廠", "化工廠", "水泥廠", "麵粉廠", "火柴廠", "印刷廠", "煤礦",
    "發電廠", "捲煙廠", "皮革廠", "玻璃廠", "造紙廠", "機車廠", "汽車修配廠", "磚瓦廠",
    "油脂廠", "被服廠", "農具廠",
]  # fmt: skip
WORKSHOPS = {
    "金工": ["車工", "鉗工", "銑工", "刨工"],
    "鑄工": ["翻砂工", "造型工", "澆鑄工"],
    "鍛工": ["鍛工", "熱處理工"],
    "裝配": ["裝配工", "鉗工", "電工"],
    "工具": ["工具鉗工", "磨工"],
    "動力": ["電工", "司爐工", "管工"],
    "機修": ["機修鉗工", "焊工"],
    "運輸": ["司機", "裝卸工"],
    "檢驗": ["檢驗工", "化驗工"],
    "包裝": ["包裝工", "搬運工"],
}
# Who the accounts of the big factory are (the demo's password).
ACCOUNTS = {
    "city_staff": "factory union staff of the city's biggest factory",
    "city_workshop": "workshop union staff of its biggest workshop",
    "city_leader": "union group leader of a group there (in the city-wide campaign)",
}


@dataclass
class Group:
    pk: int
    factory: int
    workshop: int
    members: list  # member pks, the union group leader first
    kind: str  # "good", "ordinary" or "lagging": how well the group does its work
    leader_role: int = 0
    officers: list = field(default_factory=list)  # (role pk, member pk)


@dataclass
class City:
    federation: object
    today: datetime.date
    first_month: datetime.date  # the first day of the first month of records
    months: list  # the first day of every month of records, this one last
    groups: list = field(default_factory=list)
    factories: list = field(default_factory=list)  # factory pks
    workshops: dict = field(default_factory=dict)  # factory pk -> [workshop pk]
    users: dict = field(default_factory=dict)  # username -> User
    staff: dict = field(default_factory=dict)  # factory pk -> a staff user's pk
    leaders: dict = field(default_factory=dict)  # group pk -> a user's pk (the big group's)

    def days(self):
        return (self.today - self.first_month).days


def person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def factory_names(federation, count):
    taken = set(FactoryUnion.objects.filter(federation=federation).values_list("name", flat=True))
    names = []
    for number in range(1, 100):
        for place in PLACES:
            for industry in INDUSTRIES:
                name = place + industry if number == 1 else f"{place}第{number}{industry}"
                if name not in taken:
                    names.append(name)
                if len(names) == count:
                    return names
    return names


def build_organisation(w, city, rng, n_groups, n_members, report):
    """Factories, workshops, groups, members, stays and roles, written through the writer
    ``w``; fills ``city``."""
    n_factories = max(1, round(n_groups / 50))
    # The first factory is the biggest: four times the others' share.
    weights = [4.0] + [rng.uniform(0.5, 1.5) for _ in range(n_factories - 1)]
    per_factory = spread(n_groups, weights)
    factories = w.table(FactoryUnion, ["federation", "name"])
    workshops = w.table(WorkshopUnion, ["factory", "name"])
    groups = w.table(UnionGroup, ["workshop", "name", "trade"])
    members = w.table(
        Member,
        ["factory", "group", "name", "gender", "employee_number", "trade", "skill_grade",
         "phone", "joined_union_on"],
    )  # fmt: skip
    stays = w.table(GroupMembership, ["member", "group", "started_on"])
    roles = w.table(Role, ["group", "member", "kind", "portfolio", "mentor", "started_on"])
    per_member = n_members / n_groups
    before = city.first_month - 400 * DAY
    for name, n in zip(factory_names(city.federation, n_factories), per_factory, strict=False):
        factory = factories.add(city.federation.pk, name)
        city.factories.append(factory)
        names = rng.sample(sorted(WORKSHOPS), 5)
        shares = spread(n, [rng.uniform(0.5, 1.5) for _ in names])
        city.workshops[factory] = []
        number = 0
        for workshop_name, count in zip(names, shares, strict=True):
            workshop = workshops.add(factory, workshop_name)
            city.workshops[factory].append(workshop)
            trades = WORKSHOPS[workshop_name]
            leaders = set()
            while len(leaders) < count:
                leaders.add(person(rng))
            for leader in sorted(leaders):
                trade = rng.choice(trades)
                group = groups.add(workshop, f"{leader}小組", trade)
                size = max(11, min(21, round(rng.gauss(per_member, 2.5))))
                ids = []
                for i in range(size):
                    number += 1
                    joined = before - rng.randint(0, 5000) * DAY
                    ids.append(
                        members.add(
                            factory,
                            group,
                            leader if i == 0 else person(rng),
                            rng.choice("fm"),
                            f"S{number:06d}",
                            trade,
                            rng.randint(2, 7),
                            f"13{rng.randint(100000000, 999999999)}",
                            joined,
                        )  # fmt: skip
                    )
                    stays.add(ids[-1], group, joined)
                draw = rng.random()
                kind = "good" if draw < 0.15 else "lagging" if draw > 0.9 else "ordinary"
                g = Group(group, factory, workshop, ids, kind)
                g.leader_role = roles.add(group, ids[0], "union_leader", "", None, before)
                roles.add(group, ids[1], "production_leader", "", None, before)
                portfolios = ["production", "welfare", "publicity"]
                for member, portfolio in zip(ids[2:5], portfolios, strict=True):
                    g.officers.append(
                        (roles.add(group, member, "officer", portfolio, None, before), member)
                    )
                for i, member in enumerate(ids[5:9]):
                    roles.add(group, member, "activist", "", g.officers[i // 2][0], before)
                city.groups.append(g)
        if len(city.factories) % 20 == 0:
            report(f"  {len(city.factories)} factories, {len(city.groups):,} groups")


def spread(total, weights):
    """``total`` split in proportion to ``weights`` (largest remainder), at least one each while
    there is enough to go round."""
    floor = 1 if total >= len(weights) else 0
    shares = [(total - floor * len(weights)) * w / sum(weights) for w in weights]
    counts = [floor + int(share) for share in shares]
    order = sorted(range(len(weights)), key=lambda i: int(shares[i]) - shares[i])
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def staff_name(n):
    """A made-up name for the ``n``-th staff account (staff accounts are called by name)."""
    return SURNAMES[(7 * n) % len(SURNAMES)] + GIVEN[(11 * n) % len(GIVEN)]


def make_accounts(city):
    """The accounts of the big factory: its staff, its biggest workshop's staff and a group
    leader there, and one staff account per other factory (records name who entered them)."""
    User = get_user_model()
    big = city.factories[0]
    in_big = [g for g in city.groups if g.factory == big]
    workshop = max(city.workshops[big], key=lambda w: sum(g.workshop == w for g in in_big))
    group = next(g for g in in_big if g.workshop == workshop)
    scopes = {
        "city_staff": {"level": Level.FACTORY, "factory_id": big},
        "city_workshop": {"level": Level.WORKSHOP, "workshop_id": workshop},
        "city_leader": {"level": Level.GROUP, "group_id": group.pk, "member_id": group.members[0]},
    }
    leader_name = Member.objects.get(pk=group.members[0]).name
    for username, scope in scopes.items():
        user = User(username=username, is_staff=scope["level"] != Level.GROUP)
        user.first_name = leader_name if username == "city_leader" else staff_name(len(city.users))
        user.set_password(PASSWORD)
        user.save()
        Scope.objects.create(user=user, **scope)
        city.users[username] = user
    city.staff[big] = city.users["city_staff"].pk
    city.leaders[group.pk] = city.users["city_leader"].pk
    # The other factories' staff: unusable passwords, there to sign what they entered.
    User.objects.bulk_create(
        [
            User(
                username=f"city_staff_{pk}", first_name=staff_name(pk), is_staff=True, password="!"
            )
            for pk in city.factories[1:]
        ]
    )
    accounts = {u.username: u.pk for u in User.objects.filter(username__startswith="city_staff_")}
    Scope.objects.bulk_create(
        [
            Scope(user_id=accounts[f"city_staff_{pk}"], level=Level.FACTORY, factory_id=pk)
            for pk in city.factories[1:]
        ]
    )
    for pk in city.factories[1:]:
        city.staff[pk] = accounts[f"city_staff_{pk}"]
    return group
