"""Sending, only ever in the background (``manage.py db_worker`` in production): one task per
e-mail, which claims it, sends it through Django's e-mail framework and records the outcome. A
refusal (the server down, a timeout) puts it back in the queue for later, with back-off; after
``Email.MAX_ATTEMPTS`` it is marked failed, with its last error, for the admin."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from notifications import sms
from notifications.models import Email, MemberOptOut

log = logging.getLogger(__name__)

#: Why a message written before its member unsubscribed was never sent (the admin shows it).
UNSUBSCRIBED = "unsubscribed: not sent"

#: The first retry waits this long, each next one twice as long (5, 10, 20, 40, 80 minutes).
FIRST_RETRY = datetime.timedelta(minutes=5)


def backoff(attempts):
    return FIRST_RETRY * 2 ** max(attempts - 1, 0)


@task()
def deliver(pk):
    now = timezone.now()
    # Claimed by one worker only: a second task for the same e-mail finds it taken.
    claimed = Email.objects.filter(pk=pk, status=Email.Status.QUEUED).update(
        status=Email.Status.SENDING, next_attempt_at=now
    )
    if not claimed:
        return
    email = Email.objects.get(pk=pk)
    if email.member_id and MemberOptOut.objects.filter(member=email.member_id).exists():
        # The member stopped the e-mails after this one was written: it is not sent, nor again.
        Email.objects.filter(pk=pk).update(
            status=Email.Status.FAILED, last_error=UNSUBSCRIBED, next_attempt_at=now
        )
        return
    try:
        _send(email)
    except Exception as error:  # noqa: BLE001 - any refusal is kept for a retry, none is lost
        attempts = email.attempts + 1
        failed = attempts >= Email.MAX_ATTEMPTS
        log.warning("E-mail %s not sent (attempt %s): %s", pk, attempts, error)
        Email.objects.filter(pk=pk).update(
            status=Email.Status.FAILED if failed else Email.Status.QUEUED,
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:500],
            next_attempt_at=now + backoff(attempts),
        )
        return
    Email.objects.filter(pk=pk).update(
        status=Email.Status.SENT, attempts=F("attempts") + 1, sent_at=timezone.now()
    )


def _send(email):
    if email.channel == Email.Channel.SMS:
        sms.backend().send(email.address, email.body_text)
        return
    message = EmailMultiAlternatives(
        email.subject,
        email.body_text,
        settings.DEFAULT_FROM_EMAIL,
        [email.address],
        headers=email.headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    message.send()
