# Exercises: int -> bigint on primary keys referenced by FKs and by an M2M
# join table: AutoField -> BigAutoField (identity sequence becomes bigint,
# subject.fk_to_legacy_id and alterations_subject_legacy_set.legacyauto_id
# are altered too, FK constraints dropped and re-created) and a plain
# IntegerField pk -> BigIntegerField pk (subject.fk_to_keyed_id follows).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0010_fk_changes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="legacyauto",
            name="id",
            field=models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
        ),
        migrations.AlterField(
            model_name="keyed",
            name="id",
            field=models.BigIntegerField(primary_key=True, serialize=False),
        ),
    ]
