# Exercises: AddConstraintNotValid — ADD CONSTRAINT ... CHECK (...) NOT VALID.

from django.contrib.postgres.operations import AddConstraintNotValid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0011_remove_constraints"),
    ]

    operations = [
        AddConstraintNotValid(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("price__lte", 100000)), name="ck_art_price_cap"
            ),
        ),
    ]
