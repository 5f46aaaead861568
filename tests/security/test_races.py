"""Nothing counted twice, races answered with a message: a create form's one-time token makes a
double submit one row; writes that replace a set of rows lock what they replace; what still
collides at the database is a 409 page, not a server error."""

import threading
import uuid

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from competitions.models import ProgressEntry
from dues.models import DuesRule
from groups.models import Submission
from meetings.models import Attendance
from tests.competitions.factories import GuaranteePlanFactory
from tests.factories import MemberFactory, UserFactory
from tests.meetings.factories import MeetingFactory
from tests.welfare.factories import WelfareCaseFactory
from welfare.models import CaseAction

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time: the races need PostgreSQL",
)


def _token():
    return uuid.uuid4().hex


@pytest.fixture
def plan(world):
    return GuaranteePlanFactory(group=world.group_a, indicators=["output"])


def _progress(plan, token=None, value="20"):
    data = {
        "indicator": plan.indicators.get().pk,
        "on": timezone.localdate().isoformat(),
        "value": value,
    }
    if token:
        data["submit_token"] = token
    return reverse("competitions:progress_create", args=[plan.pk]), data


def test_it_saves_a_progress_entry_sent_twice_once(alice_client, plan):
    url, data = _progress(plan, _token())
    first = alice_client.post(url, data)
    second = alice_client.post(url, data, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first["Location"]
    assert "This form was already sent; it was saved once." in second.content.decode()
    assert ProgressEntry.objects.filter(indicator__plan=plan).count() == 1


def test_it_saves_a_welfare_visit_sent_twice_once(alice_client, world):
    case = WelfareCaseFactory(group=world.group_a, member=world.leader_a)
    url = reverse("welfare:action_create", args=[case.pk, "visit"])
    data = {
        "done_on": timezone.localdate().isoformat(),
        "who": "韓潤",
        "brought": "雞蛋",
        "text": "精神好些",
        "submit_token": _token(),
    }
    first = alice_client.post(url, data)
    second = alice_client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert CaseAction.objects.filter(case=case, kind="visit").count() == 1


def test_it_lets_a_corrected_form_be_sent_with_the_same_token(alice_client, plan):
    token = _token()
    url, bad = _progress(plan, token, value="-3")
    assert alice_client.post(url, bad).status_code == 200  # the form with its error
    url, good = _progress(plan, token)
    assert alice_client.post(url, good).status_code == 302
    assert ProgressEntry.objects.filter(indicator__plan=plan).count() == 1


def test_it_saves_two_forms_with_two_tokens_twice(alice_client, plan):
    for _ in range(2):
        url, data = _progress(plan, _token())
        alice_client.post(url, data)
    assert ProgressEntry.objects.filter(indicator__plan=plan).count() == 2


def test_it_keeps_one_users_token_from_anothers(alice_client, walter_client, plan):
    token = _token()
    url, data = _progress(plan, token)
    alice_client.post(url, data)
    walter_client.post(url, data)
    assert ProgressEntry.objects.filter(indicator__plan=plan).count() == 2
    assert Submission.objects.filter(token=token).count() == 2


def _dues_rule(world):
    return {
        "factory": world.factory_a.pk,
        "effective_from": timezone.localdate().replace(day=1).isoformat(),
        "rate": "0.50",
        "minimum": "0.20",
        "step": "0.10",
        "group_share": "0",
        "factory_share": "60",
        "federation_share": "40",
    }


def test_it_saves_a_dues_rule_sent_twice_from_the_admin_once(world):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = _client(root)
    data = {**_dues_rule(world), "submit_token": _token()}
    url = reverse("admin:dues_duesrule_add")
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert DuesRule.objects.filter(factory=world.factory_a).count() == 1


# --- Real races, on PostgreSQL ----------------------------------------------------------------


def _together(n, work):
    """Run ``work(i)`` in ``n`` threads that start at the same moment; their results."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_saves_a_double_click_once_at_the_same_moment(world, alice):
    plan = GuaranteePlanFactory(group=world.group_a, indicators=["output"])
    url, data = _progress(plan, _token())
    clients = [_client(alice), _client(alice)]
    responses = _together(2, lambda i: clients[i].post(url, data))
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert ProgressEntry.objects.filter(indicator__plan=plan).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_records_attendance_from_eight_leaders_at_once(world, alice):
    members = [world.leader_a, *(MemberFactory(group=world.group_a) for _ in range(5))]
    meeting = MeetingFactory(group=world.group_a, scheduled_on=timezone.localdate())
    url = reverse("meetings:meeting_attendance", args=[meeting.pk])
    statuses = ["present", "excused"]

    def body(i):
        return {f"status_{m.pk}": statuses[(i + j) % 2] for j, m in enumerate(members)}

    clients = [_client(alice) for _ in range(8)]
    responses = _together(8, lambda i: clients[i].post(url, body(i)))
    assert [r.status_code for r in responses] == [302] * 8
    rows = Attendance.objects.filter(meeting=meeting)
    assert rows.count() == len(members)
    final = {f"status_{a.member_id}": a.status for a in rows}
    assert final in [body(i) for i in range(8)]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_answers_two_dues_rules_of_one_day_without_a_server_error(world):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    data = _dues_rule(world)
    url = reverse("admin:dues_duesrule_add")
    clients = [_client(root) for _ in range(4)]
    responses = _together(4, lambda i: clients[i].post(url, data))
    codes = sorted(r.status_code for r in responses)
    assert codes.count(302) == 1
    assert all(code in (200, 409) for code in codes if code != 302), codes
    assert DuesRule.objects.filter(factory=world.factory_a).count() == 1


# --- Error pages ----------------------------------------------------------------------------


def _raising(error):
    @login_not_required
    def view(request):
        raise error

    return view


urlpatterns = []
handler500 = "unionsite.errors.server_error"  # as in unionsite/urls.py


@pytest.fixture
def error_urls(settings):
    from django.db import IntegrityError, OperationalError
    from django.urls import include, path

    import unionsite.urls

    global urlpatterns
    urlpatterns = [
        path("boom/integrity/", _raising(IntegrityError("duplicate key"))),
        path("boom/database/", _raising(OperationalError("server closed the connection"))),
        path("boom/bug/", _raising(ZeroDivisionError())),
        path("", include(unionsite.urls.urlpatterns)),
    ]
    settings.ROOT_URLCONF = __name__
    return settings


def _zh_client():
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "zh-hans"
    return client


def test_it_answers_a_collision_with_a_409_page(db, error_urls):
    response = _zh_client().post("/boom/integrity/")
    assert response.status_code == 409
    assert "同一时间" in response.content.decode()


def test_it_answers_a_lost_database_with_a_503_page_that_says_nothing_was_saved(db, error_urls):
    response = _zh_client().post("/boom/database/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "暂时无法使用" in page and "没有保存" in page


def test_it_answers_a_bug_with_a_translated_500_page(db, error_urls):
    response = _zh_client().get("/boom/bug/")
    assert response.status_code == 500
    assert "出错" in response.content.decode()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_answers_503_while_the_database_is_gone_and_recovers_by_itself(world, alice):
    import psycopg2

    client = _client(alice)
    client.cookies["django_language"] = "zh-hans"
    assert client.get("/groups/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    killer = psycopg2.connect(
        **{k: v for k, v in params.items() if k in ("dbname", "user", "host", "port", "password")}
    )
    killer.autocommit = True
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    killer.close()
    response = client.post(reverse("groups:group_list"), {})
    assert response.status_code == 503
    assert "没有保存" in response.content.decode()
    # The next request reconnects: no restart of anything.
    assert client.get("/groups/").status_code == 200


def test_it_keeps_the_error_pages_free_of_the_database(db, error_urls, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client(raise_request_exception=False).get("/boom/bug/")
    assert response.status_code == 500
