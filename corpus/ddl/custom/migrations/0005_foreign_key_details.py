# Exercises foreign-key alterations once the constraint exists (0004 created it, deferred to
# the end of that migration):
# - a ForeignKey whose to_field names the target's primary key is the same field as one
#   without it (Django's deconstruct() drops it): no SQL;
# - a ForeignKey changed to a subclass with the same arguments: the class path differs, so
#   Django alters the field, which drops the foreign key constraint and creates it again.

import custom.fields
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("custom", "0004_field_details"),
    ]

    operations = [
        migrations.AlterField(
            model_name="variant",
            name="product",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                to="custom.product",
                to_field="id",
            ),
        ),
        migrations.AlterField(
            model_name="variant",
            name="product",
            field=custom.fields.TrackedForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                to="custom.product",
            ),
        ),
    ]
