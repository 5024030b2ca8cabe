//! The plan migguard computes statically equals `manage.py showmigrations --plan` of real
//! Django 5.2, line for line: on the corpus projects (reference committed in
//! `corpus/*/expected/plan.txt`) and on the PyPI field-test package set (reference recorded by
//! `scripts/django_reference.py fieldtest`).

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use migguard::diagnostics::Code;
use migguard::project::{LoadOptions, Project};
use support::{corpus, fieldtest_dir, plan_lines};

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
    diagnostic.code == Code::UnknownOperation
        && diagnostic.location.as_ref().is_some_and(|location| {
            location
                .path
                .starts_with("corpus/hazards/not_analysed/migrations")
        })
}

/// Without external apps, the plan is Django's minus the apps that live in Django itself.
#[test]
fn corpus_plans_match_django_without_external_apps() {
    for name in ["example", "ddl", "hazards"] {
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
        assert!(
            project
                .diagnostics
                .iter()
                .all(|d| d.code == Code::UnknownApp || deliberately_not_analysed(d)),
            "only Django's own apps are unresolved"
        );
    }
}

/// With Django installed as an external path, the plan is Django's exactly.
#[test]
fn corpus_plans_match_django_exactly_with_django_installed() {
    let Some(fieldtest) = fieldtest_dir() else {
        return;
    };
    for name in ["example", "ddl", "hazards"] {
        let project = load_corpus_project(name, vec![support::fieldtest_site_packages(&fieldtest)]);
        assert_eq!(
            plan_lines(&project),
            read_lines(&corpus(name).join("expected/plan.txt")),
            "corpus/{name}"
        );
        let unexpected: Vec<_> = project
            .diagnostics
            .iter()
            .filter(|d| !deliberately_not_analysed(d))
            .collect();
        assert!(unexpected.is_empty(), "corpus/{name}: {unexpected:#?}");
    }
}

/// Django's contrib apps, django-taggit, django-allauth, DRF authtoken, django-celery-beat,
/// django-celery-results and django-oauth-toolkit: every migration parses, none has an unknown
/// built-in operation or field, and the plan is Django's line for line.
#[test]
fn field_test_packages_parse_and_plan_like_django() {
    let Some(fieldtest) = fieldtest_dir() else {
        return;
    };
    let roots = support::fieldtest_roots(&fieldtest);
    let project = Project::load(&LoadOptions {
        roots,
        ..Default::default()
    });

    let found: BTreeSet<&str> = project.apps.iter().map(|app| app.label.as_str()).collect();
    let wanted = support::fieldtest_labels(&fieldtest);
    let wanted: BTreeSet<&str> = wanted.iter().map(String::as_str).collect();
    assert_eq!(found, wanted, "app labels as Django sees them");

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
