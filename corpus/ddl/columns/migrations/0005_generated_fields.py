# Exercises: GeneratedField (PostgreSQL needs db_persist=True: GENERATED
# ALWAYS AS (...) STORED) with arithmetic on F(), a text function, a
# Case/When expression, and AddField of a generated column on an existing
# table (rewrites the table).

import django.db.models.expressions
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("columns", "0004_field_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="Rectangle",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("width", models.IntegerField()),
                ("height", models.IntegerField()),
                ("label", models.CharField(max_length=40)),
                (
                    "area",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.db.models.expressions.CombinedExpression(
                            models.F("width"), "*", models.F("height")
                        ),
                        output_field=models.IntegerField(),
                    ),
                ),
                (
                    "label_lower",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.db.models.functions.text.Lower("label"),
                        output_field=models.CharField(max_length=40),
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="rectangle",
            name="is_square",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(width=models.F("height"), then=models.Value(True)),
                    default=models.Value(False),
                    output_field=models.BooleanField(),
                ),
                output_field=models.BooleanField(),
            ),
        ),
    ]
