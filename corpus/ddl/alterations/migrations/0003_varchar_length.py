# Exercises: varchar length changes — widening (metadata-only on PostgreSQL),
# narrowing (rewrite + check of every row), varchar -> text.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0002_type_change_using"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="widen",
            field=models.CharField(max_length=200),
        ),
        migrations.AlterField(
            model_name="subject",
            name="narrow",
            field=models.CharField(max_length=40),
        ),
        migrations.AlterField(
            model_name="subject",
            name="char_to_text",
            field=models.TextField(),
        ),
    ]
