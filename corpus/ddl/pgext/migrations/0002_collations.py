# Exercises: CreateCollation with the ICU provider (non-deterministic and
# deterministic) and with the libc provider.

import django.contrib.postgres.operations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("pgext", "0001_extensions"),
    ]

    operations = [
        django.contrib.postgres.operations.CreateCollation(
            "case_insensitive",
            provider="icu",
            locale="und-u-ks-level2",
            deterministic=False,
        ),
        django.contrib.postgres.operations.CreateCollation(
            "german_phonebook", locale="de-u-co-phonebk", provider="icu"
        ),
        django.contrib.postgres.operations.CreateCollation("posix_c", locale="C"),
    ]
