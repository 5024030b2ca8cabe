# Exercises: RemoveIndex (plain, partial, expression, contrib.postgres
# index) — DROP INDEX without CONCURRENTLY.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0003_postgres_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="idx_art_slug",
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="idx_art_live_partial",
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="idx_art_lower_title",
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="hash_art_slug",
        ),
    ]
