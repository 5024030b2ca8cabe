# Hand-written data migration.

from django.db import migrations

from shipping.migrations.helpers import load_carriers, unload_carriers


class Migration(migrations.Migration):

    dependencies = [
        ("shipping", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_carriers, unload_carriers),
    ]
