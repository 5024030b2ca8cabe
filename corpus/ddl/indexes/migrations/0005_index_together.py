# Exercises: an unnamed index from AlterIndexTogether, the historical way,
# so that 0006 can rename it with RenameIndex(old_fields=...).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0004_remove_indexes"),
    ]

    operations = [
        migrations.AlterIndexTogether(
            name="booking",
            index_together={("room", "guest")},
        ),
    ]
