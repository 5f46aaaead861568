"""Error pages in the user's language, and the two server errors that are not bugs.

Django calls ``server_error`` while it handles an uncaught exception, so the exception is at
hand. The database being down (or its connection lost) answers **503** with Retry-After, saying
that the last change was not saved; the app reconnects by itself on a later request (Django
closes a broken connection when the next request starts, ``conn_health_checks`` tests a kept
one). Two people saving the same thing at the same moment past every check answers **409**.
Each page renders from a template alone, without the request's context: no query, so it shows
when the database cannot.
"""

import sys

from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30


def _page(template, status, request, **context):
    context.setdefault("was_post", getattr(request, "method", "") == "POST")
    body = loader.get_template(template).render(context)
    return HttpResponse(body, status=status)


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, IntegrityError):
        return _page("409.html", 409, request)
    if isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DatabaseError) and not _database_answers()
    ):
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        response = _page("503.html", 503, request)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _page("500.html", 500, request)


def bad_request(request, exception):
    return _page("400.html", 400, request)


def _database_answers():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True
