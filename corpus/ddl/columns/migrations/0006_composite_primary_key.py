# Exercises: CompositePrimaryKey (new in Django 5.2): a table whose primary
# key is PRIMARY KEY ("order_no", "line_no"); the "pk" field has no column.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("columns", "0005_generated_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrderLine",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "order_no", "line_no", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("order_no", models.IntegerField()),
                ("line_no", models.SmallIntegerField()),
                ("sku", models.CharField(max_length=20)),
            ],
        ),
    ]
