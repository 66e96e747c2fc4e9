"""Migration 0007 brings databases loaded from an older fixture to the current wording."""

import importlib

from django.apps import apps

from tracker.models import Indicator, Target

wording = importlib.import_module("tracker.migrations.0007_current_guideline_wording")


def test_old_english_target_names_and_yes_no_description_are_rewritten_once(guideline):
    Target.objects.filter(code="2025-parks-1000").update(
        name_en="Two parks with revenue of 1,000 亿元 or more"
    )
    Target.objects.filter(code="2025-parks-100").update(
        name_en="Several parks with revenue of 100 亿元 or more"
    )
    Indicator.objects.filter(code="one_park_one_policy").update(
        description=wording.OLD_DESCRIPTION, description_en=wording.OLD_DESCRIPTION_EN
    )
    wording.rewrite(apps, None)
    wording.rewrite(apps, None)  # a second run finds nothing left to change

    names = dict(Target.objects.values_list("code", "name_en"))
    assert names["2025-parks-1000"] == "Two parks with revenue of 100 billion yuan or more"
    assert names["2025-parks-100"] == "Several parks with revenue of 10 billion yuan or more"
    assert not Target.objects.filter(name_en__contains="亿元").exists()
    indicator = Indicator.objects.get(code="one_park_one_policy")
    assert (indicator.description, indicator.description_en) == (
        wording.NEW_DESCRIPTION,
        wording.NEW_DESCRIPTION_EN,
    )


def test_the_new_wording_is_the_fixtures(guideline):
    """What a fresh load_guideline gives is exactly what the migration writes."""
    indicator = Indicator.objects.get(code="one_park_one_policy")
    assert indicator.description == wording.NEW_DESCRIPTION
    assert indicator.description_en == wording.NEW_DESCRIPTION_EN
    current = set(Target.objects.values_list("name_en", flat=True))
    assert set(wording.TARGET_NAMES_EN.values()) <= current


def test_names_edited_in_the_admin_are_left_alone(guideline):
    Target.objects.filter(code="2025-parks-1000").update(name_en="Two 100-billion parks")
    wording.rewrite(apps, None)
    assert Target.objects.get(code="2025-parks-1000").name_en == "Two 100-billion parks"
