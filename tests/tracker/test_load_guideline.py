import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from parks.models import Park
from tracker.guideline import DEFAULT_FIXTURE
from tracker.models import Indicator, ReportingPeriod, Target

pytestmark = pytest.mark.django_db


def table_counts():
    return (
        Park.objects.count(),
        Target.objects.count(),
        Indicator.objects.count(),
        ReportingPeriod.objects.count(),
    )


def test_loading_twice_changes_nothing(empty_database, time_machine):
    time_machine.move_to("2026-11-26 10:00 +08:00")
    call_command("load_guideline", verbosity=0)
    before = table_counts()
    call_command("load_guideline", verbosity=0)
    assert table_counts() == before == (12, 16, 7, 24)  # periods: 2022Q1–2027Q4


def test_reload_adds_the_new_targets_and_keeps_edits_of_an_older_load(empty_database, tmp_path):
    data = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))
    new_codes = {
        "2025-spatial-layout",
        "2025-management",
        "2025-economic-returns",
        "2025-leading-industries",
        "2025-digital-integration-pilot",
    }
    data["targets"] = [t for t in data["targets"] if t["code"] not in new_codes]
    older = tmp_path / "guideline-before-issue-12.json"
    older.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("load_guideline", fixture=str(older), verbosity=0)
    assert Target.objects.count() == 11
    # The bureau's edits in the admin since then.
    Target.objects.filter(code="2025-land-use").update(name="土地集约节约利用", note="市局修改")
    Target.objects.filter(code="2025-parks-100").update(value=Decimal("5"))

    call_command("load_guideline", verbosity=0)

    assert set(Target.objects.filter(code__in=new_codes).values_list("code", flat=True)) == (
        new_codes
    )
    assert Target.objects.count() == 16
    land_use = Target.objects.get(code="2025-land-use")
    assert (land_use.name, land_use.note) == ("土地集约节约利用", "市局修改")
    assert Target.objects.get(code="2025-parks-100").value == Decimal("5")
    pilot = Target.objects.get(code="2025-digital-integration-pilot")
    assert pilot.clause == "打造数产融合标杆城市先行区"
    assert pilot.policy == land_use.policy


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
