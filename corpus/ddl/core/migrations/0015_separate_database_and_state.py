# Exercises: SeparateDatabaseAndState with both lists non-empty (the state
# sees a RenameField while the database runs a hand-written RENAME COLUMN),
# with database_operations only (an AddIndex the state never learns about)
# and with state_operations only (Django learns about core_gadget.note that
# 0013 added with raw SQL).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0014_run_python"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'ALTER TABLE "core_place" RENAME COLUMN "country" TO "country_code";',
                    reverse_sql='ALTER TABLE "core_place" RENAME COLUMN "country_code" TO "country";',
                ),
            ],
            state_operations=[
                migrations.RenameField(
                    model_name="place",
                    old_name="country",
                    new_name="country_code",
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    model_name="place",
                    index=models.Index(fields=["city"], name="core_place_city_db_only"),
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="gadget",
                    name="note",
                    field=models.TextField(null=True),
                ),
            ],
        ),
    ]
