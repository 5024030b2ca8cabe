//! `migguard graph` output: text for people, Graphviz dot, and JSON (schema in
//! `docs/graph-json.md`).

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::discover::LabelSource;
use crate::ir::MigrationKey;
use crate::project::Project;

/// Version of the JSON document; bumped on incompatible changes.
pub const JSON_SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct GraphDocument<'a> {
    schema_version: u32,
    apps: Vec<AppEntry<'a>>,
    migrations: Vec<MigrationEntry<'a>>,
    edges: Vec<Edge>,
    leaves: Vec<String>,
    replacements: Vec<Replacement>,
    placeholders: Vec<String>,
    plan: Vec<String>,
    diagnostics: &'a [Diagnostic],
}

#[derive(Serialize)]
struct AppEntry<'a> {
    label: &'a str,
    label_source: &'a LabelSource,
    path: String,
    external: bool,
    migrations: usize,
}

#[derive(Serialize)]
struct MigrationEntry<'a> {
    key: String,
    app: &'a str,
    name: &'a str,
    path: String,
    external: bool,
    /// `false` when the file could not be read as a migration.
    loaded: bool,
    /// `false` for migrations replaced by a squashed migration (not in the graph).
    in_graph: bool,
    dependencies: Vec<String>,
    run_before: Vec<String>,
    replaces: Vec<String>,
    initial: Option<bool>,
    atomic: bool,
    operations: Vec<&'a str>,
}

#[derive(Serialize)]
struct Edge {
    parent: String,
    child: String,
}

#[derive(Serialize)]
struct Replacement {
    migration: String,
    replaces: Vec<String>,
}

fn keys<'a>(keys: impl IntoIterator<Item = &'a MigrationKey>) -> Vec<String> {
    keys.into_iter().map(ToString::to_string).collect()
}

/// The graph as a JSON document.
pub fn json(project: &Project) -> String {
    let graph = &project.graph;
    let document = GraphDocument {
        schema_version: JSON_SCHEMA_VERSION,
        apps: project
            .apps
            .iter()
            .map(|app| AppEntry {
                label: &app.label,
                label_source: &app.label_source,
                path: app.migrations_dir.display().to_string(),
                external: app.external,
                migrations: app.migration_files.len(),
            })
            .collect(),
        migrations: project
            .migrations
            .iter()
            .map(|parsed| {
                let migration = parsed.migration.as_ref();
                MigrationEntry {
                    key: parsed.source.key.to_string(),
                    app: &parsed.source.key.app,
                    name: &parsed.source.key.name,
                    path: parsed.source.path.display().to_string(),
                    external: parsed.source.external,
                    loaded: migration.is_some(),
                    in_graph: graph.contains(&parsed.source.key),
                    dependencies: migration
                        .map(|m| keys(m.dependencies.iter().map(|d| &d.key)))
                        .unwrap_or_default(),
                    run_before: migration
                        .map(|m| keys(m.run_before.iter().map(|r| &r.key)))
                        .unwrap_or_default(),
                    replaces: migration
                        .map(|m| keys(m.replaces.iter().map(|r| &r.key)))
                        .unwrap_or_default(),
                    initial: migration.and_then(|m| m.initial),
                    atomic: migration.is_none_or(|m| m.atomic),
                    operations: migration
                        .map(|m| m.operations.iter().map(|op| op.kind.class_name()).collect())
                        .unwrap_or_default(),
                }
            })
            .collect(),
        edges: graph
            .edges()
            .into_iter()
            .map(|(parent, child)| Edge {
                parent: parent.to_string(),
                child: child.to_string(),
            })
            .collect(),
        leaves: keys(graph.leaf_nodes(None)),
        replacements: graph
            .replacements
            .iter()
            .map(|(migration, replaced)| Replacement {
                migration: migration.to_string(),
                replaces: keys(replaced),
            })
            .collect(),
        placeholders: keys(&graph.placeholders),
        plan: keys(graph.full_plan()),
        diagnostics: &project.diagnostics,
    };
    serde_json::to_string_pretty(&document)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
}

/// The graph for people: apps, migrations with their parents, leaves, problems, and the plan.
pub fn text(project: &Project) -> String {
    let graph = &project.graph;
    let mut out = String::new();
    let _ = writeln!(out, "Apps ({}):", project.apps.len());
    for app in &project.apps {
        let external = if app.external { " (external)" } else { "" };
        let _ = writeln!(
            out,
            "  {:<24} {} migrations  {}{external}",
            app.label,
            app.migration_files.len(),
            app.migrations_dir.display()
        );
    }
    let _ = writeln!(out, "\nMigrations and their dependencies:");
    for key in graph.nodes() {
        let parents: Vec<String> = graph
            .parents(key)
            .into_iter()
            .map(ToString::to_string)
            .collect();
        let replaced = graph
            .replacements
            .get(key)
            .map(|r| format!("  [replaces {}]", keys(r).join(", ")))
            .unwrap_or_default();
        if parents.is_empty() {
            let _ = writeln!(out, "  {key}{replaced}");
        } else {
            let _ = writeln!(out, "  {key} <- {}{replaced}", parents.join(", "));
        }
    }
    let _ = writeln!(out, "\nLeaf migrations:");
    for leaf in graph.leaf_nodes(None) {
        let _ = writeln!(out, "  {leaf}");
    }
    if !graph.placeholders.is_empty() {
        let _ = writeln!(out, "\nUnresolved external dependencies:");
        for placeholder in &graph.placeholders {
            let _ = writeln!(out, "  {placeholder}");
        }
    }
    if !project.diagnostics.is_empty() {
        let _ = writeln!(out, "\nProblems ({}):", project.diagnostics.len());
        for diagnostic in &project.diagnostics {
            let _ = writeln!(out, "{diagnostic}");
        }
    }
    let _ = writeln!(
        out,
        "\nPlan (as `manage.py showmigrations --plan` on a fresh database):"
    );
    for key in graph.full_plan() {
        let _ = writeln!(out, "[ ]  {key}");
    }
    out
}

/// The graph in Graphviz dot, one cluster per app, replaced and placeholder nodes dashed.
pub fn dot(project: &Project) -> String {
    let graph = &project.graph;
    let mut out = String::from(
        "digraph migrations {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n",
    );
    let mut apps: Vec<&str> = graph
        .nodes()
        .into_iter()
        .map(|key| key.app.as_str())
        .collect();
    apps.dedup();
    for (position, app) in apps.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph cluster_{position} {{\n    label={};",
            quote(app)
        );
        for key in graph.nodes().into_iter().filter(|key| key.app == *app) {
            let style = if matches!(graph.kind(key), Some(crate::graph::NodeKind::External)) {
                " style=dashed"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "    {} [label={}{style}];",
                quote(&key.to_string()),
                quote(&key.name)
            );
        }
        out.push_str("  }\n");
    }
    for placeholder in &graph.placeholders {
        let _ = writeln!(out, "  {} [style=dotted];", quote(&placeholder.to_string()));
    }
    for (parent, child) in graph.edges() {
        let _ = writeln!(
            out,
            "  {} -> {};",
            quote(&parent.to_string()),
            quote(&child.to_string())
        );
    }
    out.push_str("}\n");
    out
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}
