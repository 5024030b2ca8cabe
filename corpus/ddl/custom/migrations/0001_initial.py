# Exercises: custom field classes in CreateModel, resolved from custom/fields.py (a
# CharField subclass overriding only pre_save; max_length from a class attribute through
# kwargs.setdefault; a forced kwargs["unique"] in a subclass of a custom class; DecimalField
# precision defaults; a JSONField whose get_db_prep_value only validates; models.Field with
# get_internal_type() returning "CharField") and one declared in migguard.toml
# (LegacyIntegerField, whose db_type override can't be read).

import custom.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Product",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("name", custom.fields.HashedCharField(max_length=100)),
                ("code", custom.fields.CodeField()),
                ("sku", custom.fields.UniqueCodeField(max_length=16)),
                ("price", custom.fields.MoneyField()),
                ("tags", custom.fields.TagListField(default=list)),
                ("country", custom.fields.CountryField(default="FR")),
                ("legacy_id", custom.fields.LegacyIntegerField(null=True)),
            ],
        ),
    ]
