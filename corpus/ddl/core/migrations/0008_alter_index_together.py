# Exercises: AlterIndexTogether. Meta.index_together is gone from Django 5.x
# models, but the operation still works in migrations and still runs DDL:
# adding creates "<table>_<cols>_<hash>_idx", removing drops it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0007_replace_unique_together"),
    ]

    operations = [
        migrations.AlterIndexTogether(
            name="gadget",
            index_together={("label", "batch"), ("serial",)},
        ),
    ]
