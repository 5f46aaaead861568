"""Shortcuts where the work starts: a guarantee plan made from the group's page and the leader's
home (or the one made already opened), offered only to who writes the group's records; the
campaigns in the main navigation for the staff of a factory, a workshop and the city."""

import re

from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import GuaranteePlanFactory


def make_plan_url(group):
    return reverse("competitions:plan_create", args=[group.pk])


def link(page, element_id):
    """The href of the element with ``element_id``, or None."""
    found = re.search(rf'<a [^>]*id="{element_id}"[^>]*>', page)
    if found is None:
        return None
    return re.search(r'href="([^"]*)"', found.group(0)).group(1)


def test_the_group_page_offers_a_plan_to_who_writes(world, alice_client, charlie_client):
    for client in (alice_client, charlie_client):
        page = client.get(world.group_a.get_absolute_url()).content.decode()
        assert link(page, "make-plan") == make_plan_url(world.group_a)
        assert link(page, "this-periods-plan") is None


def test_the_leaders_home_offers_a_plan(world, alice_client):
    page = alice_client.get("/").content.decode()
    assert link(page, "make-plan") == make_plan_url(world.group_a)
    assert "No guarantee plan for this period yet." in page


def test_a_plan_made_already_is_opened_instead(world, alice_client):
    plan = GuaranteePlanFactory(group=world.group_a)
    for url in (world.group_a.get_absolute_url(), "/"):
        page = alice_client.get(url).content.decode()
        assert link(page, "make-plan") is None
        assert link(page, "this-periods-plan") == plan.get_absolute_url()
        assert f"Guarantee plan {plan.period_label}, made already" in page


def test_who_only_reads_is_not_offered_a_plan(world, fiona_client, bob_client):
    page = fiona_client.get(world.group_a.get_absolute_url()).content.decode()
    assert make_plan_url(world.group_a) not in page
    # Another factory's group page is not found, its plan not offered.
    assert bob_client.get(world.group_a.get_absolute_url()).status_code == 404


def test_an_archived_group_is_not_offered_a_plan(world, charlie_client):
    world.group_a.archived_on = timezone.localdate()
    world.group_a.archive_reason = "併入杜鳴舉小組"
    world.group_a.save()
    page = charlie_client.get(world.group_a.get_absolute_url()).content.decode()
    assert make_plan_url(world.group_a) not in page
    assert charlie_client.get(make_plan_url(world.group_a)).status_code == 403


def test_staff_find_the_campaigns_in_the_main_navigation(
    world, charlie_client, walter_client, fiona_client, alice_client
):
    campaigns = reverse("competitions:campaign_list")
    for client in (charlie_client, walter_client, fiona_client):
        assert link(client.get("/").content.decode(), "nav-campaigns") == campaigns
    # A group's account finds them under Production, as before.
    page = alice_client.get("/").content.decode()
    assert link(page, "nav-campaigns") is None
    assert campaigns in page
