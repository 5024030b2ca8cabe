//! Test support: a project written to a temporary directory, read through the whole pipeline
//! and checked, so rule tests stand on the real DDL and lock analysis.

use std::path::Path;

use crate::checks::{check_project, CheckOptions, Finding};
use crate::project::{LoadOptions, Project};

/// The set-up migration every test app starts from: `shop.Order` with a few columns.
pub const INITIAL: &str = r#"from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("total", models.IntegerField()),
                ("note", models.CharField(max_length=20, null=True)),
            ],
        ),
    ]
"#;

/// Writes app `shop` with `INITIAL` as 0001 and `change` as 0002, and checks 0002.
pub fn check_change(change: &str) -> Vec<Finding> {
    check_files(
        &[("0001_initial", INITIAL), ("0002_change", change)],
        "0002_change",
    )
}

/// Writes app `shop` with the given migrations and checks `target`.
pub fn check_files(files: &[(&str, &str)], target: &str) -> Vec<Finding> {
    let dir = write(files);
    let project = load(dir.path());
    assert!(
        !project.has_errors(),
        "test project has errors: {:#?}",
        project.diagnostics
    );
    findings(&project, target, CheckOptions::default())
}

/// The names of the rules that fired, in order.
pub fn rules(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|finding| finding.rule).collect()
}

/// Operation text for a `0002_change` migration holding `operations`.
pub fn migration(operations: &str) -> String {
    format!(
        "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"shop\", \"0001_initial\")]\n\n    operations = [\n{operations}\n    ]\n"
    )
}

/// Like [`check_files`], for projects with problems migguard reports (unknown operations).
pub fn check_files_allowing_errors(files: &[(&str, &str)], target: &str) -> Vec<Finding> {
    let dir = write(files);
    let project = load(dir.path());
    findings(&project, target, CheckOptions::default())
}

/// Checks `change` as 0002 with only `selected` rules on (opt-in rules included).
pub fn check_with_rules(change: &str, selected: &[&str]) -> Vec<Finding> {
    let dir = write(&[("0001_initial", INITIAL), ("0002_change", change)]);
    let project = load(dir.path());
    let options = CheckOptions {
        selection: crate::checks::RuleSelection {
            select: Some(selected.iter().map(|s| s.to_string()).collect()),
            ..Default::default()
        },
        ..CheckOptions::default()
    };
    findings(&project, "0002_change", options)
}

fn write(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let migrations = dir.path().join("shop").join("migrations");
    std::fs::create_dir_all(&migrations).expect("create migrations");
    std::fs::write(dir.path().join("shop").join("__init__.py"), "").expect("write");
    std::fs::write(migrations.join("__init__.py"), "").expect("write");
    for (name, text) in files {
        std::fs::write(migrations.join(format!("{name}.py")), text).expect("write");
    }
    dir
}

fn load(root: &Path) -> Project {
    let mut options = LoadOptions {
        roots: vec![root.to_path_buf()],
        ..LoadOptions::default()
    };
    options
        .settings
        .set_from_text("DEFAULT_AUTO_FIELD", "django.db.models.BigAutoField");
    Project::load(&options)
}

fn findings(project: &Project, target: &str, mut options: CheckOptions) -> Vec<Finding> {
    // Pinned: the expected statements of the rule tests hold the reference data's values.
    options.one_off = crate::ddl::OneOffValues::Pinned;
    let sql = crate::ddl::project_sql(project, options.one_off);
    options.targets = vec![crate::ir::MigrationKey::new("shop", target)];
    check_project(project, &sql, &options).findings
}
