from django.db import migrations, models

import ledger.defaults


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_alter_entry_ref")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="secret",
            field=models.CharField(default=ledger.defaults.make_secret, max_length=36),
        ),
        migrations.AddField(
            model_name="entry",
            name="page_size",
            field=models.IntegerField(default=ledger.defaults.page_size_default),
        ),
        migrations.AddField(
            model_name="entry",
            name="notify",
            field=models.BooleanField(default=ledger.defaults.notify_default),
        ),
        migrations.AddField(
            model_name="entry",
            name="layout",
            field=models.CharField(default=ledger.defaults.layout_default, max_length=8),
        ),
    ]
