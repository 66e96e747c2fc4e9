"""django-import-export resources whose row loop is the batched importer.

The library's ModelResource checks and saves row by row (several queries a row); these
resources hand the whole dataset to the importers in spreadsheets.importers instead,
which read the database in a fixed number of queries and write in bulk, all or nothing.
"""

import tablib
from django.db import transaction
from import_export import resources

from common.values import normalize_text
from spreadsheets import exports
from spreadsheets.importers.enterprises import EnterpriseImporter
from spreadsheets.importers.key_projects import KeyProjectImporter
from spreadsheets.importers.park_figures import ParkFiguresImporter


class BatchedResource(resources.Resource):
    importer_class = None
    table = None

    def __init__(self, user=None, submit=False, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.submit = submit

    def importer(self):
        return self.importer_class(self.user, submit=self.submit)

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Plan every row; unless dry_run, write them all in one transaction.

        Returns the ImportPlan; raises importers.base.ImportRefused listing every bad cell.
        """
        headers = [normalize_text(header) for header in dataset.headers or []]
        rows = [(number, list(row)) for number, row in enumerate(dataset, start=2)]
        importer = self.importer()
        with transaction.atomic():
            plan = importer.preview_rows(headers, rows)
            if not dry_run:
                importer.apply(plan)
        return plan

    def export(self, queryset=None, **kwargs):
        headers, rows = type(self).table(self.user, queryset)
        return tablib.Dataset(*[tuple(row) for row in rows], headers=headers)


class ParkFiguresResource(BatchedResource):
    importer_class = ParkFiguresImporter
    table = exports.park_figures_table


class EnterpriseResource(BatchedResource):
    importer_class = EnterpriseImporter
    table = exports.enterprises_table


class KeyProjectResource(BatchedResource):
    importer_class = KeyProjectImporter
    table = exports.key_projects_table
