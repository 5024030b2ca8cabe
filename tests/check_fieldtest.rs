//! `migguard check` over every migration of the field-test packages (the third-party apps
//! `scripts/django_reference.py fieldtest` installs), each checked as if deployed on its own
//! against tables with traffic: the check completes, every finding points into the package's
//! migration files, and the count of findings per rule is printed (`--show-output` shows it in
//! CI logs; docs/fieldtest-findings.md judges a sample of them by hand).

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use migguard::checks::{check_project, CheckOptions, RULES};
use migguard::ir::MigrationKey;
use migguard::project::Project;

#[test]
fn check_runs_over_the_field_test_and_points_into_its_migrations() {
    let Some(fieldtest) = support::fieldtest_dir() else {
        return;
    };
    let labels = support::fieldtest_labels(&fieldtest);
    let migration_dirs: Vec<PathBuf> = support::fieldtest_roots(&fieldtest)
        .into_iter()
        .map(|root| root.join("migrations"))
        .collect();
    let project = Project::load(&support::fieldtest_options(&fieldtest));
    let targets: Vec<MigrationKey> = project
        .graph
        .full_plan()
        .into_iter()
        .filter(|key| labels.contains(&key.app))
        .cloned()
        .collect();
    assert!(
        targets.len() > 100,
        "field-test migrations in the plan: {}",
        targets.len()
    );
    let sql = migguard::ddl::project_sql(&project, migguard::ddl::OneOffValues::Pinned);
    let outcome = check_project(
        &project,
        &sql,
        &CheckOptions {
            targets: targets.clone(),
            ..CheckOptions::default()
        },
    );
    assert_eq!(
        outcome.checked.len(),
        targets.len(),
        "every field-test migration is checked"
    );
    assert!(
        !outcome.diagnostics.iter().any(|d| d.is_error()),
        "suppression errors: {:?}",
        outcome.diagnostics
    );

    let mut per_rule: BTreeMap<&str, usize> = RULES
        .iter()
        .filter(|rule| rule.default_enabled)
        .map(|rule| (rule.name, 0))
        .collect();
    let mut misplaced = Vec::new();
    for finding in &outcome.findings {
        *per_rule.entry(finding.rule).or_default() += 1;
        let text = std::fs::read_to_string(&finding.path).unwrap_or_default();
        let in_package = migration_dirs
            .iter()
            .any(|dir| finding.path.starts_with(dir));
        let of_migration = project
            .migration(&finding.migration)
            .is_some_and(|parsed| parsed.source.path == finding.path);
        let span = finding.span;
        let in_file = span.line >= 1
            && span.start < span.end
            && (span.end as usize) <= text.len()
            && text[..span.start as usize].matches('\n').count() + 1 == span.line as usize;
        if !(in_package && of_migration && in_file) {
            misplaced.push(format!(
                "{}:{}:{} [{}] {}",
                finding.path.display(),
                span.line,
                span.column,
                finding.rule,
                finding.migration
            ));
        }
    }
    println!(
        "check over the field test: {} findings in {} migrations",
        outcome.findings.len(),
        outcome.checked.len()
    );
    for (rule, count) in &per_rule {
        println!("  {rule:<32} {count}");
    }
    assert!(
        misplaced.is_empty(),
        "findings outside the package's migration files:\n{}",
        misplaced.join("\n")
    );
    assert!(
        !outcome.findings.is_empty(),
        "the field test's later migrations change busy tables: some findings are expected"
    );
}
