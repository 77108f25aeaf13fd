# A mandate's end is announced (and journaled) once: `end_recorded_at` is its compare-and-set.
# Mandates that ended before this migration were journaled by the code of the time (a
# revocation or a laying down at once, an end date by its task): they count as recorded.

from django.db import migrations, models
from django.db.models import F
from django.utils import timezone


def mark_past_ends_recorded(apps, schema_editor):
    StewardMandate = apps.get_model("communities", "StewardMandate")
    StewardMandate.objects.filter(ends_at__lte=timezone.now()).update(end_recorded_at=F("ends_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0004_community_time_zone"),
    ]

    operations = [
        migrations.AddField(
            model_name="stewardmandate",
            name="end_recorded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(mark_past_ends_recorded, migrations.RunPython.noop),
    ]
