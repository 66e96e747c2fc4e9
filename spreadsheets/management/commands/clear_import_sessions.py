from django.core.management.base import BaseCommand

from spreadsheets.models import ImportSession


class Command(BaseCommand):
    help = "Delete spreadsheet uploads that were previewed but never confirmed."

    def handle(self, *args, **options):
        deleted = ImportSession.objects.delete_stale()
        self.stdout.write(f"Deleted {deleted} stale import session(s).")
