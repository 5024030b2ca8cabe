//! `migguard check` as a user runs it: exit codes, `--fail-on`, rule selection, suppressions,
//! configuration, and the text and JSON reports of the example project.

use std::path::Path;
use std::process::Command;

const INITIAL: &str = r#"from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("total", models.IntegerField()),
            ],
        ),
    ]
"#;

const ADD_INDEX: &str = r#"from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="order",
            index=models.Index(fields=["total"], name="order_total_idx"),
        ),
    ]
"#;

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn shop(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let mut files = vec![
        ("shop/__init__.py", ""),
        ("shop/migrations/__init__.py", ""),
        ("shop/migrations/0001_initial.py", INITIAL),
        ("shop/migrations/0002_order_total_idx.py", ADD_INDEX),
    ];
    files.extend_from_slice(extra);
    project(&files)
}

fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
        .arg("check")
        .arg(dir)
        .args(["--no-external"])
        .args(args)
        .output()
        .expect("run migguard");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `migguard check PROJECT --app shop=PACKAGE/shop/migrations ARGS`: the `shop` app as an
/// installed package outside the scanned folder, as `manage.py migguard` passes it.
fn check_with_installed_shop(
    project: &Path,
    package: &Path,
    args: &[&str],
) -> std::process::Output {
    let migrations = package.join("shop").join("migrations");
    Command::new(env!("CARGO_BIN_EXE_migguard"))
        .arg("check")
        .arg(project)
        .arg("--app")
        .arg(format!("shop={}", migrations.display()))
        .args(args)
        .output()
        .expect("run migguard")
}

#[test]
fn exit_code_follows_fail_on() {
    let dir = shop(&[]);
    let (code, stdout, _) = check(dir.path(), &[]);
    assert_eq!(
        code, 1,
        "a warning fails the default --fail-on warning: {stdout}"
    );
    assert!(stdout.contains("warning[index-not-concurrent]"), "{stdout}");
    assert!(
        stdout.contains("0 errors, 1 warning, 0 infos in 2 migrations checked"),
        "{stdout}"
    );
    let (code, _, _) = check(dir.path(), &["--fail-on", "error"]);
    assert_eq!(code, 0);
    let (code, _, _) = check(dir.path(), &["--ignore", "index-not-concurrent"]);
    assert_eq!(code, 0);
    let (code, _, stderr) = check(dir.path(), &["--select", "no-such-rule"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown rule no-such-rule"), "{stderr}");
}

#[test]
fn named_migrations_only() {
    let dir = shop(&[]);
    let (code, stdout, _) = check(dir.path(), &["-m", "shop.0001"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("in 1 migration checked"), "{stdout}");
    let (code, _, stderr) = check(dir.path(), &["-m", "nope"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no migrations found for app 'nope'"),
        "{stderr}"
    );
}

#[test]
fn a_problem_elsewhere_is_reported_but_does_not_fail_the_check() {
    let dir = shop(&[
        ("blog/__init__.py", ""),
        ("blog/migrations/__init__.py", ""),
        ("blog/migrations/0001_initial.py", "class Migration(:\n"),
    ]);
    let (code, stdout, _) = check(dir.path(), &["-m", "shop"]);
    assert_eq!(code, 1, "shop's finding decides: {stdout}");
    assert!(stdout.contains("error[syntax-error]"), "{stdout}");
    // Checking the broken migration itself cannot succeed.
    let (code, _, _) = check(dir.path(), &["-m", "blog"]);
    assert_eq!(code, 2);
}

#[test]
fn a_broken_ancestor_makes_the_check_incomplete() {
    let broken_parent = INITIAL.replace("operations = [", "operations = [\n        )");
    let dir = project(&[
        ("shop/__init__.py", ""),
        ("shop/migrations/__init__.py", ""),
        ("shop/migrations/0001_initial.py", &broken_parent),
        ("shop/migrations/0002_order_total_idx.py", ADD_INDEX),
    ]);
    let (code, _, _) = check(dir.path(), &["-m", "shop.0002"]);
    assert_eq!(code, 2);
}

#[test]
fn suppressions_need_a_known_rule_and_must_suppress_something() {
    let suppressed = ADD_INDEX.replace(
        "        migrations.AddIndex(",
        "        # migguard: ignore[index-not-concurrent] the table holds 12 rows\n        migrations.AddIndex(",
    );
    let dir = shop(&[("shop/migrations/0002_order_total_idx.py", &suppressed)]);
    let (code, stdout, _) = check(dir.path(), &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(!stdout.contains("index-not-concurrent]"), "{stdout}");

    let unused = INITIAL.replace(
        "    initial = True",
        "    initial = True  # migguard: ignore[drop-table] nothing to drop",
    );
    let dir = shop(&[("shop/migrations/0001_initial.py", &unused)]);
    let (_, stdout, _) = check(dir.path(), &[]);
    assert!(
        stdout.contains(
            "warning[unused-suppression]: suppression ignore[drop-table] suppresses nothing"
        ),
        "{stdout}"
    );

    let unknown = suppressed.replace(
        "ignore[index-not-concurrent]",
        "ignore[index-not-concurent]",
    );
    let dir = shop(&[("shop/migrations/0002_order_total_idx.py", &unknown)]);
    let (code, stdout, _) = check(dir.path(), &[]);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout
            .contains("error[unknown-rule]: suppression names unknown rule 'index-not-concurent'"),
        "{stdout}"
    );

    let file_wide = format!("# migguard: ignore-file[index-not-concurrent] reviewed\n{ADD_INDEX}");
    let dir = shop(&[("shop/migrations/0002_order_total_idx.py", &file_wide)]);
    assert_eq!(check(dir.path(), &[]).0, 0);
}

#[test]
fn configuration_selects_grades_and_excludes_apps() {
    let dir = shop(&[(
        "migguard.toml",
        "[severity]\nindex-not-concurrent = \"error\"\n",
    )]);
    let (code, stdout, _) = check(dir.path(), &["--fail-on", "error"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("error[index-not-concurrent]"), "{stdout}");

    let dir = shop(&[("migguard.toml", "[per-app-ignore]\nshop = [\"*\"]\n")]);
    assert_eq!(check(dir.path(), &[]).0, 0);

    let dir = shop(&[("migguard.toml", "ignore = [\"index-not-concurrrent\"]\n")]);
    let (code, _, stderr) = check(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown rule index-not-concurrrent"),
        "{stderr}"
    );

    let dir = shop(&[(
        "migguard.toml",
        "extend-select = [\"missing-lock-timeout\"]\nfail-on = \"info\"\n",
    )]);
    let (code, stdout, _) = check(dir.path(), &["--ignore", "index-not-concurrent"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("info[missing-lock-timeout]"), "{stdout}");
}

fn without_timing(text: &str) -> String {
    text.lines()
        .map(|line| match line.find(" checked in ") {
            Some(at) => {
                let rest = &line[at..];
                let end = rest.find(" s;").map_or(rest.len(), |e| e + 2);
                format!("{} checked in <time>{}", &line[..at], &rest[end..])
            }
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn example_project_text_and_json() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
        .current_dir(root)
        .args(["check", "corpus/example", "--no-external"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(
        "check_example_text",
        without_timing(&String::from_utf8_lossy(&output.stdout))
    );

    let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
        .current_dir(root)
        .args([
            "check",
            "corpus/example",
            "--no-external",
            "--format",
            "json",
        ])
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["schema_version"], 1);
    for finding in json["findings"].as_array().expect("findings") {
        for key in [
            "app",
            "migration",
            "rule",
            "severity",
            "categories",
            "path",
            "line",
            "column",
            "message",
        ] {
            assert!(!finding[key].is_null(), "{key} missing in {finding}");
        }
        assert!(finding["path"]
            .as_str()
            .unwrap()
            .starts_with("corpus/example/"));
    }
    insta::assert_json_snapshot!("check_example_json", json);
}

#[test]
fn rule_prints_the_documentation() {
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
            .args(args)
            .output()
            .expect("run");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, text) = run(&["rule", "set-not-null"]);
    assert_eq!(code, Some(0));
    assert!(text.starts_with("# set-not-null"), "{text}");
    assert!(text.contains("## Fix"), "{text}");
    let (code, json) = run(&["rule", "--all", "--format", "json"]);
    assert_eq!(code, Some(0));
    let rules: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        rules.as_array().map(Vec::len),
        Some(migguard::checks::RULES.len())
    );
    assert_eq!(run(&["rule", "no-such-rule"]).0, Some(2));
}

/// A migration of an installed package (an app outside the scanned paths, as `manage.py
/// migguard` passes them with `--app`) gets no staged fix over its file, which the next install
/// would undo: the help says what a project can do instead.
#[test]
fn a_package_migration_gets_advice_instead_of_a_fix_over_its_file() {
    let project_dir = project(&[("manage.py", "")]);
    let package = shop(&[]);
    let output = check_with_installed_shop(
        project_dir.path(),
        package.path(),
        &["-m", "shop.0002", "--format", "json"],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON report");
    let findings = report["findings"].as_array().expect("findings");
    let finding = findings
        .iter()
        .find(|f| f["rule"] == "index-not-concurrent")
        .unwrap_or_else(|| panic!("index-not-concurrent expected: {stdout}"));
    assert!(
        finding["fix"].is_null(),
        "no fix over the package's file: {finding}"
    );
    let help = finding["help"].as_str().expect("help");
    assert!(
        help.contains(r#"MIGRATION_MODULES = {"shop": "#),
        "help names MIGRATION_MODULES: {help}"
    );

    // The same migration in the project itself keeps its staged fix.
    let (code, stdout, _) = check(package.path(), &["-m", "shop.0002", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON report");
    assert!(report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["rule"] == "index-not-concurrent" && f["fix"].is_object()));
}

/// A check that finds nothing to check says why, and how to check an installed package's
/// migrations, instead of a bare "0 migrations checked".
#[test]
fn a_check_with_nothing_to_check_says_why() {
    let empty = project(&[("manage.py", "")]);
    let (code, stdout, _) = check(empty.path(), &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("No migration was checked: no migrations package was found"),
        "{stdout}"
    );

    let package = shop(&[]);
    let output = check_with_installed_shop(empty.path(), package.path(), &["--format", "json"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON report");
    assert_eq!(
        report["checked"].as_array().map(Vec::len),
        Some(0),
        "{stdout}"
    );
    assert!(
        stderr.contains("the 1 app with migrations (shop) is an installed package")
            && stderr.contains("`--migration shop`"),
        "{stderr}"
    );
}
