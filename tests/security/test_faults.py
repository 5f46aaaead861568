"""Error pages in the reader's language, and a database that goes away for real.

tests/security/test_races.py raises the errors from test views (409, 503, 500) and kills one
connection; these ask for the 400, 403 and 404 pages as a user meets them, and take the whole
database server out of reach (a closed port, as when PostgreSQL is down or restarting): every
page answers 503 with Retry-After, the probes tell the balancer, and the site comes back by
itself when the server does.
"""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db import connection
from django.test import Client
from django.urls import include, path, reverse

from tests.meetings.factories import MeetingFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's test database lives in memory: there is no server to lose",
)


def _in(language, client=None):
    client = client or Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    return client


@login_not_required
def _suspicious(request):
    raise SuspiciousOperation("a tampered request")


@login_not_required
def _bug(request):
    raise ZeroDivisionError


urlpatterns = [
    path("boom/suspicious/", _suspicious),
    path("boom/bug/", _bug),
    path("", include("unionsite.urls")),
]
handler400 = "unionsite.errors.bad_request"  # as in unionsite/urls.py
handler500 = "unionsite.errors.server_error"


def test_it_answers_a_host_it_does_not_serve_with_a_translated_400_page(db):
    response = _in("zh-hans").get("/", HTTP_HOST="unions.evil.example")
    assert response.status_code == 400
    assert "无法理解这个请求" in response.content.decode()


@pytest.mark.urls(__name__)
def test_it_answers_a_tampered_request_with_a_translated_400_page(db):
    response = _in("zh-hant").get("/boom/suspicious/")
    assert response.status_code == 400
    assert "無法理解這個請求" in response.content.decode()


@pytest.mark.urls(__name__)
def test_it_answers_a_bug_in_the_language_the_browser_asks_for(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/bug/", HTTP_ACCEPT_LANGUAGE="zh-Hant-TW,zh;q=0.8")
    assert response.status_code == 500
    assert "我們這邊出錯了" in response.content.decode()


def test_it_answers_a_page_outside_the_scope_with_a_translated_404_page(alice_client, world):
    url = reverse("groups:group_detail", args=[world.group_b.pk])
    response = _in("zh-hans", alice_client).get(url)
    assert response.status_code == 404
    assert "找不到页面" in response.content.decode()


def test_it_answers_a_change_the_federation_may_not_make_with_a_translated_403_page(
    fiona_client, world
):
    meeting = MeetingFactory(group=world.group_a)
    response = _in("zh-hans", fiona_client).get(reverse("meetings:meeting_edit", args=[meeting.pk]))
    assert response.status_code == 403
    assert "无权操作" in response.content.decode()


def _closed_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_answers_503_while_the_database_server_is_out_of_reach_and_comes_back(world, alice):
    client = _in("zh-hans", Client(raise_request_exception=False))
    client.force_login(alice)
    assert client.get("/groups/").status_code == 200

    port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = _closed_port()
    connection.close()
    try:
        page = client.get("/groups/")
        sent = client.post(reverse("groups:group_list"), {"q": "韓潤"})
        healthz = client.get("/healthz")
        readyz = client.get("/readyz")
    finally:
        connection.settings_dict["PORT"] = port
        connection.close()

    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert "网站暂时无法使用" in page.content.decode()
    assert "没有保存" not in page.content.decode()  # a GET changed nothing
    assert sent.status_code == 503 and "没有保存" in sent.content.decode()
    assert healthz.status_code == 200  # the process is alive: do not restart it
    assert readyz.status_code == 503  # but send no traffic
    # The server is back: the next requests go through, nothing was restarted.
    assert client.get("/readyz").status_code == 200
    assert client.get("/groups/").status_code == 200
