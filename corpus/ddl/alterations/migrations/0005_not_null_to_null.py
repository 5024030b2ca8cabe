# Exercises: NOT NULL -> NULL (DROP NOT NULL, metadata only).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0004_null_to_not_null"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="required_to_nullable",
            field=models.CharField(max_length=20, null=True),
        ),
    ]
