from django.core.management.base import BaseCommand, CommandError

from groups.backup import restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument(
            "--yes", action="store_true", help="confirm that the database is to be replaced"
        )

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            raise CommandError(
                "Restoring replaces everything in the database. Run again with --yes to go on."
            )
        restore(path)
        self.stdout.write(f"Restored from {path}")
