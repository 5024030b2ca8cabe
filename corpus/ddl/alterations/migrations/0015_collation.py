# Exercises: db_collation change (ALTER COLUMN ... TYPE varchar(30) COLLATE
# "case_insensitive"), collation from pgext.0002.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0014_defaults"),
        ("pgext", "0002_collations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="recollated",
            field=models.CharField(db_collation="case_insensitive", max_length=30, null=True),
        ),
    ]
