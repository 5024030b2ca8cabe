# Exercises: AlterModelOptions and AlterModelManagers (state only, no SQL).

import django.db.models.manager
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_alter_model_table_comment"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="gadget",
            options={"ordering": ["-batch", "label"], "verbose_name": "device", "get_latest_by": "batch"},
        ),
        migrations.AlterModelManagers(
            name="gadget",
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("recent", django.db.models.manager.Manager()),
            ],
        ),
    ]
