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
    /// The database as it was before the migration (what `sqlmigrate` introspects).
    pub catalog: &'c Catalog,
    /// Statements of the operation being translated.
    pub statements: Vec<Statement>,
    pub deferred: Vec<DeferredItem>,
    /// Catalog changes of immediate statements, in order.
    pub effects: Vec<Effect>,
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
    pub fn new(catalog: &'c Catalog, one_off: &'c mut OneOffSource) -> Self {
        Editor {
            catalog,
            statements: Vec::new(),
            deferred: Vec::new(),
            effects: Vec::new(),
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
        let current;
        let catalog = if self.effects.is_empty() {
            self.catalog
        } else {
            let mut replayed = self.catalog.clone();
            self.effects
                .iter()
                .for_each(|effect| replayed.apply(effect));
            current = replayed;
            &current
        };
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
        self.effects.extend(effect);
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

    /// Django's `_constraint_names` (introspection of the database before the migration).
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
