"""The headers that keep a page from running foreign script or using the browser's devices, and
templates that leave nothing for a Content-Security-Policy to block."""

import re
from pathlib import Path

import pytest
from django.test import Client

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
STATIC_JS = TEMPLATES.parent / "static" / "js"


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.django_db
def test_it_sends_a_content_security_policy_on_the_sign_in_page():
    policy = directives(Client().get("/accounts/login/"))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


def test_it_sends_the_policy_on_the_pages_and_the_admin(fiona_client):
    for url in ["/", "/groups/", "/admin/"]:
        response = fiona_client.get(url)
        assert response.status_code == 200, url
        assert directives(response)["script-src"] == ["'self'"], url


@pytest.mark.django_db
def test_it_turns_off_the_browser_features_the_site_does_not_use():
    response = Client().get("/accounts/login/")

    header = response["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in header.split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert features[feature] == "()", feature
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


# An on*= attribute in a tag (onclick=, onchange=…), a javascript: URL, or a <script> block that the
# browser would run (json_script's type="application/json" blocks are data, not script).
INLINE_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.DOTALL)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def inline_script_problems(text):
    problems = [m.group(0)[-40:] for m in INLINE_HANDLER.finditer(text)]
    problems += [m.group(0) for m in JAVASCRIPT_URL.finditer(text)]
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if "src=" not in attributes and 'type="application/json"' not in attributes:
            problems.append(match.group(0))
    return problems


def test_it_finds_an_inline_handler_when_there_is_one():
    assert inline_script_problems('<button type="button" onclick="window.print()">')
    assert inline_script_problems('<select\n  name="period" onchange="this.form.submit()">')
    assert inline_script_problems("<script>alert(1)</script>")
    assert inline_script_problems('<a href="javascript:void(0)">')
    assert not inline_script_problems('<script src="/static/js/site.js"></script>')
    assert not inline_script_problems("<p>Questions on the union</p><select data-autosubmit>")


def test_it_has_no_inline_script_in_any_template():
    found = {
        str(path.relative_to(TEMPLATES)): problems
        for path in TEMPLATES.rglob("*.html")
        if (problems := inline_script_problems(path.read_text()))
    }

    assert found == {}


def test_it_wires_the_print_button_and_the_period_choice_from_the_sites_script():
    booklet = (TEMPLATES / "oversight" / "booklet.html").read_text()
    period = (TEMPLATES / "oversight" / "_period_choice.html").read_text()
    script = (STATIC_JS / "site.js").read_text()

    assert "data-print" in booklet and "js/site.js" in booklet
    assert "data-autosubmit" in period
    assert "[data-print]" in script and "[data-autosubmit]" in script
