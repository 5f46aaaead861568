"""Sign-ins in bulk for the people of an imported roster (roster:import_sign_ins): accounts made
once, tied to their members, with one-time links to print and e-mail; who may give them."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from groups.models import Member, Scope
from roster.models import RosterImport
from tests.roster.test_import import GOOD, confirm, preview, workbook

User = get_user_model()


@pytest.fixture
def imported(world, charlie_client):
    _page, record = preview(charlie_client, world.factory_a, workbook(GOOD))
    confirm(charlie_client, record)
    record.refresh_from_db()
    assert record.status == RosterImport.Status.IMPORTED
    return record


def give(client, record, who="leaders", **extra):
    """Post the form and follow to where it leads: the page of links, or back to the import. The
    links are mailed when the accounts are committed: the tests of the mail commit for real."""
    url = reverse("roster:import_sign_ins", args=[record.pk])
    return client.post(url, {"who": who, **extra}, follow=True)


committed = pytest.mark.django_db(transaction=True)


def landed(response):
    return response.redirect_chain[-1][0] if response.redirect_chain else None


def in_file():
    """The sign-ins of the file's people (numbered N-…), not the test personas'."""
    return Scope.objects.filter(member__employee_number__startswith="N-")


def accounts():
    return {
        scope.member.employee_number: scope.user
        for scope in in_file().select_related("member", "user")
    }


def links(response):
    return [link for _item, link in response.context["handed"] if link]


def test_the_leaders_and_officers_of_the_file_get_sign_ins(world, imported, charlie_client):
    response = give(charlie_client, imported)
    assert response.status_code == 200
    made = accounts()
    # The union group leader, the production group leader and the officer; not the activist,
    # not the members without a role, not the leader of group A who is not in the file.
    assert set(made) == {"N-001", "N-002", "N-003"}
    for number, user in made.items():
        member = Member.objects.get(factory=world.factory_a, employee_number=number)
        scope = user.scope
        assert (scope.level, scope.group_id) == ("group", member.group_id)
        assert scope.member_id == member.pk
        assert not user.has_usable_password() and user.is_active
    assert len(links(response)) == 3
    assert all(link in response.content.decode() for link in links(response))
    assert response.context["new"] == 3


@committed
def test_everyone_in_the_file_gets_one_and_those_with_an_address_a_mail(
    world, imported, charlie_client, mailoutbox
):
    # The links are mailed once the accounts are saved (on the commit).
    response = give(charlie_client, imported, "everyone")
    assert set(accounts()) == {f"N-00{n}" for n in range(1, 7)}
    # 孫富貴 has an address: the link is e-mailed to him, and it sets his own password.
    assert [m.to for m in mailoutbox] == [["sun@example.com"]]
    assert response.context["mailed"] == 1
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mailoutbox[0].body).group(1)
    person = Client()
    page = person.get(link, follow=True)
    assert page.status_code == 200
    done = person.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Sun-fu-gui 1952", "new_password2": "Sun-fu-gui 1952"},
    )
    assert done.status_code == 302
    assert person.login(username=accounts()["N-005"].username, password="Sun-fu-gui 1952")


def test_giving_them_again_makes_no_second_account(world, imported, charlie_client):
    give(charlie_client, imported, "everyone")
    users = User.objects.count()
    # 王銀柱 sets a password; the others have not yet.
    wang = accounts()["N-001"]
    wang.set_password("Wang-yin-zhu 1952")
    wang.save()
    response = give(charlie_client, imported, "everyone")
    assert User.objects.count() == users
    assert (response.context["new"], response.context["relinked"], response.context["in_use"]) == (
        0,
        5,
        1,
    )
    assert len(links(response)) == 5


def test_a_file_not_imported_yet_gives_no_sign_ins(world, charlie_client):
    _page, record = preview(charlie_client, world.factory_a, workbook(GOOD))
    response = give(charlie_client, record, "everyone")
    assert landed(response) == record.get_absolute_url()
    assert not in_file().exists()


@pytest.mark.parametrize("who", ["", "all", "leaders\x00", "x" * 5000])
def test_a_bad_choice_gives_no_sign_ins(world, imported, charlie_client, who):
    response = give(charlie_client, imported, who)
    assert landed(response) == imported.get_absolute_url()
    assert not in_file().exists()


def test_only_those_who_run_the_factorys_groups_give_them(
    world, imported, alice_client, bob_client, fiona_client
):
    # The city federation sees the factory's imports but runs no group; a group's account
    # sees none; another factory's neither.
    assert give(fiona_client, imported).status_code == 403
    assert give(alice_client, imported).status_code == 404
    assert give(bob_client, imported).status_code == 404
    assert not in_file().exists()


def test_the_import_page_offers_them_once_imported(world, imported, charlie_client):
    content = charlie_client.get(imported.get_absolute_url()).content.decode()
    assert reverse("roster:import_sign_ins", args=[imported.pk]) in content


def test_two_numbers_that_give_the_same_sign_in_name_get_two_accounts(world, charlie_client):
    from tests.roster.test_import import row

    # Only the ASCII of an employee number goes into the sign-in name: both give f…-001.
    rows = [
        row("鑄工", "王銀柱小組", "王銀柱", "甲001", role="Union group leader"),
        row("鑄工", "王銀柱小組", "劉秀英", "乙001", gender="Female"),
    ]
    _page, record = preview(charlie_client, world.factory_a, workbook(rows))
    confirm(charlie_client, record)
    response = give(charlie_client, record, "everyone")
    assert response.status_code == 200 and response.context["new"] == 2
    names = sorted(
        s.user.username
        for s in Scope.objects.filter(member__employee_number__in=["甲001", "乙001"])
    )
    assert len(set(names)) == 2


@committed
def test_a_second_send_of_the_form_mails_nobody_twice(world, imported, charlie_client, mailoutbox):
    token = "a-one-time-token-for-this-form-0001"
    first = give(charlie_client, imported, "everyone", submit_token=token)
    second = give(charlie_client, imported, "everyone", submit_token=token)
    assert len(mailoutbox) == 1
    assert landed(first) == landed(second)

    # The page of links is the same people's both times, and the links work until the password
    # is set (a token carries the second it was made in: the two pages' may differ by one).
    def people(response):
        return [link.split("/reset/")[1].split("/")[0] for link in links(response)]

    assert people(first) == people(second) and len(links(first)) == 6


@committed
def test_a_mail_server_that_cannot_be_reached_leaves_the_links_on_the_page(
    world, imported, charlie_client, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    response = give(charlie_client, imported, "everyone")
    assert response.status_code == 200
    assert response.context["mailed"] == 0 and len(links(response)) == 6
    assert any("could not be e-mailed" in str(m) for m in response.context["messages"])
    assert in_file().count() == 6


def test_the_page_of_links_is_only_for_whoever_gave_them(world, imported, charlie_client):
    give(charlie_client, imported, "everyone")
    other = Client()
    other.force_login(User.objects.get(username="charlie"))
    url = reverse("roster:import_sign_ins", args=[imported.pk])
    # Another browser (even the same person's) has no links kept: back to the import.
    assert other.get(url)["Location"] == imported.get_absolute_url()


def test_the_federation_is_not_offered_what_it_may_not_do(world, imported, fiona_client):
    content = fiona_client.get(imported.get_absolute_url()).content.decode()
    assert reverse("roster:import_sign_ins", args=[imported.pk]) not in content
