//! `migguard check` on `corpus/hazards`: every case yields exactly the findings its `CASE.toml`
//! expects (rule, categories, line of the operation), its text report is snapshotted, and every
//! staged fix, applied to a copy of the project, is itself clean (no finding at warning or
//! above in that app, but those of the operation's other hazards that the fix says it leaves). Whether the fixes apply on real Django + PostgreSQL is checked by
//! `scripts/django_reference.py hazards --verify-fixes` in the test command.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use migguard::checks::{check_project, CheckOptions, Finding, Level};
use migguard::ir::MigrationKey;
use migguard::project::Project;
use migguard::report::check::{text, CheckReport};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Case {
    change: String,
    #[serde(default)]
    finding: Vec<Expected>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Expected {
    rule: String,
    categories: Vec<String>,
    line: u32,
}

fn cases(root: &Path) -> BTreeMap<String, Case> {
    let mut cases = BTreeMap::new();
    for entry in std::fs::read_dir(root).expect("corpus/hazards") {
        let dir = entry.expect("entry").path();
        let case = dir.join("CASE.toml");
        if case.is_file() {
            let text = std::fs::read_to_string(&case).expect("read CASE.toml");
            let parsed: Case =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
            cases.insert(
                dir.file_name().unwrap().to_string_lossy().into_owned(),
                parsed,
            );
        }
    }
    cases
}

fn check(root: &Path) -> (Project, Vec<Finding>) {
    let options = load_options(root);
    let project = Project::load(&options);
    let sql = migguard::ddl::project_sql(&project, migguard::ddl::OneOffValues::Pinned);
    let outcome = check_project(&project, &sql, &CheckOptions::default());
    (project, outcome.findings)
}

fn load_options(root: &Path) -> migguard::project::LoadOptions {
    let config = migguard::config::Config::load(root).expect("configuration");
    migguard::project::LoadOptions {
        roots: vec![root.to_path_buf()],
        settings: config.settings,
        field_classes: config.field_classes,
        ..Default::default()
    }
}

fn as_expected(finding: &Finding) -> Expected {
    Expected {
        rule: finding.rule.to_string(),
        categories: finding
            .categories
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        line: finding.span.line,
    }
}

#[test]
fn every_case_yields_exactly_its_expected_findings() {
    let root = support::corpus("hazards");
    let cases = cases(&root);
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let (_, findings) = check(&root);
    let mut failures = Vec::new();
    for (app, case) in &cases {
        let mut expected: Vec<Expected> = case
            .finding
            .iter()
            .cloned()
            .map(|mut e| {
                e.categories.sort();
                e
            })
            .collect();
        expected.sort();
        let mut got: Vec<Expected> = findings
            .iter()
            .filter(|f| f.migration.app == *app)
            .map(|f| {
                assert_eq!(
                    f.migration.name, case.change,
                    "{app}: finding outside the change: {f:#?}"
                );
                let mut e = as_expected(f);
                e.categories.sort();
                e
            })
            .collect();
        got.sort();
        if got != expected {
            failures.push(format!(
                "{app}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    let safe = cases.values().filter(|c| c.finding.is_empty()).count();
    println!(
        "corpus/hazards: {} cases ({safe} safe), {} findings",
        cases.len(),
        findings.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn text_report_of_each_case() {
    let root = support::corpus("hazards");
    let (project, findings) = check(&root);
    let base = std::env::current_dir().expect("cwd");
    for (app, case) in cases(&root) {
        let of_case: Vec<Finding> = findings
            .iter()
            .filter(|f| f.migration.app == app)
            .cloned()
            .collect();
        let checked = [MigrationKey::new(app.clone(), case.change.clone())];
        let report = CheckReport {
            findings: &of_case,
            diagnostics: &[],
            checked: &checked,
            pg_version: 16,
            base: base.clone(),
            sources: migguard::report::check::Sources::of(&project),
        };
        insta::assert_snapshot!(format!("hazards_{app}"), text(&report, false));
    }
}

/// Copies a directory tree (without caches).
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let relative = entry.path().strip_prefix(from).expect("prefix");
        if relative
            .components()
            .any(|c| c.as_os_str() == "__pycache__" || c.as_os_str() == "expected")
        {
            continue;
        }
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn every_fix_is_clean_when_checked_again() {
    let root = support::corpus("hazards");
    let (_, findings) = check(&root);
    let with_fix: Vec<&Finding> = findings.iter().filter(|f| f.fix.is_some()).collect();
    assert!(
        with_fix.len() >= 15,
        "only {} findings have a fix",
        with_fix.len()
    );
    let mut failures = Vec::new();
    for finding in &with_fix {
        let fix = finding.fix.as_ref().unwrap();
        let copy = tempfile::tempdir().expect("temp");
        copy_tree(&root, copy.path());
        let moved = |path: &Path| -> PathBuf {
            copy.path()
                .join(path.strip_prefix(&root).expect("inside corpus"))
        };
        std::fs::remove_file(moved(&fix.replaces)).expect("remove replaced");
        for release in &fix.releases {
            for file in &release.files {
                std::fs::write(moved(&file.path), &file.contents).expect("write fix");
            }
        }
        let (project, after) = check(copy.path());
        let errors: Vec<String> = project
            .diagnostics
            .iter()
            .filter(|d| {
                d.is_error()
                    && d.location.as_ref().is_some_and(|l| {
                        l.path.starts_with(copy.path().join(&finding.migration.app))
                    })
            })
            .map(|d| d.to_string())
            .collect();
        let remaining: Vec<String> = after
            .iter()
            .filter(|f| f.migration.app == finding.migration.app && f.severity >= Level::Warning)
            // Hazards of the same operation the fix says it does not address.
            .filter(|f| !fix.leaves.contains(&f.rule))
            .map(|f| format!("{}[{}] {}", f.migration, f.rule, f.message))
            .collect();
        if !errors.is_empty() || !remaining.is_empty() {
            failures.push(format!(
                "fix of {} [{}] ({}):\n  {}\n  {}",
                finding.migration,
                finding.rule,
                fix.title,
                errors.join("\n  "),
                remaining.join("\n  ")
            ));
        }
    }
    println!("{} fixes re-checked", with_fix.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `check_plan` (the replay streamed into the checks on a second thread, what `migguard check`
/// runs) finds exactly what `check_project` finds on the whole translated plan, checking each
/// migration on its own and as one change set.
#[test]
fn streamed_checks_equal_the_checks_of_the_whole_plan() {
    let root = support::corpus("hazards");
    let project = Project::load(&load_options(&root));
    let sql = migguard::ddl::project_sql(&project, migguard::ddl::OneOffValues::Pinned);
    for change_set in [false, true] {
        let options = CheckOptions {
            change_set,
            one_off: migguard::ddl::OneOffValues::Pinned,
            ..CheckOptions::default()
        };
        let whole = check_project(&project, &sql, &options);
        let streamed = migguard::checks::check_plan(&project, &options);
        assert!(!whole.findings.is_empty(), "corpus/hazards has findings");
        assert_eq!(
            streamed.findings, whole.findings,
            "change_set: {change_set}"
        );
        assert_eq!(streamed.checked, whole.checked, "change_set: {change_set}");
        assert_eq!(
            streamed.diagnostics, whole.diagnostics,
            "change_set: {change_set}"
        );
    }
}
