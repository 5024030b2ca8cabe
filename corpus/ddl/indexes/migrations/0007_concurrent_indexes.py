# Exercises: AddIndexConcurrently / RemoveIndexConcurrently (CREATE/DROP
# INDEX CONCURRENTLY), which require a non-atomic migration.

import django.contrib.postgres.operations
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ("indexes", "0006_rename_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=models.Index(fields=["views"], name="idx_art_views_conc"),
        ),
        AddIndexConcurrently(
            model_name="booking",
            index=models.Index(condition=models.Q(("cancelled", False)), fields=["starts"], name="idx_bkg_active_conc"),
        ),
        django.contrib.postgres.operations.RemoveIndexConcurrently(
            model_name="article",
            name="idx_art_rating_incl",
        ),
    ]
