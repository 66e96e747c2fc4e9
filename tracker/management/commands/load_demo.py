from django.core.management.base import BaseCommand, CommandError

from parks.models import Park
from tracker.demo_data import load_demo
from tracker.models import ParkReport


class Command(BaseCommand):
    help = (
        "Fill 2022 Q1 – 2026 Q3 with invented park reports and enterprises, flagged as demo "
        "data. Only missing rows are created; real data is never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds any park report.",
        )

    def handle(self, *args, if_empty, **options):
        if not Park.objects.exists():
            raise CommandError("No parks yet: run `manage.py load_guideline` first.")
        if if_empty and ParkReport.objects.exists():
            self.stdout.write("Reports already exist; demo data not loaded.")
            return
        created = load_demo()
        if any(created.values()):
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {created['reports']} demo reports and "
                    f"{created['enterprises']} demo enterprises."
                )
            )
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
