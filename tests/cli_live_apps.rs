//! `--app LABEL=MIGRATIONS_DIR`: the apps as a running Django lists them (what
//! `manage.py migguard` passes) replace discovery's guesses and the settings module.

use std::path::{Path, PathBuf};
use std::process::Command;

use migguard::project::{LoadOptions, Project};

const INITIAL: &str = "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n    operations = [\n        migrations.CreateModel(name=\"Thing\", fields=[(\"id\", models.BigAutoField(primary_key=True))]),\n    ]\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A project folder with a settings module (that must not be read) and two apps, one of which
/// is not given; and a vendor app outside the project.
fn layout() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("project");
    for app in ["shop", "unused"] {
        write(&root.join(app).join("__init__.py"), "");
        write(&root.join(app).join("migrations/__init__.py"), "");
        write(&root.join(app).join("migrations/0001_initial.py"), INITIAL);
    }
    write(
        &root.join("manage.py"),
        "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"site_settings\")\n",
    );
    write(
        &root.join("site_settings.py"),
        "INSTALLED_APPS = [\"unused\"]\nAUTH_USER_MODEL = \"unused.Person\"\n",
    );
    let vendor = dir.path().join("site-packages/vendor/migrations");
    write(&vendor.join("__init__.py"), "");
    write(&vendor.join("0001_initial.py"), INITIAL);
    (dir, root, vendor)
}

#[test]
fn given_apps_are_exactly_the_apps_with_their_labels_and_no_settings_module_is_read() {
    let (_dir, root, vendor) = layout();
    let mut options = LoadOptions {
        roots: vec![root.clone()],
        apps: vec![
            ("store".to_string(), root.join("shop/migrations")),
            ("vendor".to_string(), vendor.clone()),
        ],
        ..Default::default()
    };
    options
        .settings
        .set_from_text("DEFAULT_AUTO_FIELD", "django.db.models.BigAutoField");
    let project = Project::load(&options);
    let mut apps: Vec<(&str, bool)> = project
        .apps
        .iter()
        .map(|app| (app.label.as_str(), app.external))
        .collect();
    apps.sort();
    assert_eq!(apps, [("store", false), ("vendor", true)]);
    let keys: Vec<String> = project
        .graph
        .full_plan()
        .iter()
        .map(|k| k.to_string())
        .collect();
    assert_eq!(keys, ["store.0001_initial", "vendor.0001_initial"]);
    assert!(
        project.settings_module.is_none(),
        "the settings module was read"
    );
    // Only what was passed: AUTH_USER_MODEL of the (unread) settings module is not taken.
    assert!(!project.settings.is_set("AUTH_USER_MODEL"));
    assert!(project.settings.is_set("DEFAULT_AUTO_FIELD"));
    assert!(!project.has_errors(), "{:?}", project.diagnostics);
}

#[test]
fn a_given_folder_that_does_not_exist_is_an_error_naming_it() {
    let (_dir, root, _vendor) = layout();
    let missing = root.join("gone/migrations");
    let project = Project::load(&LoadOptions {
        roots: vec![root.clone()],
        apps: vec![
            ("store".to_string(), root.join("shop/migrations")),
            ("gone".to_string(), missing.clone()),
        ],
        ..Default::default()
    });
    let problem = project
        .diagnostics
        .iter()
        .find(|d| d.is_error() && d.message.contains("--app gone="))
        .unwrap_or_else(|| panic!("no error for the missing folder: {:?}", project.diagnostics));
    assert!(problem.message.contains(&missing.display().to_string()));
    assert_eq!(project.apps.len(), 1);
}

#[test]
fn the_command_line_takes_app_label_and_folder_and_refuses_other_text() {
    let (_dir, root, vendor) = layout();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_migguard"))
            .args(args)
            .output()
            .expect("run migguard")
    };
    let shop = format!("store={}", root.join("shop/migrations").display());
    let vendor = format!("vendor={}", vendor.display());
    let root = root.display().to_string();
    let output = run(&["graph", &root, "--app", &shop, "--app", &vendor]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("store.0001_initial"), "{stdout}");
    assert!(!stdout.contains("unused.0001_initial"), "{stdout}");
    let output = run(&["graph", &root, "--app", "no-equals-sign"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("expected LABEL=MIGRATIONS_DIR"));
}
