from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from notices.delivery import describe, send_reminders


class Command(BaseCommand):
    help = (
        "Create today's in-app notices and mail each district officer and reviewer what "
        "needs them (run once a day; a second run the same day sends nothing new)."
    )

    def handle(self, *args, **options):
        if not settings.SITE_URL:
            raise CommandError(
                "SITE_URL is not set: mails link back to the app, so set SITE_URL to its "
                "address (e.g. https://tracker.example.gov.cn)."
            )
        summary = send_reminders()
        # A failed mail is not a failed run: it is logged and retried tomorrow.
        out = self.stderr if summary.failed else self.stdout
        out.write(describe(summary))
