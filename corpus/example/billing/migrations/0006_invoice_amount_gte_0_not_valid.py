# Hand-written: add the CHECK constraint NOT VALID (brief lock, no scan)...

import django.contrib.postgres.operations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0005_backfill_payment_status"),
    ]

    operations = [
        django.contrib.postgres.operations.AddConstraintNotValid(
            model_name="invoice",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gte", 0)),
                name="payments_invoice_amount_gte_0",
            ),
        ),
    ]
