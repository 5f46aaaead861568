"""The demo city's organisation: the federation, factory unions, workshop unions and groups of
``demo.city``, each group's members with their roles, and the demo accounts with their scopes.

Idempotent: units are found by name, a group's people are made only when it has none, and the
demo accounts get their password and scope back each run.
"""

import datetime
import random

from django.contrib.auth import get_user_model

from demo.city import (
    ACCOUNTS,
    CITY,
    FEDERATION,
    GIVEN,
    GOOD_GROUPS,
    PASSWORD,
    STAFF_NAMES,
    SURNAMES,
    TRADES,
)
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


def seed_organisation(today):
    """The federation, its factories and workshops, their groups with their people (a group's
    people are made only when it has none) and the demo accounts; returns the federation."""
    federation, _ = Federation.objects.get_or_create(name=FEDERATION)
    for f_index, (factory_name, workshops) in enumerate(CITY.items()):
        factory, _ = FactoryUnion.objects.get_or_create(federation=federation, name=factory_name)
        numbers = Numbering(factory, f_index)
        for workshop_name, (leaders, ordinary) in workshops.items():
            workshop, _ = WorkshopUnion.objects.get_or_create(factory=factory, name=workshop_name)
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
                    seed_people(group, leader, numbers, today, good=leader in GOOD_GROUPS)
    seed_accounts(federation)
    return federation


def seed_people(group, leader_name, numbers, today, *, good):
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


def seed_accounts(federation):
    User = get_user_model()
    for username, level, unit_name in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(PASSWORD)
        user.is_superuser = level == "superuser"
        user.is_staff = level in ("superuser", Level.FEDERATION, Level.FACTORY)
        # A group's account is called by its member's (below); the staff by their own names.
        user.first_name = (
            unit_name.removesuffix("小組") if level == Level.GROUP else STAFF_NAMES[username]
        )
        # Where the reminders go (example.org is reserved: nothing leaves for a real inbox).
        user.email = f"{username}@example.org"
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
