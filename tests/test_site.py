"""The site as a whole: probes, sign-in, deployment settings, static files."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

BASE = Path(__file__).resolve().parent.parent


def test_it_answers_healthz_without_the_database():
    # No `db` fixture: pytest-django fails the test if the database is touched.
    response = Client().get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_it_answers_healthz_over_plain_http_in_production(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200


@pytest.mark.django_db
def test_it_checks_the_database_on_readyz():
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_sign_in():
    response = Client().get("/groups/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/groups/"


@pytest.mark.django_db
def test_it_signs_in_through_the_form(alice):
    client = Client()
    response = client.post("/accounts/login/", {"username": "alice", "password": "unionsite-test"})
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_it_passes_the_deployment_checks_with_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k7#Qm2!vX9pL4zR8wT1yB6nF3hJ0cD5sG-aE_uIoP8qW2eR4tY6",
        DJANGO_ALLOWED_HOSTS="unions.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_warns_about_a_weak_secret_key():
    # Production refuses the development key outright (tests/security/test_signin.py); a short
    # key of its own is still flagged.
    result = run_manage("check", "--deploy", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="too-short")
    assert "security.W009" in result.stderr + result.stdout


def test_it_collects_the_vendored_static_files(tmp_path):
    # Like every command with DEBUG off, it needs a key of its own (any, at build time).
    result = run_manage(
        "collectstatic",
        "--noinput",
        DJANGO_STATIC_ROOT=str(tmp_path),
        DJANGO_SECRET_KEY="collectstatic-at-build-time-needs-no-real-secret-but-not-the-published-one",
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/bootstrap/bootstrap.min.*.css"))


@pytest.mark.parametrize(
    ("language", "word", "other"), [("zh-hans", "打印", "列印"), ("zh-hant", "列印", "打印")]
)
def test_each_catalogue_has_one_word_for_print(language, word, other):
    # What the pages say: the compiled catalogues as Django merges them for the language (the
    # site's own, and those of Django and the packages it uses, the back office's among them).
    from django.utils.translation import trans_real

    catalogue = trans_real.translation(language)._catalog
    texts = [str(text) for _key, text in catalogue.items()]
    assert [text for text in texts if other in text] == []
    assert any(word in text for text in texts)
