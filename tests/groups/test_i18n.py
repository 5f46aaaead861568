"""The pages speak Simplified Chinese by default, Traditional and English on request."""

from django.test import Client
from django.urls import reverse


def test_it_speaks_simplified_chinese_by_default(alice, world, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client = Client()
    client.force_login(alice)
    page = client.get(world.group_a.get_absolute_url()).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "工会小组长" in page
    assert "生产小组长" in page


def test_it_speaks_traditional_chinese_when_asked(alice_client, world):
    alice_client.cookies["django_language"] = "zh-hant"
    page = alice_client.get(world.group_a.get_absolute_url()).content.decode()
    assert "工會小組長" in page
    assert "幹事和他們聯繫的積極分子" in page


def test_it_switches_language_from_the_sign_in_page(anon_client):
    response = anon_client.post(
        reverse("set_language"), {"language": "zh-hant", "next": "/accounts/login/"}
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "zh-hant"
    page = anon_client.get("/accounts/login/").content.decode()
    assert "登錄" in page


def test_it_offers_the_browser_date_picker_with_iso_dates_in_chinese(alice_client, world):
    alice_client.cookies["django_language"] = "zh-hans"
    url = reverse("groups:member_edit", args=[world.leader_a.pk])
    page = alice_client.get(url).content.decode()
    assert 'type="date" name="joined_union_on" value="2020-03-01"' in page
