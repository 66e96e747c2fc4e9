from django.db import migrations, models
from django.db.models import Min


def backfill_from_history(apps, schema_editor):
    """A report's first submission is the earliest `submitted_at` its history recorded
    (every save is kept there); without history, its current `submitted_at`."""
    ParkReport = apps.get_model("tracker", "ParkReport")
    HistoricalParkReport = apps.get_model("tracker", "HistoricalParkReport")
    first = dict(
        HistoricalParkReport.objects.filter(submitted_at__isnull=False)
        .order_by()
        .values("id")
        .annotate(first=Min("submitted_at"))
        .values_list("id", "first")
    )
    changed = []
    for report in ParkReport.objects.filter(submitted_at__isnull=False).only("pk", "submitted_at"):
        report.first_submitted_at = min(first.get(report.pk) or report.submitted_at, report.submitted_at)
        changed.append(report)
    ParkReport.objects.bulk_update(changed, ["first_submitted_at"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0004_period_expiry_and_report_unlock'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalparkreport',
            name='first_submitted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='First submitted at'),
        ),
        migrations.AddField(
            model_name='parkreport',
            name='first_submitted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='First submitted at'),
        ),
        migrations.RunPython(backfill_from_history, migrations.RunPython.noop),
    ]
