"""Figures kept for a short while: what a page of figures over a whole scope computes (a factory's
or the city's rates, counts and sums over years of records) is kept in Django's cache for
``KEPT_SECONDS`` per scope, language, the page's own parameters and the day, so that a change shows
to everyone within that time and the pages do not compute it again for every reader.

Whoever has just written (any successful POST of their browser in the last ``MAX_LAG`` seconds:
``groups.replica.wrote_recently``) gets the figures computed afresh, and keeps those for the
others: a change shows at once to the person who made it. The cache is Django's (local memory
by default, Redis when ``DJANGO_CACHE_URL`` names one): each server process keeps its own unless
a shared cache is configured, and the bound holds either way.
"""

from django.core.cache import cache
from django.utils import timezone, translation

from groups import replica
from groups.scoping import user_scope

#: How long figures are kept: a change shows to everyone within this time.
KEPT_SECONDS = 30


def scope_key(user):
    """Whose figures: everything for a superuser, else the scope's level and unit ("none" for a
    user without a scope, who sees nothing: the same nothing for all of them)."""
    if user.is_superuser:
        return "all"
    scope = user_scope(user)
    return f"{scope.level}-{scope.unit.pk}" if scope is not None else "none"


def key_for(name, user, parts=(), today=None):
    """The cache key of ``name``'s figures for ``user``: their scope, the language (figures carry
    translated labels), the page's parameters and the day."""
    today = today or timezone.localdate()
    shown = ":".join(str(part) for part in parts)
    return f"kept:{name}:{scope_key(user)}:{translation.get_language()}:{shown}:{today.isoformat()}"


def kept(request, name, parts, compute, fresh=None):
    """``compute()``'s result for the user of ``request``, as kept for ``KEPT_SECONDS``, or
    computed now (and kept for the others) when this browser has just written or nothing is kept.
    Returns ``(figures, at)``: ``at`` is when the computing began (the figures hold every change
    made before it)."""
    if fresh is None:
        fresh = replica.wrote_recently(request)
    now = timezone.now()
    key = key_for(name, request.user, parts, timezone.localdate(now))
    held = None if fresh else cache.get(key)
    if held is not None and (now - held[1]).total_seconds() >= KEPT_SECONDS:
        held = None  # kept for longer than that: computed more than KEPT_SECONDS ago
    if held is None:
        held = (compute(), now)
        cache.set(key, held, KEPT_SECONDS)
    return held


def kept_context(figures, at):
    """What the page's note on its figures' age needs (``templates/_kept_note.html``)."""
    return {**figures, "figures_at": at, "figures_kept_seconds": KEPT_SECONDS}
