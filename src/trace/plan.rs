//! Which migrations `migrate` would apply to this database, in its order: the applied ones
//! read from `django_migrations`, squashed migrations resolved as Django's loader resolves
//! them for a database (`MigrationLoader.build_graph` with the recorder's applied set).

use std::collections::{BTreeSet, HashSet};

use postgres::Client;

use crate::ddl::MigrationSql;
use crate::graph::MigrationGraph;
use crate::ir::MigrationKey;
use crate::project::Project;

/// The pending migrations and the SQL migguard translated for them.
pub struct PendingPlan {
    /// Applied migrations as the loader sees them (a squashed migration counts applied when
    /// every migration it replaces is).
    pub applied: BTreeSet<MigrationKey>,
    /// The graph for this database.
    pub graph: MigrationGraph,
    /// The SQL of each pending migration, in plan order.
    pub pending: Vec<MigrationSql>,
}

/// The `(app, name)` rows of `django_migrations` (none when the table does not exist yet:
/// a fresh database).
pub fn recorded_migrations(client: &mut Client) -> Result<BTreeSet<MigrationKey>, String> {
    let exists: Option<String> = client
        .query_one("SELECT to_regclass('django_migrations')::text", &[])
        .map_err(|e| format!("cannot look for django_migrations: {e}"))?
        .get(0);
    if exists.is_none() {
        return Ok(BTreeSet::new());
    }
    let rows = client
        .query("SELECT app::text, name::text FROM django_migrations", &[])
        .map_err(|e| format!("cannot read django_migrations: {e}"))?;
    Ok(rows
        .iter()
        .map(|row| MigrationKey::new(row.get::<_, String>(0), row.get::<_, String>(1)))
        .collect())
}

/// The applied set as Django's loader leaves it: a squashed migration in use is applied
/// exactly when all the migrations it replaces are (its own row does not count).
pub fn effective_applied(
    graph: &MigrationGraph,
    recorded: &BTreeSet<MigrationKey>,
) -> BTreeSet<MigrationKey> {
    let mut applied = recorded.clone();
    for (squashed, replaced) in &graph.replacements {
        if replaced.iter().all(|key| recorded.contains(key)) {
            applied.insert(squashed.clone());
        } else {
            applied.remove(squashed);
        }
    }
    applied
}

/// The migrations to apply to reach `targets` (every leaf when empty), as `migrate` plans
/// them, with their SQL. A target already applied is an error: trace never unapplies.
pub fn pending_plan(
    project: &Project,
    recorded: &BTreeSet<MigrationKey>,
    targets: &[MigrationKey],
    one_off: crate::ddl::OneOffValues,
) -> Result<PendingPlan, String> {
    let graph = project.graph_for_applied(recorded);
    let applied = effective_applied(&graph, recorded);
    let leaves: Vec<MigrationKey>;
    let targets: &[MigrationKey] = if targets.is_empty() {
        leaves = graph.leaf_nodes(None).into_iter().cloned().collect();
        &leaves
    } else {
        for target in targets {
            if !graph.contains(target) {
                return Err(match project
                    .graph
                    .replacements
                    .iter()
                    .find(|(_, replaced)| replaced.contains(target))
                {
                    Some((squashed, _)) => format!(
                        "{target} is replaced by the squashed migration {squashed} on this database: target that one"
                    ),
                    None => format!("{target} is not in the migration graph"),
                });
            }
            if applied.contains(target) {
                return Err(format!(
                    "{target} is already applied on this database: trace rehearses forwards migrations only"
                ));
            }
        }
        targets
    };
    let mut seen = HashSet::new();
    let mut keys: Vec<MigrationKey> = Vec::new();
    for target in targets {
        for key in graph.forwards_plan(target) {
            if !applied.contains(key) && seen.insert(key.clone()) {
                keys.push(key.clone());
            }
        }
    }
    let full = graph.full_plan();
    let mut all = crate::ddl::plan_sql(project, &graph, &full, one_off);
    let mut pending = Vec::with_capacity(keys.len());
    for key in &keys {
        if let Some(index) = all.iter().position(|sql| sql.key == *key) {
            pending.push(all.swap_remove(index));
        }
    }
    Ok(PendingPlan {
        applied,
        graph,
        pending,
    })
}
