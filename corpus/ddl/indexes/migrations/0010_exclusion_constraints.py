# Exercises: ExclusionConstraint — GiST with a range && and a scalar =
# (needs btree_gist), condition, deferrable, include; an OpClass and a
# Func-built range (tstzrange(starts, ends, '[)')) as expressions; SP-GiST
# index_type.

import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
import django.db.models.constraints
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.contrib.postgres.indexes import OpClass
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0009_check_constraints"),
        ("pgext", "0001_extensions"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="booking",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                condition=models.Q(("cancelled", False)),
                expressions=[("span", "&&"), ("room", "=")],
                name="ex_bkg_room_overlap",
            ),
        ),
        migrations.AddConstraint(
            model_name="booking",
            constraint=ExclusionConstraint(
                deferrable=django.db.models.constraints.Deferrable["DEFERRED"],
                expressions=[
                    (
                        models.Func(
                            models.F("starts"),
                            models.F("ends"),
                            django.contrib.postgres.fields.ranges.RangeBoundary(),
                            function="TSTZRANGE",
                            output_field=django.contrib.postgres.fields.ranges.DateTimeRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                    (models.F("guest"), RangeOperators.EQUAL),
                ],
                include=["room"],
                index_type="gist",
                name="ex_bkg_guest_overlap",
            ),
        ),
        migrations.AddConstraint(
            model_name="booking",
            constraint=ExclusionConstraint(
                expressions=[(OpClass("days", name="range_ops"), RangeOperators.OVERLAPS)],
                index_type="spgist",
                name="ex_bkg_days_spgist",
                violation_error_message="Days overlap.",
            ),
        ),
    ]
