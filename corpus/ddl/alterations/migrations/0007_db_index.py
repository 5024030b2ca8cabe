# Exercises: adding db_index=True (CREATE INDEX without CONCURRENTLY; for a
# varchar also the varchar_pattern_ops "_like" index) and removing it.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0006_unique"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="becomes_indexed",
            field=models.IntegerField(db_index=True, default=0),
        ),
        migrations.AlterField(
            model_name="subject",
            name="char_becomes_indexed",
            field=models.CharField(db_index=True, max_length=20, null=True),
        ),
        migrations.AlterField(
            model_name="subject",
            name="stops_indexed",
            field=models.CharField(max_length=20, null=True),
        ),
    ]
