//! Migration files named on the command line (`migguard check shop/migrations/0002_x.py`, as a
//! pre-commit hook passes staged files): the paths of `check` split into project directories and
//! files, and files matched to the loaded project's migrations.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::ir::MigrationKey;
use crate::project::Project;

/// The `PATHS` of `check`: directories to scan and migration files to check.
#[derive(Debug, Default, PartialEq)]
pub struct SplitPaths {
    /// Project directories (`.` when only files were named).
    pub dirs: Vec<PathBuf>,
    /// Files: only the migrations they hold are checked.
    pub files: Vec<PathBuf>,
}

/// Splits `paths` into files and the rest (directories, or paths that do not exist, which the
/// project loader reports). With files but no directory, the project is the current directory.
pub fn split_paths(paths: &[PathBuf]) -> SplitPaths {
    let (files, mut dirs): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|path| path.is_file());
    if dirs.is_empty() {
        dirs.push(PathBuf::from("."));
    }
    SplitPaths { dirs, files }
}

/// The project's migrations held by `paths`; a path that is not one of its migration files is an
/// error naming it (never silently skipped), and so is one that does not exist.
pub fn migrations_of_files(
    project: &Project,
    paths: &[PathBuf],
) -> Result<Vec<MigrationKey>, String> {
    let by_path = migrations_by_path(project);
    let mut keys = Vec::new();
    let mut unknown = Vec::new();
    for path in paths {
        match path.canonicalize().ok().and_then(|real| by_path.get(&real)) {
            Some(key) => keys.push((*key).clone()),
            None => unknown.push(path.display().to_string()),
        }
    }
    if !unknown.is_empty() {
        return Err(format!(
            "not a migration file of the scanned project: {} (the project is read from the \
             directories given, or the current directory)",
            unknown.join(", ")
        ));
    }
    keys.sort();
    keys.dedup();
    Ok(keys)
}

/// The project's migrations by the canonical path of their file.
pub fn migrations_by_path(project: &Project) -> HashMap<PathBuf, &MigrationKey> {
    project
        .migrations
        .iter()
        .filter_map(|parsed| {
            let path = parsed.source.path.canonicalize().ok()?;
            Some((path, &parsed.source.key))
        })
        .collect()
}
