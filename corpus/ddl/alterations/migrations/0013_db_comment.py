# Exercises: db_comment added, then changed, then removed
# (COMMENT ON COLUMN ... IS '...' / IS NULL).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0012_identity_changes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="commented",
            field=models.IntegerField(db_comment="first comment", default=0),
        ),
        migrations.AlterField(
            model_name="subject",
            name="commented",
            field=models.IntegerField(db_comment="Second comment, with a quote: it's here", default=0),
        ),
        migrations.AlterField(
            model_name="subject",
            name="commented",
            field=models.IntegerField(default=0),
        ),
    ]
