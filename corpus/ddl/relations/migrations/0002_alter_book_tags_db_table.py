# Exercises: AlterField on a ManyToManyField changing db_table — the join
# table is renamed (ALTER TABLE ... RENAME TO ...), nothing else.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("relations", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="book",
            name="tags",
            field=models.ManyToManyField(blank=True, db_table="relations_book_tags_v2", related_name="books", to="relations.tag"),
        ),
    ]
