"""Project-specific migration operations for the search app."""

from django.db.migrations.operations.base import Operation


class CreateSearchTrigger(Operation):
    """Keep <table>.search_vector in sync with a text column via a trigger."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name, column, config="english"):
        self.model_name = model_name
        self.column = column
        self.config = config

    def state_forwards(self, app_label, state):
        pass

    def _names(self, app_label, schema_editor, from_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        table = model._meta.db_table
        return table, f"{table}_{self.column}_tsv"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        table, trigger = self._names(app_label, schema_editor, from_state)
        qn = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE TRIGGER {qn(trigger)} BEFORE INSERT OR UPDATE ON {qn(table)} "
            f"FOR EACH ROW EXECUTE FUNCTION "
            f"tsvector_update_trigger(search_vector, 'pg_catalog.{self.config}', {qn(self.column)})"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        table, trigger = self._names(app_label, schema_editor, from_state)
        qn = schema_editor.quote_name
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {qn(trigger)} ON {qn(table)}")

    def describe(self):
        return f"Create search trigger on {self.model_name}.{self.column}"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name}_{self.column}_search_trigger"

    def deconstruct(self):
        return (
            self.__class__.__name__,
            [],
            {"model_name": self.model_name, "column": self.column, "config": self.config},
        )
