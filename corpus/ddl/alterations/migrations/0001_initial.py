# Exercises: nothing new — sets up the tables whose columns the following
# migrations alter, one schema-editor _alter_field branch per migration.

import datetime

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Target",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=10, unique=True)),
            ],
        ),
        migrations.CreateModel(
            name="OtherTarget",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
        ),
        migrations.CreateModel(
            name="LegacyAuto",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=20)),
            ],
        ),
        migrations.CreateModel(
            name="Keyed",
            fields=[
                ("id", models.IntegerField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.CreateModel(
            name="GainsIdentity",
            fields=[
                ("id", models.IntegerField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.CreateModel(
            name="LosesIdentity",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.CreateModel(
            name="SmallSeq",
            fields=[
                ("id", models.SmallAutoField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.CreateModel(
            name="PkMove",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=12, unique=True)),
            ],
        ),
        migrations.CreateModel(
            name="Subject",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("char_to_int", models.CharField(default="0", max_length=10)),
                ("int_to_char", models.IntegerField(default=0)),
                ("text_to_json", models.TextField(default="{}")),
                ("char_to_uuid", models.CharField(max_length=36, null=True)),
                ("date_to_datetime", models.DateField(default=datetime.date(2020, 1, 1))),
                ("decimal_precision", models.DecimalField(decimal_places=2, max_digits=8, null=True)),
                ("widen", models.CharField(max_length=20)),
                ("narrow", models.CharField(max_length=100)),
                ("char_to_text", models.CharField(max_length=50)),
                ("nullable_to_required", models.IntegerField(null=True)),
                ("nullable_to_required_nodefault", models.IntegerField(null=True)),
                ("required_to_nullable", models.CharField(max_length=20)),
                ("becomes_unique", models.CharField(max_length=20)),
                ("stops_unique", models.CharField(max_length=20, unique=True)),
                ("becomes_indexed", models.IntegerField(default=0)),
                ("char_becomes_indexed", models.CharField(max_length=20, null=True)),
                ("stops_indexed", models.CharField(db_index=True, max_length=20, null=True)),
                ("unique_to_indexed", models.IntegerField(null=True, unique=True)),
                ("column_renamed", models.IntegerField(default=0)),
                ("commented", models.IntegerField(default=0)),
                ("gets_default", models.IntegerField(null=True)),
                ("loses_default", models.IntegerField(default=1)),
                ("gets_db_default", models.IntegerField(null=True)),
                ("changes_db_default", models.CharField(db_default="old", max_length=10)),
                ("loses_db_default", models.IntegerField(db_default=5)),
                ("recollated", models.CharField(max_length=30, null=True)),
                ("fk_becomes_int", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="alterations.target")),
                ("int_becomes_fk", models.BigIntegerField(null=True)),
                ("fk_drops_constraint", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="alterations.target")),
                ("fk_retargeted", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="alterations.target")),
                ("fk_on_delete", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="alterations.target")),
                ("fk_becomes_required", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="alterations.othertarget")),
                ("fk_to_code", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="alterations.target", to_field="code")),
                ("fk_to_legacy", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="alterations.legacyauto")),
                ("fk_to_keyed", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="alterations.keyed")),
                ("legacy_set", models.ManyToManyField(related_name="+", to="alterations.legacyauto")),
            ],
        ),
    ]
