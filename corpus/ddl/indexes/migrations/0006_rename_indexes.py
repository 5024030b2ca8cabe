# Exercises: RenameIndex in both forms — old_name= (ALTER INDEX ... RENAME
# TO ...) and old_fields= (finds the unnamed index_together index by its
# columns, renames it, and turns it into a named Meta.indexes entry).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("indexes", "0005_index_together"),
    ]

    operations = [
        migrations.RenameIndex(
            model_name="article",
            new_name="idx_art_status_published",
            old_name="idx_art_status_pub",
        ),
        migrations.RenameIndex(
            model_name="booking",
            new_name="idx_bkg_room_guest",
            old_fields=("room", "guest"),
        ),
    ]
