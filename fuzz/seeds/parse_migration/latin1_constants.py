# -*- coding: latin-1 -*-
from django.db import migrations, models

A = [1]
A = A + A
X = "x" * 3

class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [
        migrations.AddField("item", "série", models.CharField(max_length=20, default=f"{X}")),
        migrations.RunSQL("SELECT 1", reverse_sql=migrations.RunSQL.noop),
    ]
