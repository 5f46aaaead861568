"""Every POST view of the site (every form and action in the URL registry), sent hostile values in
the fields its page offers, by the persona it is for: never a server error.

The fields are read off the page itself (its ``name="…"`` inputs), so a new field is driven too;
a POST-only action gets the field names any action of the site reads. Every request runs in a
savepoint rolled back at once, so the matrix world stays as built."""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.url_registry import PUBLIC, URLS

HOSTILE = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "\x00",
            "\u202e",
            "<script>alert(1)</script>",
            "99999999999999999999",
            "-1",
            "NaN",
            "Infinity",
            "1e400",
            "0001-01-01",
            "9999-12-31",
            "²",
            "x" * 20_001,
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda d: d.isoformat()),
)
ACTION_FIELDS = [
    "done",
    "done_on",
    "on",
    "history_id",
    "group",
    "citation",
    "note",
    "kept",
    "problems",
    "actions",
    "reviewed_on",
    "follow_up_on",
    "answer",
    "announced_on",
    "status",
    "reason",
    "next",
    "ended_on",
    "submit_token",
]
POSTS = sorted(
    url.name
    for url in URLS
    if url.post and url.cap != PUBLIC and not url.name.startswith("accounts:")
)
NAME = re.compile(r'name="([^"]+)"')


def _fields(client, path):
    with transaction.atomic():
        response = client.get(path)
        transaction.set_rollback(True)
    if response.status_code != 200:
        return []
    names = set(NAME.findall(response.content.decode()))
    return sorted(names - {"csrfmiddlewaretoken", "language", "next"})


@pytest.mark.parametrize("name", POSTS)
def test_it_never_fails_on_a_hostile_post(name, matrix_world, db):
    url = next(u for u in URLS if u.name == name)
    w = matrix_world
    _where, build = next(iter(url.variants.items()))
    path = reverse(name, kwargs=build(w))
    client = Client(raise_request_exception=False)
    client.force_login(w.users[url.persona])
    fields = ACTION_FIELDS if url.post_only else (_fields(client, path) or ACTION_FIELDS)

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(body=st.dictionaries(st.sampled_from(fields), HOSTILE, max_size=6))
    def check(body):
        with transaction.atomic():
            response = client.post(path, body)
            transaction.set_rollback(True)
        assert response.status_code < 500, (name, body)

    check()
