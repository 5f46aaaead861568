"""Rows written in bulk as fast as the database takes them: COPY on PostgreSQL, one prepared
INSERT for many rows on SQLite. The writer gives every row its primary key itself (counting on
from the table's largest), so that a builder can point child rows at parents it has not written
yet; the table's sequence is moved past them at the end. Columns a builder does not name get
their model field's default, as ``Model.objects.create`` would give them. No history rows are
made (as with ``bulk_create``): the site works with records that have none.
"""

import datetime
import io
import json
import time
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone

CHUNK = 50_000


def _copy_text(value):
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    if isinstance(value, (dict, list)):
        return _copy_text(json.dumps(value, ensure_ascii=False, cls=_Encoder))
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return str(value)


def _sqlite_value(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value, datetime.UTC)
        return value.isoformat(" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, cls=_Encoder)
    return value


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return str(o)
        if isinstance(o, (datetime.date, datetime.datetime)):
            return o.isoformat()
        return super().default(o)


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if field.blank and isinstance(field, (models.CharField, models.TextField)):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} has no default: name it")


class Table:
    """Rows of one model. ``add(*values)`` takes the named fields' values in order (a foreign
    key by its id) and returns the new row's primary key."""

    def __init__(self, writer, model, fields):
        self.writer, self.model = writer, model
        self.table = model._meta.db_table
        self.named = [model._meta.get_field(name) for name in fields]
        named = {f.column for f in self.named}
        pk = model._meta.pk
        rest = [f for f in model._meta.concrete_fields if f is not pk and f.column not in named]
        self.columns = [pk.column] + [f.column for f in self.named] + [f.column for f in rest]
        self.fixed = tuple(_default(f, writer.now) for f in rest)
        self.next_pk = writer.first_pk(model)
        self.rows = []
        self.count = 0

    def add(self, *values):
        pk = self.next_pk
        self.next_pk += 1
        self.rows.append((pk, *values))
        if len(self.rows) >= CHUNK:
            self.flush()
        return pk

    def flush(self):
        if self.rows:
            self.writer.write(self)
            self.count += len(self.rows)
            self.rows = []


class Writer:
    """Opens tables, writes their rows in chunks, and at ``close()`` moves each table's sequence
    past the keys it gave and reports how many rows went into each."""

    def __init__(self, report=None):
        self.vendor = connection.vendor
        self.now = timezone.now()
        self.tables = []
        self.report = report or (lambda line: None)

    def first_pk(self, model):
        pk = model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT MAX("{pk}") FROM "{model._meta.db_table}"')
            (largest,) = cursor.fetchone()
        # Tables opened earlier in this run may hold keys not written yet.
        for table in self.tables:
            if table.model is model:
                largest = max(largest or 0, table.next_pk - 1)
        return (largest or 0) + 1

    def table(self, model, fields):
        table = Table(self, model, fields)
        self.tables.append(table)
        return table

    def write(self, table):
        fixed = table.fixed
        if self.vendor == "postgresql":
            tail = "".join("\t" + _copy_text(v) for v in fixed)
            buffer = io.StringIO()
            for row in table.rows:
                buffer.write("\t".join(map(_copy_text, row)))
                buffer.write(tail)
                buffer.write("\n")
            buffer.seek(0)
            columns = ", ".join(f'"{c}"' for c in table.columns)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(
                    f'COPY "{table.table}" ({columns}) FROM STDIN', buffer, size=1 << 20
                )
        else:
            fixed = tuple(_sqlite_value(v) for v in fixed)
            marks = ", ".join("?" for _ in table.columns)
            columns = ", ".join(f'"{c}"' for c in table.columns)
            sql = f'INSERT INTO "{table.table}" ({columns}) VALUES ({marks})'
            with connection.cursor() as cursor:
                cursor.connection.executemany(
                    sql, [tuple(map(_sqlite_value, row)) + fixed for row in table.rows]
                )

    def close(self, label):
        started = time.perf_counter()
        for table in self.tables:
            table.flush()
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in {t.table: t for t in self.tables}.values():
                    pk = table.model._meta.pk.column
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, %s), "
                        f'(SELECT MAX("{pk}") FROM "{table.table}"))',
                        [table.table, pk],
                    )
        counts = {}
        for table in self.tables:
            counts[table.model._meta.label] = counts.get(table.model._meta.label, 0) + table.count
        self.tables = []
        return counts, time.perf_counter() - started
