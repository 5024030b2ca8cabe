# Exercises: AlterModelTable to a custom name, and back to the default name
# (table=None) on another model.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_rename_widget_component"),
    ]

    operations = [
        migrations.AlterModelTable(
            name="component",
            table="core_components",
        ),
        migrations.AlterModelTable(
            name="gadget",
            table=None,
        ),
    ]
