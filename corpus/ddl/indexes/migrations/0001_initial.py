# Exercises: nothing new — the tables that the index and constraint
# migrations below work on. (hstore/btree_gist/bloom/pg_trgm come from
# pgext.0001.)

import django.contrib.postgres.fields
import django.contrib.postgres.fields.hstore
import django.contrib.postgres.fields.ranges
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("pgext", "0001_extensions"),
    ]

    operations = [
        migrations.CreateModel(
            name="Article",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200)),
                ("slug", models.CharField(max_length=100)),
                ("code", models.CharField(max_length=20, null=True)),
                ("body", models.TextField()),
                ("status", models.CharField(default="draft", max_length=10)),
                ("rating", models.IntegerField(default=0)),
                ("views", models.IntegerField(default=0)),
                ("price", models.DecimalField(decimal_places=2, default=0, max_digits=10)),
                ("published", models.DateTimeField(null=True)),
                ("tags", django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=30), default=list, size=None)),
                ("meta", models.JSONField(default=dict)),
                ("attrs", django.contrib.postgres.fields.hstore.HStoreField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="Booking",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("room", models.IntegerField()),
                ("guest", models.CharField(max_length=100)),
                ("span", django.contrib.postgres.fields.ranges.DateTimeRangeField()),
                ("days", django.contrib.postgres.fields.ranges.DateRangeField(null=True)),
                ("starts", models.DateTimeField()),
                ("ends", models.DateTimeField()),
                ("cancelled", models.BooleanField(default=False)),
            ],
        ),
    ]
