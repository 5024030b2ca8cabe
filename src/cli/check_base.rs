//! `check --base REF`: the migrations a change adds or edits, from git, as migration keys of
//! the loaded project.

use std::path::{Path, PathBuf};

use super::check_files::migrations_by_path;
use crate::git::changed_since;
use crate::ir::MigrationKey;
use crate::project::Project;

/// The migrations of a change.
pub struct ChangedMigrations {
    /// The merge base, abbreviated.
    pub base: String,
    /// Added and edited migrations: the checked ones.
    pub targets: Vec<MigrationKey>,
    /// Edited migrations that existed at the base.
    pub modified: Vec<MigrationKey>,
}

/// The migrations changed between the merge base of `reference` and the working tree of the
/// repository holding `dir`.
pub fn changed_migrations(
    project: &Project,
    dir: &Path,
    reference: &str,
) -> Result<ChangedMigrations, String> {
    let changed = changed_since(dir, reference)?;
    let by_path = migrations_by_path(project);
    let keys = |paths: &[PathBuf]| -> Vec<MigrationKey> {
        paths
            .iter()
            .filter_map(|path| by_path.get(&path.canonicalize().ok()?))
            .map(|key| (*key).clone())
            .collect()
    };
    let modified = keys(&changed.modified);
    let mut targets = keys(&changed.added);
    targets.extend(modified.iter().cloned());
    targets.sort();
    targets.dedup();
    Ok(ChangedMigrations {
        base: changed.base.chars().take(12).collect(),
        targets,
        modified,
    })
}
