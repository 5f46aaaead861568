"""Signing in without the sign-in form, and measuring a page three ways: in this process (its SQL
queries, its size, that it answers 200), once over HTTP with the session (that the server answers
200 too), and under load with wrk."""

import logging
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass

from tests.benchmarks.bench_http import wrk
from tests.benchmarks.bench_http.report import Row

HOST = "127.0.0.1"
LOGIN = "/accounts/login/"
# A CSRF secret of the bench's own, sent as the cookie and in the body of the POSTs (the admin's
# export actions): Django accepts the unmasked secret; over plain HTTP it checks no Referer.
CSRF_SECRET = "benchhttpcsrfsecret0123456789abc"  # 32 characters


class Sessions:
    """One signed-in session per account, made in the database's session store as the sign-in
    form would (``login()`` writes the auth keys and ``_auth_user_hash``), with the second factor
    verified for the accounts that need one: a confirmed TOTP device of the bench's, its id in the
    session. No password is posted, so django-axes counts no failures."""

    def __init__(self, users):
        from django.test import Client

        self.clients = {}
        self.cookies = {}
        for role, user in users.items():
            client = Client(HTTP_HOST=HOST)
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            verify_second_factor(client, user)
            self.clients[role] = client
            self.cookies[role] = f"sessionid={client.cookies['sessionid'].value}"
        self.clients["anonymous"] = Client(HTTP_HOST=HOST)
        self.cookies["anonymous"] = ""

    def cookie(self, page):
        """The Cookie header of ``page``'s requests (with the CSRF cookie for a POST)."""
        cookie = self.cookies[page.role]
        if page.body:
            cookie = "; ".join(c for c in (cookie, f"csrftoken={CSRF_SECRET}") if c)
        return cookie


def verify_second_factor(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.policy import second_factor_required

    if not second_factor_required(user):
        return
    device = TOTPDevice.objects.filter(user=user, name="bench", confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@contextmanager
def quiet_request_log():
    """A page that fails is reported in the table, not as a traceback in the middle of it."""
    log = logging.getLogger("django.request")
    level, log.level = log.level, logging.CRITICAL
    try:
        yield
    finally:
        log.level = level


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@dataclass
class Asked:
    status: int = 0
    queries: int | None = None
    bytes: int | None = None
    content_type: str = ""
    location: str = ""
    error: str = ""

    @property
    def failure(self):
        if self.error:
            return self.error
        if self.status != 200:
            return f"answered {self.status}" + (f" → {self.location}" if self.location else "")
        return ""


def in_process(sessions, page):
    """The page through Django's test client: once to warm up, then (if that answered 200) again
    with its queries counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = sessions.clients[page.role]

    def ask():
        if page.body:
            data = page.body + f"&csrfmiddlewaretoken={CSRF_SECRET}"
            return client.post(page.url, data, content_type="application/x-www-form-urlencoded")
        return client.get(page.url)

    with quiet_request_log():
        try:
            response = ask()
            body = body_of(response)
            queries = None
            if response.status_code == 200:
                with CaptureQueriesContext(connection) as captured:
                    response = ask()
                    body = body_of(response)
                queries = len(captured.captured_queries)
        except Exception as error:  # noqa: BLE001 - any failure of the page is reported
            return Asked(error=f"raised {error!r}"[:120])
    return Asked(
        status=response.status_code,
        queries=queries,
        bytes=len(body),
        content_type=response.get("Content-Type", ""),
        location=response.get("Location", ""),
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def over_http(root, page, cookie, timings=None):
    """One request to the server with the page's session: its status, or why it failed (wrk
    would count a redirect to the sign-in page as an answer). ``timings`` (a dict), if given,
    gets the milliseconds to the first byte of the body and to the last."""
    data = None
    if page.body:
        data = (page.body + f"&csrfmiddlewaretoken={CSRF_SECRET}").encode()
    request = urllib.request.Request(root + page.url, data=data)
    if cookie:
        request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(_NoRedirect())
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=120) as response:
            response.read(1)
            first = time.perf_counter()
            response.read()
            if timings is not None:
                timings["first_byte_ms"] = (first - started) * 1000
                timings["whole_ms"] = (time.perf_counter() - started) * 1000
            return response.status, ""
    except urllib.error.HTTPError as error:
        where = error.headers.get("Location", "")
        return error.code, f"server answered {error.code}" + (f" → {where}" if where else "")
    except OSError as error:
        return 0, f"server: {error}"


def post_script(folder, page):
    """A wrk script that POSTs the page's body (the CSRF token added)."""
    path = folder / f"post-{abs(hash((page.url, page.body)))}.lua"
    body = page.body + f"&csrfmiddlewaretoken={CSRF_SECRET}"
    path.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
    )
    return path


def under_load(root, page, sessions, *, seconds, warmup=0, connections=8, threads=2, folder):
    """A row of the table: wrk's numbers for the page, or why it was not timed. The page is first
    asked in this process and once over HTTP, then loaded ``warmup`` seconds untimed."""
    row = Row(page.label, page.role, page.url, page.kind)
    asked = in_process(sessions, page)
    row.queries, row.bytes, row.content_type = asked.queries, asked.bytes, asked.content_type
    if page.kind == "export" and asked.status in (301, 302, 303) and LOGIN not in asked.location:
        # An export made in the background (a download to come back for): each request would
        # queue another, so it is not loaded.
        row.skipped = f"made in the background → {asked.location}"
        return row
    row.failed = asked.failure
    if not row.failed:
        timings = {}
        status, failure = over_http(root, page, sessions.cookie(page), timings)
        if status != 200:
            row.failed = failure
        if page.kind == "export":
            row.first_byte_ms, row.whole_ms = timings.get("first_byte_ms"), timings.get("whole_ms")
    if row.failed:
        return row
    options = {
        "connections": connections,
        "threads": threads,
        "cookie": sessions.cookie(page),
        "script": post_script(folder, page) if page.body else None,
    }
    try:
        if warmup:
            wrk.run(root + page.url, warmup, **options)
        result = wrk.run(root + page.url, seconds, **options)
    except (wrk.WrkError, OSError) as error:
        row.failed = str(error).splitlines()[0][:120]
        return row
    row.rps, row.p50_ms, row.p99_ms = result.requests_per_second, result.p50_ms, result.p99_ms
    row.requests, row.errors = result.requests, result.errors
    return row
