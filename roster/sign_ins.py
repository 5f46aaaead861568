"""Sign-ins for the people of an imported roster, in one go: an account for each member of the
file who has none (its group leaders and officers, or everyone), each with its one-time link,
shown on a page to print and hand over and e-mailed to those with an address."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

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


SESSION_KEY = "roster_sign_ins"


def _record(request, pk):
    record = get_for_user(RosterImport.objects.select_related("factory"), request.user, pk)
    require(request.user, Capability.MANAGE_GROUPS, record.factory)
    return record


@never_cache
@once
def import_sign_ins(request, pk):
    """POST: make the sign-ins, e-mail the links once the accounts are saved, and lead to the page
    of links (a second send of the same form leads there too, and mails nobody twice). GET: that
    page, from what this browser's session keeps of the last hand-out of this file."""
    record = _record(request, pk)
    if request.method != "POST":
        return _handed_out(request, record)
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
    kept = {
        "record": record.pk,
        "handed": [[h.member.pk, h.user.pk, h.new] for h in handed],
        "mailed": 0,
    }
    request.session[SESSION_KEY] = kept
    to_mail = [
        (h.user, h.member, request.build_absolute_uri(h.path))
        for h in handed
        if h.path and h.member.email
    ]

    def mail():
        # After the accounts are saved: a link never names an account that was rolled back.
        sent, failed = accounts.mail_sign_ins(to_mail)
        kept["mailed"] = sent
        request.session[SESSION_KEY] = kept
        if failed:
            messages.warning(
                request,
                ngettext(
                    "%(count)d link could not be e-mailed: hand it over from this page.",
                    "%(count)d links could not be e-mailed: hand them over from this page.",
                    failed,
                )
                % {"count": failed},
            )

    transaction.on_commit(mail)
    return redirect("roster:import_sign_ins", record.pk)


def _handed_out(request, record):
    kept = request.session.get(SESSION_KEY) or {}
    if kept.get("record") != record.pk:
        return redirect(record)
    rows = kept.get("handed", [])
    members = Member.objects.visible_to(request.user).select_related("group__workshop")
    members = members.in_bulk([row[0] for row in rows])
    users = get_user_model().objects.in_bulk([row[1] for row in rows])
    handed = []
    for member_pk, user_pk, new in rows:
        member, user = members.get(member_pk), users.get(user_pk)
        if member is None or user is None:
            continue
        # A link until the person has set a password: the same link each time it is shown.
        link = (
            ""
            if user.has_usable_password()
            else request.build_absolute_uri(accounts.sign_in_path(user))
        )
        handed.append((accounts.Handed(member, user, link, new), link))
    context = {
        "record": record,
        "factory": record.factory,
        "handed": handed,
        "new": sum(1 for h, _link in handed if h.new),
        "relinked": sum(1 for h, link in handed if link and not h.new),
        "in_use": sum(1 for _h, link in handed if not link),
        "mailed": kept.get("mailed", 0),
    }
    return render(request, "roster/sign_ins.html", context)
