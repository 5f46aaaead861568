"""Spreadsheets of long lists made in the background (``downloads``): the export link leads to
the file's page, which shows how far it has come and then offers it to its owner alone; with the
database backend the file waits for ``manage.py db_worker``; a table its owner may no longer
read fails with a reason; files are forgotten after a day."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from downloads.models import Download
from groups.export import write_xlsx
from tests.competitions.factories import CampaignFactory, RoundFactory, RuleFactory
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def members_xlsx():
    return reverse("oversight:member_export", args=["xlsx"])


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="members.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_xlsx_is_made_for_its_owner_and_offered_on_its_page(charlie_client, world):
    for n in range(3):
        MemberFactory(group=world.group_a, name=f"會員{n}")
    response = charlie_client.get(members_xlsx(), HTTP_REFERER="http://testserver/")
    download = Download.objects.get()
    assert response.status_code == 302 and response.url == download.get_absolute_url()
    page = charlie_client.get(download.get_absolute_url())
    text = page.content.decode()
    assert "Ready: 4 rows" in text and 'http-equiv="refresh"' not in text
    assert download.asked_at_url == "/"
    rows = rows_of(charlie_client.get(reverse("downloads:file", args=[download.pk])))
    names = [row[3] for row in rows[1:]]
    assert sorted(names) == sorted(["韓潤", "會員0", "會員1", "會員2"])
    assert "members.xlsx" in charlie_client.get(reverse("downloads:list")).content.decode()


def test_nobody_else_sees_the_file_not_even_a_superuser(charlie_client, fiona_client, world):
    charlie_client.get(members_xlsx())
    download = Download.objects.get()
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    for client in (fiona_client, _client(root)):
        assert client.get(download.get_absolute_url()).status_code == 404
        assert client.get(reverse("downloads:file", args=[download.pk])).status_code == 404
        assert "members.xlsx" not in client.get(reverse("downloads:list")).content.decode()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# The worker commits and closes its connection as it would in production: these tests commit.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_backend_the_file_waits_for_the_worker(charlie_client, world):
    response = charlie_client.get(members_xlsx())
    # A second click while it waits goes to the same file.
    assert charlie_client.get(members_xlsx()).url == response.url
    download = Download.objects.get()
    page = charlie_client.get(response.url).content.decode()
    assert "Waiting to start" in page and 'http-equiv="refresh"' in page
    assert 'role="progressbar"' in page and "0 of 1 rows" in page
    assert charlie_client.get(reverse("downloads:file", args=[download.pk])).status_code == 404

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    page = charlie_client.get(response.url).content.decode()
    assert "Ready: 1 row" in page
    rows = rows_of(charlie_client.get(reverse("downloads:file", args=[download.pk])))
    assert rows[1][3] == "韓潤"
    # Once made, asking again makes a new file (the records may have changed).
    assert charlie_client.get(members_xlsx()).url != response.url


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_table_its_owner_may_no_longer_read_fails_with_a_reason(charlie_client, world):
    campaign = CampaignFactory(factory=world.factory_a, groups=[world.group_a])
    RuleFactory(campaign=campaign)
    round_ = RoundFactory(campaign=campaign, number=1)
    url = reverse("competitions:standings_export", args=[campaign.pk, round_.number, "xlsx"])
    response = charlie_client.get(url)
    assert response.status_code == 302
    # Before the worker gets to it, charlie moves to the other factory.
    scope = response.wsgi_request.user.scope
    scope.factory = world.factory_b
    scope.save()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    download = Download.objects.get()
    assert download.status == Download.Status.FAILED and download.content is None
    page = charlie_client.get(response.url).content.decode()
    assert "You may no longer read these records." in page


def test_an_export_refused_now_makes_no_file(bob_client, world):
    campaign = CampaignFactory(factory=world.factory_a, groups=[world.group_a])
    round_ = RoundFactory(campaign=campaign, number=1)
    url = reverse("competitions:standings_export", args=[campaign.pk, round_.number, "xlsx"])
    assert bob_client.get(url).status_code == 404
    assert not Download.objects.exists()


def test_files_older_than_a_day_are_forgotten(charlie_client, world):
    charlie_client.get(members_xlsx())
    old = Download.objects.get()
    Download.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    charlie_client.get(reverse("oversight:member_export", args=["xlsx"]) + "?all=1")
    assert list(Download.objects.values_list("params", flat=True)) == [{"all": True}]
    assert charlie_client.get(old.get_absolute_url()).status_code == 404


def test_a_file_past_its_day_is_not_served_even_before_the_next_is_made(charlie_client, world):
    charlie_client.get(members_xlsx())
    old = Download.objects.get()
    file_url = reverse("downloads:file", args=[old.pk])
    assert charlie_client.get(file_url).status_code == 200
    Download.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    # Nothing new has been asked for: the file is still in the table, but nobody gets it.
    assert Download.objects.filter(pk=old.pk).exists()
    assert charlie_client.get(file_url).status_code == 404
    assert charlie_client.get(old.get_absolute_url()).status_code == 404
    assert "members.xlsx" not in charlie_client.get(reverse("downloads:list")).content.decode()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_one_person_has_at_most_three_files_waiting(charlie_client, world):
    campaign = CampaignFactory(factory=world.factory_a, groups=[world.group_a])
    RuleFactory(campaign=campaign)
    standings = [
        reverse("competitions:standings_export", args=[campaign.pk, n, "xlsx"])
        for n in (RoundFactory(campaign=campaign, number=n).number for n in (1, 2))
    ]
    for url in [members_xlsx(), members_xlsx() + "?all=1", standings[0]]:
        assert charlie_client.get(url).status_code == 302
    assert Download.objects.count() == 3
    response = charlie_client.get(standings[1], follow=True)
    assert Download.objects.count() == 3
    assert response.request["PATH_INFO"] == reverse("downloads:list")
    assert "You have 3 files being made already" in response.content.decode()
    # Once the worker has made them, there is room again.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert charlie_client.get(standings[1]).status_code == 302
    assert Download.objects.count() == 4


def test_the_workbook_reports_its_progress_as_it_is_written():
    seen = []
    out = io.BytesIO()
    rows = ([n, f"=cmd{n}"] for n in range(2500))
    written = write_xlsx(out, [("Sheet", ["n", "text"], rows)], seen.append, every=1000)
    assert written == 2500 and seen == [1000, 2000]
    sheet = load_workbook(out).worksheets[0]
    # A text that looks like a formula stays text.
    assert sheet["B2"].value == "=cmd0" and sheet["B2"].data_type == "s"
