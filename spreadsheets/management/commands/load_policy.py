"""`manage.py load_policy FILE.xlsx`: a new policy and its targets from the policy sheet (the
admin's Policy list offers the template), all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from spreadsheets.policy_sheet import PolicySheetError, load_policy


class Command(BaseCommand):
    help = "Load a policy and its targets from a policy sheet (.xlsx); nothing is saved on error."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The filled-in policy sheet (.xlsx).")

    def handle(self, *args, file, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            policy = load_policy(data)
        except PolicySheetError as error:
            raise CommandError(
                "Nothing was loaded:\n" + "\n".join(f"  - {line}" for line in error.errors)
            ) from None
        self.stdout.write(
            f"Loaded {policy} ({policy.code}, {policy.get_status_display()}) "
            f"with {policy.targets.count()} targets."
        )
