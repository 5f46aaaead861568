"""A small city from the seed booklet (太原市總工會, 1952), for trying the product.

Idempotent: units are found by name, a group's people are made only when it has none, and the
demo accounts get their password and scope back each run.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from competitions.signals import bump_all
from demo.city import CITY, FEDERATION, GOOD_GROUPS, PASSWORD
from demo.dues import seed_dues
from demo.meetings import seed_meetings
from demo.organisation import seed_organisation
from demo.oversight import seed_oversight
from demo.production import seed_competitions
from demo.welfare import seed_welfare
from groups.models import Federation


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
        federation = seed_organisation(today)
        seed_meetings(today, CITY, GOOD_GROUPS)
        seed_competitions(today, CITY, GOOD_GROUPS)
        seed_welfare(today, CITY, GOOD_GROUPS)
        # The dues before the assessments, whose evidence counts them.
        seed_dues(today, CITY, GOOD_GROUPS)
        seed_oversight(today, federation, CITY, GOOD_GROUPS)
        # Scores and progress were bulk-written: standings kept from before are not read again.
        bump_all()

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
