//! The plan migguard computes statically equals `manage.py showmigrations --plan` of real
//! Django 5.2, line for line: on the corpus projects (reference committed in
//! `corpus/*/expected/plan.txt`) and on the PyPI field-test package set (reference recorded by
//! `scripts/django_reference.py fieldtest`).

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use migguard::diagnostics::Severity;
use migguard::diagnostics::{Code, Diagnostic};
use migguard::project::Project;
use support::{corpus, corpus_projects, fieldtest_dir, plan_lines};

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

fn load_corpus_project(name: &str, external: Vec<PathBuf>) -> Project {
    // The corpus project's own configuration (settings, declared field classes).
    let mut options = support::corpus_options(name);
    options.external = external;
    Project::load(&options)
}

/// The one diagnostic the corpus asks for: `corpus/hazards/not_analysed` uses a project-specific
/// operation class on purpose (the `not-analysed` case).
fn deliberately_not_analysed(diagnostic: &migguard::diagnostics::Diagnostic) -> bool {
    let at = |path: &str| {
        diagnostic
            .location
            .as_ref()
            .is_some_and(|location| location.path.starts_with(path))
    };
    // corpus/hazards' project-specific operation; corpus/static's expected Unknowns.
    (diagnostic.code == Code::UnknownOperation && at("corpus/hazards/not_analysed/migrations"))
        || (diagnostic.code == Code::UnknownValue
            && at("corpus/static/teams/migrations/0003_board_code.py"))
        || (diagnostic.code == Code::UnknownOperation
            && at("corpus/static/portal/migrations/0003_page_banner.py"))
}

/// Without external apps, the plan is Django's minus the apps that live in Django itself.
#[test]
fn corpus_plans_match_django_without_external_apps() {
    for name in corpus_projects() {
        let name = name.as_str();
        let project = load_corpus_project(name, Vec::new());
        let scanned: BTreeSet<&str> = project.apps.iter().map(|app| app.label.as_str()).collect();
        let expected: Vec<String> = read_lines(&corpus(name).join("expected/plan.txt"))
            .into_iter()
            .filter(|line| {
                line.get(5..)
                    .and_then(|key| key.split('.').next())
                    .is_some_and(|app| scanned.contains(app))
            })
            .collect();
        assert_eq!(plan_lines(&project), expected, "corpus/{name}");
        let errors: Vec<String> = project
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && !deliberately_not_analysed(d))
            .map(ToString::to_string)
            .collect();
        assert!(
            errors.is_empty(),
            "corpus/{name} reads without errors: {errors:#?}"
        );
        for diagnostic in &project.diagnostics {
            let allowed = match diagnostic.code {
                Code::UnknownApp | Code::AppNotInstalled => true,
                _ if deliberately_not_analysed(diagnostic) => true,
                // Django's own installed apps are not found without its site-packages.
                Code::InstalledAppNotFound => diagnostic
                    .notes
                    .iter()
                    .skip(1)
                    .all(|note| note.starts_with("django.contrib.")),
                _ => false,
            };
            assert!(
                allowed,
                "corpus/{name}: only Django's own apps are unresolved: {diagnostic}"
            );
        }
    }
}

/// With Django installed as an external path, the plan is Django's exactly.
#[test]
fn corpus_plans_match_django_exactly_with_django_installed() {
    let Some(fieldtest) = fieldtest_dir() else {
        return;
    };
    for name in corpus_projects() {
        let name = name.as_str();
        let project = load_corpus_project(name, vec![support::fieldtest_site_packages(&fieldtest)]);
        assert_eq!(
            plan_lines(&project),
            read_lines(&corpus(name).join("expected/plan.txt")),
            "corpus/{name}"
        );
        assert!(
            project
                .diagnostics
                .iter()
                .all(
                    |d| (d.severity == Severity::Note && d.code == Code::AppNotInstalled)
                        || deliberately_not_analysed(d)
                ),
            "corpus/{name}: {:#?}",
            project.diagnostics
        );
        assert!(
            project.settings_module.is_some(),
            "corpus/{name}: settings read from its settings module"
        );
    }
}

/// corpus/settings: the apps are exactly the installed ones, found through a settings package
/// (`dev.py` star-importing `base.py`, INSTALLED_APPS built with `+`, `+=` and `.append` under
/// `if DEBUG`), with the AppConfig's label and MIGRATION_MODULES; the migrations packages of
/// apps that are not installed (or whose migrations are moved or disabled) are left out and
/// listed once.
#[test]
fn settings_corpus_reads_the_installed_apps_from_its_settings_module() {
    let project = load_corpus_project("settings", Vec::new());
    let (module, path) = project
        .settings_module
        .clone()
        .expect("settings module read");
    assert_eq!(module, "siteproj.settings.dev");
    assert!(
        path.ends_with("siteproj/settings/dev.py"),
        "{}",
        path.display()
    );
    let labels: BTreeSet<&str> = project.apps.iter().map(|app| app.label.as_str()).collect();
    assert_eq!(labels, BTreeSet::from(["blog", "extras", "members"]));
    let blog = project
        .apps
        .iter()
        .find(|app| app.label == "blog")
        .expect("blog");
    assert!(blog.migrations_dir.ends_with("blog/db_migrations"));
    let left_out: Vec<&Diagnostic> = project
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::AppNotInstalled)
        .collect();
    assert_eq!(left_out.len(), 1, "{:#?}", project.diagnostics);
    let dirs: Vec<&str> = left_out[0].notes.iter().map(String::as_str).collect();
    assert_eq!(
        dirs,
        [
            "corpus/settings/blog/migrations",
            "corpus/settings/legacy/migrations",
            "corpus/settings/notes/migrations"
        ]
    );
    assert_eq!(
        project.settings.get("DEFAULT_AUTO_FIELD"),
        Some(migguard::ir::Value::Str(
            "django.db.models.BigAutoField".into()
        ))
    );
}

/// Django's contrib apps, django-taggit, django-allauth, DRF authtoken, django-celery-beat,
/// django-celery-results and django-oauth-toolkit: every migration parses, none has an unknown
/// built-in operation or field, and the plan is Django's line for line.
#[test]
fn field_test_packages_parse_and_plan_like_django() {
    let Some(fieldtest) = fieldtest_dir() else {
        return;
    };
    let project = Project::load(&support::fieldtest_options(&fieldtest));

    let found: BTreeSet<&str> = project.apps.iter().map(|app| app.label.as_str()).collect();
    let wanted = support::fieldtest_labels(&fieldtest);
    let wanted: BTreeSet<&str> = wanted.iter().map(String::as_str).collect();
    assert_eq!(found, wanted, "app labels as Django sees them");
    assert_eq!(
        project
            .settings_module
            .as_ref()
            .map(|(name, _)| name.as_str()),
        Some("fieldtest_settings"),
        "the settings module named by the project's manage.py"
    );

    let unloaded: Vec<_> = project
        .migrations
        .iter()
        .filter(|parsed| parsed.migration.is_none())
        .map(|p| p.source.key.to_string())
        .collect();
    assert!(unloaded.is_empty(), "every migration parses: {unloaded:?}");

    // The only problems allowed are classes from the packages' own code, never Django's.
    for diagnostic in &project.diagnostics {
        let class = match diagnostic.code {
            Code::UnknownOperation => diagnostic.message.split_whitespace().nth(1),
            Code::UnknownField => diagnostic.message.split_whitespace().nth(2),
            _ => None,
        };
        let custom = class.is_some_and(|class| !class.starts_with("django."));
        assert!(custom, "unexpected problem in the field test: {diagnostic}");
    }
    assert_eq!(
        plan_lines(&project),
        read_lines(&fieldtest.join("plan.txt")),
        "plan parity with showmigrations --plan"
    );
    let operations: usize = project
        .migrations
        .iter()
        .filter_map(|p| p.migration.as_ref())
        .map(|m| m.operations.len())
        .sum();
    eprintln!(
        "field test: {} apps, {} migration files, {} operations, {} planned, {} custom classes not analysed",
        project.apps.len(),
        project.migrations.len(),
        operations,
        project.graph.full_plan().len(),
        project.diagnostics.len()
    );
}
