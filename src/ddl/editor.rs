//! The schema editor's bookkeeping: statements collected per operation, deferred statements
//! run when the migration ends, and the catalog changes each statement makes.

use super::catalog::{Catalog, ConstraintFilter, Effect};
use super::one_off::{OneOffSource, OneOffValue};
use super::sql::SqlText;
use super::Statement;

/// A deferred statement, kept with references so later operations can rename or drop it.
#[derive(Debug, Clone)]
pub struct DeferredItem {
    pub sql: SqlText,
    pub effect: Option<Effect>,
    /// Index of the operation that queued it.
    pub operation: usize,
}

/// Collects what one migration runs (`schema_editor(collect_sql=True)`).
#[derive(Debug)]
pub struct Editor<'c> {
    /// The database as the migration's statements so far left it: what `migrate` introspects
    /// (each immediate statement's effect is applied as it runs; deferred ones at the end).
    pub catalog: &'c mut Catalog,
    /// Statements of the operation being translated.
    pub statements: Vec<Statement>,
    pub deferred: Vec<DeferredItem>,
    pub operation: usize,
    /// The values Django computes at migration time (`timezone.now`, `uuid.uuid4`).
    pub one_off: &'c mut OneOffSource,
    /// Which statements of the current operation contain such values.
    pub one_off_values: Vec<OneOffValue>,
    /// Column types before an `ALTER COLUMN ... TYPE` changed them (first change wins).
    pub column_types: Vec<super::ColumnType>,
    /// Indexes and constraints named by statements that drop, validate or rebuild them.
    pub named_relations: Vec<super::NamedRelation>,
    /// Foreign keys on the columns named by statements that drop columns.
    pub column_foreign_keys: Vec<super::ColumnForeignKeys>,
}

impl<'c> Editor<'c> {
    pub fn new(catalog: &'c mut Catalog, one_off: &'c mut OneOffSource) -> Self {
        Editor {
            catalog,
            statements: Vec::new(),
            deferred: Vec::new(),
            operation: 0,
            one_off,
            one_off_values: Vec::new(),
            column_types: Vec::new(),
            named_relations: Vec::new(),
            column_foreign_keys: Vec::new(),
        }
    }

    /// Records the type a column has before the migration alters it.
    pub fn remember_column_type(&mut self, table: &str, column: &str, db_type: &str) {
        if !db_type.is_empty()
            && !self
                .column_types
                .iter()
                .any(|c| c.table == table && c.column == column)
        {
            self.column_types.push(super::ColumnType {
                table: table.to_string(),
                column: column.to_string(),
                db_type: db_type.to_string(),
            });
        }
    }

    /// Records what the lock analysis needs to know about the schema objects `sql` names, as
    /// the database holds them at this point of the migration: the indexes and constraints of
    /// a statement that drops, validates or rebuilds one, the foreign keys on the columns of
    /// one that drops a column.
    pub fn note_schema_facts(&mut self, sql: &str) {
        let upper = sql.to_ascii_uppercase();
        let names_relation = [
            "DROP INDEX",
            "DROP CONSTRAINT",
            "VALIDATE CONSTRAINT",
            "REINDEX",
        ]
        .iter()
        .any(|words| upper.contains(words));
        let drops_column = upper.contains("DROP COLUMN");
        if !(names_relation || drops_column) {
            return;
        }
        let catalog = &*self.catalog;
        let relations = if names_relation {
            catalog.named_in(sql)
        } else {
            Vec::new()
        };
        let columns = if drops_column {
            catalog.column_foreign_keys_in(sql)
        } else {
            Vec::new()
        };
        for relation in relations {
            if !self.named_relations.contains(&relation) {
                self.named_relations.push(relation);
            }
        }
        for column in columns {
            if !self.column_foreign_keys.contains(&column) {
                self.column_foreign_keys.push(column);
            }
        }
    }

    /// Runs a statement now.
    pub fn execute(&mut self, sql: impl Into<String>, effect: Option<Effect>) {
        let sql = sql.into();
        self.note_schema_facts(&sql);
        self.one_off_values
            .extend(self.one_off.used_in(self.statements.len(), &sql));
        self.statements.push(Statement::Sql(sql));
        if let Some(effect) = &effect {
            self.catalog.apply(effect);
        }
    }

    /// Applies catalog changes that a statement already executed made besides its own effect
    /// (the inline constraints of a `CREATE TABLE`, an inline foreign key of `ADD COLUMN`).
    pub fn apply_effects(&mut self, effects: impl IntoIterator<Item = Effect>) {
        for effect in effects {
            self.catalog.apply(&effect);
        }
    }

    pub fn execute_text(&mut self, sql: &SqlText, effect: Option<Effect>) {
        self.execute(sql.render(), effect);
    }

    pub fn not_translated(&mut self, reason: impl Into<String>) {
        self.statements.push(Statement::NotTranslated {
            reason: reason.into(),
        });
    }

    /// Queues a statement for the end of the migration.
    pub fn defer(&mut self, sql: SqlText, effect: Option<Effect>) {
        self.deferred.push(DeferredItem {
            sql,
            effect,
            operation: self.operation,
        });
    }

    /// Drops deferred statements that refer to a table being deleted.
    pub fn forget_deferred_for_table(&mut self, table: &str) {
        self.deferred
            .retain(|item| !item.sql.references_table(table));
    }

    /// Drops deferred statements that refer to a column being removed.
    pub fn forget_deferred_for_column(&mut self, table: &str, column: &str) {
        self.deferred
            .retain(|item| !item.sql.references_column(table, column));
    }

    /// Drops a deferred `CREATE INDEX` for an index being dropped.
    pub fn forget_deferred_index(&mut self, table: &str, index: &str) {
        self.deferred
            .retain(|item| !item.sql.references_index(table, index));
    }

    pub fn rename_deferred_table(&mut self, old: &str, new: &str) {
        for item in &mut self.deferred {
            item.sql.rename_table_references(old, new);
            if let Some(effect) = &mut item.effect {
                effect.rename_table_references(old, new);
            }
        }
    }

    pub fn rename_deferred_column(&mut self, table: &str, old: &str, new: &str) {
        for item in &mut self.deferred {
            item.sql.rename_column_references(table, old, new);
            if let Some(effect) = &mut item.effect {
                effect.rename_column_references(table, old, new);
            }
        }
    }

    /// Django's `_constraint_names`: introspection of the database as the migration's
    /// immediate statements so far left it.
    pub fn constraint_names(&self, table: &str, filter: &ConstraintFilter<'_>) -> Vec<String> {
        self.catalog.constraint_names(table, filter)
    }

    /// Takes the statements of the current operation, with the one-off values they contain.
    pub fn take_statements(&mut self) -> (Vec<Statement>, Vec<OneOffValue>) {
        self.one_off.end_operation();
        (
            std::mem::take(&mut self.statements),
            std::mem::take(&mut self.one_off_values),
        )
    }
}
