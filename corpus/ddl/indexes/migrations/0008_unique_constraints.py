# Exercises: UniqueConstraint — fields (ADD CONSTRAINT ... UNIQUE),
# condition (partial: CREATE UNIQUE INDEX ... WHERE), expressions (unique
# index on Lower(...)), deferrable DEFERRED and IMMEDIATE, include,
# opclasses, nulls_distinct=False (NULLS NOT DISTINCT, PostgreSQL 15+),
# violation_error_code / violation_error_message (no DDL).

import django.db.models.constraints
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0007_concurrent_indexes"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(fields=("slug",), name="uq_art_slug"),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "live")), fields=("title",), name="uq_art_live_title"
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("title"),
                models.F("status"),
                name="uq_art_lower_title_status",
                violation_error_message="Title already used for this status.",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                deferrable=django.db.models.constraints.Deferrable["DEFERRED"],
                fields=("code",),
                name="uq_art_code_deferred",
            ),
        ),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.UniqueConstraint(
                deferrable=models.Deferrable.IMMEDIATE,
                fields=("room", "starts"),
                name="uq_bkg_room_starts_imm",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("title", "published"),
                include=("rating",),
                name="uq_art_title_pub_incl",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("slug", "status"),
                name="uq_art_slug_status_ops",
                opclasses=["varchar_pattern_ops", "text_pattern_ops"],
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("code", "published"),
                name="uq_art_code_pub_nnd",
                nulls_distinct=False,
                violation_error_code="duplicate_code",
            ),
        ),
    ]
