import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django_otp import user_has_device

from accounts.policy import second_factor_required

# What a signed-in user who still owes the second factor may reach: the two-factor pages, and the
# ways out (sign out, sign in as someone else, another language).
OPEN_BEFORE_SECOND_FACTOR = {
    "accounts:two_factor",
    "accounts:two_factor_verify",
    "login",
    "logout",
    "set_language",
}


class SecondFactorMiddleware:
    """Where the second factor is required (settings.UNIONSITE_OTP_REQUIRED) of a user, every page,
    the admin included, sends a session not yet verified to set up a device or to enter a code.
    After django_otp's OTPMiddleware, which gives ``request.user.is_verified()``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.UNIONSITE_OTP_REQUIRED:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified() or not second_factor_required(user):
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if user_has_device(user, confirmed=True):
            step = reverse("accounts:two_factor_verify")
        else:
            step = reverse("accounts:two_factor")
        return redirect_to_login(request.get_full_path(), step)


#: The session key holding when the session's end was last pushed back (seconds since the epoch).
PUSHED_AT = "_idle_pushed_at"


def push_idle_end(session, now=None):
    session[PUSHED_AT] = int(now if now is not None else time.time())


class IdleSessionMiddleware:
    """A signed-in session ends after ``SESSION_COOKIE_AGE`` without a request (a working day):
    each request pushes its end back, but the session is written for it at most once every
    ``UNIONSITE_SESSION_PUSH_SECONDS`` (5 minutes), not on every page (Django's
    ``SESSION_SAVE_EVERY_REQUEST`` costs a write and a commit on every request). The end comes
    between 8 h 55 min and 9 h after the last request. Inside the session middleware, which saves a
    modified session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        every = settings.UNIONSITE_SESSION_PUSH_SECONDS
        session = getattr(request, "session", None)
        if every is None or session is None or SESSION_KEY not in session:
            return response
        now = time.time()
        if now - session.get(PUSHED_AT, 0) >= every:
            push_idle_end(session, now)
        return response
