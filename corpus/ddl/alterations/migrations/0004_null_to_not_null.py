# Exercises: NULL -> NOT NULL. With a default, Django first backfills
# (UPDATE ... SET col = default WHERE col IS NULL) then SET NOT NULL; without
# a default it is a bare SET NOT NULL (fails if NULLs exist).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0003_varchar_length"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="nullable_to_required",
            field=models.IntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="subject",
            name="nullable_to_required_nodefault",
            field=models.IntegerField(),
        ),
    ]
