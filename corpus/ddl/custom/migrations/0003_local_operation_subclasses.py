# Exercises: operation subclasses defined in the migration file: an AddIndex whose
# database_forwards does nothing (state only), a RemoveIndex that swallows errors around
# super().database_forwards (same SQL as RemoveIndex), and a plain AddIndex after them.

from django.db import DatabaseError, migrations, models


class StateOnlyAddIndex(migrations.AddIndex):
    """Records an index that an earlier deployment created by hand."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        """The index already exists."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class TolerantRemoveIndex(migrations.RemoveIndex):
    """Drops the index if it is there."""

    def database_forwards(self, *args, **kwargs):
        try:
            super().database_forwards(*args, **kwargs)
        except DatabaseError:
            pass


class Migration(migrations.Migration):

    dependencies = [
        ("custom", "0002_custom_field_changes"),
    ]

    operations = [
        StateOnlyAddIndex(
            model_name="product",
            index=models.Index(fields=["name"], name="custom_prod_name_idx"),
        ),
        TolerantRemoveIndex(
            model_name="product",
            name="custom_prod_name_idx",
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["country", "code"], name="custom_prod_country_code_idx"),
        ),
    ]
