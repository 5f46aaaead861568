"""The client's address, for counting failed sign-ins (django-axes' AXES_CLIENT_IP_CALLABLE)."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or behind our own proxies (DJANGO_BEHIND_PROXY) the address the outermost of
    them saw: X-Forwarded-For is "client, proxy1, proxy2", each proxy appending the address it was
    called from, so only the last UNIONSITE_PROXY_COUNT entries were written by proxies we trust;
    anything left of them the client may have made up to dodge the lockout."""
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.UNIONSITE_BEHIND_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    count = settings.UNIONSITE_PROXY_COUNT
    if count < 1 or len(forwarded) < count:
        return remote
    return forwarded[-count]
