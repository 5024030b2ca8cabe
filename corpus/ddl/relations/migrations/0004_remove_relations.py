# Exercises: RemoveField of an auto-created M2M (drops the join table), of
# an M2M with a through model (no SQL: the through table stays), of a
# ForeignObject (no SQL) and of an FK (drops the column and its
# constraint).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("relations", "0003_review_book_reviewers"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="book",
            name="readers",
        ),
        migrations.RemoveField(
            model_name="book",
            name="reviewers",
        ),
        migrations.RemoveField(
            model_name="book",
            name="publisher_link",
        ),
        migrations.RemoveField(
            model_name="book",
            name="legacy_publisher",
        ),
    ]
