import django.db.models.deletion
from django.db import migrations, models

import ledger.fields


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Account",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                ("code", models.CharField(max_length=12, unique=True)),
                ("payload", ledger.fields.PayloadField(default=dict)),
            ],
        ),
        migrations.CreateModel(
            name="Entry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                ("ref", ledger.fields.UpperCodeField(null=True, unique=True)),
                (
                    "account",
                    ledger.fields.AccountKey(
                        on_delete=django.db.models.deletion.CASCADE, to="ledger.account"
                    ),
                ),
            ],
        ),
    ]
