# Exercises: AlterConstraint (Django 5.2) — only non-database attributes
# changed (violation_error_message / violation_error_code), so no SQL.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0013_validate_constraint"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="booking",
            name="ck_bkg_room_bounds",
            constraint=models.CheckConstraint(
                condition=models.Q(("room__gt", 0), ("room__lt", 10000)),
                name="ck_bkg_room_bounds",
                violation_error_code="room_range",
                violation_error_message="Rooms are numbered 1 to 9999.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="article",
            name="uq_art_code_pub_nnd",
            constraint=models.UniqueConstraint(
                fields=("code", "published"),
                name="uq_art_code_pub_nnd",
                nulls_distinct=False,
            ),
        ),
    ]
