"""One campaign of a name per unit and period: the service refuses a second one under the unit's
lock, the launch form shows why, the database refuses it (a unique constraint everywhere, an
exclusion constraint on overlapping periods on PostgreSQL), two launches at once make one, and
the leaders' list and a group's evidence count each campaign once."""

import datetime
import threading
import uuid
from decimal import Decimal

import pytest
from django.contrib.admin import site
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from competitions import figures, panels, services
from competitions.models import DUPLICATE, Campaign, Kind
from tests.competitions.factories import (
    CampaignFactory,
    RedFlagAwardFactory,
    ScoreFactory,
)
from tests.factories import UnionGroupFactory, UserFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the exclusion constraint and the race need it"
)
TODAY = timezone.localdate()
JAN_15, MARCH_31 = datetime.date(2026, 1, 15), datetime.date(2026, 3, 31)
APRIL_1, JUNE_30 = datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)


def launch_service(world, charlie, **changes):
    values = {
        "user": charlie,
        "name": "增產節約競賽",
        "kind": Campaign.CampaignKind.OUTPUT,
        "scope": Campaign.Scope.FACTORY,
        "federation": world.federation,
        "factory": world.factory_a,
        "starts_on": JAN_15,
        "ends_on": MARCH_31,
        "groups": [world.group_a, world.group_a2],
        "rules": [{"kind": Kind.OUTPUT, "weight": Decimal(1)}],
    } | changes
    return services.campaign_create(**values)


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (JAN_15, MARCH_31),  # the same campaign again
        (datetime.date(2026, 3, 1), datetime.date(2026, 5, 31)),  # overlapping its end
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),  # inside it
        (datetime.date(2025, 12, 1), JAN_15),  # ending on its first day
    ],
)
def test_the_service_refuses_a_second_campaign_of_the_name_over_the_same_days(
    world, charlie, starts_on, ends_on
):
    launch_service(world, charlie)
    with pytest.raises(ValidationError) as refused:
        launch_service(world, charlie, starts_on=starts_on, ends_on=ends_on)
    assert refused.value.message_dict == {"name": [str(DUPLICATE)]}
    assert Campaign.objects.count() == 1


def test_the_service_launches_the_name_again_in_another_period_or_unit(world, charlie):
    launch_service(world, charlie)
    launch_service(
        world,
        charlie,
        starts_on=datetime.date(2026, 4, 1),
        ends_on=MARCH_31.replace(month=6, day=30),
    )
    launch_service(world, charlie, name="無廢品競賽")
    # The same name in a workshop of the factory, and across the city, are other units' campaigns.
    launch_service(world, charlie, scope=Campaign.Scope.WORKSHOP, workshop=world.workshop_a,
                   groups=[world.group_a, *_more_groups(world)])  # fmt: skip
    launch_service(world, charlie, scope=Campaign.Scope.CITY, factory=None)
    assert Campaign.objects.filter(name="增產節約競賽").count() == 4


def _more_groups(world):
    return [UnionGroupFactory(workshop=world.workshop_a, name="車工小組")]


def launch(client, world, **changes):
    data = {
        "name": "安全競賽",
        "kind": "safety",
        "unit": f"factory:{world.factory_a.pk}",
        "starts_on": JAN_15.isoformat(),
        "ends_on": MARCH_31.isoformat(),
        "rounds": "month",
        "red_flag": "on",
        "missing_figures": "left_out",
        "groups": [world.group_a.pk, world.group_a2.pk],
        "rules-TOTAL_FORMS": "1",
        "rules-INITIAL_FORMS": "0",
        "rules-0-kind": "incidents",
        "rules-0-weight": "1",
        "submit_token": uuid.uuid4().hex,  # a new page each time: not a double click
    } | changes
    return client.post(reverse("competitions:campaign_create"), data)


def test_the_launch_form_says_why_a_second_campaign_is_refused(charlie_client, world):
    first = launch(charlie_client, world)
    campaign = Campaign.objects.get()
    assert first["Location"] == campaign.get_absolute_url()
    assert campaign.missing_figures == Campaign.Missing.LEFT_OUT

    second = launch(charlie_client, world, starts_on="2026-03-01", ends_on="2026-04-30")

    assert second.status_code == 200
    assert second.context["form"].errors["name"] == [str(DUPLICATE)]
    assert "This unit already runs a campaign of this name" in second.content.decode()
    assert Campaign.objects.count() == 1


def test_the_launch_form_refuses_an_unknown_rule_for_missing_figures(charlie_client, world):
    response = launch(charlie_client, world, missing_figures="zero")
    assert response.status_code == 200 and "missing_figures" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_a_launch_without_the_choice_states_the_weakest(charlie_client, world):
    # A page or script of before the choice sends none: the campaign counts a missing figure as
    # campaigns did then, and says so on its page.
    launch(charlie_client, world, missing_figures="")
    campaign = Campaign.objects.get()
    assert campaign.missing_figures == Campaign.Missing.WEAKEST
    page = charlie_client.get(campaign.get_absolute_url()).content.decode()
    assert "it counts as the weakest: 0 points on that indicator" in page


@pytest.mark.parametrize("scope", ["city", "factory", "workshop"])
def test_the_database_refuses_the_same_campaign_twice(world, scope):
    unit = {
        "city": {"city": True, "federation": world.federation},
        "factory": {"factory": world.factory_a},
        "workshop": {"workshop_scope": True, "workshop": world.workshop_a},
    }[scope]
    CampaignFactory(name="紅旗競賽", starts_on=JAN_15, ends_on=MARCH_31, **unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignFactory(name="紅旗競賽", starts_on=JAN_15, ends_on=JAN_15, **unit)
    assert Campaign.objects.count() == 1


@on_postgresql
def test_postgresql_refuses_an_overlapping_period_of_the_name_and_unit(world):
    CampaignFactory(name="紅旗競賽", factory=world.factory_a, starts_on=JAN_15, ends_on=MARCH_31)
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignFactory(
            name="紅旗競賽", factory=world.factory_a, starts_on=MARCH_31, ends_on=JUNE_30
        )
    # Another unit, or days after it, are free.
    CampaignFactory(name="紅旗競賽", factory=world.factory_b, starts_on=JAN_15, ends_on=MARCH_31)
    CampaignFactory(name="紅旗競賽", factory=world.factory_a, starts_on=APRIL_1, ends_on=JUNE_30)
    assert Campaign.objects.count() == 3


def _together(n, work):
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


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_four_launches_of_one_campaign_at_once_make_one_and_no_server_error(world, charlie):
    clients = []
    for _ in range(4):
        client = Client(raise_request_exception=False)
        client.force_login(charlie)
        clients.append(client)
    # Each from its own page (its own token), the later ones overlapping the first differently.
    ends = ["2026-03-31", "2026-04-30", "2026-05-31", "2026-02-28"]
    responses = _together(4, lambda i: launch(clients[i], world, ends_on=ends[i]))
    codes = sorted(response.status_code for response in responses)
    assert codes == [200, 200, 200, 302], codes
    for response in responses:
        if response.status_code == 200:
            assert "This unit already runs a campaign of this name" in response.content.decode()
    assert Campaign.objects.count() == 1


# --- Each campaign counted once -----------------------------------------------------------


def test_the_leaders_list_and_the_evidence_count_each_campaign_once(world, charlie, fiona):
    campaign = launch_service(
        world, charlie, starts_on=TODAY.replace(day=1) - datetime.timedelta(days=40),
        ends_on=TODAY + datetime.timedelta(days=40),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        launch_service(world, charlie, starts_on=TODAY, ends_on=TODAY)
    rounds = list(campaign.rounds.order_by("number"))
    rule = campaign.rules.get()
    for round_ in rounds[:2]:
        ScoreFactory(round=round_, group=world.group_a, rule=rule, value=Decimal(10))
        ScoreFactory(round=round_, group=world.group_a2, rule=rule, value=Decimal(5))
        RedFlagAwardFactory(round=round_, group=world.group_a, awarded_on=round_.ends_on)

    # The federation's list of campaign leaders, and the factory staff's (who run it and whose
    # groups take part in it: two reasons to see it, one row).
    for user in (fiona, charlie):
        running = panels.campaign_leaders(user, TODAY)
        assert [c.pk for c in running] == [campaign.pk]
        assert running[0].holder_name == world.group_a.name
    # A group's assessment evidence: its rank once per campaign, its flags once per award.
    start, end = rounds[0].starts_on, TODAY
    ranks = figures.campaign_ranks(world.group_a, start, end)
    assert [(r["campaign"], r["rank"], r["of"]) for r in ranks] == [(campaign.name, 1, 2)]
    assert figures.figures_by_group([world.group_a.pk], start, end)[world.group_a.pk].red_flags == 2


def test_the_back_office_refuses_a_name_and_days_that_make_a_second_campaign(world, rf):
    CampaignFactory(name="紅旗競賽", factory=world.factory_a, starts_on=JAN_15, ends_on=MARCH_31)
    other = CampaignFactory(
        name="質量競賽", factory=world.factory_a, starts_on=MARCH_31, ends_on=JUNE_30
    )
    request = rf.get("/")
    request.user = UserFactory(username="root", is_superuser=True, is_staff=True)
    form_class = site._registry[Campaign].get_form(request, other)
    data = {k: v for k, v in model_to_dict(other).items() if v is not None}
    form = form_class({**data, "name": "紅旗競賽"}, instance=other)
    assert not form.is_valid()
    assert str(DUPLICATE) in form.errors["name"]
    # Days after the first's are free.
    later = form_class({**data, "name": "紅旗競賽", "starts_on": "2026-04-01"}, instance=other)
    assert "name" not in later.errors
