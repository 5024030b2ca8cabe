# Exercises: django.contrib.postgres.indexes — GinIndex (array, jsonb with
# jsonb_path_ops, hstore, trigram OpClass expression, SearchVector
# expression, fastupdate/gin_pending_list_limit), GistIndex (range,
# trigram opclass, buffering/fillfactor), BrinIndex (autosummarize,
# pages_per_range), BTreeIndex (fillfactor, deduplicate_items), HashIndex,
# SpGistIndex (range and text), BloomIndex (needs the bloom extension).

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.contrib.postgres.indexes import (
    BloomIndex,
    BrinIndex,
    BTreeIndex,
    GinIndex,
    GistIndex,
    HashIndex,
    OpClass,
    SpGistIndex,
)
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0002_add_indexes"),
        ("pgext", "0001_extensions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=GinIndex(fields=["tags"], name="gin_art_tags"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=GinIndex(fields=["meta"], name="gin_art_meta_path", opclasses=["jsonb_path_ops"]),
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(fields=["attrs"], name="gin_art_attrs", fastupdate=False),
        ),
        migrations.AddIndex(
            model_name="article",
            index=GinIndex(
                OpClass(django.db.models.functions.text.Upper("title"), name="gin_trgm_ops"),
                gin_pending_list_limit=2048,
                name="gin_art_title_trgm",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=GinIndex(
                django.contrib.postgres.search.SearchVector("body", config="english"),
                name="gin_art_body_fts",
            ),
        ),
        migrations.AddIndex(
            model_name="booking",
            index=GistIndex(buffering=True, fields=["span"], fillfactor=80, name="gist_bkg_span"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=GistIndex(fields=["title"], name="gist_art_title_trgm", opclasses=["gist_trgm_ops"]),
        ),
        migrations.AddIndex(
            model_name="article",
            index=BrinIndex(autosummarize=True, fields=["published"], name="brin_art_published", pages_per_range=32),
        ),
        migrations.AddIndex(
            model_name="article",
            index=BTreeIndex(deduplicate_items=False, fields=["status"], fillfactor=70, name="btree_art_status"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=HashIndex(fields=["slug"], fillfactor=60, name="hash_art_slug"),
        ),
        migrations.AddIndex(
            model_name="booking",
            index=SpGistIndex(fields=["days"], name="spgist_bkg_days"),
        ),
        migrations.AddIndex(
            model_name="booking",
            index=SpGistIndex(fields=["guest"], fillfactor=90, name="spgist_bkg_guest"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=BloomIndex(columns=[4, 2], fields=["rating", "views"], length=80, name="bloom_art_rating_views"),
        ),
    ]
