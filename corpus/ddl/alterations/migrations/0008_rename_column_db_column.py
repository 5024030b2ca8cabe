# Exercises: AlterField that only sets db_column -> RENAME COLUMN.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0007_db_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="column_renamed",
            field=models.IntegerField(db_column="renamed_col", default=0),
        ),
    ]
