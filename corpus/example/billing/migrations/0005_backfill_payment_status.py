# Step 2 of 3 for Payment.status: backfill in batches outside one big
# transaction.

from django.db import migrations


def backfill_status(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    qs = Payment.objects.using(schema_editor.connection.alias).filter(status__isnull=True)
    while True:
        batch = list(qs.values_list("pk", flat=True)[:1000])
        if not batch:
            break
        Payment.objects.using(schema_editor.connection.alias).filter(pk__in=batch).update(
            status="settled"
        )


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ("payments", "0004_payment_status"),
    ]

    operations = [
        migrations.RunPython(backfill_status, reverse_code=migrations.RunPython.noop, elidable=True),
    ]
