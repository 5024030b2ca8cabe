# Exercises: column type changes. PostgreSQL gets
# ALTER COLUMN ... TYPE ... USING "col"::newtype (varchar -> integer,
# integer -> varchar, text -> jsonb, varchar -> uuid, date -> timestamptz,
# numeric(8,2) -> numeric(12,4)).

import datetime

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="char_to_int",
            field=models.IntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="subject",
            name="int_to_char",
            field=models.CharField(default="0", max_length=20),
        ),
        migrations.AlterField(
            model_name="subject",
            name="text_to_json",
            field=models.JSONField(default=dict),
        ),
        migrations.AlterField(
            model_name="subject",
            name="char_to_uuid",
            field=models.UUIDField(null=True),
        ),
        migrations.AlterField(
            model_name="subject",
            name="date_to_datetime",
            field=models.DateTimeField(
                default=datetime.datetime(2020, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="decimal_precision",
            field=models.DecimalField(decimal_places=4, max_digits=12, null=True),
        ),
    ]
