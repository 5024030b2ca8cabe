//! `migguard check FILE...`: migration files named as paths (how the pre-commit hook passes
//! staged files) are the only ones checked, in the project of the current directory or of the
//! directories given; a file that is not a migration of the project is an error naming it.

mod support;

use support::shop::{migguard, migration, write, ADD_CODE, DROP_NOTE, INITIAL};

fn shop(root: &std::path::Path) {
    write(
        root,
        &[
            ("0001_initial", INITIAL),
            ("0002_drop_note", &migration("0001_initial", DROP_NOTE)),
            ("0003_order_code", &migration("0002_drop_note", ADD_CODE)),
        ],
    );
}

fn checked(stdout: &str) -> serde_json::Value {
    let report: serde_json::Value = serde_json::from_str(stdout).expect("JSON report");
    report["checked"].clone()
}

#[test]
fn only_the_named_migration_files_are_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    shop(root);
    let risky = migguard(
        root,
        &[
            "check",
            "--format",
            "json",
            "shop/migrations/0002_drop_note.py",
        ],
    );
    assert_eq!(risky.code, 1, "{}", risky.stderr);
    assert_eq!(
        checked(&risky.stdout),
        serde_json::json!(["shop.0002_drop_note"])
    );
    assert_eq!(
        risky.findings(),
        vec![("drop-column".to_string(), "0002_drop_note".to_string())]
    );

    // A safe migration alone: its state still comes from the whole project (0002 dropped the
    // column), and it has no finding.
    let safe = migguard(
        root,
        &[
            "check",
            "--format",
            "json",
            "shop/migrations/0003_order_code.py",
        ],
    );
    assert_eq!(safe.code, 0, "{}", safe.stderr);
    assert_eq!(
        checked(&safe.stdout),
        serde_json::json!(["shop.0003_order_code"])
    );

    // A project directory and files together: the files are resolved in that project.
    let parent = root.parent().expect("parent");
    let name = root.file_name().unwrap().to_str().unwrap();
    let file = format!("{name}/shop/migrations/0002_drop_note.py");
    let run = migguard(parent, &["check", "--format", "json", name, &file]);
    assert_eq!(
        checked(&run.stdout),
        serde_json::json!(["shop.0002_drop_note"])
    );
}

#[test]
fn a_file_that_is_not_a_migration_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    shop(root);
    let run = migguard(root, &["check", "shop/migrations/__init__.py"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("not a migration file of the scanned project: shop/migrations/__init__.py"),
        "{}",
        run.stderr
    );
    let run = migguard(
        root,
        &[
            "check",
            "--base",
            "HEAD",
            "shop/migrations/0002_drop_note.py",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot be combined with --base"),
        "{}",
        run.stderr
    );
}
