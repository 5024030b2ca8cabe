# Exercises: AlterUniqueTogether replacing one entry: ("label", "serial") is
# dropped (constraint name found by introspection), ("label", "batch") is
# created, ("serial", "batch") is untouched. Kept apart from 0006 because
# sqlmigrate cannot introspect a constraint created earlier in the same
# migration.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0006_alter_unique_together"),
    ]

    operations = [
        migrations.AlterUniqueTogether(
            name="gadget",
            unique_together={("label", "batch"), ("serial", "batch")},
        ),
    ]
