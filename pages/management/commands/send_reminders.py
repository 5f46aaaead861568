"""Find what is due in every app and let the people who own it know: run it from cron or a
systemd timer every quarter of an hour (README: "Reminders and mail"). It may run as often as
anyone likes and stop anywhere: a notice is made once a person, kind, record and day, a digest
once a person and day (constraints, not hopes), and an e-mail the server refused is queued
again for the next run, with back-off."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from competitions import reminders as competition_reminders
from meetings import reminders as meeting_reminders
from notifications import reminders as organisation_reminders
from notifications.services import flush, record, write_emails, write_member_emails
from oversight import reminders as oversight_reminders
from pages import reminders as page_reminders
from welfare import reminders as welfare_reminders

#: Each app's finders, in the order of the issue's table: ``f(today) -> [Due]``. A weekly one
#: names the Monday of the week as its notices' day (``Due.day``): once a person and week.
FINDERS = [
    meeting_reminders.meetings_announced,  # mailed at once
    meeting_reminders.action_items_due,
    meeting_reminders.meetings_unannounced,
    meeting_reminders.resolution_reports_due,
    welfare_reminders.follow_ups_due,
    competition_reminders.plans_without_progress,  # weekly
    organisation_reminders.groups_without_leaders,  # weekly
    organisation_reminders.leader_terms_ending,  # weekly
    page_reminders.not_doing_digest,  # weekly
    oversight_reminders.assessments_awaiting_review,
]


class Command(BaseCommand):
    help = "Make today's reminders, write the e-mails that are due and queue them for sending."

    def handle(self, *args, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        emails = []
        for finder in FINDERS:
            dues = finder(today)
            made = record(dues, day=today)
            emails += write_member_emails(dues)
            self.stdout.write(f"{finder.__module__}.{finder.__name__}: {made} new notices")
        emails += write_emails(now)
        queued = flush(timezone.now())
        self.stdout.write(f"{len(emails)} e-mails written, {len(queued)} handed to the worker")
