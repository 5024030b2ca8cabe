# Hand-written for the corpus: this migrations package is NOT used by Django
# (blog: see siteproj/settings/base.py), so it must not be in the plan.
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Unused",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("text", models.TextField()),
            ],
        ),
    ]
