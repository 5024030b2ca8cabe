from django.db import migrations, models

from ledger.conf import USE_JSON


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = []

    # A condition on the app's settings module: LEDGER_OPTIONS["USE_JSON"] is False.
    if not USE_JSON:
        operations.append(
            migrations.AddField(
                model_name="entry", name="note", field=models.TextField(null=True)
            )
        )
