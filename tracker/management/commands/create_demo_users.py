from django.core.management.base import BaseCommand, CommandError

from parks.models import District
from tracker.demo import DEMO_PASSWORD, create_demo_users


class Command(BaseCommand):
    help = "Create the demo accounts listed in the README (run load_guideline first)."

    def handle(self, *args, **options):
        if not District.objects.exists():
            raise CommandError("No districts yet: run `manage.py load_guideline` first.")
        created = create_demo_users()
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Created {', '.join(created)} (password {DEMO_PASSWORD}).")
            )
        else:
            self.stdout.write("Demo accounts already exist; nothing changed.")
