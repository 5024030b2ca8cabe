//! The migration dependency graph, with exactly the semantics of Django's `MigrationLoader` and
//! `MigrationGraph` (Django 5.2): internal then external dependencies, `__first__`/`__latest__`,
//! `run_before`, squashed migrations resolved as on a fresh database, and the forwards plan that
//! `manage.py migrate` (and `showmigrations --plan`) follows.

mod loader;

use std::collections::{BTreeMap, HashMap, HashSet};

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::Direction;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::ir::MigrationKey;

pub use loader::{build_graph, LoaderContext};

/// What a node of the graph stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A migration file of a scanned app.
    Migration,
    /// A migration file of an app found in the external paths.
    External,
}

/// The graph: nodes keyed by `(app, name)`, edges from parent (dependency) to child.
#[derive(Debug, Default)]
pub struct MigrationGraph {
    graph: StableDiGraph<MigrationKey, ()>,
    index: HashMap<MigrationKey, NodeIndex>,
    kinds: HashMap<MigrationKey, NodeKind>,
    /// Dependencies on apps that could not be found, kept for display: `auth.0012_...`.
    pub placeholders: Vec<MigrationKey>,
    /// Squashed migrations in use, and the migrations each replaced.
    pub replacements: BTreeMap<MigrationKey, Vec<MigrationKey>>,
    /// Problems Django would raise, and unresolved references.
    pub diagnostics: Vec<Diagnostic>,
}

impl MigrationGraph {
    pub fn contains(&self, key: &MigrationKey) -> bool {
        self.index.contains_key(key)
    }

    pub fn kind(&self, key: &MigrationKey) -> Option<&NodeKind> {
        self.kinds.get(key)
    }

    /// Every node, sorted by key.
    pub fn nodes(&self) -> Vec<&MigrationKey> {
        let mut nodes: Vec<&MigrationKey> = self.graph.node_weights().collect();
        nodes.sort();
        nodes
    }

    /// Every edge as `(parent, child)`, sorted.
    pub fn edges(&self) -> Vec<(&MigrationKey, &MigrationKey)> {
        let mut edges: Vec<_> = self
            .graph
            .edge_indices()
            .filter_map(|edge| self.graph.edge_endpoints(edge))
            .map(|(parent, child)| (&self.graph[parent], &self.graph[child]))
            .collect();
        edges.sort();
        edges.dedup();
        edges
    }

    fn neighbours(&self, key: &MigrationKey, direction: Direction) -> Vec<&MigrationKey> {
        let Some(&node) = self.index.get(key) else {
            return Vec::new();
        };
        let mut keys: Vec<&MigrationKey> = self
            .graph
            .neighbors_directed(node, direction)
            .map(|n| &self.graph[n])
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// The migrations `key` depends on, sorted.
    pub fn parents(&self, key: &MigrationKey) -> Vec<&MigrationKey> {
        self.neighbours(key, Direction::Incoming)
    }

    /// The migrations that depend on `key`, sorted.
    pub fn children(&self, key: &MigrationKey) -> Vec<&MigrationKey> {
        self.neighbours(key, Direction::Outgoing)
    }

    /// Nodes with no dependency inside their own app (Django's `root_nodes`), sorted.
    pub fn root_nodes(&self, app: Option<&str>) -> Vec<&MigrationKey> {
        self.app_boundary(app, Direction::Incoming)
    }

    /// Nodes with no dependent inside their own app (Django's `leaf_nodes`), sorted.
    pub fn leaf_nodes(&self, app: Option<&str>) -> Vec<&MigrationKey> {
        self.app_boundary(app, Direction::Outgoing)
    }

    fn app_boundary(&self, app: Option<&str>, direction: Direction) -> Vec<&MigrationKey> {
        let mut keys: Vec<&MigrationKey> = self
            .graph
            .node_indices()
            .filter(|&node| {
                let key = &self.graph[node];
                app.is_none_or(|app| key.app == app)
                    && self
                        .graph
                        .neighbors_directed(node, direction)
                        .all(|other| self.graph[other].app != key.app)
            })
            .map(|node| &self.graph[node])
            .collect();
        keys.sort();
        keys
    }

    /// The migrations to apply, in order, to reach `target` (Django's `forwards_plan`: an
    /// iterative depth-first search that visits parents in reverse-sorted order).
    pub fn forwards_plan(&self, target: &MigrationKey) -> Vec<&MigrationKey> {
        let mut plan = Vec::new();
        if let Some(&start) = self.index.get(target) {
            self.plan_into(start, &mut HashSet::new(), &mut plan);
        }
        plan
    }

    /// Django's `iterative_dfs` from `start`, appending to `plan` the nodes not in `done` (which
    /// it extends). With `done` closed under ancestors (an earlier plan), the nodes it appends
    /// are exactly those of `start`'s forwards plan not in `done`, in that plan's order: a
    /// node of `done` only leads to other nodes of `done`.
    fn plan_into<'g>(
        &'g self,
        start: NodeIndex,
        done: &mut HashSet<NodeIndex>,
        plan: &mut Vec<&'g MigrationKey>,
    ) {
        // In an acyclic graph a node is never reached again before it is done (that would make
        // it its own ancestor), so each is expanded once. Django never plans a cyclic graph;
        // there, any node of a cycle's component (not only those of the cycle reported) can be
        // reached again while its expansion is pending, and expanding it again would loop.
        let mut expanded = HashSet::new();
        let mut stack = vec![(start, false)];
        while let Some((node, processed)) = stack.pop() {
            if done.contains(&node) {
                continue;
            }
            if processed {
                done.insert(node);
                plan.push(&self.graph[node]);
            } else {
                if !expanded.insert(node) {
                    continue;
                }
                stack.push((node, true));
                let mut parents: Vec<NodeIndex> = self
                    .graph
                    .neighbors_directed(node, Direction::Incoming)
                    .collect();
                parents.sort_by(|a, b| self.graph[*a].cmp(&self.graph[*b]));
                parents.dedup();
                stack.extend(parents.into_iter().map(|parent| (parent, false)));
            }
        }
    }

    /// The whole plan, as `migrate` (and `showmigrations --plan`) computes it on a fresh
    /// database: the forwards plan of every leaf node in sorted order, without repeats (one
    /// walk over the graph: each leaf's walk stops at what the earlier ones planned).
    pub fn full_plan(&self) -> Vec<&MigrationKey> {
        let mut plan = Vec::new();
        let mut done = HashSet::new();
        for leaf in self.leaf_nodes(None) {
            if let Some(&start) = self.index.get(leaf) {
                self.plan_into(start, &mut done, &mut plan);
            }
        }
        plan
    }

    /// Apps with more than one leaf node, with their leaves (Django's `detect_conflicts`).
    pub fn conflicts(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut leaves: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for key in self.leaf_nodes(None) {
            leaves
                .entry(key.app.as_str())
                .or_default()
                .push(key.name.as_str());
        }
        leaves.retain(|_, names| names.len() > 1);
        leaves
    }
}

#[cfg(test)]
mod tests;
