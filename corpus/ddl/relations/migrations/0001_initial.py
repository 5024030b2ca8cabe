# Exercises: relation fields and their options — ForeignKey with every
# on_delete (CASCADE, PROTECT, RESTRICT, SET_NULL, SET_DEFAULT, SET(...),
# DO_NOTHING), to_field, db_column, db_constraint=False, db_index=False,
# limit_choices_to, FK to "self", cross-app FK (core.place), the swappable
# user model (settings.AUTH_USER_MODEL + swappable_dependency), OneToOneField
# (plain and as primary key), ManyToManyField plain / with db_table / with
# through + through_fields / to self non-symmetrical / to the user model,
# and ForeignObject (no column of its own).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("core", "0015_separate_database_and_state"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Publisher",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=8, unique=True)),
                ("name", models.CharField(max_length=100)),
            ],
        ),
        migrations.CreateModel(
            name="Tag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.SlugField(unique=True)),
            ],
        ),
        migrations.CreateModel(
            name="Author",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100)),
                (
                    "mentor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="mentees",
                        to="relations.author",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="author_profile",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="AuthorStats",
            fields=[
                (
                    "author",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="stats",
                        serialize=False,
                        to="relations.author",
                    ),
                ),
                ("books_written", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="Book",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200)),
                ("publisher", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="books", to="relations.publisher")),
                (
                    "publisher_by_code",
                    models.ForeignKey(
                        db_column="pub_code",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="relations.publisher",
                        to_field="code",
                    ),
                ),
                ("editor", models.ForeignKey(null=True, on_delete=django.db.models.deletion.RESTRICT, related_name="edited", to="relations.author")),
                (
                    "reviewer",
                    models.ForeignKey(
                        limit_choices_to={"name__startswith": "A"},
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reviewed",
                        to="relations.author",
                    ),
                ),
                ("fallback", models.ForeignKey(default=None, null=True, on_delete=django.db.models.deletion.SET_DEFAULT, related_name="+", to="relations.author")),
                ("archivist", models.ForeignKey(null=True, on_delete=models.SET(None), related_name="+", to="relations.author")),
                (
                    "legacy_publisher",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.publisher",
                    ),
                ),
                ("venue", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="books", to="core.place")),
                ("owner", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="owned_books", to=settings.AUTH_USER_MODEL)),
                ("sequel_of", models.OneToOneField(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="prequel", to="relations.book")),
                ("tags", models.ManyToManyField(blank=True, db_table="relations_book_tag_map", related_name="books", to="relations.tag")),
                ("cites", models.ManyToManyField(related_name="cited_by", symmetrical=False, to="relations.book")),
                ("similar", models.ManyToManyField(to="relations.book")),
                ("readers", models.ManyToManyField(related_name="reading", to=settings.AUTH_USER_MODEL)),
                (
                    "publisher_link",
                    models.ForeignObject(
                        from_fields=["publisher"],
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.publisher",
                        to_fields=["id"],
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Authorship",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("role", models.CharField(default="author", max_length=20)),
                ("author", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="relations.author")),
                ("book", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="relations.book")),
                ("invited_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="relations.author")),
            ],
            options={
                "unique_together": {("author", "book")},
            },
        ),
        migrations.AddField(
            model_name="book",
            name="authors",
            field=models.ManyToManyField(related_name="books", through="relations.Authorship", through_fields=("book", "author"), to="relations.author"),
        ),
    ]
