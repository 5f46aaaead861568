"""The site's settings for the test run, with a secret key of the tests' own.

With DEBUG off (as the tests run, to test the production code path), unionsite/settings.py refuses
the development key; pytest-django loads the settings before any conftest could set the
environment, so the key is set here, for `make test`, CI and a plain `pytest` alike.
"""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "unionsite-tests-only-3f9c1e7a2b8d4c6e9a0b1d2f3e4c5a6b7d8e9f0a1b2c3d4e"
)

from unionsite.settings import *  # noqa: E402, F403

# Background jobs run at once in the tests, in the request that queues them; the tests of the
# database backend and its worker (tests/downloads) choose it themselves.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # noqa: F405
