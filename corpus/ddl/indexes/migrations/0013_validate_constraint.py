# Exercises: ValidateConstraint — VALIDATE CONSTRAINT (SHARE UPDATE
# EXCLUSIVE lock), in its own migration after the NOT VALID one.

import django.contrib.postgres.operations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0012_constraint_not_valid"),
    ]

    operations = [
        django.contrib.postgres.operations.ValidateConstraint(
            model_name="article",
            name="ck_art_price_cap",
        ),
    ]
