# Exercises DDL details found wrong on real apps:
# - (0005 has the foreign-key cases, once the deferred constraint exists)
# - a field changed to a subclass of its class with the same arguments (the class path
#   differs, so Django alters it) and a subclass that adds an argument;
# - within one migration, later operations see what earlier ones created or dropped: a
#   unique constraint added then removed (the removal finds the name by introspection), a
#   unique_together set then cleared, and an index on a column renamed in between.

import custom.fields
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("custom", "0003_local_operation_subclasses"),
    ]

    operations = [
        migrations.CreateModel(
            name="Variant",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "product",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="custom.product"
                    ),
                ),
                ("label", models.CharField(max_length=30)),
                ("code", models.CharField(max_length=10)),
                ("size", models.CharField(max_length=8)),
            ],
        ),
        migrations.AlterField(
            model_name="variant",
            name="label",
            field=custom.fields.HashedCharField(max_length=30),
        ),
        migrations.AlterField(
            model_name="variant",
            name="size",
            field=custom.fields.UniqueCodeField(max_length=8),
        ),
        migrations.AlterField(
            model_name="variant",
            name="code",
            field=models.CharField(max_length=10, unique=True),
        ),
        migrations.AlterField(
            model_name="variant",
            name="code",
            field=models.CharField(max_length=10),
        ),
        migrations.AlterUniqueTogether(
            name="variant",
            unique_together={("product", "label")},
        ),
        migrations.AlterUniqueTogether(
            name="variant",
            unique_together=set(),
        ),
        migrations.AlterField(
            model_name="variant",
            name="size",
            field=models.CharField(max_length=8),
        ),
        migrations.RenameField(
            model_name="variant",
            old_name="label",
            new_name="title",
        ),
        migrations.AlterField(
            model_name="variant",
            name="title",
            field=models.CharField(db_index=True, max_length=30),
        ),
        migrations.AlterField(
            model_name="variant",
            name="title",
            field=models.CharField(max_length=30),
        ),
    ]
