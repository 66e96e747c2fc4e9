# Policies become first-class (issue 12): a status, the bureau's "in force" mark and a
# baseline year. Policies already loaded are the published 2022 guideline.

from django.db import migrations, models


def mark_existing_published(apps, schema_editor):
    Policy = apps.get_model("tracker", "Policy")
    Policy.objects.update(status="published")


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='policy',
            name='baseline_year',
            field=models.PositiveSmallIntegerField(blank=True, help_text='The year whose figures progress is measured from; empty means the year of publication.', null=True, verbose_name='Baseline year'),
        ),
        migrations.AddField(
            model_name='policy',
            name='is_current',
            field=models.BooleanField(default=False, help_text='The pages follow the latest published policy unless one is marked here; marking one unmarks the others.', verbose_name='Marked in force'),
        ),
        migrations.AddField(
            model_name='policy',
            name='status',
            field=models.CharField(choices=[('draft', 'In preparation'), ('published', 'Published')], default='draft', help_text='A policy in preparation is not shown on the progress pages; publish it when its targets are complete.', max_length=10, verbose_name='Status'),
        ),
        migrations.RunPython(mark_existing_published, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='policy',
            name='code',
            field=models.SlugField(help_text='Latin letters, digits and hyphens; used in web addresses.', max_length=40, unique=True, verbose_name='Code'),
        ),
        migrations.AlterField(
            model_name='target',
            name='code',
            field=models.SlugField(help_text='Unique across all policies, e.g. “2030-revenue”.', max_length=60, unique=True, verbose_name='Code'),
        ),
        migrations.AddConstraint(
            model_name='policy',
            constraint=models.UniqueConstraint(condition=models.Q(('is_current', True)), fields=('is_current',), name='one_current_policy'),
        ),
        migrations.AddConstraint(
            model_name='policy',
            constraint=models.CheckConstraint(condition=models.Q(('is_current', False), ('status', 'published'), _connector='OR'), name='current_policy_is_published'),
        ),
    ]
