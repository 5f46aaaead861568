"""The notification centre: the badge (no query more on any page), the list (newest first, by
day, each linking to its record, nothing of what its reader may not see), marking read, the
preferences and the unsubscribe link that needs no sign-in."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.mail import unsubscribe_token
from notifications.models import Notification, Preference
from tests.notifications.conftest import action_item, run_reminders, welfare_case

DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.usefixtures("led_groups")
LIST = reverse("notifications:list")


def notice_about(user, target, *, kind="action_item", params=None, at=None, url="/"):
    return Notification.objects.create(
        user=user,
        kind=kind,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        url=url,
        params=params or {"group": "韓潤小組", "description": "擦車床", "due_on": "2026-12-01"},
        day=timezone.localdate(at) if at else timezone.localdate(),
        created_at=at or timezone.now(),
    )


@pytest.fixture
def due(world, people, today):
    """alice has two notices from the command: an action item and a follow-up."""
    action_item(world.group_a, people.plain, today, today - DAY)
    welfare_case(world.group_a, people.plain, today)
    run_reminders()


def test_the_badge_counts_unread_notices_with_no_query_more(
    alice_client, due, django_assert_num_queries
):
    home = alice_client.get(reverse("groups:group_list")).content.decode()
    assert 'id="unread-count">2<' in home
    Notification.objects.filter(kind="action_item").update(read_at=timezone.now())
    assert 'id="unread-count">1<' in alice_client.get(LIST).content.decode()


def test_the_list_is_newest_first_by_day_and_links_to_records(
    world, people, alice_client, django_assert_num_queries
):
    item = action_item(world.group_a, people.plain, timezone.localdate(), timezone.localdate())
    old = notice_about(
        people.alice,
        item,
        at=timezone.now() - 2 * DAY,
        params={"group": "韓潤小組", "description": "舊事", "due_on": "2026-11-01"},
    )
    new = notice_about(people.alice, item, url=item.meeting.get_absolute_url())
    ContentType.objects.clear_cache()
    alice_client.get(LIST)
    # session, user, scope (with the badge's count), the page's count and rows, the records
    # still seen (one query per kind of record)
    with django_assert_num_queries(6):
        page = alice_client.get(LIST).content.decode()
    assert page.index("擦車床") < page.index("舊事")
    assert timezone.localdate(old.created_at).isoformat() in page
    assert f'action="{reverse("notifications:read", args=[new.pk])}"' in page
    response = alice_client.post(reverse("notifications:read", args=[new.pk]), {"open": "1"})
    assert response.url == item.meeting.get_absolute_url()
    assert Notification.objects.get(pk=new.pk).read_at is not None


def test_the_list_costs_the_same_for_fifty_notices(
    world, people, alice_client, django_assert_num_queries
):
    item = action_item(world.group_a, people.plain, timezone.localdate(), timezone.localdate())
    case = welfare_case(world.group_a, people.plain, timezone.localdate())
    for n in range(50):
        notice_about(people.alice, item if n % 2 else case, at=timezone.now() - n * DAY)
    alice_client.get(LIST)
    with django_assert_num_queries(7):  # as above, with two kinds of record
        alice_client.get(LIST)


def test_a_notice_about_what_its_reader_may_not_see_shows_neither_text_nor_link(
    world, people, bob_client
):
    """bob got a notice about alice's group (as if his scope had changed since): it shows
    as out of sight, without its words or its link, and opening it leads nowhere."""
    case = welfare_case(world.group_a, people.plain, timezone.localdate())
    secret = notice_about(
        people.bob,
        case,
        kind="welfare_follow_up",
        params={"group": "韓潤小組", "member": "李四", "due_on": "2026-12-01"},
        url=case.get_absolute_url(),
    )
    page = bob_client.get(LIST).content.decode()
    assert "李四" not in page and case.get_absolute_url() not in page
    assert "a record you may no longer see" in page
    response = bob_client.post(reverse("notifications:read", args=[secret.pk]), {"open": "1"})
    assert response.url == LIST


def test_nobody_reads_or_marks_anothers_notices(world, people, due, bob_client):
    theirs = Notification.objects.filter(user=people.alice).first()
    assert "修好三號車床" not in bob_client.get(LIST).content.decode()
    response = bob_client.post(reverse("notifications:read", args=[theirs.pk]))
    assert response.status_code == 404
    bob_client.post(reverse("notifications:read_all"))
    assert Notification.objects.filter(user=people.alice, read_at__isnull=True).count() == 2


def test_mark_one_and_all_read_says_so_and_clears_the_badge(people, due, alice_client):
    first = Notification.objects.filter(user=people.alice).first()
    assert alice_client.get(reverse("notifications:read", args=[first.pk])).status_code == 405
    page = alice_client.post(reverse("notifications:read", args=[first.pk]), follow=True)
    assert "Marked as read." in page.content.decode()
    assert 'id="unread-count">1<' in page.content.decode()
    page = alice_client.post(reverse("notifications:read_all"), follow=True).content.decode()
    assert "All your notices are marked as read (1)." in page
    assert 'id="unread-count"' not in page


def test_the_pages_need_a_sign_in(anon_client):
    response = anon_client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_preferences_are_kept_once_per_account(people, alice_client):
    url = reverse("notifications:preferences")
    assert alice_client.get(url).status_code == 200
    form = {"language": "zh-hant", "delivery": "at_once", "mailed_kinds": ["welfare_follow_up"]}
    for _ in range(2):  # a double click
        response = alice_client.post(url, form)
        assert response.status_code == 302
    preference = Preference.objects.get(user=people.alice)
    assert preference.language == "zh-hant" and preference.delivery == "at_once"
    assert "action_item" in preference.muted_kinds
    assert "welfare_follow_up" not in preference.muted_kinds
    bad = alice_client.post(url, {"language": "xx", "delivery": "?", "mailed_kinds": ["nope"]})
    assert bad.status_code == 200


def test_one_click_unsubscribes_without_a_sign_in(people):
    stranger = Client(enforce_csrf_checks=True)
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(people.alice)])
    assert stranger.get(url).status_code == 200
    assert not Preference.objects.filter(user=people.alice).exists()  # a GET writes nothing
    # A mail program's one-click POST: no cookie, no CSRF token.
    assert stranger.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert set(Preference.objects.get(user=people.alice).muted_kinds) >= {"action_item"}


def test_a_changed_or_foreign_token_finds_nobody(people, anon_client):
    token = unsubscribe_token(people.alice)
    forged = token.replace(":", "x:", 1)
    for bad in (forged, "nothing", "a" * 300):
        url = reverse("notifications:unsubscribe", args=[bad])
        assert anon_client.post(url).status_code == 404
    assert not Preference.objects.exists()


def test_a_link_of_a_kind_the_site_no_longer_has_unsubscribes_from_nothing(people, anon_client):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(people.alice, "gone")])
    assert anon_client.get(url).status_code == 404
    assert anon_client.post(url).status_code == 404
    assert not Preference.objects.exists()
    one = reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(people.alice, "action_item")]
    )
    assert anon_client.post(one).status_code == 200
    assert Preference.objects.get(user=people.alice).muted_kinds == ["action_item"]
