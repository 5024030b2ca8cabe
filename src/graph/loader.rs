//! Builds the [`MigrationGraph`] from parsed migrations the way Django's `MigrationLoader.build_graph`
//! does on a fresh database, collecting every problem instead of stopping at the first.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use petgraph::algo::tarjan_scc;
use petgraph::stable_graph::NodeIndex;
use petgraph::Direction;

use super::{MigrationGraph, NodeKind};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::ir::{Migration, MigrationKey, Span};
use crate::parse::ParsedMigration;

/// What the loader knows about the project besides the migrations themselves.
#[derive(Debug, Default)]
pub struct LoaderContext {
    /// Labels of apps that have a migrations package (scanned or external), even an empty one.
    pub migrated_apps: BTreeSet<String>,
    /// Whether external paths (a virtualenv's site-packages) were searched for missing apps:
    /// if they were, an app found nowhere is an error; if not, it may simply be installed.
    pub external_searched: bool,
    /// Leave squashed migrations and the migrations they replace side by side, as Django's
    /// `MigrationLoader(replace_migrations=False)` does for `sqlmigrate`.
    pub keep_replaced: bool,
    /// App labels in `INSTALLED_APPS` order, when the settings are known. Django applies
    /// squashed migrations app by app in this order, which decides the outcome when one
    /// squash replaces another's squash. Without it, apps are taken in label order.
    pub app_order: Option<Vec<String>>,
    /// The migrations a database records as applied (`django_migrations`), when the graph is
    /// built for one: a squashed migration whose replaced migrations are only partly applied
    /// is then removed and the replaced ones planned instead, as Django's loader does
    /// (`remove_replacement_node`). `None`: a fresh database.
    pub applied: Option<BTreeSet<MigrationKey>>,
}

/// A dependency that named a migration not on disk, as Django's `DummyNode`.
struct Dummy {
    origin: MigrationKey,
    role: &'static str,
    /// Where the origin names it.
    span: Span,
}

/// Labels of the apps that ship with Django: a dependency on them is expected to be resolvable
/// from an installed Django, so without external paths it is only a warning.
const DJANGO_CONTRIB_LABELS: &[&str] = &[
    "admin",
    "auth",
    "contenttypes",
    "flatpages",
    "redirects",
    "sessions",
    "sites",
];

struct Builder<'a> {
    graph: MigrationGraph,
    /// Apps whose graph is incomplete (a file that did not load, a missing parent): a second
    /// leaf there is a consequence, not a conflict to report.
    incomplete_apps: BTreeSet<String>,
    dummies: HashMap<MigrationKey, Dummy>,
    context: &'a LoaderContext,
    files: HashMap<MigrationKey, (&'a Path, Span)>,
}

/// Builds the graph of `migrations` (scanned and external apps together).
pub fn build_graph(migrations: &[ParsedMigration], context: &LoaderContext) -> MigrationGraph {
    let mut sorted: Vec<&ParsedMigration> = migrations.iter().collect();
    sorted.sort_by(|a, b| a.source.key.cmp(&b.source.key));
    let mut builder = Builder {
        graph: MigrationGraph::default(),
        incomplete_apps: BTreeSet::new(),
        dummies: HashMap::new(),
        context,
        files: HashMap::new(),
    };

    for parsed in &sorted {
        let kind = if parsed.source.external {
            NodeKind::External
        } else {
            NodeKind::Migration
        };
        let span = parsed
            .migration
            .as_ref()
            .map(|m| m.span)
            .unwrap_or_default();
        builder.files.insert(
            parsed.source.key.clone(),
            (parsed.source.path.as_path(), span),
        );
        if parsed.migration.is_none() {
            builder
                .incomplete_apps
                .insert(parsed.source.key.app.clone());
        }
        builder.add_node(parsed.source.key.clone(), kind);
    }
    let loaded: Vec<&Migration> = sorted
        .iter()
        .filter_map(|parsed| parsed.migration.as_ref())
        .collect();
    // Internal dependencies first, so that `__first__` finds the right root node.
    for migration in &loaded {
        for parent in &migration.dependencies {
            if parent.key.app == migration.key.app && parent.key.name != "__first__" {
                builder.add_dependency(&migration.key, &migration.key, &parent.key, parent.span);
            }
        }
    }
    for migration in &loaded {
        builder.add_external_dependencies(migration);
    }
    let mut replacing: Vec<&&Migration> = loaded
        .iter()
        .filter(|migration| !migration.replaces.is_empty() && !context.keep_replaced)
        .collect();
    if let Some(order) = &context.app_order {
        // Django's `loader.replacements` follows `apps.get_app_configs()`, then file names.
        let position = |app: &str| {
            order
                .iter()
                .position(|label| label == app)
                .unwrap_or(usize::MAX)
        };
        replacing.sort_by_key(|migration| position(&migration.key.app));
    }
    for migration in replacing {
        if builder.replaces_itself(migration) {
            continue;
        }
        let replaced: Vec<MigrationKey> =
            migration.replaces.iter().map(|r| r.key.clone()).collect();
        let applied = context.applied.as_ref().map_or(0, |applied| {
            replaced.iter().filter(|key| applied.contains(key)).count()
        });
        if applied == 0 || applied == replaced.len() {
            builder.remove_replaced_nodes(&migration.key, &replaced);
            builder
                .graph
                .replacements
                .insert(migration.key.clone(), replaced);
        } else {
            builder.remove_replacement_node(&migration.key, &replaced);
        }
    }
    builder.validate_consistency();
    builder.report_cycles();
    builder.report_conflicts();
    builder.graph
}

impl<'a> Builder<'a> {
    fn add_node(&mut self, key: MigrationKey, kind: NodeKind) -> NodeIndex {
        let node = self.graph.graph.add_node(key.clone());
        self.graph.index.insert(key.clone(), node);
        self.graph.kinds.insert(key, kind);
        node
    }

    fn node_or_dummy(
        &mut self,
        key: &MigrationKey,
        origin: &MigrationKey,
        role: &'static str,
        span: Span,
    ) -> NodeIndex {
        if let Some(&node) = self.graph.index.get(key) {
            return node;
        }
        let node = self.graph.graph.add_node(key.clone());
        self.graph.index.insert(key.clone(), node);
        self.dummies.insert(
            key.clone(),
            Dummy {
                origin: origin.clone(),
                role,
                span,
            },
        );
        node
    }

    /// Django's `add_dependency(migration, child, parent)`: missing nodes become dummies.
    fn add_dependency(
        &mut self,
        origin: &MigrationKey,
        child: &MigrationKey,
        parent: &MigrationKey,
        span: Span,
    ) {
        let child = self.node_or_dummy(child, origin, "child", span);
        let parent = self.node_or_dummy(parent, origin, "parent", span);
        self.graph.graph.update_edge(parent, child, ());
    }

    fn add_external_dependencies(&mut self, migration: &Migration) {
        for parent in &migration.dependencies {
            if parent.key.app == migration.key.app {
                continue;
            }
            if let Some(resolved) = self.check_key(&parent.key, &migration.key, parent.span) {
                self.add_dependency(&migration.key, &migration.key, &resolved, parent.span);
            }
        }
        for child in &migration.run_before {
            if let Some(resolved) = self.check_key(&child.key, &migration.key, child.span) {
                self.add_dependency(&migration.key, &resolved, &migration.key, child.span);
            }
        }
    }

    fn location(&self, origin: &MigrationKey, span: Span) -> Option<Location> {
        let (path, class_span) = self.files.get(origin)?;
        let span = if span.line == 0 { *class_span } else { span };
        Some(Location::new(
            PathBuf::from(path),
            span.line.max(1),
            span.column.max(1),
        ))
    }

    fn push(&mut self, diagnostic: Diagnostic, origin: &MigrationKey, span: Span) {
        let diagnostic = match self.location(origin, span) {
            Some(location) => diagnostic.at(location),
            None => diagnostic,
        };
        self.graph.diagnostics.push(diagnostic);
    }

    /// Django's `check_key`: resolves `__first__`/`__latest__` of other apps.
    fn check_key(
        &mut self,
        key: &MigrationKey,
        origin: &MigrationKey,
        span: Span,
    ) -> Option<MigrationKey> {
        if !key.is_special() || self.graph.index.contains_key(key) {
            if !self.graph.index.contains_key(key) && !self.context.migrated_apps.contains(&key.app)
            {
                self.report_unknown_app(key, origin, span);
                return None;
            }
            return Some(key.clone());
        }
        if key.app == origin.app {
            return None;
        }
        if self.context.migrated_apps.contains(&key.app) {
            let found = if key.name == "__first__" {
                self.graph.root_nodes(Some(&key.app))
            } else {
                self.graph.leaf_nodes(Some(&key.app))
            };
            let found = found.first().map(|key| (*key).clone());
            if found.is_none() {
                self.push(
                    Diagnostic::error(
                        Code::AppWithoutMigrations,
                        format!(
                            "migration {origin} depends on app '{}', which has no migrations",
                            key.app
                        ),
                    ),
                    origin,
                    span,
                );
            }
            return found;
        }
        self.report_unknown_app(key, origin, span);
        None
    }

    fn report_unknown_app(&mut self, key: &MigrationKey, origin: &MigrationKey, span: Span) {
        if !self.graph.placeholders.contains(key) {
            self.graph.placeholders.push(key.clone());
        }
        let message = format!(
            "migration {origin} depends on {key}, but app '{}' is not in the scanned paths",
            key.app
        );
        let diagnostic = if self.context.external_searched {
            Diagnostic::error(Code::UnknownApp, message).note(
                "nor in the external paths searched: Django raises \"Dependency on unknown app\"",
            )
        } else if !DJANGO_CONTRIB_LABELS.contains(&key.app.as_str()) {
            Diagnostic::error(Code::UnknownApp, message)
                .note("Django raises \"Dependency on unknown app\"; if the app is installed from a package, pass --external PATH (its site-packages)")
        } else {
            Diagnostic::warning(Code::UnknownApp, message)
                .note("its migrations are left out of the plan; pass --external PATH (a virtualenv's site-packages) to include them")
        };
        self.push(diagnostic, origin, span);
    }

    /// Reports a squashed migration that lists itself in `replaces`: Django's loader removes
    /// its node while it keeps the edges to it, and plans nothing sensible. Its replacement is
    /// then not carried out (the migrations stay as they are on disk).
    fn replaces_itself(&mut self, migration: &Migration) -> bool {
        let Some(entry) = migration.replaces.iter().find(|r| r.key == migration.key) else {
            return false;
        };
        self.push(
            Diagnostic::error(
                Code::BadReplacement,
                format!("migration {} lists itself in `replaces`", migration.key),
            )
            .note("Django's loader cannot use such a squashed migration; its replacement is not carried out"),
            &migration.key,
            entry.span,
        );
        true
    }

    /// Django's `remove_replaced_nodes`: the squashed migration takes the place of those it
    /// replaces, inheriting their outside parents and children.
    fn remove_replaced_nodes(&mut self, replacement: &MigrationKey, replaced: &[MigrationKey]) {
        let Some(&replacement_node) = self.graph.index.get(replacement) else {
            self.push(
                Diagnostic::error(
                    Code::BadReplacement,
                    format!("cannot find replacement node {replacement}"),
                ),
                replacement,
                Span::default(),
            );
            return;
        };
        let replaced_set: BTreeSet<&MigrationKey> = replaced.iter().collect();
        for key in replaced {
            let Some(node) = self.graph.index.remove(key) else {
                continue;
            };
            self.graph.kinds.remove(key);
            self.dummies.remove(key);
            let children: Vec<NodeIndex> = self
                .graph
                .graph
                .neighbors_directed(node, Direction::Outgoing)
                .collect();
            let parents: Vec<NodeIndex> = self
                .graph
                .graph
                .neighbors_directed(node, Direction::Incoming)
                .collect();
            for child in children {
                if !replaced_set.contains(&self.graph.graph[child]) {
                    self.graph.graph.update_edge(replacement_node, child, ());
                }
            }
            for parent in parents {
                if !replaced_set.contains(&self.graph.graph[parent]) {
                    self.graph.graph.update_edge(parent, replacement_node, ());
                }
            }
            self.graph.graph.remove_node(node);
        }
    }

    /// Django's `remove_replacement_node`: a partly applied squashed migration cannot be used;
    /// its children depend on the last of the migrations it replaces instead (its parents
    /// already are the replaced migrations' parents).
    fn remove_replacement_node(&mut self, replacement: &MigrationKey, replaced: &[MigrationKey]) {
        let Some(replacement_node) = self.graph.index.remove(replacement) else {
            return;
        };
        self.graph.kinds.remove(replacement);
        let replaced_nodes: BTreeSet<NodeIndex> = replaced
            .iter()
            .filter_map(|key| self.graph.index.get(key).copied())
            .collect();
        let parents_of_replaced: BTreeSet<NodeIndex> = replaced_nodes
            .iter()
            .flat_map(|&node| {
                self.graph
                    .graph
                    .neighbors_directed(node, Direction::Incoming)
                    .collect::<Vec<_>>()
            })
            .collect();
        let last: Vec<NodeIndex> = replaced_nodes
            .difference(&parents_of_replaced)
            .copied()
            .collect();
        let children: Vec<NodeIndex> = self
            .graph
            .graph
            .neighbors_directed(replacement_node, Direction::Outgoing)
            .collect();
        for child in children {
            for &node in &last {
                self.graph.graph.update_edge(node, child, ());
            }
        }
        self.graph.graph.remove_node(replacement_node);
    }

    /// Django's `validate_consistency`: every dummy left is a missing migration (dependencies
    /// on unknown apps never become dummies: `check_key` reports them).
    fn validate_consistency(&mut self) {
        let mut dummies: Vec<(MigrationKey, Dummy)> = self.dummies.drain().collect();
        dummies.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, dummy) in dummies {
            if let Some(node) = self.graph.index.remove(&key) {
                self.graph.graph.remove_node(node);
            }
            self.incomplete_apps.insert(dummy.origin.app.clone());
            let replaced_by = self
                .graph
                .replacements
                .iter()
                .find(|(_, replaced)| replaced.contains(&key))
                .map(|(by, _)| by.clone());
            let mut diagnostic = Diagnostic::error(
                Code::MissingParent,
                format!(
                    "migration {} dependencies reference nonexistent {} node {key}",
                    dummy.origin, dummy.role
                ),
            );
            if let Some(by) = replaced_by {
                diagnostic = diagnostic.note(format!(
                    "{key} is replaced by the squashed migration {by}; depend on that instead"
                ));
            } else if let Some(similar) = self.similar_migration(&key) {
                diagnostic = diagnostic.note(format!("did you mean {similar}?"));
            }
            self.push(diagnostic, &dummy.origin, dummy.span);
        }
    }

    /// A migration of the same app with the same number, for a "did you mean" hint.
    fn similar_migration(&self, missing: &MigrationKey) -> Option<MigrationKey> {
        let number = missing
            .name
            .split('_')
            .next()
            .filter(|prefix| !prefix.is_empty())?;
        let mut candidates: Vec<&MigrationKey> = self
            .graph
            .index
            .keys()
            .filter(|key| {
                key.app == missing.app
                    && key.name.split('_').next() == Some(number)
                    && !self.dummies.contains_key(*key)
            })
            .collect();
        candidates.sort();
        candidates.first().map(|key| (*key).clone())
    }

    /// Django's `ensure_not_cyclic`, reporting every cycle rather than the first.
    fn report_cycles(&mut self) {
        let mut cycles = Vec::new();
        for component in tarjan_scc(&self.graph.graph) {
            let is_cycle = component.len() > 1
                || component
                    .first()
                    .is_some_and(|&node| self.graph.graph.contains_edge(node, node));
            if is_cycle {
                cycles.push(self.cycle_path(&component));
            }
        }
        cycles.sort();
        for cycle in cycles {
            let Some(first) = cycle.first().cloned() else {
                continue;
            };
            let members: Vec<String> = cycle.iter().map(ToString::to_string).collect();
            self.push(
                Diagnostic::error(
                    Code::DependencyCycle,
                    format!("circular dependency: {}", members.join(" -> ")),
                )
                .note(format!(
                    "{} depends on itself through this chain; Django refuses to plan it",
                    first
                )),
                &first,
                Span::default(),
            );
        }
    }

    /// One cycle through a strongly connected component, starting at its smallest key and
    /// returning to it: each next node is a child of the previous one.
    fn cycle_path(&self, component: &[NodeIndex]) -> Vec<MigrationKey> {
        let graph = &self.graph.graph;
        let members: BTreeSet<NodeIndex> = component.iter().copied().collect();
        let Some(&start) = component.iter().min_by(|a, b| graph[**a].cmp(&graph[**b])) else {
            return Vec::new();
        };
        // Breadth-first search from `start` back to `start` inside the component.
        let mut previous: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let mut children: Vec<NodeIndex> = graph
                .neighbors_directed(node, Direction::Outgoing)
                .filter(|n| members.contains(n))
                .collect();
            children.sort_by(|a, b| graph[*a].cmp(&graph[*b]));
            for child in children {
                if child == start {
                    let mut path = vec![graph[start].clone()];
                    let mut cursor = node;
                    let mut reversed = Vec::new();
                    while cursor != start {
                        reversed.push(graph[cursor].clone());
                        cursor = previous.get(&cursor).copied().unwrap_or(start);
                    }
                    path.extend(reversed.into_iter().rev());
                    path.push(graph[start].clone());
                    return path;
                }
                if let std::collections::hash_map::Entry::Vacant(entry) = previous.entry(child) {
                    entry.insert(node);
                    queue.push_back(child);
                }
            }
        }
        vec![graph[start].clone()]
    }

    fn report_conflicts(&mut self) {
        let conflicts: Vec<(String, Vec<String>)> = self
            .graph
            .conflicts()
            .into_iter()
            .map(|(app, leaves)| {
                (
                    app.to_string(),
                    leaves.into_iter().map(str::to_string).collect(),
                )
            })
            .collect();
        for (app, leaves) in conflicts {
            if self.incomplete_apps.contains(&app) {
                continue;
            }
            let origin = MigrationKey::new(app.clone(), leaves.last().cloned().unwrap_or_default());
            self.push(
                Diagnostic::error(
                    Code::Conflict,
                    format!("conflicting migrations detected; multiple leaf nodes in app '{app}': {}", leaves.join(", ")),
                )
                .note("Django's migrate refuses to run; merge them with `python manage.py makemigrations --merge`"),
                &origin,
                Span::default(),
            );
        }
    }
}
