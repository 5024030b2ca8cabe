# Exercises: a through model created first, then AddField of an M2M using
# it: the AddField itself creates nothing (the through table exists); and
# AddField of an auto-created M2M on an existing model (CREATE TABLE for
# the join table).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("relations", "0002_alter_book_tags_db_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Review",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("stars", models.PositiveSmallIntegerField()),
                ("book", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="relations.book")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.AddField(
            model_name="book",
            name="reviewers",
            field=models.ManyToManyField(related_name="reviewed_books", through="relations.Review", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="publisher",
            name="imprints",
            field=models.ManyToManyField(blank=True, to="relations.publisher"),
        ),
    ]
