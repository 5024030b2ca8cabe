# Exercises: AlterIndexTogether removing one entry (DROP INDEX, name found
# by introspection) and keeping another.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0008_alter_index_together"),
    ]

    operations = [
        migrations.AlterIndexTogether(
            name="gadget",
            index_together={("serial",)},
        ),
    ]
