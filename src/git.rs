//! What a change adds, from git: the files added or modified between the merge base of a
//! reference and the working tree (committed, staged, unstaged and untracked; renames followed).
//! It shells out to the `git` command.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Files of a change, as absolute paths in the working tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangedFiles {
    /// The merge base the change is compared with (a commit id).
    pub base: String,
    /// Files that did not exist at the base (new, untracked, copied, or renamed to a new name).
    pub added: Vec<PathBuf>,
    /// Files that existed at the base and were edited (renamed ones followed to their new path
    /// when their file name stayed the same).
    pub modified: Vec<PathBuf>,
}

/// The files changed between the merge base of `reference` and `HEAD`, and the working tree
/// of the repository that holds `dir`.
pub fn changed_since(dir: &Path, reference: &str) -> Result<ChangedFiles, String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|error| {
        format!(
            "--base needs a git repository, and {} is not inside one ({error})",
            dir.display()
        )
    })?;
    let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
    if git(&top, &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).is_err() {
        return Err(format!(
            "--base: the repository at {} has no commit yet",
            top.display()
        ));
    }
    let shallow = git(&top, &["rev-parse", "--is-shallow-repository"])
        .map(|out| out.trim() == "true")
        .unwrap_or(false);
    let shallow_hint = "this is a shallow clone without the base's history: fetch it (in GitHub Actions, `actions/checkout` with `fetch-depth: 0`; or `git fetch --unshallow`)";
    let commit = format!("{reference}^{{commit}}");
    if git(&top, &["rev-parse", "--verify", "--quiet", &commit]).is_err() {
        return Err(if shallow {
            format!("--base {reference}: no such commit here; {shallow_hint}")
        } else {
            format!(
                "--base {reference}: no such commit, branch or tag in {}",
                top.display()
            )
        });
    }
    let base = git(&top, &["merge-base", reference, "HEAD"]).map_err(|error| {
        if shallow {
            format!("--base {reference}: no merge base with HEAD; {shallow_hint}")
        } else {
            format!("--base {reference}: no merge base with HEAD ({error})")
        }
    })?;
    let base = base.trim().to_string();
    let diff = git(
        &top,
        &[
            "diff",
            "--name-status",
            "-M",
            "-z",
            "--no-relative",
            "--no-ext-diff",
            &base,
            "--",
        ],
    )
    .map_err(|error| format!("--base: git diff failed: {error}"))?;
    let mut changed = parse_name_status(&diff, &top);
    let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"])
        .map_err(|error| format!("--base: git ls-files failed: {error}"))?;
    changed.added.extend(
        untracked
            .split('\0')
            .filter(|path| !path.is_empty())
            .map(|path| top.join(path)),
    );
    changed.added.sort();
    changed.added.dedup();
    changed.modified.sort();
    changed.base = base;
    Ok(changed)
}

/// `git diff --name-status -z` output: `STATUS\0PATH\0`, or `STATUS\0OLD\0NEW\0` for renames
/// and copies.
fn parse_name_status(output: &str, top: &Path) -> ChangedFiles {
    let mut changed = ChangedFiles::default();
    let mut fields = output.split('\0').filter(|field| !field.is_empty());
    while let Some(status) = fields.next() {
        let kind = status.chars().next().unwrap_or(' ');
        match kind {
            'R' | 'C' => {
                let (Some(old), Some(new)) = (fields.next(), fields.next()) else {
                    break;
                };
                let same_name = Path::new(old).file_name() == Path::new(new).file_name();
                let identical = status.get(1..) == Some("100");
                if kind == 'R' && same_name {
                    // Moved: the same migration (Django keys it by name); edited if not identical.
                    if !identical {
                        changed.modified.push(top.join(new));
                    }
                } else {
                    changed.added.push(top.join(new));
                }
            }
            _ => {
                let Some(path) = fields.next() else { break };
                match kind {
                    'A' => changed.added.push(top.join(path)),
                    'M' | 'T' => changed.modified.push(top.join(path)),
                    _ => {} // deleted or unmerged: nothing to check
                }
            }
        }
    }
    changed
}

/// Runs git in `dir`; its standard output, or its error message.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
        Err(if message.is_empty() {
            format!("git {} failed", args.join(" "))
        } else {
            message
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status_follows_renames() {
        let top = Path::new("/repo");
        let output = "A\0app/migrations/0003_new.py\0M\0app/migrations/0001_initial.py\0D\0gone.py\0R100\0old/migrations/0002_a.py\0new/migrations/0002_a.py\0R087\0a/0004_x.py\0b/0004_x.py\0R100\0a/0005_y.py\0a/0005_z.py\0";
        let changed = parse_name_status(output, top);
        assert_eq!(
            changed.added,
            [
                top.join("app/migrations/0003_new.py"),
                top.join("a/0005_z.py")
            ]
        );
        assert_eq!(
            changed.modified,
            [
                top.join("app/migrations/0001_initial.py"),
                top.join("b/0004_x.py")
            ]
        );
    }
}
