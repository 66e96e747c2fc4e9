from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from tracker.translations import compile_catalogs


class Command(BaseCommand):
    help = (
        "Compile each locale/<lang>/LC_MESSAGES/*.po into that folder's django.mo "
        "(no GNU gettext needed)."
    )

    def handle(self, *args, **options):
        for mo_path in compile_catalogs():
            self.stdout.write(f"Compiled {Path(mo_path).relative_to(settings.BASE_DIR)}")
