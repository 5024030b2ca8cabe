# Exercises: AlterUniqueTogether — add two sets, then replace one (drop +
# create), then clear on another model.

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
            name="gadget",
            unique_together={("label", "batch"), ("serial", "batch")},
        ),
        migrations.AlterUniqueTogether(
            name="place",
            unique_together=set(),
        ),
    ]
