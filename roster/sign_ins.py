"""Sign-ins for the people of an imported roster, in one go: an account for each member of the
file who has none (its group leaders and officers, or everyone), each with its one-time link,
shown on a page to print and hand over and e-mailed to those with an address."""

import smtplib

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import services as accounts
from groups.access import get_for_user, require
from groups.capabilities import Capability
from groups.models import Member, Role
from groups.once import once
from roster.forms import SignInsForm
from roster.models import RosterImport

LEADING = (Role.Kind.UNION_LEADER, Role.Kind.PRODUCTION_LEADER, Role.Kind.OFFICER)


def members_in_file(record, user, *, leaders_only):
    """The members the imported file named, as the user sees them."""
    members = Member.objects.visible_to(user).filter(
        factory=record.factory, pk__in=[pk for pk in record.members if isinstance(pk, int)]
    )
    if leaders_only:
        members = members.filter(
            pk__in=Role.objects.current().filter(kind__in=LEADING).values("member")
        )
    return members


@never_cache
@once
@require_POST
def import_sign_ins(request, pk):
    record = get_for_user(RosterImport.objects.select_related("factory"), request.user, pk)
    require(request.user, Capability.MANAGE_GROUPS, record.factory)
    form = SignInsForm(request.POST)
    if record.status != RosterImport.Status.IMPORTED:
        messages.error(request, _("Import the file first: then its people can be given sign-ins."))
        return redirect(record)
    if not form.is_valid():
        messages.error(request, _("Choose whom to give sign-ins to."))
        return redirect(record)
    members = members_in_file(
        record, request.user, leaders_only=form.cleaned_data["who"] == SignInsForm.LEADERS
    )
    handed = accounts.member_sign_ins(members=members)
    links = {h.member.pk: request.build_absolute_uri(h.path) for h in handed if h.path}
    try:
        mailed = accounts.mail_sign_ins(
            [(h.user, h.member, links[h.member.pk]) for h in handed if h.path and h.member.email]
        )
    except (OSError, smtplib.SMTPException):
        mailed = 0
        messages.warning(
            request,
            _("The links could not be e-mailed just now: hand them over from this page."),
        )
    context = {
        "record": record,
        "factory": record.factory,
        "handed": [(h, links.get(h.member.pk, "")) for h in handed],
        "new": sum(1 for h in handed if h.new),
        "relinked": sum(1 for h in handed if h.path and not h.new),
        "in_use": sum(1 for h in handed if not h.path),
        "mailed": mailed,
    }
    return render(request, "roster/sign_ins.html", context)
