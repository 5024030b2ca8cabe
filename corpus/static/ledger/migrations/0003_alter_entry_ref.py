from django.db import migrations

import ledger.fields


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_entry_note")]

    operations = [
        migrations.AlterField(
            model_name="entry",
            name="ref",
            field=ledger.fields.UpperCodeField(max_length=24, null=True, unique=True),
        ),
    ]
