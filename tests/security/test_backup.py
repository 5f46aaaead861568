"""Backups restore: a backup of the database, restored into an empty one, holds every row of
every table as it was (`make backup`, `make restore`)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from groups.backup import backup, restore
from tests.competitions.factories import GuaranteePlanFactory, ProgressEntryFactory
from tests.meetings.factories import MeetingFactory
from tests.welfare.factories import CaseActionFactory, WelfareCaseFactory


def _records(world):
    meeting = MeetingFactory(group=world.group_a, held=True, title="生產會議")
    plan = GuaranteePlanFactory(group=world.group_a, indicators=["output", "scrap"])
    ProgressEntryFactory(indicator=plan.indicators.first())
    case = WelfareCaseFactory(group=world.group_a, member=world.leader_a)
    CaseActionFactory(case=case)
    return meeting


def _rows(cursor, table):
    cursor.execute(f'SELECT * FROM "{table}"')
    width = len(cursor.description)
    return sorted(cursor.fetchall(), key=lambda row: tuple(str(v) for v in row[:width]))


def _tables():
    return sorted(connection.introspection.table_names())


def _compare(other_cursor):
    differing = []
    with connection.cursor() as ours:
        for table in _tables():
            if _rows(ours, table) != _rows(other_cursor, table):
                differing.append(table)
    return differing


@pytest.mark.django_db(transaction=True)
def test_it_restores_every_row_of_every_table(world, tmp_path):
    _records(world)
    path = backup(tmp_path / ("backup.dump" if connection.vendor == "postgresql" else "b.sqlite3"))
    assert path.stat().st_size > 0
    if connection.vendor == "postgresql":
        import psycopg2

        params = connection.get_connection_params()
        admin = psycopg2.connect(
            **{k: v for k, v in params.items() if k in ("user", "host", "port", "password")},
            dbname="postgres",
        )
        admin.autocommit = True
        name = "unionsite_restore_check"
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            restore(path, database_name=name)
            restored = psycopg2.connect(
                **{k: v for k, v in params.items() if k in ("user", "host", "port", "password")},
                dbname=name,
            )
            with restored.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'"
                )
                assert cursor.fetchone()[0] == len(_tables())
                assert _compare(cursor) == []
            restored.close()
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.close()
    else:
        import sqlite3

        empty = tmp_path / "empty.sqlite3"
        restore(path, database_name=str(empty))
        # Read back as Django reads (its converters of dates, decimals and booleans).
        restored = sqlite3.connect(
            empty, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )
        assert _compare(restored.cursor()) == []
        restored.close()


@pytest.mark.django_db(transaction=True)
def test_it_finds_a_difference_when_there_is_one(world, tmp_path):
    # The comparison above is not blind: a row added after the backup shows.
    path = backup(tmp_path / ("b.dump" if connection.vendor == "postgresql" else "b.sqlite3"))
    _records(world)
    if connection.vendor == "postgresql":
        pytest.skip("shown on SQLite; the PostgreSQL restore is compared the same way")
    import sqlite3

    empty = tmp_path / "empty.sqlite3"
    restore(path, database_name=str(empty))
    restored = sqlite3.connect(empty, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    assert "meetings_meeting" in _compare(restored.cursor())
    restored.close()


def test_it_asks_before_replacing_the_database(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "any.dump"))
