# Hand-written: index the percentile columns, built by a helper.

from django.db import migrations, models


def percentile_indexes(model_name, percentiles):
    ops = []
    for pct in percentiles:
        ops.append(
            migrations.AddIndex(
                model_name=model_name,
                index=models.Index(fields=[f"p{pct}"], name=f"metrics_sample_p{pct}_idx"),
            )
        )
    return ops


class Migration(migrations.Migration):

    dependencies = [
        ("metrics", "0002_sample_percentiles"),
    ]

    operations = percentile_indexes("sample", [95, 99])
