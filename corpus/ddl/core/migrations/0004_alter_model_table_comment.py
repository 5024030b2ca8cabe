# Exercises: AlterModelTableComment (set, change, clear with "").

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_alter_model_table"),
    ]

    operations = [
        migrations.AlterModelTableComment(
            name="gadget",
            table_comment="Physical gadgets",
        ),
        migrations.AlterModelTableComment(
            name="place",
            table_comment="Venues",
        ),
        migrations.AlterModelTableComment(
            name="component",
            table_comment="",
        ),
    ]
