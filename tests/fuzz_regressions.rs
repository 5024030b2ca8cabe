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
    let migration = |body: &str| {
        format!("from django.db import migrations\n\nclass Migration(migrations.Migration):\n{body}    operations = []\n")
    };
    let migrations = [
        parse("a", "0001_m", &migration("")),
        parse(
            "a",
            "0002_m",
            &migration("    replaces = [(\"a\", \"0002_m\"), (\"a\", \"0003_m\")]\n"),
        ),
        parse(
            "a",
            "0003_m",
            &migration("    dependencies = [(\"a\", \"0001_m\")]\n"),
        ),
    ];
    let context = LoaderContext {
        migrated_apps: BTreeSet::from(["a".to_string()]),
        external_searched: false,
        keep_replaced: false,
        app_order: None,
        applied: None,
    };
    let graph = build_graph(&migrations, &context);
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
