# Exercises: order_with_respect_to — in CreateModel options (creates the
# "_order" column) and via AlterOrderWithRespectTo on an existing model
# (ADD COLUMN "_order" integer DEFAULT 0 NOT NULL).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0009_remove_index_together"),
    ]

    operations = [
        migrations.CreateModel(
            name="Step",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField()),
                ("gadget", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="steps", to="core.gadget")),
            ],
            options={
                "order_with_respect_to": "gadget",
            },
        ),
        migrations.AlterOrderWithRespectTo(
            name="component",
            order_with_respect_to="place",
        ),
    ]
