from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracker.models import ReportingPeriod


class Command(BaseCommand):
    help = (
        "Create the missing quarterly reporting periods through next year (or --until YEAR). "
        "Existing periods are never changed, so it is safe to run daily from cron "
        "(see deploy/periods/)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--until",
            type=int,
            metavar="YEAR",
            help="Last year to create periods for (default: next year).",
        )

    def handle(self, *args, until=None, **options):
        this_year = timezone.localdate().year
        last_year = this_year + 1 if until is None else until
        if not this_year - 50 <= last_year <= this_year + 50:
            raise CommandError(f"--until {last_year} is not a plausible year; nothing was created.")
        created = ReportingPeriod.objects.ensure_through(last_year)
        if created:
            labels = ", ".join(period.label for period in created)
            self.stdout.write(self.style.SUCCESS(f"Created {len(created)} periods: {labels}."))
        else:
            self.stdout.write(f"Every quarter through {last_year} already has a period.")
