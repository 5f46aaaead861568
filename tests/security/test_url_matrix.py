"""Every URL of the site, asked by every persona, GET and POST, with real ids of group A, of an
archived group, of factory A and of the city: the answer is the one the rules in
``url_registry`` derive, a refused POST changes no row, and each GET page runs its pinned number
of queries. A URL the resolver knows and the registry does not fails the first test.

One test item per URL name: it loops over the personas and collects every mismatch into one
failure message, so a run names each (url, persona, method, variant) that answers wrongly.
"""

import os
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from tests.security.conftest import PERSONAS
from tests.security.url_registry import (
    ADMIN_MODELS,
    ADMIN_VIEWS,
    ALLOWED,
    EXCLUDED,
    EXCLUDED_PREFIXES,
    LOGIN,
    REGISTRY,
    URLS,
    admin_expected,
    expected,
)

# MATRIX_MEASURE=1 prints each GET page's query count for its persona instead of asserting it.
MEASURE = bool(os.environ.get("MATRIX_MEASURE"))


def _url_names(patterns=None, namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def _unlisted(names):
    listed = set(REGISTRY) | set(EXCLUDED)
    return sorted(
        name
        for name in set(names) - listed
        if not any(name.startswith(prefix) for prefix in EXCLUDED_PREFIXES)
    )


def test_it_lists_every_url():
    names = set(_url_names())
    missing = _unlisted(names)
    assert not missing, f"URL names missing from tests/security/url_registry.py: {missing}"
    stale = sorted((set(REGISTRY) | set(EXCLUDED)) - names)
    assert not stale, f"Registry entries the resolver does not know: {stale}"
    assert len(REGISTRY) == len(URLS), "a URL name is listed twice"


def test_it_names_a_url_the_registry_lacks():
    names = [*_url_names(), "welfare:case_shred", "admin:index"]
    assert _unlisted(names) == ["welfare:case_shred"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_it_answers_the_probes_without_a_sign_in(path, client, db):
    response = client.get(path)
    assert response.status_code == 200
    assert response.content == b"ok"


def _rows_changed():
    """A counter that moves whenever a row of any table is inserted, updated or deleted, in one
    query, rolled-back changes included (a refused request that wrote, then failed, shows):

    - SQLite: the rows changed on the connection (``total_changes()``);
    - PostgreSQL: the rows inserted, updated and deleted in the transaction so far
      (``pg_stat_xact_all_tables``);
    - elsewhere: the row count of every table (inserts and deletes only).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
            return cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                " FROM pg_stat_xact_all_tables WHERE schemaname = current_schema()"
            )
            return cursor.fetchone()[0]
        fingerprint = []
        for table in sorted(connection.introspection.table_names(cursor)):
            # The names come from the database itself.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            fingerprint.append((table, cursor.fetchone()[0]))
        return tuple(fingerprint)


def _answer(response, path=None):
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith(resolve_url(settings.LOGIN_URL)):
        back = parse_qs(urlsplit(location).query).get("next")
        return LOGIN if back == [path] else f"302 to {location}"
    if response.status_code in (403, 404, 405):
        return response.status_code
    if response.status_code in (200, 302, 400):
        return ALLOWED
    return response.status_code


def _ask(client, method, path):
    """The answer, the change counter's move and the queries; every change is rolled back so
    the next persona finds the world as built."""
    with transaction.atomic():
        before = _rows_changed()
        try:
            with CaptureQueriesContext(connection) as queries:
                response = getattr(client, method.lower())(path)
        except Exception as error:  # a server error is a mismatch to report, not a crash
            answer, changed = f"{type(error).__name__}: {error}", False
        else:
            answer = _answer(response, path)
            changed = _rows_changed() != before
        transaction.set_rollback(True)
    return answer, changed, len(queries)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_it_answers_as_the_rules_say(name, matrix_world, db):
    url = REGISTRY[name]
    w = matrix_world
    mismatches = []
    # Every URL is asked GET and POST: a page without a form may answer a POST as its GET or
    # with 405, but a refused POST never changes a row.
    methods = ["GET", "POST"]
    for index, (where, kwargs) in enumerate(url.variants.items()):
        path = reverse(name, kwargs=kwargs(w))
        for persona in PERSONAS:
            for method in methods:
                want = expected(url, persona, method, where)
                got, changed, queries = _ask(w.clients[persona], method, path)
                label = f"{method} {path} ({where}) as {persona}"
                if got == 405 and want == ALLOWED and method == "POST" and not url.post:
                    pass
                elif got != want:
                    mismatches.append(f"{label}: expected {want}, got {got}")
                if method == "POST" and want != ALLOWED and changed:
                    mismatches.append(f"{label}: refused ({got}) but rows changed")
                pinned = index == 0 and method == "GET" and persona == url.persona
                if pinned and got == ALLOWED:
                    if MEASURE:
                        print(f"QUERIES {name} {persona} {queries}")
                    elif url.queries is not None and queries != url.queries:
                        mismatches.append(f"{label}: {queries} queries, pinned {url.queries}")
    assert not mismatches, "\n".join([f"{len(mismatches)} mismatches:", *mismatches])


def _admin_answer(response):
    # The admin sends a missing object (one outside the user's queryset) to its index page.
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location == reverse("admin:index"):
        return 404
    if response.status_code == 302 and location.startswith(reverse("admin:login")):
        return LOGIN if "next=" in location else f"302 to {location}"
    return _answer(response, response.request["PATH_INFO"])


@pytest.mark.parametrize("model", sorted(ADMIN_MODELS))
def test_it_scopes_the_admin(model, matrix_world, db):
    w = matrix_world
    spec = ADMIN_MODELS[model]
    app_label, model_name = model.split(".")
    pk = spec["record"](w).pk
    asks = [(view, "GET") for view in ADMIN_VIEWS] + [("change", "POST")]
    mismatches = []
    for view, method in asks:
        args = [pk] if view in ("change", "history", "delete") else []
        path = reverse(f"admin:{app_label}_{model_name}_{view}", args=args)
        for persona in PERSONAS:
            want = admin_expected(model, view, persona, method)
            with transaction.atomic():
                before = _rows_changed()
                response = getattr(w.clients[persona], method.lower())(path)
                changed = _rows_changed() != before
                transaction.set_rollback(True)
            got = _admin_answer(response)
            label = f"{method} {path} as {persona}"
            if got not in want:
                mismatches.append(f"{label}: expected {sorted(map(str, want))}, got {got}")
            if method == "POST" and ALLOWED not in want and changed:
                mismatches.append(f"{label}: refused ({got}) but rows changed")
    assert not mismatches, "\n".join([f"{len(mismatches)} mismatches:", *mismatches])
