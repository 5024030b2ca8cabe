# Hand-written: invoice numbers come from a dedicated sequence so that they
# stay gap-free per deployment and never collide with Invoice.id.

from django.db import migrations

INVOICE_SEQUENCE = "payments_invoice_number_seq"


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE SEQUENCE IF NOT EXISTS {INVOICE_SEQUENCE} START WITH 1000 INCREMENT BY 1;",
            reverse_sql=f"DROP SEQUENCE IF EXISTS {INVOICE_SEQUENCE};",
        ),
    ]
