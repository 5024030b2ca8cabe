# Exercises: FK -> non-FK (drops the FK constraint and its index; the
# column keeps its name fk_becomes_int_id via db_column), non-FK -> FK
# (adds index + FOREIGN KEY ... DEFERRABLE INITIALLY DEFERRED), and an FK
# that stops enforcing (db_constraint=False drops the constraint).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0008_rename_column_db_column"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="fk_becomes_int",
            field=models.BigIntegerField(db_column="fk_becomes_int_id", null=True),
        ),
        migrations.AlterField(
            model_name="subject",
            name="int_becomes_fk",
            field=models.ForeignKey(
                db_column="int_becomes_fk",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="alterations.target",
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="fk_drops_constraint",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="alterations.target",
            ),
        ),
    ]
