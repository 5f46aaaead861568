"""E-mails written in the recipient's language: a digest of notices, or one notice at once; the
links in them, and the signed token of the unsubscribe link that needs no sign-in."""

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def absolute(path):
    return settings.UNIONSITE_BASE_URL.rstrip("/") + path


def unsubscribe_token(user, kind=""):
    """A token that stops ``kind`` (every kind when empty) for ``user``, signed with the site's
    key: the link works without a sign-in and cannot be made for someone else."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """``(user pk, kind)``, or None for a token that was not ours or was changed."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    kind = data.get("k", "")
    return data["u"], kind if isinstance(kind, str) else ""


def member_unsubscribe_token(member):
    """A token that stops every e-mail and text to ``member`` (who has no sign-in)."""
    return signing.dumps({"m": member.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_member_unsubscribe_token(token):
    """The member's pk, or None for a token that was not a member's, not ours or changed."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("m"), int):
        return None
    return data["m"]


def language_of(preference, factory_settings):
    """The account's own choice, else its factory's, else the site's."""
    if preference is not None and preference.language:
        return preference.language
    if factory_settings is not None:
        return factory_settings.language
    return settings.LANGUAGE_CODE


def write(user, notices, language, *, digest):
    """``(subject, text, html, headers)`` of an e-mail to ``user`` about ``notices``."""
    # A digest's link stops them all; an e-mail about one notice stops that kind.
    token = unsubscribe_token(user, "" if digest else notices[0].kind)
    unsubscribe = absolute(reverse("notifications:unsubscribe", args=[token]))
    with translation.override(language):
        context = {
            "user": user,
            "items": [(notice.text, absolute(notice.url)) for notice in notices],
            "digest": digest,
            "list_url": absolute(reverse("notifications:list")),
            "preferences_url": absolute(reverse("notifications:preferences")),
            "unsubscribe_url": unsubscribe,
        }
        subject = render_to_string("notifications/email/subject.txt", context)
        text = render_to_string("notifications/email/notices.txt", context)
        html = render_to_string("notifications/email/notices.html", context)
    headers = {
        # A mail program's own "unsubscribe" button: one POST, no sign-in (RFC 8058).
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return " ".join(subject.split()), text, html, headers


def write_to_member(member, text, language):
    """``(subject, text, html, headers)`` of a notice to a member without a sign-in: the notice
    alone, without links behind a sign-in or preferences (there is no account to keep them),
    but with the link that stops them in one click, without a sign-in."""
    unsubscribe = absolute(
        reverse("notifications:unsubscribe", args=[member_unsubscribe_token(member)])
    )
    with translation.override(language):
        context = {
            "items": [(text, None)],
            "digest": None,
            "member": True,
            "unsubscribe_url": unsubscribe,
        }
        subject = render_to_string("notifications/email/subject.txt", context)
        body = render_to_string("notifications/email/notices.txt", context)
        html = render_to_string("notifications/email/notices.html", context)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return " ".join(subject.split()), body, html, headers
