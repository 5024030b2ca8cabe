# Exercises: AddField on an existing table in every DDL-relevant flavour —
# nullable; static default (ADD ... DEFAULT then DROP DEFAULT); callable
# default (one value computed in Python for all rows); db_default (DEFAULT
# kept); NOT NULL without default via preserve_default=False (one-off
# default); blank CharField (effective default ''); unique; db_index; a
# nullable FK; an M2M (creates the join table); ArrayField default=list.

import uuid

import django.contrib.postgres.fields
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("columns", "0006_composite_primary_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="scalars",
            name="add_nullable",
            field=models.IntegerField(null=True),
        ),
        migrations.AddField(
            model_name="scalars",
            name="add_static_default",
            field=models.IntegerField(default=3),
        ),
        migrations.AddField(
            model_name="scalars",
            name="add_callable_default",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="scalars",
            name="add_db_default",
            field=models.BooleanField(db_default=True),
        ),
        migrations.AddField(
            model_name="scalars",
            name="add_one_off_default",
            field=models.CharField(default="unknown", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="scalars",
            name="add_blank",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="scalars",
            name="add_unique",
            field=models.UUIDField(default=uuid.uuid4, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="scalars",
            name="add_indexed",
            field=models.CharField(db_index=True, max_length=10, null=True),
        ),
        migrations.AddField(
            model_name="scalars",
            name="add_fk",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="columns.options"),
        ),
        migrations.AddField(
            model_name="scalars",
            name="add_m2m",
            field=models.ManyToManyField(related_name="scalars", to="columns.rectangle"),
        ),
        migrations.AddField(
            model_name="scalars",
            name="add_array",
            field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), default=list, size=None),
        ),
    ]
