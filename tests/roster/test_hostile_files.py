"""No roster file, however made, gets a 500: random bytes, and the template's columns filled with
hostile text, through the upload and the preview (Hypothesis, bounded)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roster.models import RosterImport
from tests.roster.test_import import EN

HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "=1+1", "-1", "9" * 40, "2024-02-30", "0000-00-00", "\x00", "女", "x" * 300]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
BOUNDED = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _send(client, factory, name, data):
    with transaction.atomic():
        response = client.post(
            reverse("roster:upload", args=[factory.pk]), {"file": SimpleUploadedFile(name, data)}
        )
        assert response.status_code < 500
        if response.status_code == 302:
            page = client.get(response["Location"])
            assert page.status_code < 500
            record = RosterImport.objects.latest("pk")
            confirm = client.post(reverse("roster:import_confirm", args=[record.pk]), {})
            assert confirm.status_code < 500
        transaction.set_rollback(True)


def test_random_bytes_never_fail(world, charlie):
    client = _client(charlie)

    @BOUNDED
    @given(data=st.binary(max_size=2000), name=st.sampled_from(["a.xlsx", "a.csv", "a"]))
    def check(data, name):
        _send(client, world.factory_a, name, data)

    check()


def test_hostile_cells_never_fail(world, charlie):
    client = _client(charlie)

    @BOUNDED
    @given(rows=st.lists(st.lists(HOSTILE, min_size=len(EN), max_size=len(EN)), max_size=4))
    def check(rows):
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(EN)
        writer.writerows(rows)
        _send(client, world.factory_a, "roster.csv", text.getvalue().encode("utf-8"))

    check()
