# Exercises: AlterIndexTogether removing one entry (DROP INDEX) and keeping
# another. (place keeps the index_together from CreateModel in its state,
# but has no such index in the database; it is left alone.)

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
