"""The import-export resources run the batched importer over a tablib dataset."""

import pytest
import tablib

from spreadsheets.importers.base import ImportRefused
from spreadsheets.resources import ParkFiguresResource
from tests import factories
from tracker.models import ParkReport


def test_dry_run_plans_without_writing_then_a_real_run_writes(haizhu_officer, period):
    dataset = tablib.Dataset(["pazhou", "2024Q3", "12"], headers=["园区代码", "期间", "revenue"])
    resource = ParkFiguresResource(user=haizhu_officer)
    plan = resource.import_data(dataset, dry_run=True)
    assert plan.new_count == 1 and not ParkReport.objects.exists()
    resource.import_data(dataset, dry_run=False)
    assert ParkReport.objects.get().values.get().value == 12


def test_one_bad_row_refuses_the_whole_dataset(haizhu_officer, period):
    dataset = tablib.Dataset(
        ["pazhou", "2024Q3", "12"],
        ["yuzhu-bay", "2024Q3", "13"],
        headers=["园区代码", "期间", "revenue"],
    )
    with pytest.raises(ImportRefused) as refused:
        ParkFiguresResource(user=haizhu_officer).import_data(dataset, dry_run=False)
    assert [error.row for error in refused.value.errors] == [3]
    assert not ParkReport.objects.exists()


def test_export_is_scoped_to_the_user(haizhu_officer, pazhou, yuzhu_bay, period):
    factories.report(pazhou, period, revenue="1")
    factories.report(yuzhu_bay, period, revenue="2")
    dataset = ParkFiguresResource(user=haizhu_officer).export(ParkReport.objects.all())
    assert dataset.headers[:3] == ["园区代码", "园区名称", "期间"]
    assert [row[0] for row in dataset] == ["pazhou"]
