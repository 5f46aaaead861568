"""Indexes behind the search of the navigation bar (``MemberQuerySet.search``,
``UnionGroupQuerySet.search``): a member's name and employee number and a group's name matched
anywhere in the text, or at its start. On PostgreSQL they are trigram indexes (pg_trgm, a trusted
extension since PostgreSQL 13), which serve ``LIKE '%abc%'`` and ``LIKE 'a%'`` without reading
every row; CJK characters make trigrams under a UTF-8 ctype. SQLite has no such index: there a search reads the rows of the user's scope
through the scope's own indexes (a factory's members, a workshop's groups).
"""

from django.db import migrations

INDEXES = [
    # A Chinese name is matched as it is (no UPPER(): it has no case), a Latin one in any case.
    ("groups_member_name_trgm", "groups_member", "name gin_trgm_ops"),
    ("groups_member_upper_name_trgm", "groups_member", "(UPPER(name::text)) gin_trgm_ops"),
    (
        "groups_member_number_trgm",
        "groups_member",
        # Django compares an icontains lookup as UPPER(column::text) LIKE UPPER(%s).
        "(UPPER(employee_number::text)) gin_trgm_ops",
    ),
    ("groups_uniongroup_name_trgm", "groups_uniongroup", "name gin_trgm_ops"),
    ("groups_uniongroup_upper_name_trgm", "groups_uniongroup", "(UPPER(name::text)) gin_trgm_ops"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("groups", "0007_list_order_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
