from django.core.management.base import BaseCommand, CommandError

from tracker.guideline import DEFAULT_FIXTURE, GuidelineError, load_guideline
from tracker.roles import ensure_roles


class Command(BaseCommand):
    help = (
        "Load the guideline fixture's districts, parks, indicators, targets and periods "
        "(periods on through next year); only what is missing is created."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixture", default=str(DEFAULT_FIXTURE))

    def handle(self, *args, fixture, **options):
        try:
            created = load_guideline(fixture)
        except GuidelineError as exc:
            raise CommandError(f"{exc} — nothing was loaded.") from None
        ensure_roles()
        if created:
            summary = ", ".join(f"{name}: {count}" for name, count in sorted(created.items()))
            self.stdout.write(self.style.SUCCESS(f"Created {summary}."))
        else:
            self.stdout.write("Guideline already loaded; nothing changed.")
