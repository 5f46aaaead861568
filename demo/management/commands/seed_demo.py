"""A small city from the seed booklet (太原市總工會, 1952), for trying the product; with
``--scale city``, a whole city beside it (5,000 groups, 80,000 members, three years of records).

Idempotent: units are found by name, a group's people are made only when it has none, and the
demo accounts get their password and scope back each run; the big city is built once.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from competitions.signals import bump_all
from demo.city import CITY, FEDERATION, GOOD_GROUPS, PASSWORD
from demo.dues import seed_dues
from demo.meetings import seed_meetings
from demo.organisation import seed_organisation
from demo.oversight import seed_oversight
from demo.production import seed_competitions
from demo.scale import ACCOUNTS as CITY_ACCOUNTS
from demo.scale import already_built, build_city
from demo.welfare import seed_welfare
from groups.models import Federation, Scope


class Command(BaseCommand):
    help = "Build the demo city from the seed booklet and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed when there is no organisation yet; print the accounts either way.",
        )
        parser.add_argument(
            "--scale",
            choices=["demo", "city"],
            default="demo",
            help="city: also build a whole city beside the demo (once): 5,000 groups, "
            "80,000 members and three years of records in every app.",
        )
        parser.add_argument("--groups", type=int, default=5000, help="The city's union groups.")
        parser.add_argument("--members", type=int, default=80000, help="The city's members.")
        parser.add_argument("--years", type=int, default=3, help="Years of records.")

    def handle(self, *args, if_empty=False, scale="demo", **options):
        started = time.perf_counter()
        if if_empty and Federation.objects.exists():
            self.stdout.write("The database already holds an organisation; not seeding.")
        elif scale == "city" and already_built():
            self.stdout.write("The city is already built; not seeding it again.")
        else:
            with transaction.atomic():
                self.seed()
            self.stdout.write(self.style.SUCCESS("Demo city ready."))
            if scale == "city":
                self.seed_city(options, started)
        self.print_accounts(city=scale == "city" or already_built())

    def seed_city(self, options, started):
        groups, members, years = options["groups"], options["members"], options["years"]
        if not 1 <= groups <= 100_000 or not groups <= members <= 2_000_000 or not 1 <= years <= 10:
            raise CommandError("Give 1–100,000 groups, as many members or more, 1–10 years.")
        counts, _seconds, _city = build_city(
            groups=groups, members=members, years=years, say=self.stdout.write
        )
        self.stdout.write("\nRows written, by model:")
        for model, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  {model:<32} {n:>12,}")
        total = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"City ready: {sum(counts.values()):,} rows in {total:.0f} s.")
        )

    def seed(self):
        today = timezone.localdate()
        federation = seed_organisation(today)
        seed_meetings(today, CITY, GOOD_GROUPS)
        seed_competitions(today, CITY, GOOD_GROUPS)
        seed_welfare(today, CITY, GOOD_GROUPS)
        # The dues before the assessments, whose evidence counts them.
        seed_dues(today, CITY, GOOD_GROUPS)
        seed_oversight(today, federation, CITY, GOOD_GROUPS)
        # Scores and progress were bulk-written: standings kept from before are not read again.
        bump_all()

    def print_accounts(self, city=False):
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
        if city:
            scopes = Scope.objects.filter(user__username__in=CITY_ACCOUNTS).select_related(
                "user", "factory", "workshop__factory", "group__workshop__factory"
            )
            for scope in scopes.order_by("pk"):
                label = CITY_ACCOUNTS[scope.user.username]
                self.stdout.write(f"  {scope.user.username:<14} {label}: {unit_path(scope)}")


def unit_path(scope):
    """The account's unit with the units above it, up to its factory."""
    if scope.group_id:
        group = scope.group
        return f"{group.workshop.factory.name} · {group.workshop.name} · {group.name}"
    if scope.workshop_id:
        return f"{scope.workshop.factory.name} · {scope.workshop.name}"
    return scope.unit.name
