//! Inputs the fuzzers (`fuzz/`) found, each reduced to what made it fail, kept as tests of the
//! main crate.

use std::collections::BTreeSet;

use migguard::diagnostics::Code;
use migguard::graph::{build_graph, LoaderContext};
use migguard::ir::{MigrationKey, MigrationSource};
use migguard::parse::{parse_bytes, Environment, ParsedMigration};

fn parse(app: &str, name: &str, text: &str) -> ParsedMigration {
    let source = MigrationSource {
        key: MigrationKey::new(app, name),
        path: format!("{app}/migrations/{name}.py").into(),
        external: false,
    };
    parse_bytes(source, text.as_bytes(), &Environment::default())
}

fn context() -> LoaderContext {
    LoaderContext {
        migrated_apps: BTreeSet::from(["a".to_string()]),
        external_searched: false,
        keep_replaced: false,
        app_order: None,
        applied: None,
    }
}

/// A migration of app `a` whose class body is `body` (indented lines) and no operations.
fn migration_of_a(name: &str, body: &str) -> ParsedMigration {
    let text = format!(
        "from django.db import migrations\n\nclass Migration(migrations.Migration):\n{body}    operations = []\n"
    );
    parse("a", name, &text)
}

/// A migration of app `a` with these dependencies, written as the migration's list.
fn depending_on(name: &str, dependencies: &str) -> ParsedMigration {
    migration_of_a(name, &format!("    dependencies = [{dependencies}]\n"))
}

fn codes(text: &str) -> Vec<Code> {
    parse("app", "0001_fuzz", text)
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code)
        .collect()
}

/// `parse_migration`, timeout: an unknown value (`2 [1]`) doubled line after line builds a
/// tree of `BinOp`s; with a budget of 4,000,000 values it took over 20 s and 2 GB under the
/// address sanitizer. The budget is now 1,000,000 values.
#[test]
fn an_unknown_value_doubled_25_times_stops_at_the_budget() {
    const { assert!(migguard::parse::limits::MAX_WORK <= 1_000_000) };
    let text = format!("A = 2 [1]\n{}", "A = A + A\n".repeat(25));
    assert_eq!(codes(&text), [Code::ValueTooLarge]);
}

/// `project_pipeline`, panic (`NodeMissed` in petgraph's `update_edge`): a squashed migration
/// listing itself in `replaces` had its own node removed while the edges of the next replaced
/// migration were moved onto it. It is now a located error and its replacement is left out (the
/// migrations stay as on disk: here two leaves, a conflict).
#[test]
fn a_squashed_migration_that_replaces_itself_is_a_located_error() {
    let migrations = [
        migration_of_a("0001_m", ""),
        migration_of_a(
            "0002_m",
            "    replaces = [(\"a\", \"0002_m\"), (\"a\", \"0003_m\")]\n",
        ),
        depending_on("0003_m", "(\"a\", \"0001_m\")"),
    ];
    let graph = build_graph(&migrations, &context());
    let found: Vec<(Code, Option<u32>)> = graph
        .diagnostics
        .iter()
        .map(|d| (d.code, d.location.as_ref().map(|l| l.line)))
        .collect();
    // The replacement left out, 0002_m and 0003_m are both leaves of app `a`, as on disk.
    assert_eq!(
        found,
        [(Code::BadReplacement, Some(4)), (Code::Conflict, Some(3))],
        "{:?}",
        graph.diagnostics
    );
    assert!(graph.replacements.is_empty());
}

/// `project_pipeline`, timeout (88 s, 1.3 GB): 0007_m and 0008_m depend on each other (the
/// cycle reported), 0009_m on itself and on 0008_m. Planning expanded again only the nodes of
/// the reported cycle, so 0009_m, off it, was expanded forever, its stack growing until memory
/// ran out. Every node is now expanded once, and the plan holds each migration once.
#[test]
fn a_self_dependency_beside_a_cycle_is_planned_once() {
    let migrations = [
        depending_on("0001_m", ""),
        depending_on("0006_m", "(\"a\", \"0007_m\")"),
        depending_on(
            "0007_m",
            "(\"a\", \"0001_m\"), (\"a\", \"0008_m\"), (\"a\", \"0009_m\")",
        ),
        depending_on("0008_m", "(\"a\", \"0007_m\")"),
        depending_on("0009_m", "(\"a\", \"0008_m\"), (\"a\", \"0009_m\")"),
    ];
    let graph = build_graph(&migrations, &context());
    let cycles: Vec<(&str, Option<u32>)> = graph
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::DependencyCycle)
        .map(|d| (d.message.as_str(), d.location.as_ref().map(|l| l.line)))
        .collect();
    assert_eq!(
        cycles,
        [(
            "circular dependency: a.0007_m -> a.0008_m -> a.0007_m",
            Some(3)
        )]
    );
    let plan: Vec<String> = graph.full_plan().iter().map(ToString::to_string).collect();
    let unique: BTreeSet<&String> = plan.iter().collect();
    assert_eq!(unique.len(), plan.len(), "{plan:?}");
    assert_eq!(unique.len(), migrations.len(), "{plan:?}");
}
