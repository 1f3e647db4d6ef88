from django.core.management.base import BaseCommand, CommandError

from engagements.services.guards import TOKEN_DAYS, form_submissions_prune


class Command(BaseCommand):
    help = (
        "Delete the one-time tokens of create forms submitted more than --days days ago "
        f"(default {TOKEN_DAYS}). Run daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=TOKEN_DAYS)

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = form_submissions_prune(days=days)
        self.stdout.write(f"{deleted} form tokens older than {days} days deleted.")
