# Exercises: AlterOrderWithRespectTo(None) — drops the "_order" column.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0010_order_with_respect_to"),
    ]

    operations = [
        migrations.AlterOrderWithRespectTo(
            name="component",
            order_with_respect_to=None,
        ),
    ]
