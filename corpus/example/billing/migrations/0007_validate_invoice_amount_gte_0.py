# ...then validate it in a separate migration (SHARE UPDATE EXCLUSIVE only).

from django.contrib.postgres.operations import ValidateConstraint
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0006_invoice_amount_gte_0_not_valid"),
    ]

    operations = [
        ValidateConstraint(model_name="invoice", name="payments_invoice_amount_gte_0"),
    ]
