//! `check --write-baseline` / `--baseline` on a project: recorded findings stay baselined when
//! lines move, a new risky migration is reported.

mod support;

use support::shop::{migguard, migration, write, DROP_NOTE, INITIAL};

#[test]
fn baselined_findings_stay_baselined_when_lines_move_and_new_ones_are_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        &[
            ("0001_initial", INITIAL),
            ("0002_drop_note", &migration("0001_initial", DROP_NOTE)),
        ],
    );

    let before = migguard(root, &["check", "--format", "json"]);
    assert_eq!(before.code, 1, "{}", before.stderr);
    assert_eq!(
        before.findings(),
        [("drop-column".to_string(), "0002_drop_note".to_string())]
    );

    let written = migguard(root, &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(written.code, 0, "{}{}", written.stdout, written.stderr);
    assert!(
        written
            .stderr
            .contains("Wrote 1 finding to the baseline baseline.json"),
        "{}",
        written.stderr
    );
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(baseline["version"], 1);
    let entry = &baseline["findings"][0];
    assert_eq!(
        (
            &entry["app"],
            &entry["migration"],
            &entry["rule"],
            &entry["operation"]
        ),
        (
            &"shop".into(),
            &"0002_drop_note".into(),
            &"drop-column".into(),
            &0.into()
        )
    );
    assert_eq!(entry["source_hash"].as_str().map(str::len), Some(12));
    assert!(entry.get("line").is_none());

    let baselined = migguard(root, &["check", "--baseline", "baseline.json"]);
    assert_eq!(baselined.code, 0, "{}", baselined.stdout);
    assert!(
        baselined
            .stdout
            .contains("1 finding in the baseline not reported."),
        "{}",
        baselined.stdout
    );

    // Lines added above the operation: its line moves, it stays baselined.
    let moved = migration("0001_initial", &format!("        # Why: the note moved to its own table.\n\n        # (see the ticket)\n{DROP_NOTE}"));
    write(root, &[("0002_drop_note", &moved)]);
    let after_move = migguard(
        root,
        &["check", "--format", "json", "--baseline", "baseline.json"],
    );
    assert_eq!(after_move.code, 0, "{}", after_move.stdout);
    assert!(after_move.findings().is_empty());
    assert!(after_move
        .stderr
        .contains("1 finding in the baseline not reported."));
    let unbaselined = migguard(root, &["check", "--format", "json"]);
    assert_eq!(
        unbaselined.findings().len(),
        1,
        "the finding is still there without the baseline"
    );

    // A new risky migration is reported.
    let drop_total = migration(
        "0002_drop_note",
        "        migrations.RemoveField(model_name=\"order\", name=\"total\"),",
    );
    write(root, &[("0003_drop_total", &drop_total)]);
    let after_new = migguard(
        root,
        &["check", "--format", "json", "--baseline", "baseline.json"],
    );
    assert_eq!(after_new.code, 1, "{}", after_new.stderr);
    assert_eq!(
        after_new.findings(),
        [("drop-column".to_string(), "0003_drop_total".to_string())]
    );
}

#[test]
fn a_baseline_of_another_version_or_not_json_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, &[("0001_initial", INITIAL)]);
    std::fs::write(root.join("old.json"), r#"{"version": 99, "findings": []}"#).unwrap();
    let run = migguard(root, &["check", "--baseline", "old.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("baseline old.json has version 99"),
        "{}",
        run.stderr
    );
    std::fs::write(root.join("bad.json"), "not json").unwrap();
    let run = migguard(root, &["check", "--baseline", "bad.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("baseline bad.json is not JSON"),
        "{}",
        run.stderr
    );
}
