from django.core.management.base import BaseCommand, CommandError

from engagements.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the staff users demo, hq and central, a complete Erie, PA "
        "engagement (all five steps) with the invited facilitator and council logins, and a "
        "Topeka, KS engagement at step 1. Safe to run again: existing demo users and "
        "engagements are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Create N Erie-like and N Topeka-like engagements, each Erie-like one with "
            "N times the participants and breakout notes (default 1).",
        )

    def handle(self, *args, scale, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        load_demo(scale=scale, stdout=self.stdout)
        success = self.style.SUCCESS
        self.stdout.write(success(f"Demo logins (password {DEMO_PASSWORD} for each):"))
        for username, who, sees in DEMO_LOGINS:
            self.stdout.write(
                success(f"  username {username}, password {DEMO_PASSWORD}: {who}; sees {sees}")
            )
        self.stdout.write(success("Open http://127.0.0.1:8000/ and sign in."))
