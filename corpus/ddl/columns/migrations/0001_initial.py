# Exercises: every concrete field class of django.db.models, each with its
# DDL-relevant arguments, and the three auto field kinds as primary keys
# (AutoField -> integer identity, BigAutoField -> bigint identity,
# SmallAutoField -> smallint identity).

import datetime
import decimal
import uuid

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SmallPk",
            fields=[
                ("id", models.SmallAutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=20)),
            ],
        ),
        migrations.CreateModel(
            name="IntPk",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=20)),
            ],
        ),
        migrations.CreateModel(
            name="Scalars",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("f_bigint", models.BigIntegerField()),
                ("f_binary", models.BinaryField(max_length=1024)),
                ("f_bool", models.BooleanField(default=False)),
                ("f_char", models.CharField(max_length=120)),
                ("f_date", models.DateField(default=datetime.date(2000, 1, 1))),
                ("f_date_auto", models.DateField(auto_now=True)),
                ("f_datetime", models.DateTimeField(auto_now_add=True)),
                ("f_decimal", models.DecimalField(decimal_places=4, default=decimal.Decimal("0.0000"), max_digits=12)),
                ("f_duration", models.DurationField(default=datetime.timedelta(seconds=90))),
                ("f_email", models.EmailField(max_length=254)),
                ("f_filepath", models.FilePathField(match=r".*\.txt$", path="/srv/data", recursive=True)),
                ("f_float", models.FloatField()),
                ("f_ip", models.GenericIPAddressField()),
                ("f_ipv4", models.GenericIPAddressField(protocol="IPv4")),
                ("f_ip_unpack", models.GenericIPAddressField(blank=True, null=True, unpack_ipv4=True)),
                ("f_int", models.IntegerField()),
                ("f_posbig", models.PositiveBigIntegerField()),
                ("f_posint", models.PositiveIntegerField()),
                ("f_possmall", models.PositiveSmallIntegerField()),
                ("f_slug", models.SlugField(max_length=80)),
                ("f_slug_noindex", models.SlugField(db_index=False)),
                ("f_small", models.SmallIntegerField()),
                ("f_text", models.TextField()),
                ("f_time", models.TimeField()),
                ("f_url", models.URLField(max_length=300)),
                ("f_uuid", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("f_json", models.JSONField(default=dict)),
                (
                    "f_json_encoder",
                    models.JSONField(
                        blank=True,
                        encoder=django.core.serializers.json.DjangoJSONEncoder,
                        null=True,
                    ),
                ),
                ("f_file", models.FileField(upload_to="uploads/%Y/%m/")),
                ("f_file_long", models.FileField(blank=True, max_length=255, upload_to="")),
                ("f_image_w", models.PositiveIntegerField(null=True)),
                ("f_image_h", models.PositiveIntegerField(null=True)),
                (
                    "f_image",
                    models.ImageField(
                        blank=True,
                        height_field="f_image_h",
                        upload_to="images/",
                        width_field="f_image_w",
                    ),
                ),
                ("f_small_ref", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to="columns.smallpk")),
                ("f_int_ref", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to="columns.intpk")),
            ],
        ),
    ]
