"""Feedback after every action: a form that changes something and leads elsewhere says on the next
page what it did (a django.contrib.messages alert), in the user's language. charlie is factory A's
staff, fiona the city federation's, alice leads group A."""

import re

from django.urls import reverse
from django.utils import translation

from competitions.models import GuaranteePlan
from meetings.models import GroupReport
from roster.models import RosterImport
from tests.competitions.test_flow import make_plan
from tests.meetings.factories import GroupReportFactory
from tests.roster.test_import import GOOD, workbook

ALERT = re.compile(r'<div class="alert alert-success[^"]*" role="alert">([^<]*)</div>')


def alerts(response):
    """The success alerts of the page a redirect led to (the back office's messages too)."""
    assert response.redirect_chain, "the action did not redirect"
    page = response.content.decode()
    return ALERT.findall(page) + re.findall(r'<li class="success">([^<]*)</li>', page)


def test_marking_a_report_read_says_so(world, charlie_client):
    report = GroupReportFactory(group=world.group_a)
    url = reverse("meetings:report_read", args=[report.pk])
    response = charlie_client.post(url, follow=True)
    assert alerts(response) == ["The report is marked as read."]
    assert GroupReport.objects.get(pk=report.pk).read_at is not None
    # Said once: the next page is quiet.
    assert "marked as read" not in charlie_client.get(report.get_absolute_url()).content.decode()


def test_the_message_is_in_the_users_language(world, charlie_client):
    report = GroupReportFactory(group=world.group_a)
    url = reverse("meetings:report_read", args=[report.pk])
    response = charlie_client.post(url, follow=True, headers={"accept-language": "zh-hans"})
    with translation.override("zh-hans"):
        expected = translation.gettext("The report is marked as read.")
    assert expected != "The report is marked as read."
    assert alerts(response) == [expected]


def test_answering_a_report_says_so(world, charlie_client):
    report = GroupReportFactory(group=world.group_a)
    url = reverse("meetings:report_answer", args=[report.pk])
    response = charlie_client.post(url, {"answer": "已通知總務科修理。"}, follow=True)
    assert alerts(response) == ["Your answer is sent to the group."]


def test_uploading_a_roster_says_nothing_is_written_yet(world, charlie_client):
    url = reverse("roster:upload", args=[world.factory_a.pk])
    response = charlie_client.post(url, {"file": workbook(GOOD)}, follow=True)
    assert alerts(response) == [
        "The file is read; nothing is written yet. What it would do is below."
    ]
    assert RosterImport.objects.get().status == RosterImport.Status.PREVIEWED


def test_uploading_a_roster_in_the_back_office_says_so_too(world, fiona_client):
    url = reverse("admin:roster_rosterimport_upload")
    data = {"factory": world.factory_a.pk, "file": workbook(GOOD)}
    response = fiona_client.post(url, data, follow=True)
    assert alerts(response) == [
        "The file is read; nothing is written yet. What it would do is below."
    ]


def test_making_a_guarantee_plan_says_so(world, alice_client):
    response = alice_client.get(make_plan(alice_client, world.group_a)["Location"])
    # make_plan does not follow: the plan's page is asked for as the browser would.
    page = response.content.decode()
    assert "The guarantee plan is made. Add the members&#x27; pledges." in page
    assert GuaranteePlan.objects.count() == 1


def test_marking_every_notice_read_says_so(world, alice_client):
    response = alice_client.post(reverse("notifications:read_all"), follow=True)
    assert alerts(response) == ["All your notices are marked as read (0)."]
