//! `.pre-commit-hooks.yaml` with the real `pre-commit` (`pre-commit try-repo` of this repository,
//! which clones it with its uncommitted changes) on a temporary repository: a staged risky
//! migration fails the hook with the finding, a safe one passes, and files that are not migrations
//! are not passed to it.

mod support;

use std::path::Path;
use std::process::Command;

use support::dist::{dist, Dist};
use support::shop::{git, migration, write, ADD_CODE, DROP_NOTE, INITIAL};

/// `pre-commit try-repo <this repository> migguard --files FILES` in `dir`: exit code and output.
fn try_repo(dist: &Dist, dir: &Path, home: &Path, files: &[&str]) -> (i32, String) {
    let repo = std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).unwrap();
    let path = format!(
        "{}:{}",
        dist.venv.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new(dist.tools.join("bin").join("pre-commit"))
        .arg("try-repo")
        .arg(&repo)
        .arg("migguard")
        .arg("--files")
        .args(files)
        .current_dir(dir)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", home)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .env_remove("VIRTUAL_ENV")
        .env_remove("DJANGO_SETTINGS_MODULE")
        .output()
        .expect("run pre-commit");
    (
        output.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

#[test]
fn the_hook_fails_on_a_staged_risky_migration_and_passes_a_safe_one() {
    let Some(dist) = dist() else { return };
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("project");
    let home = temp.path().join("pre-commit-home");
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    write(&dir, &[("0001_initial", INITIAL)]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "initial"]);

    write(
        &dir,
        &[("0002_drop_note", &migration("0001_initial", DROP_NOTE))],
    );
    std::fs::write(dir.join("shop/models.py"), "# not a migration\n").unwrap();
    git(&dir, &["add", "."]);
    let (code, output) = try_repo(
        &dist,
        &dir,
        &home,
        &["shop/migrations/0002_drop_note.py", "shop/models.py"],
    );
    assert_eq!(code, 1, "{output}");
    assert!(
        output.contains("migguard") && output.contains("Failed"),
        "{output}"
    );
    assert!(output.contains("drop-column"), "{output}");
    assert!(
        output.contains("shop/migrations/0002_drop_note.py"),
        "{output}"
    );

    std::fs::remove_file(dir.join("shop/migrations/0002_drop_note.py")).unwrap();
    write(
        &dir,
        &[("0002_order_code", &migration("0001_initial", ADD_CODE))],
    );
    git(&dir, &["add", "-A"]);
    let (code, output) = try_repo(&dist, &dir, &home, &["shop/migrations/0002_order_code.py"]);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("Passed"), "{output}");
}
