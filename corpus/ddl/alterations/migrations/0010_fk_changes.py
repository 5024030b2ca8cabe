# Exercises: FK back to enforced (db_constraint=True re-adds the
# constraint), FK retargeted to another model (drop + add constraint),
# on_delete change only (no SQL), FK NULL -> NOT NULL, and widening a
# to_field target column (Target.code) which also alters the FK column that
# references it (fk_to_code).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0009_fk_to_int"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subject",
            name="fk_drops_constraint",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="alterations.target",
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="fk_retargeted",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="alterations.othertarget",
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="fk_on_delete",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="alterations.target",
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="fk_becomes_required",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="alterations.othertarget",
            ),
        ),
        migrations.AlterField(
            model_name="target",
            name="code",
            field=models.CharField(max_length=32, unique=True),
        ),
    ]
