# Hand-written: one nullable column per reported percentile.

from django.db import migrations, models

PERCENTILES = (50, 90, 95, 99)


class Migration(migrations.Migration):

    dependencies = [
        ("metrics", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="sample",
            name=f"p{pct}",
            field=models.FloatField(null=True),
        )
        for pct in PERCENTILES
    ]
