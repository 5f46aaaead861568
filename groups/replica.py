"""Reports and exports read from a PostgreSQL streaming replica, when one is configured.

``DATABASE_REPLICA_URL`` names the replica (the ``replica`` database alias); without it everything
reads and writes the primary, as before. A view decorated with ``@reads_from_replica`` (the
exports, the distribution report, the remittance statement: long reads that a few seconds' lag
does not harm) sends its reads there through ``ReplicaRouter``. Writes always go to the primary.

What a reader sees while the replica lags: the replica's data as of its last replayed
transaction. Two rules keep that honest:

- **Your own writes at once.** A successful POST sets a short-lived cookie; for ``MAX_LAG``
  seconds after it, that browser's reports read the primary, so whoever just changed something
  sees the change in the next export. (The cookie is set with or without a replica: the figures
  kept in the cache heed it too, see ``RememberWritesMiddleware``.)
- **Never far behind.** The replica's lag (how long its last replayed transaction has waited,
  zero when it has replayed all it received) is looked up at most once every few seconds per
  process; past ``MAX_LAG``, or when the replica cannot be reached, the reads go to the primary.
"""

import contextlib
import contextvars
import functools
import time

from django.conf import settings
from django.db import DatabaseError, connections

ALIAS = "replica"
COOKIE = "wrote_at"
#: How stale a report may be, in seconds, and how long after a write its writer reads the primary.
MAX_LAG = 30
#: How often a process looks the replica's lag up again, in seconds.
CHECK_EVERY = 5

_reading = contextvars.ContextVar("reads_from_replica", default=False)
_checked = {"at": None, "lag": None}

LAG_SQL = """
    SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
           END
"""


def configured():
    return ALIAS in settings.DATABASES


def lag(refresh=False):
    """The replica's lag in seconds (None when it cannot be reached), looked up at most once every
    ``CHECK_EVERY`` seconds unless ``refresh``."""
    now = time.monotonic()
    if refresh or _checked["at"] is None or now - _checked["at"] >= CHECK_EVERY:
        try:
            with connections[ALIAS].cursor() as cursor:
                cursor.execute(LAG_SQL)
                value = cursor.fetchone()[0]
            _checked["lag"] = float(value) if value is not None else None
        except DatabaseError:
            connections[ALIAS].close()
            _checked["lag"] = None
        _checked["at"] = now
    return _checked["lag"]


def usable():
    if not configured():
        return False
    current = lag()
    return current is not None and current <= MAX_LAG


def wrote_recently(request):
    try:
        return time.time() - int(request.COOKIES.get(COOKIE, "0")) < MAX_LAG
    except ValueError:
        return False


def reads_from_replica(view):
    """Send the view's reads to the replica, unless this browser wrote in the last ``MAX_LAG``
    seconds or the replica lags or is down."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or wrote_recently(request) or not usable():
            return view(request, *args, **kwargs)
        token = _reading.set(True)
        try:
            response = view(request, *args, **kwargs)
            if getattr(response, "streaming", False):
                # A streamed export reads as it is sent, after the view has returned: it keeps
                # reading where it began.
                response.streaming_content = _replica_while(response.streaming_content)
            return response
        finally:
            _reading.reset(token)

    return wrapper


@contextlib.contextmanager
def reads(wanted=True):
    """Reads inside go to the replica when ``wanted`` and it is usable (a background job's
    reads: the exports made by ``downloads``)."""
    if not wanted or not usable():
        yield
        return
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def _replica_while(chunks):
    token = _reading.set(True)
    try:
        yield from chunks
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """Reads inside ``@reads_from_replica`` go to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        return ALIAS if _reading.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != ALIAS


#: POSTs that change no record: signing in and out, the language, the password forms.
NOT_WRITES = {
    "login",
    "logout",
    "set_language",
    "password_reset",
    "password_reset_confirm",
    "password_change",
    "two_factor_verify",
}


def is_write(request, response):
    """A POST that wrote: the site answers a successful write with a redirect (a form with
    errors comes back with 200, a refusal with 4xx), and the sign-in, sign-out, language and
    password forms are not writes of records. Without this, every sign-in would skip the kept
    figures on the very page it lands on."""
    if request.method != "POST" or not 300 <= response.status_code < 400:
        return False
    match = getattr(request, "resolver_match", None)
    return match is None or match.url_name not in NOT_WRITES


class RememberWritesMiddleware:
    """After a successful write, a cookie with the time: for ``MAX_LAG`` seconds that browser's
    reports read the primary (see ``reads_from_replica``) and the figures kept in the cache are
    computed afresh for it (``groups.kept``), so that whoever changed something sees the change
    at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_write(request, response):
            response.set_cookie(
                COOKIE,
                str(int(time.time())),
                max_age=MAX_LAG,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
