"""How long a factory's roster of 5,000 members takes to upload, preview and import, and to preview
again unchanged.

Run with ``make bench-roster`` or::

    .venv/bin/python -m tests.benchmarks.bench_roster [--members 5000]

Like ``bench_pages`` it never touches the developer's database (a temporary SQLite file, or
``unionsite_bench`` beside ``DATABASE_URL``'s PostgreSQL database). It makes an XLSX workbook of
``--members`` rows (eight workshops, groups of fifteen with their union group leader, production
group leader, three officers and two activists each), signs in as the factory's union staff and
sends the requests a user would: the upload (the file read and kept), the preview page (every row
checked against the factory's records), the confirmation (all of it written in one transaction),
then the same file again and its preview (nothing to change). It prints seconds; it asserts
nothing about time.
"""

import argparse
import io
import sys
import time

from tests.benchmarks.bench_pages import GIVEN, SURNAMES, choose_database, configure_django

WORKSHOPS = ["金工", "裝配", "鑄工", "鍛工", "熱處理", "工具", "機修", "動力"]
HEADER = [
    "Workshop union", "Union group", "Name", "Gender", "Employee number", "Trade or job",
    "Skill grade", "Phone", "Joined the union on", "Role", "Portfolio",
    "Officer's employee number",
]  # fmt: skip
ROLES = [
    ("Union group leader", "", False),
    ("Production group leader", "", False),
    ("Officer", "Production", False),
    ("Officer", "Labour insurance and welfare", False),
    ("Officer", "Publicity and education", False),
    ("Activist", "", True),
    ("Activist", "", True),
]


def workbook(members):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Roster")
    sheet.append(HEADER)
    for n in range(members):
        group_index, seat = divmod(n, 15)
        workshop = WORKSHOPS[group_index % len(WORKSHOPS)]
        role, portfolio, mentored = ROLES[seat] if seat < len(ROLES) else ("", "", False)
        officer = f"B-{group_index * 15 + 2:05d}" if mentored else ""
        name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
        sheet.append([
            workshop, f"第{group_index + 1}小組", name, "Female" if n % 3 == 0 else "Male",
            f"B-{n:05d}", "車工", 1 + n % 8, f"138{n:08d}", f"20{10 + n % 15}-03-01",
            role, portfolio, officer,
        ])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(label, call):
    start = time.perf_counter()
    result = call()
    print(f"  {label:<44} {time.perf_counter() - start:7.2f} s")
    return result


def run(members):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from groups.models import FactoryUnion, Federation, Member, Role, Scope
    from roster.models import RosterImport
    from tests.factories import UserFactory

    setup_test_environment()  # the test client then keeps each page's context
    federation = Federation.objects.create(name="基準市總工會")
    factory = FactoryUnion.objects.create(federation=federation, name="基準機器廠")
    staff = UserFactory(username="bench_staff", is_staff=True)
    Scope.objects.create(user=staff, level="factory", factory=factory)
    client = Client()
    client.force_login(staff)
    data = timed(f"make the workbook ({members:,} rows)", lambda: workbook(members))
    print(f"  {'workbook size':<44} {len(data) / 1024:7.0f} KB")
    upload_url = reverse("roster:upload", args=[factory.pk])

    def send():
        file = SimpleUploadedFile("roster.xlsx", data)
        response = client.post(upload_url, {"file": file})
        assert response.status_code == 302, response.status_code
        return RosterImport.objects.latest("pk")

    for round_ in ("first import", "the same file again"):
        print(f"{round_}:")
        record = timed("upload (read and keep the file)", send)
        page = timed("preview (check every row)", lambda r=record: client.get(r.get_absolute_url()))
        assert page.status_code == 200 and not page.context["errors"], page.context["errors"][:3]
        counts = page.context["counts"]
        print(f"  {'':<44} created {counts['created']}, unchanged {counts['unchanged']}")
        confirm = reverse("roster:import_confirm", args=[record.pk])
        response = timed("import (one transaction)", lambda u=confirm: client.post(u, {}))
        assert response.status_code == 302
    print(
        f"{connection.vendor}: {Member.objects.filter(factory=factory).count():,} members, "
        f"{Role.objects.filter(group__workshop__factory=factory).count():,} roles"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_roster")
    parser.add_argument("--members", type=int, default=5000)
    args = parser.parse_args(argv)
    if not 1 <= args.members <= 10_000:
        parser.error("--members must be from 1 to 10,000 (the most a file may hold)")
    database = choose_database()
    try:
        configure_django(database)
        print(f"Benchmark database: {database.label}")
        run(args.members)
    finally:
        from django.db import connections

        connections.close_all()
        if database.cleanup:
            database.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
