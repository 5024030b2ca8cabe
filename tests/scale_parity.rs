//! The synthetic project of the scale benchmark (`scripts/scale_project.py`) stays a valid
//! Django project that migguard reads exactly as Django does: a small instance (60 migrations:
//! every operation kind, cross-app foreign keys, a squash and a merge per app) is written to a
//! temporary directory, real Django 5.2 on PostgreSQL records its plan and the `sqlmigrate` of
//! every migration (`scripts/django_reference.py project`), and migguard's plan and SQL must
//! equal them. Needs the field-test venv (`MIGGUARD_FIELDTEST_DIR`) and
//! `MIGGUARD_TEST_DATABASE_URL`, both set by `scripts/test.sh`; without them it fails.

mod support;

use std::path::Path;
use std::process::Command;

use migguard::ddl::{project_sql, render_sqlmigrate, replaced_migration_plan_sql};
use migguard::project::{LoadOptions, Project};

const MIGRATIONS: usize = 60;

fn run(command: &mut Command) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("could not run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn small_scale_project_matches_django() {
    let Some(fieldtest) = support::fieldtest_dir() else {
        return;
    };
    let url = std::env::var("MIGGUARD_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!("MIGGUARD_TEST_DATABASE_URL is not set: run the tests with `bash scripts/test.sh`")
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let project_dir = dir.path().join("project");
    let reference = dir.path().join("reference");
    run(Command::new("python3")
        .arg("scripts/scale_project.py")
        .arg(MIGRATIONS.to_string())
        .arg(&project_dir));
    run(Command::new("python3")
        .arg("scripts/django_reference.py")
        .arg("project")
        .arg(&project_dir)
        .arg("--out")
        .arg(&reference)
        .env("MIGGUARD_FIELDTEST_DIR", &fieldtest)
        .env("MIGGUARD_TEST_DATABASE_URL", url));

    let project = Project::load(&LoadOptions {
        roots: vec![project_dir.clone()],
        ..Default::default()
    });
    let errors: Vec<String> = project
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "reads without diagnostics: {errors:#?}");
    let expected_plan: Vec<String> = read(&reference.join("plan.txt"))
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(support::plan_lines(&project), expected_plan, "plan");

    let sqlmigrate = reference.join("sqlmigrate");
    let mut compared = 0;
    for migration in project_sql(&project, migguard::ddl::OneOffValues::Pinned) {
        let path = sqlmigrate
            .join(&migration.key.app)
            .join(format!("{}.sql", migration.key.name));
        assert_eq!(
            render_sqlmigrate(&migration),
            read(&path),
            "sqlmigrate {}",
            migration.key
        );
        compared += 1;
    }
    // The migrations the squashes replace: sqlmigrate loads them without replacements.
    let mut replaced = 0;
    for parsed in &project.migrations {
        let key = parsed.source.key.clone();
        if !project.is_replaced(&key) {
            continue;
        }
        let sql = replaced_migration_plan_sql(&project, &key, migguard::ddl::OneOffValues::Pinned);
        let last = sql.last().expect("planned");
        let path = sqlmigrate.join(&key.app).join(format!("{}.sql", key.name));
        assert_eq!(render_sqlmigrate(last), read(&path), "sqlmigrate {key}");
        replaced += 1;
    }
    let kinds: std::collections::BTreeSet<&str> = project
        .migrations
        .iter()
        .filter_map(|parsed| parsed.migration.as_ref())
        .flat_map(|migration| migration.operations.iter())
        .map(|operation| operation.kind.class_name())
        .collect();
    eprintln!(
        "scale project ({MIGRATIONS}): plan of {} and {compared} + {replaced} replaced migrations identical to Django; operations {kinds:?}",
        expected_plan.len()
    );
    assert_eq!(compared + replaced, MIGRATIONS, "every migration compared");
    assert!(replaced >= 3, "squashes replaced: {replaced}");
    for kind in [
        "CreateModel",
        "AddField",
        "AlterField",
        "RenameField",
        "RemoveField",
        "AddIndex",
        "AddConstraint",
        "RenameModel",
        "DeleteModel",
        "RunSQL",
        "RunPython",
    ] {
        assert!(kinds.contains(kind), "the small instance has a {kind}");
    }
    let merges = project
        .migrations
        .iter()
        .filter(|parsed| parsed.source.key.name.ends_with("_merge"))
        .count();
    assert!(merges >= 1, "merge migrations: {merges}");
}
