# The "a part cannot exceed its whole" check becomes data (Indicator.part_of) instead of
# two indicator codes in tracker/validation.py. A database loaded before keeps the check
# for the guideline's core-industry revenue.

import django.db.models.deletion
from django.db import migrations, models


def link_core_revenue(apps, schema_editor):
    Indicator = apps.get_model("tracker", "Indicator")
    whole = Indicator.objects.filter(code="revenue").first()
    if whole is not None:
        Indicator.objects.filter(code="core_revenue", part_of=None).update(part_of=whole)


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0002_policy_status_and_in_force'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicator',
            name='part_of',
            field=models.ForeignKey(blank=True, help_text="If this figure is a part of another one (e.g. core-industry revenue of revenue), a report's value cannot exceed that one.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='parts', to='tracker.indicator', verbose_name='Part of'),
        ),
        migrations.RunPython(link_core_revenue, migrations.RunPython.noop),
    ]
