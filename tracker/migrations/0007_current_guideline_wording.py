"""Rewrites wording that databases loaded from an older guideline fixture still hold.

load_guideline only creates what is missing, so the fixes of the fixture's wording never
reached existing databases: two belt targets kept English names with "亿元" in them, and the
one-park-one-policy indicator kept "1=是,0=否" in its description, shown as help text above a
是/否 select. Only rows still holding the old wording exactly are changed (an edit the bureau
made in the admin is left alone), so running it twice changes nothing the second time.
"""

from django.db import migrations

TARGET_NAMES_EN = {
    "Two parks with revenue of 1,000 亿元 or more": (
        "Two parks with revenue of 100 billion yuan or more"
    ),
    "Several parks with revenue of 100 亿元 or more": (
        "Several parks with revenue of 10 billion yuan or more"
    ),
}

OLD_DESCRIPTION = "属地区政府是否已出台并实施该园区的“一园一策”方案:1=是,0=否;取最新一期数值。"
NEW_DESCRIPTION = "属地区政府是否已出台并实施该园区的“一园一策”方案(是/否);取最新一期数值。"
OLD_DESCRIPTION_EN = (
    "Whether the district government has adopted and is carrying out a one-park-one-policy "
    "plan for the park: 1 = yes, 0 = no; the latest value counts."
)
NEW_DESCRIPTION_EN = (
    "Whether the district government has adopted and is carrying out a one-park-one-policy "
    "plan for the park (yes or no); the latest value counts."
)


def rewrite(apps, schema_editor):
    Target = apps.get_model("tracker", "Target")
    Indicator = apps.get_model("tracker", "Indicator")
    for old, new in TARGET_NAMES_EN.items():
        Target.objects.filter(name_en=old).update(name_en=new)
    Indicator.objects.filter(description=OLD_DESCRIPTION).update(description=NEW_DESCRIPTION)
    Indicator.objects.filter(description_en=OLD_DESCRIPTION_EN).update(
        description_en=NEW_DESCRIPTION_EN
    )


class Migration(migrations.Migration):
    dependencies = [("tracker", "0006_data_version")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
