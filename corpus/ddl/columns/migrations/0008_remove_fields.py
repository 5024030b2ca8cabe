# Exercises: RemoveField — a plain column, an indexed/unique column (its
# indexes go with it), an FK column (constraint goes with it) and an M2M
# (drops the join table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("columns", "0007_add_fields"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="scalars",
            name="add_blank",
        ),
        migrations.RemoveField(
            model_name="scalars",
            name="add_unique",
        ),
        migrations.RemoveField(
            model_name="scalars",
            name="add_fk",
        ),
        migrations.RemoveField(
            model_name="scalars",
            name="add_m2m",
        ),
    ]
