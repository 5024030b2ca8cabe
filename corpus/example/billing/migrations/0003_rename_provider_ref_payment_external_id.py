# Hand-written: rename Payment.provider_ref -> external_id in Python only.
# The column keeps its name (db_column), so code running the previous
# release keeps working during a blue/green deploy: no DDL at all.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0002_invoice_number_sequence"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="payment",
                    name="provider_ref",
                    field=models.CharField(
                        blank=True, db_column="provider_ref", max_length=64
                    ),
                ),
                migrations.RenameField(
                    model_name="payment",
                    old_name="provider_ref",
                    new_name="external_id",
                ),
            ],
            database_operations=[],
        ),
    ]
