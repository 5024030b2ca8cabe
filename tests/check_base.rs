//! `check --base REF` on temporary git repositories: only the change's migrations are checked,
//! an edited old migration is reported, a shallow clone and a directory outside a repository
//! give clear errors.

mod support;

use std::path::Path;

use support::shop::{git, migguard, migration, write, ADD_CODE, DROP_NOTE, INITIAL};

const ADD_CODE_EDITED: &str =
    "        migrations.AddField(model_name=\"order\", name=\"code\", field=models.CharField(max_length=12, null=True)),";
const INDEX_TOTAL: &str = "        migrations.AddIndex(model_name=\"order\", index=models.Index(fields=[\"total\"], name=\"shop_order_total_idx\")),";

/// A repository whose `main` has 0001 and 0002 (both risky-free), and a `pr` branch that adds
/// 0003 (drops a column) and edits 0002.
fn repository(root: &Path) {
    git(root, &["init", "-q", "-b", "main"]);
    write(
        root,
        &[
            ("0001_initial", INITIAL),
            ("0002_order_code", &migration("0001_initial", ADD_CODE)),
        ],
    );
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "base"]);
    git(root, &["checkout", "-q", "-b", "pr"]);
    write(
        root,
        &[
            (
                "0002_order_code",
                &migration("0001_initial", ADD_CODE_EDITED),
            ),
            ("0003_drop_note", &migration("0002_order_code", DROP_NOTE)),
        ],
    );
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "pr"]);
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn only_the_changes_migrations_are_checked_and_an_edited_one_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    repository(root);
    // Without --base every migration is checked: 0001 and 0002 have no findings either.
    let all = migguard(root, &["check", "--format", "json"]);
    assert_eq!(all.findings(), pairs(&[("drop-column", "0003_drop_note")]));

    let run = migguard(root, &["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.findings(),
        pairs(&[
            ("modified-migration", "0002_order_code"),
            ("drop-column", "0003_drop_note")
        ])
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report["checked"],
        serde_json::json!(["shop.0002_order_code", "shop.0003_drop_note"])
    );
    assert!(
        run.stderr.contains("Checking 2 migrations changed since"),
        "{}",
        run.stderr
    );

    // Uncommitted work counts: an untracked new migration and a staged edit.
    write(
        root,
        &[(
            "0004_index_total",
            &migration("0003_drop_note", INDEX_TOTAL),
        )],
    );
    let run = migguard(root, &["check", "--base", "main", "--format", "json"]);
    assert_eq!(
        run.findings(),
        pairs(&[
            ("modified-migration", "0002_order_code"),
            ("drop-column", "0003_drop_note"),
            ("index-not-concurrent", "0004_index_total"),
        ])
    );

    // Nothing changed since the base: nothing checked, exit 0.
    let same = migguard(
        root,
        &["check", "--base", "HEAD", "--format", "json", "-m", "shop"],
    );
    assert_eq!(same.code, 2, "--base and --migration do not combine");
    std::fs::remove_file(root.join("shop/migrations/0004_index_total.py")).unwrap();
    let same = migguard(root, &["check", "--base", "HEAD", "--format", "json"]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert!(same.findings().is_empty());
}

#[test]
fn a_renamed_migration_file_is_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    repository(root);
    git(root, &["checkout", "-q", "main"]);
    git(root, &["checkout", "-q", "-b", "moved"]);
    // The same migration moved to another migrations package of the same app label would be
    // unusual; a rename within the package makes it a new migration for Django.
    git(
        root,
        &[
            "mv",
            "shop/migrations/0002_order_code.py",
            "shop/migrations/0002_code.py",
        ],
    );
    let run = migguard(root, &["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["checked"], serde_json::json!(["shop.0002_code"]));
}

#[test]
fn a_shallow_clone_without_the_base_says_how_to_fetch_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let origin = dir.path().join("origin");
    std::fs::create_dir(&origin).unwrap();
    repository(&origin);
    let base = git(&origin, &["rev-parse", "main"]).trim().to_string();
    let url = format!("file://{}", origin.display());
    git(
        dir.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "pr", &url, "shallow",
        ],
    );
    let clone = dir.path().join("shallow");
    for reference in ["main", "origin/main", base.as_str()] {
        let run = migguard(&clone, &["check", "--base", reference]);
        assert_eq!(run.code, 2, "{reference}: {}", run.stdout);
        assert!(
            run.stderr.contains("shallow clone"),
            "{reference}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("fetch-depth: 0"),
            "{reference}: {}",
            run.stderr
        );
    }
}

#[test]
fn outside_a_repository_and_an_unknown_reference_are_clear_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("project");
    std::fs::create_dir(&root).unwrap();
    write(&root, &[("0001_initial", INITIAL)]);
    let run = migguard(&root, &["check", "--base", "main"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("needs a git repository"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("is not inside one"), "{}", run.stderr);

    repository(&dir.path().join("project"));
    let run = migguard(&root, &["check", "--base", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--base no-such-branch: no such commit, branch or tag"),
        "{}",
        run.stderr
    );
}
