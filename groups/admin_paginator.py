"""The admin's paginator: how many rows a changelist has, without counting a big table each time.

Counting every row the user sees is a scan of the table (the 330,000 meetings and 4.6 million
attendance records of ``seed_demo --scale city``: 70–300 ms on PostgreSQL behind the scope's
joins), paid on every page of the changelist. So, on PostgreSQL, when the changelist is not
filtered (no filter, no search: the rows are those of the user's scope), the paginator counts at
most ``EXACT_UP_TO + 1`` rows, which stops early; past ``EXACT_UP_TO`` it takes the planner's
estimate of the scope's rows (``EXPLAIN``, from the table's statistics: ``pg_class.reltuples``
and the columns' histograms), which costs no scan. The page says "about" before such a number
(``templates/admin/pagination.html``). A filtered or searched changelist is counted exactly, and
so is every changelist on SQLite.
"""

import json

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property


def rows_sql(queryset):
    """The SQL of the rows of ``queryset`` (their primary keys, in no order), or None when it has
    no rows whatever the data (an empty ``pk__in``)."""
    try:
        return queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return None


def unfiltered(queryset, root):
    """Whether ``queryset`` holds the rows of ``root`` (the admin's queryset for the user), no
    filter or search added: the same SQL once order and columns are set aside."""
    sql = rows_sql(queryset)
    return sql is not None and sql == rows_sql(root)


def planned_rows(queryset):
    """PostgreSQL's estimate of the number of rows of ``queryset``: its planner's, without running
    it (one query, no scan)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str | bytes):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """A paginator whose count of an unfiltered changelist over many rows is PostgreSQL's
    estimate; ``estimated`` says whether it is. Exact everywhere else."""

    #: Up to this many rows the count is exact: counting them, and stopping there, takes a few
    #: milliseconds.
    EXACT_UP_TO = 5_000

    def __init__(self, *args, root=None, **kwargs):
        """``root``: the admin's queryset for the user, before the changelist's filters and
        search (None: the count is exact)."""
        super().__init__(*args, **kwargs)
        self.root = root
        self.estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if (
            self.root is None
            or connections[queryset.db].vendor != "postgresql"
            or not unfiltered(queryset, self.root)
        ):
            return super().count
        counted = queryset.order_by().values("pk")[: self.EXACT_UP_TO + 1].count()
        if counted <= self.EXACT_UP_TO:
            return counted
        self.estimated = True
        return max(planned_rows(queryset), counted)
