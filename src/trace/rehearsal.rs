//! What a rehearsal observed: per pending migration, per statement, what ran, the locks held
//! after it, what was rewritten, how long it took and how it failed.

use serde::Serialize;

use super::observe::HeldLock;
use super::preflight::{Blocker, RehearsalMark};
use crate::ir::MigrationKey;

/// The whole dry run.
#[derive(Debug, Clone, Serialize)]
pub struct Rehearsal {
    /// `current_database()`.
    pub database: String,
    /// `server_version`.
    pub server_version: String,
    /// Why trace agreed to run there.
    pub mark: RehearsalMark,
    pub lock_timeout_ms: u64,
    pub statement_timeout_ms: u64,
    /// Sessions in the way that `--wait` reported and went past.
    pub blockers: Vec<Blocker>,
    pub migrations: Vec<RehearsedMigration>,
    /// The final `ROLLBACK` was acknowledged by the server (when the connection is lost the
    /// server rolls the transaction back itself, and the run ends with an error instead).
    pub rolled_back: bool,
}

/// One pending migration.
#[derive(Debug, Clone, Serialize)]
pub struct RehearsedMigration {
    pub migration: MigrationKey,
    /// `Migration.atomic`; for `atomic = False` migrations trace still runs every statement in
    /// its one rolled-back transaction, and marks those Django runs in autocommit.
    pub atomic: bool,
    pub statements: Vec<ObservedStatement>,
}

impl RehearsedMigration {
    /// Whether a statement of the migration failed.
    pub fn failed(&self) -> bool {
        self.statements
            .iter()
            .any(|statement| statement.outcome == Outcome::Failed)
    }
}

/// What happened to one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// It ran and succeeded.
    Ran,
    /// It ran and PostgreSQL raised an error.
    Failed,
    /// trace does not run statements of this kind (`reason` says why).
    NotRehearsed,
    /// Not reached: an earlier statement of the migration (or a migration it depends on)
    /// failed, and `migrate` stops at the first failure.
    Skipped,
}

/// An error PostgreSQL raised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementError {
    /// The SQLSTATE code, e.g. `23505` (unique violation).
    pub sqlstate: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl StatementError {
    /// A failure caused by waiting (`lock_timeout`, `statement_timeout`), not by the data.
    pub fn is_timeout(&self) -> bool {
        matches!(self.sqlstate.as_str(), "55P03" | "57014")
    }
}

/// A relation whose storage file changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rewritten {
    pub relation: String,
    pub kind: String,
}

/// One statement in execution order (deferred statements included, as Django runs them).
#[derive(Debug, Clone, Serialize)]
pub struct ObservedStatement {
    /// Position in the migration's statements.
    pub index: usize,
    /// Index of the operation in `Migration.operations` it belongs to.
    pub operation: usize,
    pub sql: String,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Django runs it outside a transaction (`atomic = False`); the rehearsal ran it inside
    /// its transaction, so its locks last longer here than on the real deploy.
    pub autocommit: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<StatementError>,
    /// Relation locks held right after it that the migration took (locks of earlier pending
    /// migrations left out), sorted by relation and mode.
    pub locks: Vec<HeldLock>,
    /// Locks it took itself (new since the previous statement).
    pub taken: Vec<HeldLock>,
    /// Relations it rewrote (new `relfilenode`).
    pub rewritten: Vec<Rewritten>,
    /// Where migguard's static lock analysis of this statement disagrees with what the server
    /// did: each one is a bug in migguard's rules.
    pub contradictions: Vec<String>,
}

impl ObservedStatement {
    /// A statement with no observation yet.
    pub fn new(index: usize, operation: usize, sql: &str, outcome: Outcome) -> Self {
        ObservedStatement {
            index,
            operation,
            sql: sql.to_string(),
            outcome,
            reason: None,
            autocommit: false,
            duration_ms: None,
            error: None,
            locks: Vec::new(),
            taken: Vec::new(),
            rewritten: Vec::new(),
            contradictions: Vec::new(),
        }
    }
}
