# Exercises: RemoveConstraint of a unique constraint, a partial unique
# (index-backed), an expression unique, a check and an exclusion
# constraint.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0010_exclusion_constraints"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="article",
            name="uq_art_slug",
        ),
        migrations.RemoveConstraint(
            model_name="article",
            name="uq_art_live_title",
        ),
        migrations.RemoveConstraint(
            model_name="article",
            name="uq_art_lower_title_status",
        ),
        migrations.RemoveConstraint(
            model_name="article",
            name="ck_art_views_range",
        ),
        migrations.RemoveConstraint(
            model_name="booking",
            name="ex_bkg_days_spgist",
        ),
    ]
