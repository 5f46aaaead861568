import contextlib
import dataclasses
import smtplib

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from groups.models import FactoryUnion, Member, Scope
from groups.scoping import Level


def sessions_sign_out_others(*, user, keep_session_key):
    """Deletes the user's other live sessions (other browsers, a lost phone) and returns how many.

    Sessions live in the database (Django's default engine); each one names its user only inside
    its encoded data, so the live ones are read through. A city's few thousand accounts keep few
    enough sessions for that, and nothing new is stored to make it cheaper.
    """
    deleted = 0
    live = Session.objects.filter(expire_date__gt=timezone.now()).exclude(
        session_key=keep_session_key
    )
    for session in live.iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            deleted += 1
    return deleted


def _username(member):
    """A sign-in name the member can type: the factory's number and the employee number, kept to
    the characters Django allows (``f3-01-00042``); the member's key if nothing is left."""
    allowed = "".join(
        c for c in member.employee_number if c.isascii() and (c.isalnum() or c in "@.+-_")
    )
    return f"f{member.factory_id}-{allowed}" if allowed else f"member-{member.pk}"


@transaction.atomic
def member_sign_in(*, member: Member) -> tuple:
    """Give ``member`` a sign-in of their own, or a new link for the one they have: an account
    tied to the member, seeing the member's group and doing what the member's current role does
    (``groups.capabilities``). Returns ``(user, path)``: the one-time path at which the person
    sets their own password (it works once, for ``PASSWORD_RESET_TIMEOUT``)."""
    member = Member.objects.select_for_update().select_related("group").get(pk=member.pk)
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(_("Only an active member can be given a sign-in."))
    member.group.check_open()
    User = get_user_model()
    scope = Scope.objects.filter(member=member, level=Level.GROUP).select_related("user").first()
    if scope is None:
        username = _username(member)
        if User.objects.filter(username=username).exists():
            username = f"member-{member.pk}"
        user = User(username=username, first_name=member.name[:150], email=member.email)
        user.set_unusable_password()
        user.save()
        Scope.objects.create(user=user, level=Level.GROUP, group=member.group, member=member)
    else:
        user = scope.user
        user.is_active = True
        user.email = member.email or user.email
        user.save(update_fields=["is_active", "email"])
    return user, sign_in_path(user)


@dataclasses.dataclass
class Handed:
    """One member of a bulk hand-out: the account, and the one-time path if one was made."""

    member: Member
    user: object
    path: str = ""
    new: bool = False


@transaction.atomic
def member_sign_ins(*, members) -> list:
    """Sign-ins for many members at once (after a roster import): an account for each active
    member of an open group who has none, a new one-time link for each whose account has never
    had a password set, and nothing for those who use theirs already (listed, without a link).
    The members are locked as one does; a few queries whatever their number."""
    User = get_user_model()
    members = list(
        Member.objects.select_for_update(of=("self",))
        .filter(
            pk__in=[m.pk for m in members],
            status=Member.Status.ACTIVE,
            group__archived_on__isnull=True,
        )
        .select_related("group__workshop")
        .order_by("group__workshop__name", "group__name", "name", "pk")
    )
    scopes = {
        scope.member_id: scope.user
        for scope in Scope.objects.filter(member__in=members, level=Level.GROUP).select_related(
            "user"
        )
    }
    fresh = [m for m in members if m.pk not in scopes]
    wanted = {m.pk: _username(m) for m in fresh}
    taken = set(
        User.objects.filter(username__in=wanted.values()).values_list("username", flat=True)
    )
    # A name taken already, or by another member of this batch (``_username`` keeps only the
    # ASCII of an employee number: 甲001 and 乙001 both give f3-001), falls back to the key.
    names, used = {}, set(taken)
    for pk, name in wanted.items():
        names[pk] = f"member-{pk}" if name in used else name
        used.add(names[pk])
    new_users = []
    for member in fresh:
        user = User(username=names[member.pk], first_name=member.name[:150], email=member.email)
        user.set_unusable_password()
        new_users.append(user)
    User.objects.bulk_create(new_users)
    made = User.objects.in_bulk(names.values(), field_name="username")
    Scope.objects.bulk_create(
        Scope(user=made[names[m.pk]], level=Level.GROUP, group=m.group, member=m) for m in fresh
    )
    # An account whose member left and has come back works again, as ``member_sign_in`` does.
    ended = [user for user in scopes.values() if not user.is_active]
    User.objects.filter(pk__in=[user.pk for user in ended]).update(is_active=True)
    handed = []
    for member in members:
        if member.pk in scopes:
            user = scopes[member.pk]
            user.is_active = True
            path = "" if user.has_usable_password() else sign_in_path(user)
            handed.append(Handed(member, user, path))
        else:
            user = made[names[member.pk]]
            handed.append(Handed(member, user, sign_in_path(user), new=True))
    return handed


def mail_sign_in(*, user, member, link):
    """E-mail the sign-in link to the member's address, in the language of the page that made it."""
    context = {"member": member, "user": user, "link": link}
    send_mail(
        render_to_string("accounts/sign_in_subject.txt", context).strip(),
        render_to_string("accounts/sign_in_email.txt", context),
        None,
        [member.email],
    )


def mail_sign_ins(items):
    """E-mail many sign-in links over one connection; ``items`` are ``(user, member, link)``.
    Returns ``(sent, failed)``: a message the server refuses, or a server that cannot be reached,
    counts as failed and the others go on."""
    sent = failed = 0
    if not items:
        return sent, failed
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException):
        return 0, len(items)
    try:
        for user, member, link in items:
            context = {"member": member, "user": user, "link": link}
            message = EmailMessage(
                render_to_string("accounts/sign_in_subject.txt", context).strip(),
                render_to_string("accounts/sign_in_email.txt", context),
                None,
                [member.email],
                connection=connection,
            )
            try:
                sent += message.send() or 0
            except (OSError, smtplib.SMTPException):
                failed += 1
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()
    return sent, failed


def sign_in_path(user):
    """The one-time path at which ``user`` sets their own password."""
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@transaction.atomic
def staff_sign_in(*, unit, username: str, name: str, email: str) -> tuple:
    """A sign-in for union staff of ``unit`` (a factory union or a workshop union): an account
    whose scope is the unit, with no password until the person sets one from the returned path.
    Factory staff reach the admin; workshop staff work on the site."""
    level = Level.FACTORY if isinstance(unit, FactoryUnion) else Level.WORKSHOP
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This sign-in name is taken.")})
    user = User(
        username=username, first_name=name[:150], email=email, is_staff=level == Level.FACTORY
    )
    user.set_unusable_password()
    user.save()
    Scope.objects.create(user=user, level=level, **{level: unit})
    return user, sign_in_path(user)


def mail_staff_sign_in(*, user, unit, link):
    context = {"user": user, "unit": unit, "link": link}
    send_mail(
        render_to_string("accounts/sign_in_subject.txt", context).strip(),
        render_to_string("accounts/staff_sign_in_email.txt", context),
        None,
        [user.email],
    )
