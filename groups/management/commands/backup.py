from django.core.management.base import BaseCommand

from groups.backup import backup, default_path


class Command(BaseCommand):
    help = "Back the database up into one file (pg_dump's custom format, or a SQLite copy)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the file to write (default: backups/<time>)")

    def handle(self, *args, output=None, **options):
        path = backup(output or default_path())
        self.stdout.write(f"Backed up to {path}")
