"""Notices made at once, where the write happens (a report up answered, an assessment returned
or confirmed): the service hands its ``Due`` rows to ``notify_at_once`` inside its transaction;
nothing happens unless it commits. Then the notices are recorded (each checked against its
record's ``visible_to``, as every reminder) and the background task ``mail_at_once`` writes
their e-mails and hands them to ``deliver``: no mail is sent inside the request."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from notifications.services import record, write_emails
from notifications.tasks import deliver


def notify_at_once(dues):
    """Record ``dues`` once the current transaction commits, and queue their e-mails."""
    dues = [due for due in dues if due.users]
    if not dues:
        return

    def after_commit():
        record(dues, day=timezone.localdate())
        users = sorted({user.pk for due in dues for user in due.users})
        mail_at_once.enqueue(users)

    transaction.on_commit(after_commit)


@task()
def mail_at_once(user_ids):
    """Write the at-once e-mails of these accounts' new notices (their preferences, language,
    sending window and weekly cap apply as for any e-mail) and queue each for sending. What the
    window holds back, ``send_reminders`` writes when it opens."""
    for email in write_emails(timezone.now(), users=user_ids, urgent_only=True):
        deliver.enqueue(email.pk)
