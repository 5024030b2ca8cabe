//! The PostgreSQL schema editor of Django 5.2, statically: every operation of every migration
//! translated into exactly the DDL `manage.py sqlmigrate` prints (and `migrate` runs).
//!
//! [`project_sql`] replays the plan once ([`crate::state`]), renders the models each
//! operation sees before and after it, and runs the operation's `database_forwards` against a
//! simulated catalog that stands in for Django's introspection. What cannot be known
//! statically (custom fields, callable defaults, unknown expressions) is kept as
//! [`Statement::NotTranslated`] with the reason, never guessed.

mod alter_field;
mod alter_type;
mod catalog;
mod column_types;
mod context;
mod demand;
mod editor;
mod expressions;
mod fields;
mod literal;
mod lookups;
mod model_alter;
mod model_cache;
mod model_options;
pub mod names;
mod one_off;
mod operations;
mod plan_walk;
mod render;
mod replay;
mod schema;
mod sql;
mod statements;

use std::sync::Arc;

use serde::Serialize;

use crate::ir::{MigrationKey, Span, Value};
use crate::project::Project;
use crate::state::{ModelKey, ModelState};

pub use context::DdlSettings;
pub use one_off::{OneOffValue, OneOffValues};
pub use render::{mogrify, render_sqlmigrate};

/// The SQL of one migration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MigrationSql {
    pub key: MigrationKey,
    /// `Migration.atomic`: `sqlmigrate` wraps the output in `BEGIN;`/`COMMIT;`.
    pub atomic: bool,
    pub operations: Vec<OperationSql>,
    /// Statements Django defers to the end of the migration (foreign keys, indexes), in the
    /// order it runs them, each with the index of the operation that queued it.
    pub deferred: Vec<DeferredSql>,
    /// The type each column had before an `ALTER COLUMN ... TYPE` of this migration changed
    /// it, so the lock analysis can tell a rewrite from a catalog-only change.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub column_types: Vec<ColumnType>,
    /// The indexes and constraints its statements name (`DROP INDEX`, `DROP CONSTRAINT`,
    /// `VALIDATE CONSTRAINT`, `REINDEX`), as the database held them just before the statement,
    /// so the lock analysis can tell their table and kind.
    #[serde(skip)]
    pub named_relations: Vec<NamedRelation>,
    /// The foreign keys on the columns its `DROP COLUMN` statements name, as the database held
    /// them just before the statement.
    #[serde(skip)]
    pub column_foreign_keys: Vec<ColumnForeignKeys>,
}

/// The foreign keys on one column of the simulated database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnForeignKeys {
    /// The table.
    pub table: String,
    /// The column.
    pub column: String,
    /// The tables its foreign keys reference (empty: the column has none).
    pub references: Vec<String>,
}

/// An index or constraint of the simulated database, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedRelation {
    /// The index or constraint name.
    pub name: String,
    /// The table it belongs to.
    pub table: String,
    /// For a foreign key, the table it references; `None` for any other kind.
    pub references: Option<String>,
}

/// A column's database type at one point of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnType {
    pub table: String,
    pub column: String,
    pub db_type: String,
}

impl MigrationSql {
    /// Every statement in the order the migration runs them: each operation's, then the
    /// deferred ones.
    pub fn statements_in_order(&self) -> impl Iterator<Item = &Statement> {
        self.operations
            .iter()
            .flat_map(|operation| &operation.statements)
            .chain(self.deferred.iter().map(|deferred| &deferred.statement))
    }

    /// The type `table.column` had before this migration altered it, if it did.
    pub fn column_type_before(&self, table: &str, column: &str) -> Option<&str> {
        self.column_types
            .iter()
            .find(|c| c.table == table && c.column == column)
            .map(|c| c.db_type.as_str())
    }

    /// The entries named `name` its statements saw; `None` unless they all agree.
    fn named(&self, name: &str) -> Option<&NamedRelation> {
        let mut found = self.named_relations.iter().filter(|r| r.name == name);
        let first = found.next()?;
        found.all(|other| other == first).then_some(first)
    }

    /// The table of index (or constraint) `name`, if the database held exactly one.
    pub fn table_of_index(&self, name: &str) -> Option<&str> {
        self.named(name).map(|r| r.table.as_str())
    }

    /// The tables the foreign keys on `table.column` reference (empty: none), if its
    /// statements saw the column, and saw it the same way each time.
    pub fn foreign_keys_of_column(&self, table: &str, column: &str) -> Option<&[String]> {
        let mut found = self
            .column_foreign_keys
            .iter()
            .filter(|c| c.table == table && c.column == column);
        let first = found.next()?;
        found
            .all(|other| other == first)
            .then_some(first.references.as_slice())
    }

    /// Whether constraint `name` of `table` is a foreign key: `Some(Some(referenced table))`,
    /// `Some(None)` for another kind, `None` when unknown.
    pub fn constraint_references(&self, table: &str, name: &str) -> Option<Option<&str>> {
        self.named(name)
            .filter(|r| r.table == table)
            .map(|r| r.references.as_deref())
    }
}

/// A deferred statement and the operation it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeferredSql {
    pub operation: usize,
    pub statement: Statement,
}

/// The SQL of one operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperationSql {
    pub class_name: String,
    /// Django's `describe()`.
    pub description: String,
    pub span: Span,
    pub statements: Vec<Statement>,
    /// The values computed at migration time (`timezone.now`, `uuid.uuid4`, ...) that its
    /// statements contain, each with the index of its statement.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub one_off_values: Vec<OneOffValue>,
    /// The models the operation changed in the state, each before and after it: what the
    /// checks read (a removed field's definition, a renamed model's table).
    #[serde(skip)]
    pub models: Vec<ModelChange>,
}

/// One model an operation changed: its version before the operation and after it (`None`:
/// absent at that point). Versions are shared with the state, so keeping them is cheap.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelChange {
    pub key: ModelKey,
    pub before: Option<Arc<ModelState>>,
    pub after: Option<Arc<ModelState>>,
}

/// One statement an operation runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Statement {
    /// DDL exactly as Django's schema editor writes it (without the trailing `;`).
    Sql(String),
    /// A `RunSQL` statement, with its parameters if it came as `(sql, params)`.
    RunSql { sql: String, params: Option<Value> },
    /// A `RunPython` operation: Python code that cannot be shown as SQL.
    RunPython { atomic: Option<bool> },
    /// A statement migguard cannot know statically, and why.
    NotTranslated { reason: String },
}

/// Replays the whole plan once; one entry per migration in plan order. `one_off` says how the
/// values Django computes at migration time are produced.
pub fn project_sql(project: &Project, one_off: OneOffValues) -> Vec<MigrationSql> {
    replay::project_sql(project, one_off)
}

/// Replays the whole plan once, handing each migration's SQL to `emit` in plan order as soon
/// as it is translated (nothing is kept).
pub fn replay_project(project: &Project, one_off: OneOffValues, emit: impl FnMut(MigrationSql)) {
    replay::replay_project(project, one_off, emit)
}

/// Replays the whole plan once, handing the SQL of the migrations `selected` picks to `emit`
/// in plan order; the others are translated only where the selected ones read what they
/// leave in the catalog (see `demand.rs`).
pub fn replay_project_selected(
    project: &Project,
    one_off: OneOffValues,
    selected: impl Fn(&MigrationKey) -> bool,
    emit: impl FnMut(MigrationSql),
) {
    replay::replay_project_selected(project, one_off, selected, emit)
}

/// The SQL of each migration of `plan` (a plan of `graph`, a graph of the project's
/// migrations such as [`Project::graph_for_applied`]), replayed in that order; the plan must
/// hold every ancestor of the migrations whose SQL is wanted.
pub fn plan_sql(
    project: &Project,
    graph: &crate::graph::MigrationGraph,
    plan: &[&MigrationKey],
    one_off: OneOffValues,
) -> Vec<MigrationSql> {
    replay::plan_sql(project, graph, plan, one_off)
}

/// `sqlmigrate` of one migration of the project's plan: the plan is replayed up to it (the
/// migrations before it in the plan leave the catalog its introspection sees). Only its SQL is
/// kept, last, after that of the earlier migrations `keep` selects; `None` if it is not in the
/// plan.
pub fn migration_sql(
    project: &Project,
    key: &MigrationKey,
    one_off: OneOffValues,
    keep: impl Fn(&MigrationKey) -> bool,
) -> Option<Vec<MigrationSql>> {
    let plan = plan_up_to(project, key)?;
    Some(replay::plan_sql_kept(
        project,
        &project.graph,
        &plan,
        one_off,
        keep,
    ))
}

/// The project's plan up to `key`, `key` last; `None` if it is not in the plan.
fn plan_up_to<'p>(project: &'p Project, key: &MigrationKey) -> Option<Vec<&'p MigrationKey>> {
    let mut plan = project.graph.full_plan();
    let position = plan.iter().position(|planned| *planned == key)?;
    plan.truncate(position + 1);
    Some(plan)
}

/// How many migrations of the plan up to `key` [`migration_sql`] translates (the others only
/// advance the state, see `demand.rs`); `None` if `key` is not in the plan.
pub fn translated_migrations(
    project: &Project,
    key: &MigrationKey,
    one_off: OneOffValues,
) -> Option<usize> {
    let plan = plan_up_to(project, key)?;
    let is_target = |planned: &MigrationKey| planned == key;
    Some(
        match demand::translated_for(project, &project.graph, &plan, one_off, &is_target) {
            Some(selection) => selection
                .translated
                .iter()
                .filter(|&&needed| needed)
                .count(),
            None => plan.len(),
        },
    )
}

/// `sqlmigrate` of a migration that a squash in use replaces: Django loads the graph without
/// replacements for it, so its state comes from the chain it belongs to. The SQL of each
/// migration of its forwards plan in that graph, the migration itself last (empty if it is not
/// in the graph).
pub fn replaced_migration_plan_sql(
    project: &Project,
    key: &crate::ir::MigrationKey,
    one_off: OneOffValues,
) -> Vec<MigrationSql> {
    let graph = project.graph_without_replacements();
    let plan = graph.forwards_plan(key);
    replay::plan_sql(project, &graph, &plan, one_off)
}
