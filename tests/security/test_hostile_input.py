"""Whatever a client puts in a query string, a ``next`` or an admin filter, the site answers
without a server error: query-string ids are parsed once (``groups.params``), ``next`` goes only
to a local path, and the admin's changelists filter dates by fixed ranges."""

import datetime

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.params import MAX_ID, parse_id, safe_next
from meetings.models import ActionItem
from oversight.models import AssessmentPeriod
from tests.factories import UserFactory
from tests.meetings.factories import ActionItemFactory, MeetingFactory

HUGE = "99999999999999999999"
# Digits that str.isdigit() accepts and int() refuses, or that overflow a bigint.
NOT_IDS = [HUGE, "²", "٣", "0", "-1", "1e3", " 7", str(MAX_ID + 1), "", "x", "\x00"]


def test_it_parses_ids_in_ascii_digits_within_a_bigint():
    assert parse_id("42") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    for value in NOT_IDS:
        if value.strip() != "7":
            assert parse_id(value) is None, value


# --- next -----------------------------------------------------------------------------------------


@pytest.fixture
def action(world):
    meeting = MeetingFactory(group=world.group_a, held=True)
    return ActionItemFactory(meeting=meeting, owner=world.leader_a)


@pytest.mark.parametrize(
    ("next_", "goes_to"),
    [
        ("x", "meeting"),  # a URL name to redirect(): a server error before
        ("home", "meeting"),
        ("//evil.example/", "meeting"),
        ("https://evil.example/", "meeting"),
        ("javascript:alert(1)", "meeting"),
        ("/groups/", "/groups/"),
        ("", "meeting"),
    ],
)
def test_it_sends_next_only_to_a_local_path(alice_client, action, next_, goes_to):
    url = reverse("meetings:action_item_done", args=[action.pk])
    response = alice_client.post(
        url, {"done": "1", "done_on": timezone.localdate().isoformat(), "next": next_}
    )
    assert response.status_code == 302
    meeting_url = action.meeting.get_absolute_url()
    assert response["Location"] == (meeting_url if goes_to == "meeting" else goes_to)
    assert ActionItem.objects.get(pk=action.pk).done_on == timezone.localdate()


def test_it_keeps_next_safe_for_every_caller(rf):
    request = rf.post("/", {"next": "x"})
    assert safe_next(request, "/fallback/") == "/fallback/"
    request = rf.get("/", {"next": "/meetings/"})
    assert safe_next(request, "/fallback/") == "/meetings/"


# --- Query-string ids and choices ---------------------------------------------------------------

LIST_URLS = [
    "/groups/?factory={v}",
    "/groups/?workshop={v}",
    "/groups/?factory=1&workshop={v}",
    "/competitions/proposals/?group={v}",
    "/competitions/proposals/?status={v}",
    "/welfare/cases/?group={v}",
    "/welfare/cases/?status={v}&due={v}",
    "/oversight/assessments/?workshop={v}&period={v}&status={v}&class={v}",
    "/oversight/experience/new/?group={v}",
    "/competitions/pacts/new/?group={v}&partner_group={v}",
    "/welfare/figures/?by={v}&start={v}&end={v}",
    "/competitions/proposals/figures/?start={v}&end={v}",
    "/?period={v}",
    "/competitions/campaigns/?show={v}&page={v}",
]


@pytest.mark.parametrize("template", LIST_URLS)
@pytest.mark.parametrize("value", NOT_IDS)
def test_it_answers_any_id_in_a_query_string(charlie_client, world, template, value):
    charlie_client.raise_request_exception = False
    response = charlie_client.get(template.format(v=value))
    assert response.status_code < 500


@pytest.mark.parametrize(
    "template", ["/welfare/cases/?group={v}", "/competitions/proposals/?group={v}"]
)
def test_it_treats_a_group_that_is_no_id_as_no_filter(alice_client, world, template):
    assert alice_client.get(template.format(v="²")).status_code == 200


# Every page of the site without an id in its path, with every query parameter any page reads.
PARAMETERS = [
    "page",
    "group",
    "factory",
    "workshop",
    "q",
    "archived",
    "status",
    "due",
    "by",
    "start",
    "end",
    "period",
    "show",
    "unread",
    "class",
    "all",
    "kind",
    "member",
    "mentor",
    "partner_group",
]
hostile_text = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(NOT_IDS + ["9999-12-31", "0001-01-01", "%", "'", "<script>", "1" * 400]),
)


def _plain_pages():
    from tests.security.url_registry import URLS

    return sorted(
        reverse(url.name)
        for url in URLS
        if set(url.variants) == {"none"} and not url.post_only and url.cap != "public"
        if not url.name.startswith("accounts:") and "export" not in url.name
        if url.name not in {"logout", "password_change"}
    )


@pytest.mark.parametrize("persona", ["charlie", "fiona", "alice"])
def test_it_never_fails_on_a_hostile_query_string(request, world, persona):
    client = Client(raise_request_exception=False)
    client.force_login(request.getfixturevalue(persona))
    pages = _plain_pages()

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(
        page=st.sampled_from(pages),
        query=st.dictionaries(st.sampled_from(PARAMETERS), hostile_text, max_size=4),
    )
    def check(page, query):
        response = client.get(page, query)
        assert response.status_code < 500, (page, query)

    check()


# --- The admin's changelists --------------------------------------------------------------------


def test_it_drills_no_admin_changelist_down_by_date_hierarchy():
    assert [type(a).__name__ for a in admin.site._registry.values() if a.date_hierarchy] == []


@pytest.fixture
def root_client(world):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


CHANGELISTS = [
    ("meetings", "meeting", "scheduled_on"),
    ("welfare", "welfarecase", "opened_on"),
    ("competitions", "guaranteeplan", "starts_on"),
    ("competitions", "proposal", "submitted_on"),
    ("dues", "duespayment", "month"),
    ("axes", "accessattempt", "attempt_time"),
]


@pytest.mark.parametrize(("app", "model", "field"), [*CHANGELISTS, ("auth", "user", "date_joined")])
@pytest.mark.parametrize(
    "query",
    [
        "{f}__year=9999",
        "{f}__year=9999&{f}__month=12",
        "{f}__year=0",
        "{f}__year=" + HUGE,
        "{f}__month=13",
        "{f}__gte=99999-01-01",
        "pk=" + HUGE,
        "id__gte=" + HUGE,
        "{f}_range=nonsense",
    ],
)
def test_it_answers_hand_typed_admin_filters(root_client, app, model, field, query):
    url = f"/admin/{app}/{model}/?" + query.format(f=field)
    response = root_client.get(url)
    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(("app", "model", "field"), CHANGELISTS)
def test_it_filters_admin_changelists_by_date_range(root_client, world, app, model, field):
    for key in ("month", "quarter", "year", "last_year", "earlier", "future"):
        response = root_client.get(f"/admin/{app}/{model}/?{field}_range={key}")
        assert response.status_code == 200, key


def test_it_finds_this_months_meetings_by_the_range_filter(root_client, world):
    today = timezone.localdate()
    recent = MeetingFactory(group=world.group_a, scheduled_on=today, title="本月的會")
    old = MeetingFactory(
        group=world.group_a, scheduled_on=today - datetime.timedelta(days=800), title="早年的會"
    )
    page = root_client.get("/admin/meetings/meeting/?scheduled_on_range=month").content.decode()
    assert recent.title in page and old.title not in page
    page = root_client.get("/admin/meetings/meeting/?scheduled_on_range=earlier").content.decode()
    assert old.title in page and recent.title not in page


def test_it_answers_a_period_name_used_twice_with_a_form_error(fiona_client, world):
    fiona_client.raise_request_exception = False
    data = {"name": "1952年下半年", "starts_on": "2024-07-01", "ends_on": "2024-12-31"}
    url = reverse("admin:oversight_assessmentperiod_add")
    assert fiona_client.post(url, data).status_code == 302
    response = fiona_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert AssessmentPeriod.objects.count() == 1


def test_it_parses_the_id_of_every_model_choice_of_every_form():
    """Every form's model choice is an IdModelChoiceField (groups.params), so that a key that is
    no id is "not a valid choice" rather than a database error: a new form is checked too."""
    import importlib
    import inspect

    from django import forms

    from groups.params import IdModelChoiceField, IdModelMultipleChoiceField

    plain = []
    for module_name in ("groups", "meetings", "competitions", "welfare", "oversight", "accounts"):
        try:
            module = importlib.import_module(f"{module_name}.forms")
        except ModuleNotFoundError:
            continue
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.ModelChoiceField) and not isinstance(
                    field, IdModelChoiceField | IdModelMultipleChoiceField
                ):
                    plain.append(f"{name}.{field_name}")
    assert plain == []
