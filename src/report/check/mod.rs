//! `migguard check` output: one renderer per format over the same [`CheckReport`].

mod json;
mod text;

use std::path::{Path, PathBuf};

use crate::checks::{Finding, Level};
use crate::diagnostics::Diagnostic;
use crate::ir::MigrationKey;

pub use json::json;
pub use text::{summary_line, text};

/// Everything a check run reports.
pub struct CheckReport<'a> {
    pub findings: &'a [Finding],
    /// Problems reading the project and the suppressions.
    pub diagnostics: &'a [Diagnostic],
    pub checked: &'a [MigrationKey],
    pub pg_version: u32,
    /// Paths in output are shown relative to this directory when they are inside it.
    pub base: PathBuf,
}

impl CheckReport<'_> {
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.severity == level).count()
    }

    /// A path as shown to the user.
    pub fn display_path(&self, path: &Path) -> String {
        path.strip_prefix(&self.base)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}
