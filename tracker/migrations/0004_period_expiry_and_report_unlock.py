# Periods lock by themselves PERIOD_EXPIRY_DAYS after their due date; a reviewer can unlock
# one report of a locked period by reopening it (ParkReport.unlocked).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0003_indicator_part_of'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalparkreport',
            name='unlocked',
            field=models.BooleanField(default=False, help_text='A reviewer sent this report back after its period locked: the district can change this one report until it is approved again.', verbose_name='Reopened in a locked period'),
        ),
        migrations.AddField(
            model_name='parkreport',
            name='unlocked',
            field=models.BooleanField(default=False, help_text='A reviewer sent this report back after its period locked: the district can change this one report until it is approved again.', verbose_name='Reopened in a locked period'),
        ),
        migrations.AlterField(
            model_name='reportingperiod',
            name='locked',
            field=models.BooleanField(default=False, help_text="Lock the period now. Without this, it locks by itself a set number of days after its due date. Once locked, district officers can no longer change this period's reports.", verbose_name='Locked'),
        ),
    ]
