//! What a rule reports: a finding at a place in a migration file, with its hazard categories,
//! the statement and lock behind it, and the staged fix as migration files.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::ir::{MigrationKey, Span};

/// How bad a finding is. `--fail-on` compares against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "info" => Some(Level::Info),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The seven ways a migration hurts a deploy while old code still runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Queries of the table wait for the migration's lock.
    BlocksReads,
    /// INSERT/UPDATE/DELETE of the table wait for the migration's lock.
    BlocksWrites,
    /// Every row is rewritten (time and disk proportional to the table).
    Rewrite,
    /// The code still running (the models before the change) fails against the new schema.
    BreaksOldCode,
    /// `migrate` itself fails (on existing rows, or in a transaction).
    RuntimeFailure,
    /// The migration cannot be reversed (or loses data when it is).
    Irreversible,
    /// The migration changes rows, not only the schema.
    DataChange,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::BlocksReads,
        Category::BlocksWrites,
        Category::Rewrite,
        Category::BreaksOldCode,
        Category::RuntimeFailure,
        Category::Irreversible,
        Category::DataChange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::BlocksReads => "blocks-reads",
            Category::BlocksWrites => "blocks-writes",
            Category::Rewrite => "rewrite",
            Category::BreaksOldCode => "breaks-old-code",
            Category::RuntimeFailure => "runtime-failure",
            Category::Irreversible => "irreversible",
            Category::DataChange => "data-change",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place a finding points at (the later slow operation, the statement's source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One hazard in one operation (or migration).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Level,
    pub categories: Vec<Category>,
    pub migration: MigrationKey,
    pub path: PathBuf,
    /// The operation (or the `class Migration` line for migration-wide findings).
    pub span: Span,
    /// Index of the operation in `Migration.operations`, if the finding is about one.
    pub operation: Option<usize>,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    /// Facts behind the finding: the lock, what it blocks, until when.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The SQL statement behind the finding, as Django runs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// The values in `statement` that Django computes when it runs (`timezone.now`,
    /// `uuid.uuid4`): this run's, or pinned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub one_off_values: Vec<crate::ddl::OneOffValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<StagedFix>,
    /// The table's size from a stats file (`check --stats`), set by the size stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_size: Option<super::sizing::TableSize>,
}

/// A safe alternative as complete migration files, in the releases it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StagedFix {
    pub title: String,
    /// The migration file the fix replaces.
    pub replaces: PathBuf,
    pub releases: Vec<Release>,
    /// Rules still reported on the operation after this fix: hazards of the same operation
    /// that it does not address (a rewrite has no staged form).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub leaves: Vec<&'static str>,
}

/// One release of a staged fix: migration files, then what to deploy before the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deploy_after: Option<String>,
    pub files: Vec<FixFile>,
}

/// A migration file of a fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixFile {
    pub path: PathBuf,
    pub contents: String,
}
