# Exercises: DeleteModel — a plain table, a model with an auto-created M2M
# table (both tables dropped), a proxy (no SQL) and an unmanaged model
# (no SQL).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0011_remove_order_with_respect_to"),
    ]

    operations = [
        migrations.DeleteModel(
            name="OpenPlace",
        ),
        migrations.DeleteModel(
            name="LegacyVenue",
        ),
        migrations.DeleteModel(
            name="Step",
        ),
        migrations.DeleteModel(
            name="Component",
        ),
    ]
