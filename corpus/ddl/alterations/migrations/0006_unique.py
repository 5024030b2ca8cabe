# Exercises: adding unique=True (ADD CONSTRAINT ... UNIQUE, builds an index
# under lock) and dropping it (DROP CONSTRAINT, also the _like index),
# and unique -> plain db_index.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0005_not_null_to_null"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="becomes_unique",
            field=models.CharField(max_length=20, unique=True),
        ),
        migrations.AlterField(
            model_name="subject",
            name="stops_unique",
            field=models.CharField(max_length=20),
        ),
        migrations.AlterField(
            model_name="subject",
            name="unique_to_indexed",
            field=models.IntegerField(db_index=True, null=True),
        ),
    ]
