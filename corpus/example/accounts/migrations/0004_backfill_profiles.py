# Hand-written data migration: give every existing user a Profile row.

from django.db import migrations

BATCH_SIZE = 500


def create_missing_profiles(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Profile = apps.get_model("accounts", "Profile")
    db_alias = schema_editor.connection.alias
    missing = (
        User.objects.using(db_alias)
        .filter(profile__isnull=True)
        .values_list("pk", flat=True)
        .iterator(chunk_size=BATCH_SIZE)
    )
    Profile.objects.using(db_alias).bulk_create(
        (Profile(user_id=pk) for pk in missing), batch_size=BATCH_SIZE
    )


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_profile"),
    ]

    # The old checkout code derived a profile from Order.legacy_code; the
    # profiles have to exist before orders.0004 drops that column.
    run_before = [
        ("orders", "0004_remove_order_legacy_code"),
    ]

    operations = [
        migrations.RunPython(create_missing_profiles, migrations.RunPython.noop),
    ]
