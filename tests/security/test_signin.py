"""Signing in under attack: lockout after wrong passwords, idle sessions, changing and resetting
the password, signing out everywhere, the second factor, and the secret key production needs."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import PUSHED_AT
from tests.factories import UserFactory
from tests.test_site import run_manage

PASSWORD = "unionsite-test"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def sign_in(client, username, password=PASSWORD, url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def fail_until_locked(client, username, settings, url=LOGIN, **extra):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "wrong-password", url=url, **extra)


def is_signed_in(client):
    return client.get(reverse("groups:group_list")).status_code == 200


# --- Lockout (django-axes) ---


def test_it_refuses_the_right_password_after_repeated_wrong_ones(alice, settings):
    client = Client()
    fail_until_locked(client, "alice", settings)

    response = sign_in(client, "alice")

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert 'id="language-form"' in response.content.decode()  # the site's page, not a bare 403
    assert not is_signed_in(client)


def test_it_shows_the_lockout_in_the_users_language(alice, settings):
    client = Client()
    fail_until_locked(client, "alice", settings)

    response = sign_in(client, "alice", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 429
    assert '<html lang="zh-hans">' in response.content.decode()


def test_it_lets_another_username_sign_in_from_the_same_address(alice, bob, settings):
    client = Client()
    fail_until_locked(client, "alice", settings)

    response = sign_in(client, "bob")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_it_lets_the_user_in_once_the_cool_off_is_over(alice, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    client = Client()
    fail_until_locked(client, "alice", settings)
    assert sign_in(client, "alice").status_code == 429

    # Two minutes pass.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=2))

    assert sign_in(client, "alice").status_code == 302
    assert is_signed_in(client)


def test_it_locks_the_admin_sign_in_too(db, settings):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    fail_until_locked(client, "root", settings, url=ADMIN_LOGIN)

    response = sign_in(client, "root", url=ADMIN_LOGIN)

    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_it_counts_failures_from_the_site_and_the_admin_together(alice, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice", "wrong-password", url=ADMIN_LOGIN)

    assert sign_in(client, "alice").status_code == 429


def test_it_ignores_a_forwarded_address_unless_behind_a_proxy(alice, settings):
    client = Client()
    fail_until_locked(client, "alice", settings)

    # A client that makes up X-Forwarded-For does not get a fresh count.
    assert sign_in(client, "alice", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429


def test_it_counts_by_the_forwarded_address_behind_a_proxy(alice, settings):
    settings.UNIONSITE_BEHIND_PROXY = True
    client = Client()
    fail_until_locked(client, "alice", settings, HTTP_X_FORWARDED_FOR="203.0.113.9")

    locked = sign_in(client, "alice", HTTP_X_FORWARDED_FOR="203.0.113.9")
    # Another workplace behind the same proxy; and a client prepending the locked-out address.
    elsewhere = sign_in(Client(), "alice", HTTP_X_FORWARDED_FOR="198.51.100.4")
    spoofed = sign_in(Client(), "alice", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.5")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302
    assert spoofed.status_code == 302


# --- Idle sessions ---


def _session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def _pass_time(client, hours):
    """The session was last used ``hours`` ago: its end is that much nearer, and so is when it
    was last pushed back."""
    session = client.session
    session[PUSHED_AT] -= hours * 3600
    session.save()
    row = _session_row(client)
    row.expire_date -= timedelta(hours=hours)
    row.save()


def test_it_signs_out_a_session_idle_for_longer_than_a_working_day(alice, settings):
    settings.UNIONSITE_SESSION_PUSH_SECONDS = 300
    client = Client()
    sign_in(client, "alice")
    assert is_signed_in(client)

    _pass_time(client, hours=10)

    assert not is_signed_in(client)


def test_it_keeps_a_session_in_use_alive(alice, settings):
    settings.UNIONSITE_SESSION_PUSH_SECONDS = 300
    client = Client()
    sign_in(client, "alice")

    _pass_time(client, hours=8)
    assert is_signed_in(client)
    _pass_time(client, hours=8)

    assert is_signed_in(client)
    remaining = _session_row(client).expire_date - timezone.now()
    assert timedelta(hours=8, minutes=59) < remaining <= timedelta(hours=9)


def test_a_session_in_use_is_written_at_most_every_five_minutes(alice, settings, monkeypatch):
    settings.UNIONSITE_SESSION_PUSH_SECONDS = 300
    client = Client()
    sign_in(client, "alice")
    writes = []

    def pages_written():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        writes.append(sum('UPDATE "django_session"' in q["sql"] for q in queries))

    pages_written()
    pages_written()
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 301)
    pages_written()
    pages_written()
    assert writes == [0, 0, 1, 0]


# --- Changing the password, signing out everywhere ---


def _two_browsers(username):
    first, second = Client(), Client()
    assert sign_in(first, username).status_code == 302
    assert sign_in(second, username).status_code == 302
    return first, second


def test_it_changes_the_password_on_a_page_of_the_site(alice_client):
    response = alice_client.get(reverse("password_change"))

    assert response.status_code == 200
    assert 'id="language-form"' in response.content.decode()
    assert "Change your password" in response.content.decode()


def test_it_signs_out_the_other_sessions_on_a_password_change(alice):
    here, elsewhere = _two_browsers("alice")

    response = here.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-pass-phrase-7",
            "new_password2": "a-new-pass-phrase-7",
        },
    )

    assert response.status_code == 302
    assert 'id="language-form"' in here.get(response["Location"]).content.decode()
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)


def test_it_signs_out_everywhere_else(alice, bob):
    here, elsewhere = _two_browsers("alice")
    bobs = Client()
    sign_in(bobs, "bob")

    response = here.post(reverse("accounts:sign_out_everywhere"))

    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert is_signed_in(bobs)


def test_it_signs_out_everywhere_only_by_post(alice):
    here, elsewhere = _two_browsers("alice")

    assert here.get(reverse("accounts:sign_out_everywhere")).status_code == 405
    assert is_signed_in(elsewhere)


def test_it_offers_the_account_pages_in_the_menu(alice_client):
    page = alice_client.get(reverse("groups:group_list")).content.decode()

    assert reverse("password_change") in page
    assert reverse("accounts:two_factor") in page
    assert reverse("accounts:sign_out_everywhere") in page


# --- Forgotten password ---


def test_it_mails_a_link_that_sets_a_new_password(alice, mailoutbox):
    alice.email = "alice@example.org"
    alice.save()
    client = Client()
    form = client.get(reverse("password_reset"))
    assert 'id="language-form"' in form.content.decode()

    response = client.post(reverse("password_reset"), {"email": "alice@example.org"})

    assert response.status_code == 302
    assert 'id="language-form"' in client.get(response["Location"]).content.decode()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mailoutbox[0].body).group(1)
    set_password_url = client.get(link)["Location"]
    page = client.get(set_password_url)
    assert 'id="language-form"' in page.content.decode()
    done = client.post(
        set_password_url,
        {"new_password1": "a-new-pass-phrase-7", "new_password2": "a-new-pass-phrase-7"},
    )
    assert done.status_code == 302
    assert sign_in(Client(), "alice", "a-new-pass-phrase-7").status_code == 302
    assert sign_in(Client(), "alice", PASSWORD).status_code == 200  # the old one no longer works


def test_it_answers_the_same_for_an_unknown_address(alice, mailoutbox):
    alice.email = "alice@example.org"
    alice.save()

    known = Client().post(reverse("password_reset"), {"email": "alice@example.org"})
    unknown = Client().post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert len(mailoutbox) == 1


def test_it_links_the_password_reset_from_the_sign_in_page(db):
    assert reverse("password_reset") in Client().get(LOGIN).content.decode()


# --- Second factor (TOTP) ---


@pytest.fixture
def otp_required(settings):
    settings.UNIONSITE_OTP_REQUIRED = True


def _code(device):
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits).token()).zfill(6)


def _device_for(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_it_sends_a_federation_account_without_a_device_to_set_one_up(otp_required, fiona_client):
    for url in ["/", "/admin/", reverse("groups:group_list")]:
        response = fiona_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor") + "?next="), url


def test_it_sets_up_an_authenticator(otp_required, fiona, fiona_client):
    page = fiona_client.get(reverse("accounts:two_factor"), {"next": "/admin/"})
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in page.content.decode()
    offered = page.context["form"].device()
    assert page.context["secret"] in page.content.decode()

    response = fiona_client.post(
        reverse("accounts:two_factor"),
        {"key": page.context["form"].signed_key(), "code": _code(offered), "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert fiona_client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=fiona).key == offered.key


def test_it_refuses_a_wrong_code_at_set_up(otp_required, fiona, fiona_client):
    page = fiona_client.get(reverse("accounts:two_factor"))
    offered = page.context["form"].device()
    wrong = str((int(_code(offered)) + 1) % 1000000).zfill(6)

    response = fiona_client.post(
        reverse("accounts:two_factor"), {"key": page.context["form"].signed_key(), "code": wrong}
    )

    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=fiona).exists()
    assert fiona_client.get("/").status_code == 302


def test_it_asks_a_federation_account_for_its_code(otp_required, fiona, fiona_client):
    _device_for(fiona)

    for url in ["/", "/admin/"]:
        response = fiona_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor_verify")), url


def test_it_lets_in_a_federation_account_with_the_right_code(otp_required, fiona, fiona_client):
    device = _device_for(fiona)

    response = fiona_client.post(
        reverse("accounts:two_factor_verify"), {"code": _code(device), "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert fiona_client.get("/").status_code == 200
    assert fiona_client.get("/admin/").status_code == 200


def test_it_refuses_a_wrong_code(otp_required, fiona, fiona_client):
    device = _device_for(fiona)
    wrong = str((int(_code(device)) + 1) % 1000000).zfill(6)

    response = fiona_client.post(reverse("accounts:two_factor_verify"), {"code": wrong})

    assert response.status_code == 200
    assert "not right" in response.content.decode()
    assert fiona_client.get("/").status_code == 302


def test_it_asks_a_superuser_for_the_code_after_the_admin_sign_in(otp_required, root):
    device = _device_for(root)
    client = Client()
    assert sign_in(client, "root", url=ADMIN_LOGIN).status_code == 302

    assert client.get("/admin/")["Location"].startswith(reverse("accounts:two_factor_verify"))
    client.post(reverse("accounts:two_factor_verify"), {"code": _code(device)})
    assert client.get("/admin/").status_code == 200


def test_it_asks_for_the_code_after_the_password_on_the_sign_in_page(otp_required, fiona):
    _device_for(fiona)
    client = Client()

    response = client.post(LOGIN, {"username": "fiona", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_verify"))
    assert "Code from the app" in response.content.decode()


def test_it_does_not_ask_a_group_leader(otp_required, alice_client):
    assert alice_client.get("/").status_code == 200
    assert alice_client.get(reverse("groups:group_list")).status_code == 200


def test_it_lets_a_group_leader_turn_on_two_factor(otp_required, alice, alice_client):
    page = alice_client.get(reverse("accounts:two_factor"))
    offered = page.context["form"].device()
    alice_client.post(
        reverse("accounts:two_factor"),
        {"key": page.context["form"].signed_key(), "code": _code(offered)},
    )

    assert TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
    status = alice_client.get(reverse("accounts:two_factor")).content.decode()
    assert "Two-factor sign-in is on" in status


def test_it_lets_a_group_leader_turn_two_factor_off_from_a_verified_session(
    otp_required, alice, alice_client
):
    device = _device_for(alice)
    off = reverse("accounts:two_factor_off")
    assert alice_client.post(off).status_code == 403  # not verified yet: the code first
    alice_client.post(reverse("accounts:two_factor_verify"), {"code": _code(device)})

    assert alice_client.get(off).status_code == 405
    assert alice_client.post(off).status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()


def test_it_keeps_two_factor_on_for_a_federation_account(otp_required, fiona, fiona_client):
    device = _device_for(fiona)
    fiona_client.post(reverse("accounts:two_factor_verify"), {"code": _code(device)})

    assert fiona_client.post(reverse("accounts:two_factor_off")).status_code == 403
    assert TOTPDevice.objects.filter(user=fiona).exists()


def test_it_requires_the_second_factor_in_production_only():
    key = "a-key-of-the-tests-own-5c1d8e2f9a7b3c6d0e4f1a2b8c9d7e6f5a4b3c2d1e0f"
    show = "from django.conf import settings; print(settings.UNIONSITE_OTP_REQUIRED)"

    shell = ["shell", "--no-imports", "-c", show]
    production = run_manage(*shell, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key)
    development = run_manage(*shell, DJANGO_DEBUG="1")

    assert production.stdout.strip() == "True", production.stderr
    assert development.stdout.strip() == "False", development.stderr


# --- The secret key ---


def test_it_refuses_to_start_in_production_without_its_own_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_it_refuses_the_published_development_key_in_production():
    published = "django-insecure-unionsite-development-key-not-for-production"

    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=published)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_it_starts_in_production_with_a_key_and_in_development_without():
    with_key = run_manage(
        "check",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-key-of-the-tests-own-5c1d8e2f9a7b3c6d0e4f1a2b8c9d7e6f5a4b3c2d1e0f",
    )
    development = run_manage("check", DJANGO_DEBUG="1")

    assert with_key.returncode == 0, with_key.stderr
    assert development.returncode == 0, development.stderr
