# The community's time zone becomes a fact about the community (it lived in the workbench
# settings); workbench 0003 copies each community's zone here before dropping its own.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0003_article_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="community",
            name="time_zone",
            field=models.CharField(default="Europe/Paris", max_length=64, verbose_name="time zone"),
        ),
    ]
