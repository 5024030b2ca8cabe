"""A project-specific operation: migguard cannot know the SQL it runs."""
from django.db.migrations.operations.base import Operation


class CommentOnColumn(Operation):
    """COMMENT ON COLUMN for a model's field (no state change)."""

    reversible = True

    def __init__(self, model_name, name, comment):
        self.model_name = model_name
        self.name = name
        self.comment = comment

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        column = model._meta.get_field(self.name).column
        schema_editor.execute(
            "COMMENT ON COLUMN %s.%s IS %%s"
            % (schema_editor.quote_name(model._meta.db_table), schema_editor.quote_name(column)),
            (self.comment,),
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        column = model._meta.get_field(self.name).column
        schema_editor.execute(
            "COMMENT ON COLUMN %s.%s IS NULL"
            % (schema_editor.quote_name(model._meta.db_table), schema_editor.quote_name(column))
        )

    def describe(self):
        return f"Comment on {self.model_name}.{self.name}"
