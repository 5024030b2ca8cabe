# Exercises: AlterUniqueTogether — add two sets on one model (two
# ADD CONSTRAINT ... UNIQUE), clear the set a CreateModel created on
# another (DROP CONSTRAINT, found by introspection).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0005_model_options_managers"),
    ]

    operations = [
        migrations.AlterUniqueTogether(
            name="gadget",
            unique_together={("label", "serial"), ("serial", "batch")},
        ),
        migrations.AlterUniqueTogether(
            name="place",
            unique_together=set(),
        ),
    ]
