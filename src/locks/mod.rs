//! Lock analysis for migration SQL on PostgreSQL.
//!
//! - [`RuleSet`]: lock rules as data (`lock_rules/postgresql.toml`), validated on load.
//! - [`classify_statements`] / [`Classifier`]: split SQL into statements and give each its
//!   lock effects (relation, mode), rewrite and scan flags, per PostgreSQL major version.
//! - [`LockMode`]: the eight table lock modes and what each blocks.
//! - [`TransactionControl`]: set on statements that are transaction control (`BEGIN`,
//!   `COMMIT`, `ROLLBACK`, savepoints, `SET CONSTRAINTS`), which are classified (no table
//!   lock) but are not DDL; [`Form::is_transaction_control`] tells the same per form.
//!
//! Parsing is sqlparser's; clauses it cannot parse that do not change locking (index
//! `TABLESPACE`) are blanked first, and statements it rejects go to token patterns
//! (`fallback`, and `alter_split` for `ALTER TABLE` subcommands sqlparser lacks).

mod alter_split;
mod classify;
mod fallback;
mod forms;
mod model;
mod modes;
mod normalize;
mod project;
mod recognize;
mod resolve;
mod rules;
mod split;
pub mod transaction;
mod txn_control;
mod types;
mod utility;
mod volatility;

pub use classify::{classify_statements, pg_major, Classifier};
pub use forms::Form;
pub use model::{
    ClassifiedStatement, LockEffect, Recognizer, RelationRef, TransactionControl, Unclassified,
};
pub use modes::{Blocking, LockMode, UnknownLockMode};
pub use project::{analyse_migration_sql, analyse_project_sql};
pub use rules::{
    Example, Fixture, LockSpec, ObserveOverride, Rule, RuleError, RuleSet, TargetRole,
    TransactionUse, VersionRange, POSTGRESQL_RULES_TOML, SUPPORTED_PG_MAJORS,
};
pub use split::SourceSpan;

/// Supplies the current type of a column, as SQL text (e.g. `varchar(10)`,
/// `character varying(10)`, `numeric(5,2)`), so `ALTER COLUMN ... TYPE` can be judged.
///
/// `table` is the name as written in the statement (unquoted parts lower-cased, schema
/// kept if given). Return `None` when unknown; the classifier then assumes a rewrite.
pub trait ColumnTypeLookup {
    /// The column's current type, if known.
    fn column_type(&self, table: &str, column: &str) -> Option<String>;
}

/// Supplies what the known schema says about named indexes and constraints, so a statement
/// that names only an index or a constraint gets its table and kind.
///
/// Names are as written in the statement (unquoted parts lower-cased). Return `None` when
/// unknown; the lock then stays described by the name ("table of index i").
pub trait SchemaLookup {
    /// The table index `index` belongs to.
    fn table_of_index(&self, index: &str) -> Option<String>;
    /// Whether constraint `constraint` of `table` is a foreign key: `Some(Some(referenced
    /// table))`, `Some(None)` for another kind of constraint, `None` when unknown.
    fn constraint_references(&self, table: &str, constraint: &str) -> Option<Option<String>>;
    /// The tables the foreign keys on `table.column` reference (empty: it has none), `None`
    /// when unknown.
    fn foreign_keys_of_column(&self, table: &str, column: &str) -> Option<Vec<String>>;
}

impl<F> ColumnTypeLookup for F
where
    F: Fn(&str, &str) -> Option<String>,
{
    fn column_type(&self, table: &str, column: &str) -> Option<String> {
        self(table, column)
    }
}

#[cfg(test)]
mod classify_tests;
