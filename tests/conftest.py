"""Personas and the small world they live in.

- alice leads 韓潤小組 (group A) in factory A;
- bob leads a group in factory B, another factory: an outsider to everything of alice's;
- charlie is factory union staff of factory A; walter is workshop staff of alice's workshop;
- fiona is city federation staff (reads everything, writes no group record);
- an anonymous visitor.
"""

import os
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import (
    FactoryUnionFactory,
    FederationFactory,
    MemberFactory,
    RoleFactory,
    UnionGroupFactory,
    WorkshopUnionFactory,
    scoped_user,
)

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from
# such a thread unless told that this is fine (it is: the loop is not serving requests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # English pages for assertions (tests of the Chinese pages ask for them), plain static files
    # (no collectstatic manifest), and plain HTTP for the test client and the live server.
    settings.LANGUAGE_CODE = "en"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The personas sign in with force_login and no second factor, and the pinned query counts are
    # the pages' own, without the session's refresh on every request; tests/security/ turns both
    # back on to test them.
    settings.UNIONSITE_OTP_REQUIRED = False
    settings.UNIONSITE_SESSION_PUSH_SECONDS = None
    # Each test starts with nothing kept (the standings of a round of an earlier test, whose
    # database was rolled back, may carry the same keys).
    cache.clear()


@pytest.fixture
def world(db):
    """Two factories of one city. Factory A has two workshops; alice's group sits in the first."""
    federation = FederationFactory()
    factory_a = FactoryUnionFactory(federation=federation, name="太原機器廠")
    factory_b = FactoryUnionFactory(federation=federation, name="太原鋼鐵廠")
    workshop_a = WorkshopUnionFactory(factory=factory_a, name="金工")
    workshop_a2 = WorkshopUnionFactory(factory=factory_a, name="裝配")
    workshop_b = WorkshopUnionFactory(factory=factory_b, name="煉鋼")
    group_a = UnionGroupFactory(workshop=workshop_a, name="韓潤小組")
    group_a2 = UnionGroupFactory(workshop=workshop_a2, name="杜鳴舉小組")
    group_b = UnionGroupFactory(workshop=workshop_b, name="溫小清小組")
    leader_a = MemberFactory(group=group_a, name="韓潤")
    leader_b = MemberFactory(group=group_b, name="溫小清")
    RoleFactory(member=leader_a)
    RoleFactory(member=leader_b)
    return SimpleNamespace(**locals())


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice(world):
    return scoped_user("alice", world.group_a, member=world.leader_a)


@pytest.fixture
def bob(world):
    return scoped_user("bob", world.group_b, member=world.leader_b)


@pytest.fixture
def charlie(world):
    return scoped_user("charlie", world.factory_a, is_staff=True)


@pytest.fixture
def walter(world):
    return scoped_user("walter", world.workshop_a)


@pytest.fixture
def fiona(world):
    return scoped_user("fiona", world.federation, is_staff=True)


@pytest.fixture
def alice_client(alice):
    return _client_for(alice)


@pytest.fixture
def bob_client(bob):
    return _client_for(bob)


@pytest.fixture
def charlie_client(charlie):
    return _client_for(charlie)


@pytest.fixture
def walter_client(walter):
    return _client_for(walter)


@pytest.fixture
def fiona_client(fiona):
    return _client_for(fiona)


@pytest.fixture
def anon_client():
    return Client()
