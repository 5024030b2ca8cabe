//! Every broken corpus case gives a clear message with file and line, still reports the valid
//! migrations beside it, and makes the CLI exit with code 2.

mod support;

use std::process::Command;

use migguard::diagnostics::Code;
use support::{corpus, load};

/// Loads a case and renders what a user sees about it: the problems, then the plan.
fn report(case: &str) -> (String, migguard::project::Project) {
    let project = load(vec![corpus(&format!("broken/{case}"))], &[]);
    let mut out = String::new();
    for diagnostic in &project.diagnostics {
        out.push_str(&format!("{diagnostic}\n"));
    }
    out.push_str("plan:\n");
    for line in support::plan_lines(&project) {
        out.push_str(&format!("{line}\n"));
    }
    (out, project)
}

fn exit_code(case: &str) -> Option<i32> {
    let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
        .args(["graph", "--no-external"])
        .arg(corpus(&format!("broken/{case}")))
        .output()
        .expect("run migguard");
    output.status.code()
}

/// Asserts the case reports `code` at `file:line`, still plans `min_planned` migrations, and
/// exits with 2.
fn check(case: &str, code: Code, file: &str, line: u32, min_planned: usize) {
    let (text, project) = report(case);
    let hit = project
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("{case}: no {code} in\n{text}"));
    assert!(hit.is_error(), "{case}: {code} must be an error");
    let location = hit.location.as_ref().expect("located");
    assert!(
        location.path.ends_with(file),
        "{case}: {} is not {file}",
        location.path.display()
    );
    assert_eq!(location.line, line, "{case}: wrong line in\n{text}");
    assert!(
        support::plan_lines(&project).len() >= min_planned,
        "{case}: the valid migrations must still be planned\n{text}"
    );
    assert_eq!(exit_code(case), Some(2), "{case}: exit code");
    insta::assert_snapshot!(case, text);
}

#[test]
fn syntax_error() {
    check(
        "syntax_error",
        Code::SyntaxError,
        "blog/migrations/0003_post_summary.py",
        17,
        2,
    );
}

#[test]
fn dependency_cycle() {
    check(
        "cycle",
        Code::DependencyCycle,
        "authors/migrations/0002_author_featured_book.py",
        7,
        1,
    );
}

#[test]
fn missing_parent() {
    check(
        "missing_parent",
        Code::MissingParent,
        "events/migrations/0003_event_ends_at.py",
        12,
        2,
    );
    let (_, project) = report("missing_parent");
    assert!(
        project.diagnostics.iter().all(|d| d.code != Code::Conflict),
        "no conflict follows from a missing parent"
    );
}

#[test]
fn unknown_app() {
    check(
        "unknown_app",
        Code::UnknownApp,
        "reviews/migrations/0002_review_score.py",
        12,
        1,
    );
    let (_, project) = report("unknown_app");
    let unknown: Vec<u32> = project
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownApp)
        .filter_map(|d| d.location.as_ref().map(|l| l.line))
        .collect();
    assert_eq!(unknown, [12, 9]);
}

#[test]
fn conflict() {
    check(
        "conflict",
        Code::Conflict,
        "inventory/migrations/0002_item_sku.py",
        6,
        3,
    );
}

#[test]
fn non_utf8() {
    check(
        "non_utf8",
        Code::NotUtf8,
        "menu/migrations/0002_dish_category.py",
        18,
        1,
    );
}

#[test]
fn unknown_operation() {
    check(
        "unknown_operation",
        Code::UnknownOperation,
        "search/migrations/0002_document_body_search_trigger.py",
        15,
        2,
    );
}

#[test]
fn custom_field() {
    check(
        "custom_field",
        Code::UnknownField,
        "ledger/migrations/0002_account_balance.py",
        17,
        2,
    );
}

#[test]
fn computed_operations() {
    check(
        "computed_operations",
        Code::UnknownValue,
        "metrics/migrations/0002_sample_percentiles.py",
        14,
        3,
    );
}

#[test]
fn no_migration_class() {
    check(
        "no_migration_class",
        Code::NoMigrationClass,
        "shipping/migrations/helpers.py",
        1,
        2,
    );
    let (text, _) = report("no_migration_class");
    assert!(
        !text.contains("_carrier_data"),
        "modules starting with _ are not migrations"
    );
}

#[test]
fn duplicate_label() {
    check(
        "duplicate_label",
        Code::DuplicateAppLabel,
        "warehouse/migrations",
        1,
        1,
    );
}

#[test]
fn bad_encoding() {
    check(
        "bad_encoding",
        Code::BadEncoding,
        "notes/migrations/0003_note_body.py",
        1,
        2,
    );
    let (_, project) = report("bad_encoding");
    let latin1 = project
        .migration(&migguard::ir::MigrationKey::new("notes", "0002_note_title"))
        .and_then(|parsed| parsed.migration.as_ref())
        .expect("the Latin-1 migration with a coding declaration is read");
    assert!(format!("{:?}", latin1.operations).contains("\"Résumé\""));
}

#[test]
fn too_deeply_nested() {
    check(
        "too_deeply_nested",
        Code::TooDeeplyNested,
        "forms/migrations/0002_entry_weight.py",
        4,
        1,
    );
}

#[test]
fn value_too_large() {
    check(
        "value_too_large",
        Code::ValueTooLarge,
        "catalog/migrations/0002_entry_weight.py",
        22,
        1,
    );
}
