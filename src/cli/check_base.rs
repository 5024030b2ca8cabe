//! `check --base REF`: the migrations a change adds or edits, from git, as migration keys of
//! the loaded project.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
    let by_path: HashMap<PathBuf, &MigrationKey> = project
        .migrations
        .iter()
        .filter_map(|parsed| {
            let path = parsed.source.path.canonicalize().ok()?;
            Some((path, &parsed.source.key))
        })
        .collect();
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
