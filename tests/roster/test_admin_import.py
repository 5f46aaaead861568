"""A roster imported in the back office (the city federation's and a superuser's way in): the
factory chosen among the user's, the same preview with every bad row, the same import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from groups.models import Member, UnionGroup
from roster.models import RosterImport
from tests.factories import FactoryUnionFactory, FederationFactory, scoped_user
from tests.roster.test_import import GOOD, row, workbook

UPLOAD = reverse("admin:roster_rosterimport_upload")


def upload(client, factory, file):
    return client.post(UPLOAD, {"factory": factory.pk, "file": file})


def test_the_federation_imports_a_factorys_roster_in_the_back_office(world, fiona, fiona_client):
    changelist = fiona_client.get(reverse("admin:roster_rosterimport_changelist"))
    assert UPLOAD in changelist.content.decode()
    assert fiona_client.get(UPLOAD).status_code == 200

    # Two bad rows: both named with their row numbers; nothing written.
    nameless = row("鑄工", "王銀柱小組", "", "N-007")
    twice = row("鑄工", "王銀柱小組", "李四", "N-001")
    bad = [*GOOD, nameless, twice]
    response = upload(fiona_client, world.factory_a, workbook(bad))
    assert response.status_code == 302
    record = RosterImport.objects.get()
    page = fiona_client.get(response["Location"])
    assert [e.row for e in page.context["errors"]] == [8, 9]
    assert 'id="row-errors"' in page.content.decode()
    assert not Member.objects.filter(employee_number__startswith="N-").exists()
    # Confirming it anyway writes nothing.
    fiona_client.post(response["Location"], {"missing": page.context["plan"].missing_digest})
    assert not Member.objects.filter(employee_number__startswith="N-").exists()

    # The corrected file imports, recorded as hers.
    response = upload(fiona_client, world.factory_a, workbook(GOOD))
    record = RosterImport.objects.latest("pk")
    page = fiona_client.get(response["Location"])
    assert page.context["counts"]["created"] == len(GOOD)
    done = fiona_client.post(response["Location"], {"missing": page.context["plan"].missing_digest})
    assert done["Location"] == reverse("admin:roster_rosterimport_change", args=[record.pk])
    record.refresh_from_db()
    assert (record.status, record.uploaded_by) == (RosterImport.Status.IMPORTED, fiona)
    wang = Member.objects.get(factory=world.factory_a, employee_number="N-001")
    assert wang.history.first().history_user == fiona
    assert UnionGroup.objects.filter(name="王銀柱小組", workshop__factory=world.factory_a).exists()
    # A second confirmation changes nothing.
    again = fiona_client.post(
        reverse("admin:roster_rosterimport_preview", args=[record.pk]), {"missing": ""}
    )
    assert again.status_code == 302
    assert Member.objects.filter(employee_number__startswith="N-").count() == len(GOOD)


def test_a_factory_outside_the_users_scope_cannot_be_chosen(world, fiona_client, charlie_client):
    elsewhere = FactoryUnionFactory(federation=FederationFactory(name="大同市總工會"))
    for client, factory in [(fiona_client, elsewhere), (charlie_client, world.factory_b)]:
        response = upload(client, factory, workbook(GOOD))
        assert response.status_code == 400
        assert "factory" in response.context["form"].errors
    assert not RosterImport.objects.exists()


def test_factory_staff_import_their_own_factory_in_the_back_office_too(world, charlie_client):
    response = upload(charlie_client, world.factory_a, workbook(GOOD))
    assert response.status_code == 302
    assert RosterImport.objects.get().factory == world.factory_a


def test_a_file_that_is_not_a_roster_is_a_clear_message(world, fiona_client):
    response = upload(fiona_client, world.factory_a, SimpleUploadedFile("x.xlsx", b"not a zip"))
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not RosterImport.objects.exists()


@pytest.mark.parametrize("factory", ["", "abc", "99999999999999999999999", "1 OR 1=1", "\x00"])
def test_a_hostile_factory_is_a_form_error(world, fiona_client, factory):
    response = fiona_client.post(UPLOAD, {"factory": factory, "file": workbook(GOOD)})
    assert response.status_code == 400
    assert not RosterImport.objects.exists()


def test_another_federations_import_is_not_found(world, fiona_client, charlie_client):
    upload(charlie_client, world.factory_a, workbook(GOOD))
    record = RosterImport.objects.get()
    stranger = scoped_user("datong", FederationFactory(name="大同市總工會"), is_staff=True)
    client = Client()
    client.force_login(stranger)
    preview = reverse("admin:roster_rosterimport_preview", args=[record.pk])
    assert client.get(preview).status_code == 404
    assert client.post(preview, {"missing": ""}).status_code == 404
    assert RosterImport.objects.get().status == RosterImport.Status.PREVIEWED


def test_the_federation_is_not_told_how_many_wages_a_file_changes(world, fiona_client):
    # A count of changed wages would answer "is this member's wage X?": the factory's to know.
    from tests.roster.test_import import EN

    header = [*EN, "Monthly wage (yuan)"]
    response = fiona_client.post(
        UPLOAD, {"factory": world.factory_a.pk, "file": workbook([[*r, 68] for r in GOOD], header)}
    )
    page = fiona_client.get(response["Location"])
    assert page.context["counts"]["wages"] == len(GOOD)
    assert '<td id="wage-count">—</td>' in page.content.decode()


def test_a_double_clicked_upload_makes_one_import(world, fiona_client):
    token = "a-one-time-token-for-this-upload-01"
    first = fiona_client.post(
        UPLOAD, {"factory": world.factory_a.pk, "file": workbook(GOOD), "submit_token": token}
    )
    second = fiona_client.post(
        UPLOAD, {"factory": world.factory_a.pk, "file": workbook(GOOD), "submit_token": token}
    )
    assert first["Location"] == second["Location"]
    assert RosterImport.objects.count() == 1
