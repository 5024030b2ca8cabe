//! Django's loader semantics on small synthetic projects.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::*;
use crate::diagnostics::Code;
use crate::ir::{Dependency, Migration, MigrationRef, MigrationSource, Span};
use crate::parse::ParsedMigration;

/// A migration `app.name` with `deps`, `run_before` and `replaces` given as "app.name" keys.
fn migration(key: &str, deps: &[&str], run_before: &[&str], replaces: &[&str]) -> ParsedMigration {
    let key = parse_key(key);
    let refs = |keys: &[&str]| {
        keys.iter()
            .map(|k| MigrationRef {
                key: parse_key(k),
                span: Span::default(),
            })
            .collect()
    };
    ParsedMigration {
        source: MigrationSource {
            key: key.clone(),
            path: PathBuf::from(format!("{}/migrations/{}.py", key.app, key.name)),
            external: false,
        },
        migration: Some(Migration {
            key,
            dependencies: deps
                .iter()
                .map(|k| Dependency {
                    key: parse_key(k),
                    swappable_setting: None,
                    span: Span::default(),
                })
                .collect(),
            run_before: refs(run_before),
            replaces: refs(replaces),
            initial: None,
            atomic: true,
            operations: Vec::new(),
            span: Span::default(),
        }),
        diagnostics: Vec::new(),
        text: None,
    }
}

fn parse_key(key: &str) -> MigrationKey {
    let (app, name) = key.split_once('.').expect("app.name");
    MigrationKey::new(app, name)
}

fn build(migrations: &[ParsedMigration]) -> MigrationGraph {
    build_in_order(migrations, None)
}

/// As `build`, with the apps in this `INSTALLED_APPS` order.
fn build_in_order(migrations: &[ParsedMigration], app_order: Option<&[&str]>) -> MigrationGraph {
    let apps: BTreeSet<String> = migrations
        .iter()
        .map(|m| m.source.key.app.clone())
        .collect();
    build_graph(
        migrations,
        &LoaderContext {
            migrated_apps: apps,
            external_searched: true,
            keep_replaced: false,
            app_order: app_order.map(|order| order.iter().map(ToString::to_string).collect()),
            applied: None,
        },
    )
}

fn plan(graph: &MigrationGraph) -> Vec<String> {
    graph
        .full_plan()
        .into_iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn parents_are_visited_in_reverse_sorted_order_like_djangos_dfs() {
    let graph = build(&[
        migration("a.0001", &[], &[], &[]),
        migration("b.0001", &[], &[], &[]),
        migration("c.0001", &[], &[], &[]),
        migration("d.0001", &["a.0001", "c.0001", "b.0001"], &[], &[]),
    ]);
    // Leaves a, b, c, d are planned in sorted order; each leaf's ancestors come first.
    assert_eq!(plan(&graph), ["a.0001", "b.0001", "c.0001", "d.0001"]);
    let d = MigrationKey::new("d", "0001");
    let order: Vec<String> = graph
        .forwards_plan(&d)
        .into_iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        order,
        ["c.0001", "b.0001", "a.0001", "d.0001"],
        "the stack pops the largest parent first"
    );
}

#[test]
fn first_and_latest_resolve_to_root_and_leaf_of_the_other_app() {
    let graph = build(&[
        migration("auth.0001", &[], &[], &[]),
        migration("auth.0002", &["auth.0001"], &[], &[]),
        migration("shop.0001", &["auth.__first__"], &[], &[]),
        migration("shop.0002", &["shop.0001", "auth.__latest__"], &[], &[]),
    ]);
    assert!(graph.diagnostics.is_empty(), "{:?}", graph.diagnostics);
    let parents = |key: &str| -> Vec<String> {
        graph
            .parents(&parse_key(key))
            .into_iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(parents("shop.0001"), ["auth.0001"]);
    assert_eq!(parents("shop.0002"), ["auth.0002", "shop.0001"]);
}

#[test]
fn run_before_makes_the_other_migration_depend_on_this_one() {
    let graph = build(&[
        migration("shop.0001", &[], &[], &[]),
        migration("audit.0001", &[], &["shop.0001"], &[]),
    ]);
    assert_eq!(plan(&graph), ["audit.0001", "shop.0001"]);
    assert_eq!(
        graph.parents(&parse_key("shop.0001")),
        [&parse_key("audit.0001")]
    );
}

#[test]
fn a_squashed_migration_takes_over_the_edges_of_those_it_replaces() {
    let graph = build(&[
        migration("shop.0001", &[], &[], &[]),
        migration("shop.0002", &["shop.0001"], &[], &[]),
        migration(
            "shop.0001_squashed_0002",
            &[],
            &[],
            &["shop.0001", "shop.0002"],
        ),
        migration("shop.0003", &["shop.0002"], &[], &[]),
        migration("orders.0001", &["shop.0001"], &[], &[]),
    ]);
    assert!(graph.diagnostics.is_empty(), "{:?}", graph.diagnostics);
    assert!(!graph.contains(&parse_key("shop.0001")) && !graph.contains(&parse_key("shop.0002")));
    assert_eq!(
        plan(&graph),
        ["shop.0001_squashed_0002", "orders.0001", "shop.0003"]
    );
    assert_eq!(
        graph.parents(&parse_key("orders.0001")),
        [&parse_key("shop.0001_squashed_0002")]
    );
}

/// A plugin app whose squash replaces its parent app's migrations and the parent's own squash
/// (django-two-factor-auth's `phonenumber` plugin does this).
fn squash_of_a_squash() -> Vec<ParsedMigration> {
    vec![
        migration("core.0001", &[], &[], &[]),
        migration("core.0002", &["core.0001"], &[], &[]),
        migration(
            "core.0001_squashed_0002",
            &[],
            &[],
            &["core.0001", "core.0002"],
        ),
        migration("plugin.0001", &["core.0002"], &[], &[]),
        migration(
            "plugin.0001_squashed",
            &[],
            &[],
            &[
                "plugin.0001",
                "core.0001",
                "core.0002",
                "core.0001_squashed_0002",
            ],
        ),
    ]
}

#[test]
fn squashes_are_applied_in_installed_apps_order() {
    // Django takes the replacements app by app in INSTALLED_APPS order: the parent's squash
    // first, then the plugin's, which removes the parent's squash too.
    let graph = build_in_order(&squash_of_a_squash(), Some(&["core", "plugin"]));
    assert!(graph.diagnostics.is_empty(), "{:?}", graph.diagnostics);
    assert_eq!(plan(&graph), ["plugin.0001_squashed"]);
    // The other order fails in Django too: the parent's squash node is gone when its turn
    // comes ("Unable to find replacement node").
    let graph = build_in_order(&squash_of_a_squash(), Some(&["plugin", "core"]));
    let codes: Vec<Code> = graph.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::BadReplacement]);
}

#[test]
fn missing_nodes_cycles_and_conflicts_are_all_reported() {
    let graph = build(&[
        migration("a.0001", &["a.0003"], &[], &[]),
        migration("a.0002", &["a.0001"], &[], &[]),
        migration("a.0003", &["a.0002"], &[], &[]),
        migration("b.0001", &["b.0000_gone"], &[], &[]),
        migration("c.0001", &[], &[], &[]),
        migration("c.0002_x", &["c.0001"], &[], &[]),
        migration("c.0002_y", &["c.0001"], &[], &[]),
        migration("d.0001", &["nowhere.0001"], &[], &[]),
    ]);
    let codes: Vec<Code> = graph.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::DependencyCycle), "{codes:?}");
    assert!(codes.contains(&Code::MissingParent), "{codes:?}");
    assert!(codes.contains(&Code::Conflict), "{codes:?}");
    assert!(codes.contains(&Code::UnknownApp), "{codes:?}");
    let cycle = graph
        .diagnostics
        .iter()
        .find(|d| d.code == Code::DependencyCycle)
        .expect("cycle");
    assert_eq!(
        cycle.message,
        "circular dependency: a.0001 -> a.0002 -> a.0003 -> a.0001"
    );
    // Planning a cyclic graph terminates.
    assert!(plan(&graph).contains(&"c.0002_y".to_string()));
}

#[test]
fn a_partly_applied_squash_is_replaced_by_the_migrations_it_replaces() {
    let migrations = [
        migration("shop.0001", &[], &[], &[]),
        migration("shop.0002", &["shop.0001"], &[], &[]),
        migration(
            "shop.0001_squashed_0002",
            &[],
            &[],
            &["shop.0001", "shop.0002"],
        ),
        migration("shop.0003", &["shop.0001_squashed_0002"], &[], &[]),
    ];
    let context = |applied: &[&str]| LoaderContext {
        migrated_apps: ["shop".to_string()].into(),
        external_searched: true,
        keep_replaced: false,
        applied: Some(applied.iter().map(|key| parse_key(key)).collect()),
        app_order: None,
    };
    // Only shop.0001 applied: Django plans 0002 then 0003, without the squash.
    let partly = build_graph(&migrations, &context(&["shop.0001"]));
    assert!(partly.diagnostics.is_empty(), "{:?}", partly.diagnostics);
    assert!(!partly.contains(&parse_key("shop.0001_squashed_0002")));
    assert_eq!(plan(&partly), ["shop.0001", "shop.0002", "shop.0003"]);
    assert_eq!(
        partly.parents(&parse_key("shop.0003")),
        [&parse_key("shop.0002")]
    );
    assert!(partly.replacements.is_empty());
    // All or none applied: the squash is used.
    for applied in [&["shop.0001", "shop.0002"][..], &[][..]] {
        let graph = build_graph(&migrations, &context(applied));
        assert_eq!(plan(&graph), ["shop.0001_squashed_0002", "shop.0003"]);
    }
}
