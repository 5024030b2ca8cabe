# Exercises: CheckConstraint conditions built from Q lookups — exact, gt,
# gte, lt, lte, in, isnull, range, startswith, endswith, contains,
# iexact, regex, a transform (published__year), F() expressions, negation
# (~Q / _negated), OR (_connector="OR"), nested AND/OR, and a lookup
# expression instead of a Q (GreaterThan).

import django.db.models.lookups
from django.db import migrations, models
from django.db.models import F, Q

MAX_RATING = 5


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0008_unique_constraints"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("rating__gte", 0), ("rating__lte", MAX_RATING)),
                name="ck_art_rating_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["draft", "live", "archived"])),
                name="ck_art_status_in",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("published__isnull", True), ("status", "live"), _connector="OR"
                ),
                name="ck_art_published_or_live",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=Q(price__gt=0) | Q(price=0, status="draft"),
                name="ck_art_price_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("views__range", (0, 1000000000))),
                name="ck_art_views_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("slug__startswith", "-"), _negated=True),
                    models.Q(("slug__endswith", "-"), _negated=True),
                    ~models.Q(("title__contains", "  ")),
                ),
                name="ck_art_slug_shape",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=~Q(status__iexact="DELETED") & Q(code__regex=r"^[A-Z0-9-]*$"),
                name="ck_art_status_code",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("rating__lte", F("views")), ("price__lt", 1000)),
                name="ck_art_rating_le_views",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("published__year__gte", 2000), ("published__isnull", True), _connector="OR"),
                name="ck_art_published_year",
            ),
        ),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.GreaterThan(F("ends"), F("starts")),
                name="ck_bkg_ends_after_starts",
            ),
        ),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.CheckConstraint(
                condition=models.Q(("room__gt", 0), ("room__lt", 10000)),
                name="ck_bkg_room_bounds",
                violation_error_message="Room number out of range.",
            ),
        ),
    ]
