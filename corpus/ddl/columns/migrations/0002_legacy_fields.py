# Exercises: field classes kept only for historical migrations —
# CommaSeparatedIntegerField, IPAddressField, NullBooleanField,
# contrib.postgres JSONField and the citext fields CICharField,
# CIEmailField, CITextField (need the citext extension: pgext.0001).

import django.contrib.postgres.fields.citext
import django.contrib.postgres.fields.jsonb
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("columns", "0001_initial"),
        ("pgext", "0001_extensions"),
    ]

    operations = [
        migrations.CreateModel(
            name="Legacy",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("csv_ints", models.CommaSeparatedIntegerField(max_length=100)),
                ("ipv4_only", models.IPAddressField()),
                ("tristate", models.NullBooleanField()),
                ("old_json", django.contrib.postgres.fields.jsonb.JSONField(default=dict)),
                ("ci_name", django.contrib.postgres.fields.citext.CICharField(max_length=50, unique=True)),
                ("ci_email", django.contrib.postgres.fields.citext.CIEmailField(max_length=254)),
                ("ci_text", django.contrib.postgres.fields.citext.CITextField(blank=True)),
            ],
        ),
    ]
