# Exercises: RenameModel — renames the table, the auto-created M2M table
# (core_widget_gadgets -> core_component_gadgets) and its column, and
# repoints FKs.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(
            old_name="Widget",
            new_name="Component",
        ),
    ]
