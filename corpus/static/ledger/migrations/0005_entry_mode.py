from django.db import migrations, models

import ledger.defaults


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_entry_preferences")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="mode",
            field=models.CharField(default=ledger.defaults.mode_default, max_length=8),
        ),
    ]
