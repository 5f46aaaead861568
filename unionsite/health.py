"""Probes for load balancers and orchestrators, answered before any other middleware.

They come first so that a probe over plain HTTP, or with an IP address as its Host, is neither
redirected to HTTPS nor refused, and so that ``/healthz`` never reads a session or the database.
"""

from django.db import connection
from django.http import HttpResponse


def _text(body, status=200):
    response = HttpResponse(body, status=status, content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return _text("ok")
        if request.path == "/readyz":
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
            except Exception:  # noqa: BLE001 (whatever the database says, it is not ready)
                return _text("database unavailable", status=503)
            return _text("ok")
        return self.get_response(request)
