"""The findings about loose limits, each as a user would meet it: nothing stored that no person
would type, and a form error, never a server error."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from competitions.models import GuaranteePlan, Pledge
from groups.models import Member
from meetings.models import GroupReport
from tests.competitions.factories import GuaranteePlanFactory
from tests.welfare.factories import WelfareCaseFactory
from welfare.models import CaseAction

HUGE_TEXT = "保" * 100_000


@pytest.fixture
def client(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    return client


def test_it_refuses_a_plan_starting_on_the_last_day_of_9999(client, world):
    url = reverse("competitions:plan_create", args=[world.group_a.pk])
    response = client.post(
        url,
        {
            "period": "month",
            "day": "9999-12-31",
            "production_plan": "月產機床",
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "0",
            "indicators-0-kind": "output",
            "indicators-0-unit": "台",
            "indicators-0-target": "40",
        },
    )
    assert response.status_code == 200
    assert "Give a date between 1900-01-01 and 2100-12-31." in response.content.decode()
    assert not GuaranteePlan.objects.exists()


def test_it_refuses_a_pledge_of_a_hundred_thousand_characters(client, world):
    plan = GuaranteePlanFactory(group=world.group_a, indicators=["output"])
    url = reverse("competitions:pledge_create", args=[plan.pk])
    response = client.post(url, {"member": world.leader_a.pk, "text": HUGE_TEXT})
    assert response.status_code == 200
    assert not Pledge.objects.exists()


def test_it_refuses_a_report_up_of_a_hundred_thousand_characters(client, world):
    url = reverse("meetings:report_create", args=[world.group_a.pk])
    response = client.post(url, {"kind": "opinion", "subject": "意見", "text": HUGE_TEXT})
    assert response.status_code == 200
    assert not GroupReport.objects.exists()


@pytest.mark.parametrize("kind", ["visit", "grant"])
def test_it_refuses_a_welfare_action_of_a_hundred_thousand_characters(client, world, kind):
    case = WelfareCaseFactory(group=world.group_a, member=world.leader_a)
    url = reverse("welfare:action_create", args=[case.pk, kind])
    body = {"done_on": timezone.localdate().isoformat(), "text": HUGE_TEXT, "who": "韓潤"}
    if kind == "grant":
        body |= {"amount": "20", "source": "union_fund"}
    assert client.post(url, body).status_code == 200
    assert not CaseAction.objects.filter(case=case).exists()


def _member(**changes):
    return {
        "name": "張德明",
        "gender": "m",
        "employee_number": "A-1001",
        "trade": "車工",
        "phone": "13800000000",
        "joined_union_on": "1951-05-01",
        **changes,
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "張\x00德明"},
        {"name": "張\u202e德明"},
        {"phone": "138\x07000"},
        {"phone": "138\n000"},
        {"joined_union_on": "0001-01-01"},
        {"joined_union_on": "2101-01-01"},
    ],
)
def test_it_refuses_control_characters_and_implausible_dates_for_a_member(client, world, changes):
    url = reverse("groups:member_create", args=[world.group_a.pk])
    response = client.post(url, _member(**changes))
    assert response.status_code == 200
    assert not Member.objects.filter(employee_number="A-1001").exists()


def test_it_keeps_line_breaks_where_a_text_has_several_lines(client, world):
    url = reverse("meetings:report_create", args=[world.group_a.pk])
    text = "第一條意見\n第二條意見\n\t補充"
    assert client.post(url, {"kind": "opinion", "subject": "意見", "text": text}).status_code == 302
    assert GroupReport.objects.get().text == text


def test_it_takes_a_member_who_joined_in_1951(client, world):
    url = reverse("groups:member_create", args=[world.group_a.pk])
    assert client.post(url, _member()).status_code == 302


def test_it_refuses_a_campaign_of_a_century(world, charlie):
    from competitions.models import Campaign

    client = Client(raise_request_exception=False)
    client.force_login(charlie)
    response = client.post(
        reverse("competitions:campaign_create"),
        {
            "name": "百年競賽",
            "kind": "safety",
            "unit": f"factory:{world.factory_a.pk}",
            "starts_on": "2000-01-01",
            "ends_on": "2099-12-31",
            "rounds": "monthly",
            "groups": [world.group_a.pk],
            "rules-TOTAL_FORMS": "1",
            "rules-INITIAL_FORMS": "0",
            "rules-0-kind": "incidents",
            "rules-0-weight": "1",
        },
    )
    assert response.status_code == 200
    assert "A campaign runs for five years at most." in response.content.decode()
    assert not Campaign.objects.exists()


def test_it_refuses_a_second_factor_code_in_other_digits():
    from accounts.forms import CodeForm

    form = CodeForm({"code": "²³⁴⁵⁶⁷"})
    assert not form.is_valid()
    assert "The code is six digits." in form.errors["code"]
