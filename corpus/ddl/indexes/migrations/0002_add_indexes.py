# Exercises: AddIndex with models.Index in every shape — one field,
# several fields, descending ("-field"), condition (partial index),
# include (covering), opclasses, expressions (Lower, Upper, F, OrderBy
# desc, a JSON key transform), db_tablespace. None of these uses
# CONCURRENTLY.

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import F, Q
from django.db.models.functions import Lower, Upper


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["slug"], name="idx_art_slug"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "-published"], name="idx_art_status_pub"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(condition=models.Q(("status", "live")), fields=["published"], name="idx_art_live_partial"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["rating"], include=("title", "views"), name="idx_art_rating_incl"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["code"], name="idx_art_code_ops", opclasses=["varchar_pattern_ops"]),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(Lower("title"), name="idx_art_lower_title"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.OrderBy(django.db.models.functions.text.Upper("slug"), descending=True),
                F("rating"),
                name="idx_art_expr_mixed",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(F("views").desc(nulls_last=True), Upper("code"), condition=Q(rating__gt=0), name="idx_art_expr_cond"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(models.F("meta__author"), name="idx_art_meta_author"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(db_tablespace="pg_default", fields=["price"], name="idx_art_price_ts"),
        ),
    ]
