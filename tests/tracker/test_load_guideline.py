import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from parks.models import District, IndustryDirection, KeyProject, Park
from tracker.guideline import DEFAULT_FIXTURE
from tracker.models import Indicator, Policy, ReportingPeriod, Target

pytestmark = pytest.mark.django_db


def table_counts():
    return (
        Park.objects.count(),
        Target.objects.count(),
        Indicator.objects.count(),
        ReportingPeriod.objects.count(),
    )


@pytest.fixture
def empty_database():
    """The database as migrate leaves it. The suite loads the guideline once per session; this
    test's transaction deletes it and the rollback brings it back."""
    for model in (Target, ReportingPeriod, Indicator, Policy, KeyProject, IndustryDirection):
        model.objects.all().delete()
    Park.objects.all().delete()
    District.objects.all().delete()
    assert table_counts() == (0, 0, 0, 0)


def test_loading_twice_changes_nothing(guideline):
    before = table_counts()
    call_command("load_guideline", verbosity=0)
    assert table_counts() == before == (12, 11, 7, 20)


def test_reload_keeps_a_bureau_edit(guideline):
    # The bureau sets the "若干" threshold and corrects an area in the admin.
    Target.objects.filter(code="2025-parks-100").update(value=Decimal("5"))
    Park.objects.filter(code="pazhou").update(area_km2=Decimal("15.10"))
    call_command("load_guideline", verbosity=0)
    assert Target.objects.get(code="2025-parks-100").value == Decimal("5")
    assert Park.objects.get(code="pazhou").area_km2 == Decimal("15.10")


def test_reload_restores_a_deleted_row(guideline):
    Target.objects.filter(code="2025-land-use").delete()
    call_command("load_guideline", verbosity=0)
    assert Target.objects.filter(code="2025-land-use").exists()


def test_missing_fixture_stops_with_a_message(empty_database, tmp_path):
    with pytest.raises(CommandError, match="not found"):
        call_command("load_guideline", fixture=str(tmp_path / "nope.json"))
    assert table_counts() == (0, 0, 0, 0)


def test_broken_json_stops_with_a_message(empty_database, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"policy": ', encoding="utf-8")
    with pytest.raises(CommandError, match="not valid UTF-8 JSON"):
        call_command("load_guideline", fixture=str(broken))
    assert table_counts() == (0, 0, 0, 0)


def test_fixture_broken_halfway_leaves_the_database_as_it_was(empty_database, tmp_path):
    data = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))
    data["targets"][-1]["indicator"] = "no-such-indicator"
    broken = tmp_path / "half.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="no-such-indicator"):
        call_command("load_guideline", fixture=str(broken))
    # Parks and indicators were created before the bad target: all rolled back.
    assert table_counts() == (0, 0, 0, 0)


def test_target_without_clause_is_refused(empty_database, tmp_path):
    data = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))
    data["targets"][0]["clause"] = ""
    broken = tmp_path / "noclause.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="clause"):
        call_command("load_guideline", fixture=str(broken))
    assert table_counts() == (0, 0, 0, 0)
