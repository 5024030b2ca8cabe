# Exercises: Python-side default added/removed (no SQL at all: Django does
# not keep DEFAULT in the database) versus db_default added / changed /
# removed (ALTER COLUMN ... SET DEFAULT / DROP DEFAULT).

import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0013_db_comment"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="gets_default",
            field=models.IntegerField(default=10, null=True),
        ),
        migrations.AlterField(
            model_name="subject",
            name="loses_default",
            field=models.IntegerField(),
        ),
        migrations.AlterField(
            model_name="subject",
            name="gets_db_default",
            field=models.IntegerField(db_default=0, null=True),
        ),
        migrations.AlterField(
            model_name="subject",
            name="changes_db_default",
            field=models.CharField(db_default="new", max_length=10),
        ),
        migrations.AlterField(
            model_name="subject",
            name="loses_db_default",
            field=models.IntegerField(),
        ),
    ]
