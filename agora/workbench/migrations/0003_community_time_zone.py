# The time zone moves to the community (communities 0004): copy each community's zone there,
# then drop the workbench's own.

from django.db import migrations


def copy_zones(apps, schema_editor):
    WorkbenchSettings = apps.get_model("workbench", "WorkbenchSettings")
    Community = apps.get_model("communities", "Community")
    for community_id, zone in WorkbenchSettings.objects.values_list("community_id", "time_zone"):
        Community.objects.filter(pk=community_id).update(time_zone=zone)


def copy_zones_back(apps, schema_editor):
    WorkbenchSettings = apps.get_model("workbench", "WorkbenchSettings")
    for settings in WorkbenchSettings.objects.select_related("community"):
        settings.time_zone = settings.community.time_zone
        settings.save(update_fields=["time_zone"])


class Migration(migrations.Migration):
    dependencies = [
        ("workbench", "0002_fact_search"),
        ("communities", "0004_community_time_zone"),
    ]

    operations = [
        migrations.RunPython(copy_zones, copy_zones_back),
        migrations.RemoveField(
            model_name="workbenchsettings",
            name="time_zone",
        ),
    ]
