import base64
import math

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.forms import SetupForm, SignInForm, StaffForm, VerifyForm
from accounts.policy import second_factor_required
from accounts.services import sessions_sign_out_others
from groups.access import get_for_user, get_member_for_user
from groups.capabilities import Capability
from groups.forms import refusals_into
from groups.models import FactoryUnion, Scope, WorkshopUnion
from groups.once import once
from groups.params import safe_next
from groups.scoping import Level, user_scope


def _next_url(request, default="home"):
    return safe_next(request, default)


def _device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def _qr_svg(url):
    """The otpauth:// URL as an SVG QR code, for an <img> (data: URL: no inline markup)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def two_factor(request):
    """Set up an authenticator app (TOTP), or see that one is set up."""
    device = _device(request.user)
    if device is not None:
        return render(
            request,
            "accounts/two_factor_status.html",
            {
                "device": device,
                "may_turn_off": request.user.is_verified()
                and not second_factor_required(request.user),
            },
        )
    form = SetupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        new_device = form.cleaned_data["device"]
        new_device.save()
        otp_login(request, new_device)
        messages.success(request, _("Two-factor sign-in is on."))
        return redirect(_next_url(request))
    offered = form.device()
    if offered is None:
        form = SetupForm(user=request.user)
        offered = form.device()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": base64.b32encode(offered.bin_key).decode(),
            "qr_code": _qr_svg(offered.config_url),
            "required": second_factor_required(request.user),
            "next": _next_url(request, default=""),
        },
    )


def two_factor_verify(request):
    """The code of the user's authenticator, after the password."""
    device = _device(request.user)
    if device is None:
        return redirect("accounts:two_factor")
    form = VerifyForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request, default="")},
    )


@require_POST
def two_factor_off(request):
    """Remove the authenticator, from a session it verified, where it is not required."""
    if not request.user.is_verified() or second_factor_required(request.user):
        return HttpResponseForbidden()
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:two_factor")


@require_POST
def sign_out_everywhere(request):
    """Sign the user out of every other browser; this one stays signed in."""
    sessions_sign_out_others(user=request.user, keep_session_key=request.session.session_key)
    messages.success(request, _("You are signed out of every other browser."))
    return redirect("home")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in while the username is locked from this address."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


@once
def member_sign_in(request, pk):
    """Staff give a member a sign-in of their own (or a new link for the one they have): the
    one-time link is shown to hand over, and e-mailed where the member has an address."""
    member = get_member_for_user(request.user, pk, need=Capability.MANAGE_GROUPS)
    account = Scope.objects.filter(member=member, level=Level.GROUP).select_related("user").first()
    context = {"member": member, "account": account.user if account else None}
    if request.method == "POST":
        form = SignInForm(request.POST)
        if form.is_valid():
            with refusals_into(form) as call:
                user, path = services.member_sign_in(member=member)
            if call.done:
                link = request.build_absolute_uri(path)
                mailed = False
                if member.email:
                    sent, failed = services.mail_sign_ins([(user, member, link)])
                    mailed = bool(sent)
                    if failed:
                        messages.warning(
                            request,
                            _("The link could not be e-mailed just now: hand it over yourself."),
                        )
                context.update(account=user, link=link, mailed=mailed)
                return render(request, "accounts/member_sign_in.html", context)
        context["form"] = form
        return render(request, "accounts/member_sign_in.html", context, status=400)
    context["form"] = SignInForm()
    return render(request, "accounts/member_sign_in.html", context)


UNITS = {"factory": FactoryUnion, "workshop": WorkshopUnion}


@once
def staff_sign_in(request, level, pk):
    """A sign-in for union staff of a factory or a workshop, made by staff above or beside them
    (never above their own level): the one-time link is shown and e-mailed where given."""
    if level not in UNITS:
        raise Http404
    unit = get_for_user(
        UNITS[level].objects.all(), request.user, pk, need=Capability.MANAGE_ACCOUNTS
    )
    scope = user_scope(request.user)
    if level == Level.FACTORY and scope is not None and scope.level == Level.WORKSHOP:
        raise PermissionDenied  # workshop staff make no factory accounts
    form = StaffForm(request.POST or None)
    context = {"unit": unit, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            user, path = services.staff_sign_in(
                unit=unit, username=data["username"], name=data["name"], email=data["email"]
            )
        if call.done:
            link = request.build_absolute_uri(path)
            if user.email:
                services.mail_staff_sign_in(user=user, unit=unit, link=link)
            context.update(account=user, link=link, mailed=bool(user.email))
    status = 400 if form.errors else 200
    return render(request, "accounts/staff_sign_in.html", context, status=status)
