# Exercises: CreateExtension (generic form, incl. a name with a hyphen) and
# every named subclass in django.contrib.postgres.operations.

from django.contrib.postgres.operations import (
    BloomExtension,
    BtreeGinExtension,
    BtreeGistExtension,
    CITextExtension,
    CreateExtension,
    CryptoExtension,
    HStoreExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        BloomExtension(),
        BtreeGinExtension(),
        BtreeGistExtension(),
        CITextExtension(),
        CryptoExtension(),
        HStoreExtension(),
        TrigramExtension(),
        UnaccentExtension(),
        CreateExtension("uuid-ossp"),
        CreateExtension(name="fuzzystrmatch"),
    ]
