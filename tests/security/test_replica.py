"""Reports and exports from a real PostgreSQL streaming replica (groups/replica.py).

``scripts/start_replica.sh`` makes the replica (pg_basebackup into a second cluster on port 5433)
and CI runs it before the PostgreSQL pass, with ``UNIONSITE_TEST_REPLICA`` naming it; the test
database, made on the primary, streams to it like everything else. Without a replica the tests
are skipped, except in CI on PostgreSQL, where that is a failure.

What they show: an export reads the replica (while the replica's replay is paused, it shows the
data as of the pause); the browser that has just written reads the primary; a replica lagging
past the bound, or down, is passed over for the primary; writes never go to the replica.
"""

import os
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from groups import replica
from groups.models import Member
from tests.factories import FactoryUnionFactory, MemberFactory, UnionGroupFactory, scoped_user

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the replica is a PostgreSQL streaming replica"
)
pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True)]

EXPORT = reverse("oversight:member_export", args=["csv"])


def _wrapper(settings_dict):
    """A connection to ``settings_dict`` under the ``replica`` alias, made here rather than from
    the settings, so that the test framework lets it be used beside the test database."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    return DatabaseWrapper(settings_dict, alias=replica.ALIAS)


@pytest.fixture
def standby(monkeypatch):
    """The ``replica`` alias pointed at the streaming replica of the test database."""
    where = os.environ.get("UNIONSITE_TEST_REPLICA", "")
    if not where:
        message = "No streaming replica (run scripts/start_replica.sh, set UNIONSITE_TEST_REPLICA)."
        if os.environ.get("CI"):
            pytest.fail(f"{message} CI starts one before the PostgreSQL pass.", pytrace=False)
        pytest.skip(message)
    host, port = where.rsplit(":", 1)
    standby_settings = {**connections["default"].settings_dict, "HOST": host, "PORT": port}
    connections[replica.ALIAS] = _wrapper(standby_settings)
    monkeypatch.setattr(replica, "configured", lambda: True)
    replica._checked["at"] = None
    yield standby_settings
    connections[replica.ALIAS] = _wrapper(standby_settings)
    _sql("SELECT pg_wal_replay_resume()")
    connections[replica.ALIAS].close()
    del connections[replica.ALIAS]
    replica._checked["at"] = None


def _sql(query):
    with connections[replica.ALIAS].cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()


def _caught_up(timeout=30):
    """Wait until the replica has replayed everything the primary has written so far."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        (done,) = _sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
        if done:
            return
        time.sleep(0.1)
    raise AssertionError("the replica did not catch up")


@pytest.fixture
def staff():
    group = UnionGroupFactory(workshop__factory=FactoryUnionFactory(name="大同機車廠"))
    member = MemberFactory(group=group, name="甲師傅")
    client = Client()
    client.force_login(scoped_user("datong_staff", group.workshop.factory, is_staff=True))
    return client, member


def _rename(member, name):
    Member.objects.filter(pk=member.pk).update(name=name)


def test_an_export_reads_the_replica_as_it_stands(standby, staff):
    client, member = staff
    _caught_up()
    assert (_sql("SELECT pg_is_in_recovery()")) == (True,)
    # The replica stops replaying; the primary goes on.
    _sql("SELECT pg_wal_replay_pause()")
    _rename(member, "乙師傅")
    assert Member.objects.get(pk=member.pk).name == "乙師傅"
    response = client.get(EXPORT)
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "甲師傅" in content and "乙師傅" not in content
    # Once it replays again, the export shows the change.
    _sql("SELECT pg_wal_replay_resume()")
    _caught_up()
    content = b"".join(client.get(EXPORT).streaming_content).decode("utf-8-sig")
    assert "乙師傅" in content


def test_whoever_has_just_written_reads_the_primary(standby, staff):
    client, member = staff
    _caught_up()
    _sql("SELECT pg_wal_replay_pause()")
    # This browser renames the member through the member's form: a successful write marks it
    # as having written, and for the next MAX_LAG seconds its reports read the primary.
    response = client.post(
        reverse("groups:member_edit", args=[member.pk]),
        {
            "name": "乙師傅",
            "gender": member.gender,
            "employee_number": member.employee_number,
            "joined_union_on": member.joined_union_on.isoformat(),
            "status": "active",
        },
    )
    assert response.status_code == 302 and replica.COOKIE in response.cookies
    content = b"".join(client.get(EXPORT).streaming_content).decode("utf-8-sig")
    assert "乙師傅" in content
    # Another browser still reads the replica as it stands.
    other = Client()
    other.force_login(response.wsgi_request.user)
    content = b"".join(other.get(EXPORT).streaming_content).decode("utf-8-sig")
    assert "甲師傅" in content


def test_a_replica_lagging_too_far_is_passed_over(standby, staff, monkeypatch):
    client, member = staff
    _caught_up()
    _sql("SELECT pg_wal_replay_pause()")
    _rename(member, "乙師傅")
    # The replica has received the rename but not replayed it: it lags from its last replayed
    # transaction on. Past the bound, the primary answers.
    monkeypatch.setattr(replica, "MAX_LAG", 0.5)
    time.sleep(1.0)
    replica._checked["at"] = None
    assert replica.lag() > 0.5
    content = b"".join(client.get(EXPORT).streaming_content).decode("utf-8-sig")
    assert "乙師傅" in content


def test_a_replica_that_is_down_is_passed_over(standby, staff):
    client, _member = staff
    connections[replica.ALIAS].close()
    connections[replica.ALIAS] = _wrapper({**standby, "PORT": "1"})  # nothing listens there
    replica._checked["at"] = None
    assert replica.lag() is None
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert "甲師傅" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_writes_never_go_to_the_replica(standby, staff):
    from django.db import router

    assert router.db_for_write(Member) == "default"
    token = replica._reading.set(True)
    try:
        assert router.db_for_read(Member) == replica.ALIAS
        assert router.db_for_write(Member) == "default"
    finally:
        replica._reading.reset(token)
    assert router.db_for_read(Member) == "default"
