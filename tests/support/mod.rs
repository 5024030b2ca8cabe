//! Helpers shared by the integration tests.
#![allow(dead_code)]

/// A live PostgreSQL for the tests that need one: `MIGGUARD_TEST_DATABASE_URL`, or a throwaway
/// server started here.
pub mod catalog;
pub mod dist;
pub mod rehearsal;
pub mod server;
pub mod shop;

use std::path::PathBuf;

use migguard::config::Settings;
use migguard::project::{LoadOptions, Project};

/// The crate root: tests run with it as the working directory, so corpus paths stay relative
/// (and snapshots stable).
pub fn corpus(path: &str) -> PathBuf {
    PathBuf::from("corpus").join(path)
}

/// Loads corpus projects with no external apps and the given settings.
pub fn load(roots: Vec<PathBuf>, settings: &[(&str, &str)]) -> Project {
    let mut options = LoadOptions {
        roots,
        ..Default::default()
    };
    let mut all = Settings::default();
    for (name, value) in settings {
        all.set_from_text(name, value);
    }
    options.settings = all;
    Project::load(&options)
}

/// The field-test directory prepared by `scripts/django_reference.py fieldtest`, or `None`
/// when the developer explicitly skipped it (`scripts/test.sh --no-fieldtest`). Missing
/// without that opt-out, the test fails: it never passes silently.
pub fn fieldtest_dir() -> Option<PathBuf> {
    recording_dir("MIGGUARD_FIELDTEST_DIR")
}

/// The widened field test's directory (`scripts/fieldtest-wide/`: `venv/`, `project/` and the
/// reference scripts/test.sh records beside them), on the same terms as [`fieldtest_dir`].
pub fn fieldtest_wide_dir() -> Option<PathBuf> {
    recording_dir("MIGGUARD_FIELDTEST_WIDE_DIR")
}

/// The directory `variable` names (it must hold a recorded `plan.txt`), `None` when the field
/// test is skipped on request outside CI; otherwise a missing one fails the test.
fn recording_dir(variable: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(variable) {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("plan.txt").is_file(),
            "{variable}={} has no plan.txt",
            dir.display()
        );
        return Some(dir);
    }
    let skipped = std::env::var("MIGGUARD_SKIP_FIELDTEST").is_ok_and(|value| value == "1");
    let in_ci = std::env::var("CI").is_ok_and(|value| value == "true" || value == "1");
    if skipped && !in_ci {
        eprintln!("field test SKIPPED on request (MIGGUARD_SKIP_FIELDTEST=1); CI never skips it");
        return None;
    }
    panic!("{variable} is not set: run the tests with `bash scripts/test.sh`, which prepares the Django field test");
}

/// Plan lines as `showmigrations --plan` prints them.
pub fn plan_lines(project: &Project) -> Vec<String> {
    project
        .graph
        .full_plan()
        .into_iter()
        .map(|key| format!("[ ]  {key}"))
        .collect()
}

/// The corpus projects that are Django projects (a `manage.py`), whose `expected/` comes from
/// real Django: `example`, `ddl`, `settings`, ...
pub fn corpus_projects() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("corpus")
        .expect("corpus/")
        .flatten()
        .filter(|entry| entry.path().join("manage.py").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.len() >= 3,
        "corpus projects with a manage.py: {names:?}"
    );
    names
}

/// Load options for a corpus project as the CLI makes them from its folder: its settings
/// come from its settings module (found through its `manage.py`), never from `migguard.toml`,
/// which only declares field classes.
pub fn corpus_options(name: &str) -> LoadOptions {
    let dir = corpus(name);
    let config = migguard::config::Config::load(&dir).expect("corpus configuration");
    let declared: Vec<&str> = config.settings.names().collect();
    assert!(
        declared.is_empty(),
        "corpus/{name}/migguard.toml declares settings {declared:?}: they must be read from the settings module"
    );
    LoadOptions {
        roots: vec![dir],
        settings: config.settings,
        field_classes: config.field_classes,
        ..Default::default()
    }
}

fn fieldtest_apps(fieldtest: &std::path::Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(fieldtest.join("apps.json")).expect("apps.json");
    serde_json::from_str(&text).expect("apps.json format")
}

/// The labels Django gives the field-test apps.
pub fn fieldtest_labels(fieldtest: &std::path::Path) -> std::collections::BTreeSet<String> {
    fieldtest_apps(fieldtest)
        .iter()
        .filter_map(|app| app["label"].as_str().map(str::to_string))
        .collect()
}

/// The app folders of the field-test packages (`apps.json` of the field-test directory).
pub fn fieldtest_roots(fieldtest: &std::path::Path) -> Vec<PathBuf> {
    fieldtest_apps(fieldtest)
        .iter()
        .filter_map(|app| app["migrations_dir"].as_str())
        .filter_map(|dir| {
            std::path::Path::new(dir)
                .parent()
                .map(std::path::Path::to_path_buf)
        })
        .collect()
}

/// Load options for the field test as a user's project: the project folder the reference
/// script writes (`manage.py`, `fieldtest_settings.py` with the apps in INSTALLED_APPS) and
/// the virtualenv's site-packages; the settings module and the apps are read from there.
pub fn fieldtest_options(fieldtest: &std::path::Path) -> LoadOptions {
    LoadOptions {
        roots: vec![fieldtest.join("project")],
        external: vec![fieldtest_site_packages(fieldtest)],
        ..Default::default()
    }
}

/// The site-packages of the field-test virtualenv (Django and the packages installed).
pub fn fieldtest_site_packages(fieldtest: &std::path::Path) -> PathBuf {
    std::fs::read_dir(fieldtest.join("venv/lib"))
        .expect("venv lib")
        .flatten()
        .map(|entry| entry.path().join("site-packages"))
        .find(|path| path.is_dir())
        .expect("site-packages in the field-test venv")
}
