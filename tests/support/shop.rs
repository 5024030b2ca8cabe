//! A small Django app `shop` written to a directory, and the `migguard` binary run on it: for
//! the tests of `check` options that work on files (`--base`, `--baseline`).

use std::path::Path;
use std::process::Command;

/// `shop.Order` with a nullable note.
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

/// An operation adding the nullable `shop.Order.code` (safe).
pub const ADD_CODE: &str =
    "        migrations.AddField(model_name=\"order\", name=\"code\", field=models.CharField(max_length=10, null=True)),";
/// An operation dropping `shop.Order.note` (a drop-column error).
pub const DROP_NOTE: &str = "        migrations.RemoveField(model_name=\"order\", name=\"note\"),";

/// A `shop` migration after `parent` holding `operations` (Python source of list items).
pub fn migration(parent: &str, operations: &str) -> String {
    format!(
        "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"shop\", \"{parent}\")]\n\n    operations = [\n{operations}\n    ]\n"
    )
}

/// Writes (or overwrites) `shop/migrations/NAME.py` files under `root`.
pub fn write(root: &Path, files: &[(&str, &str)]) {
    let migrations = root.join("shop").join("migrations");
    std::fs::create_dir_all(&migrations).expect("create migrations");
    std::fs::write(root.join("shop").join("__init__.py"), "").expect("write");
    std::fs::write(migrations.join("__init__.py"), "").expect("write");
    for (name, text) in files {
        std::fs::write(migrations.join(format!("{name}.py")), text).expect("write");
    }
}

/// What a run printed and its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// `(rule, migration)` of each finding of a `--format json` run.
    pub fn findings(&self) -> Vec<(String, String)> {
        let report: serde_json::Value = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr));
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["migration"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// `migguard ARGS` run in `dir` (git kept from looking above the test's directory).
pub fn migguard(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
        .args(args)
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir))
        .env_remove("DJANGO_SETTINGS_MODULE")
        .env_remove("VIRTUAL_ENV")
        .output()
        .expect("run migguard");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `git ARGS` in `dir`, which must succeed; its standard output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=migguard test",
            "-c",
            "user.email=test@example.com",
        ])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir))
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
