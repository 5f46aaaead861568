"""Fail when a translation catalogue is not complete.

The strings are extracted afresh from a copy of the project (the working tree is left as it is),
merged into copies of the catalogues, and every message must then be translated and not fuzzy:
a new string nobody translated, or a changed one, fails the check. The compiled ``.mo`` files that
the project ships must match their ``.po`` files too.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LOCALES = ["zh_Hans", "zh_Hant"]
SKIP = shutil.ignore_patterns(
    ".git", ".venv", "staticfiles", "__pycache__", "*.sqlite3", "screenshots", ".*cache"
)


class Command(BaseCommand):
    help = "Check that the zh_Hans and zh_Hant catalogues are complete, current and compiled."

    def handle(self, *args, **options):
        for tool in ("msgfmt", "msgmerge", "xgettext"):
            if not shutil.which(tool):
                raise CommandError(f"{tool} is missing: apt-get install gettext")
        base = Path(settings.BASE_DIR)
        problems = []
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "project"
            shutil.copytree(base, copy, ignore=SKIP)
            command = [sys.executable, "manage.py", "makemessages", "--no-obsolete"]
            command += [f"-l{locale}" for locale in LOCALES]
            command += ["--ignore=tests", "--ignore=staticfiles", "--ignore=.venv"]
            subprocess.run(command, cwd=copy, check=True, capture_output=True)
            for locale in LOCALES:
                relative = Path("locale") / locale / "LC_MESSAGES" / "django.po"
                problems += self.check_catalogue(copy / relative, locale)
                problems += self.check_compiled(base / relative, Path(tmp) / f"{locale}.mo")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                "The catalogues are incomplete: run `make messages`, translate, run it again."
            )
        self.stdout.write(self.style.SUCCESS("Catalogues complete: " + ", ".join(LOCALES)))

    def check_catalogue(self, po, locale):
        if not po.exists():
            return [f"{locale}: no catalogue at {po.relative_to(po.parents[3])}"]
        stats = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
            capture_output=True,
            text=True,
        )
        report = (stats.stderr + stats.stdout).strip()
        problems = []
        if stats.returncode != 0 or "untranslated" in report or "fuzzy" in report:
            problems.append(f"{locale}: {report}")
            problems += [f"  {line}" for line in self.unfinished(po)]
        return problems

    def check_compiled(self, po, scratch):
        mo = po.with_suffix(".mo")
        if not po.exists():
            return []
        subprocess.run(["msgfmt", "-o", str(scratch), str(po)], check=True)
        if not mo.exists() or mo.read_bytes() != scratch.read_bytes():
            return [f"{mo.relative_to(po.parents[3])} is not compiled from its .po"]
        return []

    def unfinished(self, po):
        """The msgids that are untranslated or fuzzy, to say what is missing."""
        out = subprocess.run(
            ["msgattrib", "--only-fuzzy", "--no-wrap", str(po)], capture_output=True, text=True
        ).stdout
        out += subprocess.run(
            ["msgattrib", "--untranslated", "--no-wrap", str(po)], capture_output=True, text=True
        ).stdout
        lines = out.splitlines()
        return [line for line in lines if line.startswith("msgid ") and line != 'msgid ""']
