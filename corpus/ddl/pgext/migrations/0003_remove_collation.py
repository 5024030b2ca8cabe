# Exercises: RemoveCollation (it carries the full definition so that it can
# be reversed).

from django.contrib.postgres import operations as pg_ops
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("pgext", "0002_collations"),
    ]

    operations = [
        pg_ops.RemoveCollation("german_phonebook", locale="de-u-co-phonebk", provider="icu"),
    ]
