"""``manage.py send_plan_reminders``: the weekly email to lead staff (``engagements.reminders``)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from engagements.reminders import STALE_AFTER, send_plan_reminders


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}.") from error


class Command(BaseCommand):
    help = (
        "Email each engagement's lead staff member one list of the items of published action "
        "plans that are past their target date or have had no progress reported for "
        f"{STALE_AFTER.days} days (none when nothing is due). Run weekly, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the emails instead of sending them."
        )
        parser.add_argument(
            "--today", type=_date, default=None, help="Count as if today were YYYY-MM-DD."
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", ""),
            help="The site's address (https://spcp.example.org), for links to the council pages.",
        )

    def handle(self, *args, dry_run, today, base_url, **options):
        today = today or timezone.localdate()
        reminders = send_plan_reminders(today=today, base_url=base_url, dry_run=dry_run)
        for reminder in reminders:
            if not reminder.can_send:
                self.stderr.write(
                    f"Not sent: {reminder.recipient.username} has no email address or is "
                    f"inactive ({reminder.item_count} items)."
                )
            if dry_run:
                self.stdout.write(
                    f"To: {reminder.recipient.email or '-'} ({reminder.language})\n"
                    f"Subject: {reminder.subject}\n\n{reminder.body}"
                )
        sendable = sum(1 for r in reminders if r.can_send)
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"Reminders {verb} for {today.isoformat()}: {sendable}.")
