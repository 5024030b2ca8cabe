# Exercises: django.contrib.postgres.fields — ArrayField (sized, nested,
# of a CharField, with default=list), HStoreField (needs hstore: pgext.0001),
# every range field (IntegerRange, BigIntegerRange, DecimalRange,
# DateTimeRange with default_bounds, DateRange) and SearchVectorField.

import django.contrib.postgres.fields
import django.contrib.postgres.fields.hstore
import django.contrib.postgres.fields.ranges
import django.contrib.postgres.search
from django.contrib.postgres.fields import ArrayField
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("columns", "0002_legacy_fields"),
        ("pgext", "0001_extensions"),
    ]

    operations = [
        migrations.CreateModel(
            name="PgTypes",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("tags", ArrayField(base_field=models.CharField(max_length=30), blank=True, default=list, size=None)),
                ("scores", django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), size=5)),
                (
                    "matrix",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=django.contrib.postgres.fields.ArrayField(base_field=models.FloatField(), size=3),
                        null=True,
                        size=3,
                    ),
                ),
                ("attrs", django.contrib.postgres.fields.hstore.HStoreField(blank=True, null=True)),
                ("int_range", django.contrib.postgres.fields.ranges.IntegerRangeField()),
                ("bigint_range", django.contrib.postgres.fields.ranges.BigIntegerRangeField(null=True)),
                ("decimal_range", django.contrib.postgres.fields.ranges.DecimalRangeField(null=True)),
                ("during", django.contrib.postgres.fields.ranges.DateTimeRangeField(default_bounds="[]", null=True)),
                ("days", django.contrib.postgres.fields.ranges.DateRangeField(null=True)),
                ("search", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
        ),
    ]
