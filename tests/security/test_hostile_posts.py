"""Every create form of the site, sent hostile values in every field: never a server error, an
invalid submission writes nothing, and text that is saved comes back escaped."""

import datetime

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.validators import LONG_TEXT
from tests.competitions.factories import GuaranteePlanFactory
from tests.meetings.factories import MeetingFactory
from tests.welfare.factories import WelfareCaseFactory

HOSTILE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x07b",
            "\u202eevil",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "9" * 40,
            "-1",
            "0",
            "NaN",
            "Infinity",
            "-Infinity",
            "1e400",
            "99999999999999999999",
            "0001-01-01",
            "9999-12-31",
            "2024-02-30",
            "x" * (LONG_TEXT + 1),
        ]
    ),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.isoformat()),
)


def _today():
    return timezone.localdate().isoformat()


def _forms(world):
    """(persona, URL, a valid body) for each create form."""
    plan = GuaranteePlanFactory(group=world.group_a, indicators=["output"])
    meeting = MeetingFactory(group=world.group_a, held=True)
    case = WelfareCaseFactory(group=world.group_a, member=world.leader_a)
    today = _today()
    month_end = (timezone.localdate().replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    month_end = (month_end - datetime.timedelta(days=1)).isoformat()
    group = world.group_a.pk
    return {
        "campaign": (
            "charlie",
            reverse("competitions:campaign_create"),
            {
                "name": "安全競賽",
                "kind": "safety",
                "unit": f"factory:{world.factory_a.pk}",
                "starts_on": today,
                "ends_on": month_end,
                "rounds": "single",
                "red_flag": "on",
                "missing_figures": "left_out",
                "groups": [world.group_a.pk, world.group_a2.pk],
                "rules-TOTAL_FORMS": "1",
                "rules-INITIAL_FORMS": "0",
                "rules-0-kind": "incidents",
                "rules-0-weight": "1",
            },
        ),
        "proposal": (
            "alice",
            reverse("competitions:proposal_create", args=[group]),
            {
                "authors": [world.leader_a.pk],
                "title": "改進卡具",
                "description": "用快速卡具縮短裝夾時間",
                "category": "technique",
                "submitted_on": today,
                "estimated_money": "100",
                "estimated_hours": "5",
            },
        ),
        "activity": (
            "alice",
            reverse("welfare:activity_create", args=[group]),
            {
                "held_on": today,
                "kind": "film",
                "title": "看電影",
                "participants": [world.leader_a.pk],
            },
        ),
        "plan": (
            "alice",
            reverse("competitions:plan_create", args=[group]),
            {
                "period": "quarter",
                "day": today,
                "production_plan": "季度產機床40台",
                "indicators-TOTAL_FORMS": "1",
                "indicators-INITIAL_FORMS": "0",
                "indicators-0-kind": "output",
                "indicators-0-unit": "台",
                "indicators-0-target": "40",
            },
        ),
        "progress": (
            "alice",
            reverse("competitions:progress_create", args=[plan.pk]),
            {"indicator": plan.indicators.get().pk, "on": today, "value": "20"},
        ),
        "pledge": (
            "alice",
            reverse("competitions:pledge_create", args=[plan.pk]),
            {"member": world.leader_a.pk, "text": "每天多車5件", "target": "5"},
        ),
        "meeting": (
            "alice",
            reverse("meetings:meeting_create", args=[group]),
            {
                "kind": "group",
                "title": "小組會",
                "scheduled_on": today,
                "place": "休息室",
                "agenda": "生產計劃",
            },
        ),
        "decision": (
            "alice",
            reverse("meetings:decision_create", args=[meeting.pk]),
            {"text": "決定"},
        ),
        "report": (
            "alice",
            reverse("meetings:report_create", args=[group]),
            {"kind": "opinion", "subject": "意見", "text": "大家的意見"},
        ),
        "member": (
            "alice",
            reverse("groups:member_create", args=[group]),
            {
                "name": "張德明",
                "gender": "m",
                "employee_number": "A-1001",
                "trade": "車工",
                "phone": "13800000000",
                "joined_union_on": "1951-05-01",
            },
        ),
        "case": (
            "alice",
            reverse("welfare:case_create", args=[group]),
            {
                "member": world.leader_a.pk,
                "category": "illness",
                "tier": "2",
                "description": "生病住院",
                "opened_on": today,
            },
        ),
        "visit": (
            "alice",
            reverse("welfare:action_create", args=[case.pk, "visit"]),
            {"done_on": today, "who": "韓潤", "brought": "雞蛋", "text": "精神好些"},
        ),
        "grant": (
            "alice",
            reverse("welfare:action_create", args=[case.pk, "grant"]),
            {"done_on": today, "amount": "20", "source": "union_fund", "text": "補助"},
        ),
        "claim": (
            "alice",
            reverse("welfare:claim_create", args=[case.pk]),
            {"benefit": "sick_pay", "filed_on": today, "amount_claimed": "45", "status": "filed"},
        ),
    }


def _rows():
    return sum(
        model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"groups", "meetings", "competitions", "welfare", "oversight"}
        and model.__name__ != "Submission"
    )


@pytest.mark.parametrize(
    "form",
    [
        "campaign",
        "proposal",
        "activity",
        "plan",
        "progress",
        "pledge",
        "meeting",
        "decision",
        "report",
        "member",
        "case",
        "visit",
        "grant",
        "claim",
    ],
)
def test_it_never_fails_on_hostile_values(request, world, form):
    persona, url, valid = _forms(world)[form]
    client = Client(raise_request_exception=False)
    client.force_login(request.getfixturevalue(persona))
    fields = sorted(k for k in valid if not k.endswith(("TOTAL_FORMS", "INITIAL_FORMS")))
    extra = ["rules-TOTAL_FORMS", "indicators-TOTAL_FORMS"] if "-TOTAL_FORMS" in str(valid) else []

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(changes=st.dictionaries(st.sampled_from(fields + extra), HOSTILE, min_size=1))
    def check(changes):
        body = {**valid, **changes}
        before = _rows()
        response = client.post(url, body)
        assert response.status_code < 500, (form, changes)
        if response.status_code != 302:
            assert _rows() == before, (form, changes)

    check()


@pytest.mark.parametrize(
    ("form", "field"),
    [("proposal", "title"), ("activity", "title"), ("decision", "text"), ("visit", "text")],
)
def test_it_shows_saved_text_escaped(request, world, form, field):
    persona, url, valid = _forms(world)[form]
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    response = client.post(url, {**valid, field: "<script>alert(1)</script>"}, follow=True)
    page = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
