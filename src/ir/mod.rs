//! The typed model of a migration project: what the `parse` stage produces and every later
//! stage reads.

mod field;
mod operation;
mod settings;
mod value;

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

pub use field::{Field, FieldClass, FieldType};
pub use operation::{
    DatabaseWork, LocalSubclass, Operation, OperationKind, SqlItem, SqlStatements,
};
pub use settings::{django_global_settings, is_django_global_setting, InstalledAppNames, Settings};
pub use value::{is_constant_reference, Call, Value};

/// Where a piece of a migration file stands: byte offsets and the 1-based line/column of its start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub column: u32,
}

/// `(app_label, migration_name)`: the identity of a migration, as Django keys it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct MigrationKey {
    pub app: String,
    pub name: String,
}

impl MigrationKey {
    pub fn new(app: impl Into<String>, name: impl Into<String>) -> Self {
        MigrationKey {
            app: app.into(),
            name: name.into(),
        }
    }

    /// `__first__` and `__latest__` stand for an app's root and leaf migration.
    pub fn is_special(&self) -> bool {
        self.name == "__first__" || self.name == "__latest__"
    }
}

impl fmt::Display for MigrationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.app, self.name)
    }
}

/// One entry of `Migration.dependencies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    pub key: MigrationKey,
    /// The setting behind `migrations.swappable_dependency(settings.X)`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swappable_setting: Option<String>,
    pub span: Span,
}

/// A reference to a migration in `run_before` or `replaces`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MigrationRef {
    pub key: MigrationKey,
    pub span: Span,
}

/// The `Migration` class of one migration file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Migration {
    pub key: MigrationKey,
    pub dependencies: Vec<Dependency>,
    pub run_before: Vec<MigrationRef>,
    pub replaces: Vec<MigrationRef>,
    pub initial: Option<bool>,
    /// `False` makes Django run the migration outside a transaction (PostgreSQL).
    pub atomic: bool,
    pub operations: Vec<Operation>,
    /// The `class Migration` statement.
    pub span: Span,
}

/// A migration file on disk, in an app's migrations package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MigrationSource {
    pub key: MigrationKey,
    /// The path as found under the scanned root, for messages.
    pub path: PathBuf,
    /// `true` for apps found through `--external` rather than the scanned paths.
    pub external: bool,
}
