from django.conf import settings
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
