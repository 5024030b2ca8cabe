//! Which migrations of a plan must be translated for the SQL of a few of them (the roots):
//! `sqlmigrate` of one migration, `locks` of one with its change, `check` of a change.
//!
//! Every migration of the plan is replayed into the state, which is cheap. Translating one
//! costs far more, and is only needed where it changes what a root's translation reads from
//! the simulated catalog (the constraints, indexes and sequences `migrate` would introspect).
//! The plan is walked once: the walk that finds the footprints keeps every model's versions,
//! so each needed migration is then translated against the state it was applied to
//! ([`WalkedPlan::revisit`]), and nothing is replayed twice.
//!
//! The catalog holds entries per table. The entries of a model are those of its table and of
//! its auto-created many-to-many tables, and a model is taken by identity: under every name it
//! had (a renamed table keeps its constraints), together with every model that had its table
//! (one moved to another app with `SeparateDatabaseAndState`). An operation on the models `T`
//! (those it changes in the state, and for `SeparateDatabaseAndState` those its database
//! operations change):
//!
//! - writes the entries of `T` and of `in(T)`, the models with a relation to one of them: a
//!   dropped or renamed table drops or rewrites the foreign keys that reference it, a primary
//!   key whose type changes has the referencing foreign keys dropped and made again;
//! - writes a referrer's entries from what it reads of that referrer's own (the effects of
//!   `catalog/apply.rs` edit each holder's foreign keys; Django introspects the referencing
//!   table for their names).
//!
//! So the roots read the entries of `wanted`: the models of the roots, and `in` of them where
//! a root alters a field or renames a field or table (what Django makes from the foreign keys
//! that reference the table). A migration is needed when the `T ∪ in(T)` of one of its
//! operations meets `wanted`, and it is then translated whole. What it leaves in the entries
//! of models that are not wanted may be wrong, and nothing reads it: what a needed migration
//! writes to a wanted model's entries depends only on those entries, which the needed ones
//! before it kept exact. Collations are one database-wide catalog: the migrations that create
//! or remove one are always translated.
//!
//! Everything is translated when this cannot be bounded: a root runs `RunSQL` (its statements
//! may name any table's index), a relation's target is not a plain model reference, or the
//! one-off values are pinned (the pinned `uuid.uuid4` counts every call of the whole replay).
//!
//! What this does not see: PostgreSQL's implicit names (`_pkey`, `_key`, `_seq`) avoid every
//! relation name in the schema, so a skipped migration that created a relation named exactly
//! like the implicit name of a root's table would have made PostgreSQL choose another one.
//!
//! `tests/selective_translation.rs` compares the result with translating everything, for
//! every migration of the corpus, of the field test and of a synthetic project as the root,
//! and shows each rule on a project that needs it.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::fields::default_db_table;
use super::one_off::OneOffValues;
use super::plan_walk::{apply_state_only, PlanWalk, WalkedPlan};
use crate::graph::MigrationGraph;
use crate::ir::{MigrationKey, Operation, OperationKind};
use crate::project::Project;
use crate::state::{apply_operation, Journal, ModelKey, ProjectState};

/// The migrations of a plan that the SQL of its roots needs translated, with the walk that
/// found them: its state shows again what each migration was applied to.
pub(super) struct Selection {
    /// For each migration of the plan, whether it is translated.
    pub(super) translated: Vec<bool>,
    pub(super) walked: WalkedPlan,
}

/// For each migration of `plan`, whether the SQL of those `is_root` selects needs it
/// translated; `None` when all of them must be.
pub(super) fn translated_for(
    project: &Project,
    graph: &MigrationGraph,
    plan: &[&MigrationKey],
    one_off: OneOffValues,
    is_root: &dyn Fn(&MigrationKey) -> bool,
) -> Option<Selection> {
    if one_off == OneOffValues::Pinned {
        return None;
    }
    let mut footprints = footprints(project, graph, plan)?;
    let roots: Vec<usize> = plan
        .iter()
        .enumerate()
        .filter(|(_, key)| is_root(key))
        .map(|(index, _)| index)
        .collect();
    if roots
        .iter()
        .any(|&root| footprints.migrations[root].reads_any_table)
    {
        return None;
    }
    Some(Selection {
        translated: needed(&mut footprints, &roots),
        walked: footprints.walked,
    })
}

/// What each migration of a plan changes, and the relations between models over the plan.
struct Footprints {
    migrations: Vec<Footprint>,
    /// The plan walked: its state's relation maps cover every version of every model.
    walked: WalkedPlan,
    /// Which models share catalog entries over the plan.
    identities: Identities,
}

#[derive(Default)]
struct Footprint {
    /// The models its operations change (in the state, or in the database only).
    models: BTreeSet<ModelKey>,
    /// Whether it changes a database-wide part of the catalog (collations).
    database_wide: bool,
    /// Whether its SQL may name any table's index or constraint (`RunSQL`).
    reads_any_table: bool,
    /// Whether its SQL may depend on the foreign keys that reference its models: Django
    /// introspects their names where a referenced column's type changes (`AlterField`), and
    /// alters them where a referenced table or column is renamed.
    reads_referrers: bool,
}

/// Replays `plan` into the state and notes each migration's footprint; `None` if some relation
/// points at a model that is not known.
fn footprints(
    project: &Project,
    graph: &MigrationGraph,
    plan: &[&MigrationKey],
) -> Option<Footprints> {
    let mut walk = PlanWalk::new(graph, plan);
    let mut migrations = Vec::with_capacity(plan.len());
    let mut identities = Identities::default();
    for (index, key) in plan.iter().enumerate() {
        let Some(migration) = walk.enter(index, key, project) else {
            migrations.push(Footprint::default());
            continue;
        };
        let mut footprint = Footprint::default();
        for operation in &migration.operations {
            note_database_operations(
                &walk.state,
                &key.app,
                operation,
                &mut footprint,
                &mut identities,
            );
        }
        let changed = apply_state_only(migration, key, &mut walk.state);
        let changed = walk.settle(index, migration, key, changed);
        identities.note_tables(&walk.state, &changed);
        footprint.models.extend(changed);
        migrations.push(footprint);
    }
    if walk.state.has_unresolved_relations() {
        return None;
    }
    Some(Footprints {
        migrations,
        walked: walk.finish(),
        identities,
    })
}

/// Notes what `operation` does to the database beyond the models it changes in the state:
/// the models the database operations of a `SeparateDatabaseAndState` change (applied to a
/// copy of `state`, as the translation applies them), collations; and what its SQL reads
/// beyond their tables.
fn note_database_operations(
    state: &ProjectState,
    app: &str,
    operation: &Operation,
    footprint: &mut Footprint,
    identities: &mut Identities,
) {
    match &operation.kind {
        OperationKind::CreateCollation { .. } | OperationKind::RemoveCollation { .. } => {
            footprint.database_wide = true
        }
        OperationKind::RunSQL {
            state_operations, ..
        } => {
            footprint.reads_any_table = true;
            for inner in state_operations {
                note_renames(app, inner, identities);
            }
        }
        OperationKind::RenameModel { .. } => {
            footprint.reads_referrers = true;
            note_renames(app, operation, identities);
        }
        OperationKind::AlterField { .. }
        | OperationKind::RenameField { .. }
        | OperationKind::AlterModelTable { .. }
        | OperationKind::Unknown { .. } => footprint.reads_referrers = true,
        OperationKind::SeparateDatabaseAndState {
            database_operations,
            state_operations,
        } => {
            let mut database_state = state.clone();
            for inner in database_operations {
                note_database_operations(&database_state, app, inner, footprint, identities);
                let mut journal = Journal::default();
                let _ = apply_operation(&mut database_state, app, inner, &mut journal);
                let touched: Vec<ModelKey> = journal.touched().cloned().collect();
                identities.note_tables(&database_state, &touched);
                footprint.models.extend(touched);
            }
            for inner in state_operations {
                note_renames(app, inner, identities);
            }
        }
        _ => {}
    }
}

/// A renamed model keeps its catalog entries (its table is renamed with it): its two names
/// are one identity, also where only the state sees the rename.
fn note_renames(app: &str, operation: &Operation, identities: &mut Identities) {
    match &operation.kind {
        OperationKind::RenameModel { old_name, new_name } => identities.join(
            Node::Model(ModelKey::new(app, old_name)),
            Node::Model(ModelKey::new(app, new_name)),
        ),
        OperationKind::SeparateDatabaseAndState {
            database_operations,
            state_operations,
        } => database_operations
            .iter()
            .chain(state_operations)
            .for_each(|inner| note_renames(app, inner, identities)),
        _ => {}
    }
}

/// Marks the migrations the roots need (see the module's documentation). Models are taken by
/// identity: a model, the names it had, and the models that had its table are one.
fn needed(footprints: &mut Footprints, roots: &[usize]) -> Vec<bool> {
    let identities = &mut footprints.identities;
    let mut referrers: HashMap<usize, HashSet<usize>> = HashMap::new();
    let mut targets: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (referrer, target) in footprints.walked.state.relations() {
        let (referrer, target) = (identities.of(referrer), identities.of(target));
        referrers.entry(target).or_default().insert(referrer);
        targets.entry(referrer).or_default().insert(target);
    }
    let mut wanted = Wanted::default();
    let mut want = |identity: usize| {
        if wanted.models.insert(identity) {
            if let Some(targets) = targets.get(&identity) {
                wanted.their_targets.extend(targets.iter().copied());
            }
        }
    };
    for &root in roots {
        let footprint = &footprints.migrations[root];
        for model in &footprint.models {
            let identity = identities.of(model);
            want(identity);
            if footprint.reads_referrers {
                referrers
                    .get(&identity)
                    .into_iter()
                    .flatten()
                    .for_each(|&referrer| want(referrer));
            }
        }
    }
    let mut needed = vec![false; footprints.migrations.len()];
    for &root in roots {
        needed[root] = true;
    }
    let last = roots.iter().max().map_or(0, |last| last + 1);
    for (index, footprint) in footprints.migrations[..last].iter().enumerate() {
        needed[index] |= footprint.database_wide
            || footprint.models.iter().any(|model| {
                let identity = identities.of(model);
                wanted.models.contains(&identity) || wanted.their_targets.contains(&identity)
            });
    }
    needed
}

/// The models whose catalog entries must be exact, and the models they have relations to
/// (an operation on one of those writes a wanted model's entries).
#[derive(Default)]
struct Wanted {
    models: HashSet<usize>,
    their_targets: HashSet<usize>,
}

/// A model or a table, as a member of an identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Node {
    Model(ModelKey),
    Table(String),
}

/// The identities of models over a plan (a union-find over models and tables): the catalog
/// entries of a table belong to every model that had it, under every name it had.
#[derive(Default)]
struct Identities {
    nodes: HashMap<Node, usize>,
    parents: Vec<usize>,
}

impl Identities {
    /// The identity of `model`.
    fn of(&mut self, model: &ModelKey) -> usize {
        let node = self.node(Node::Model(model.clone()));
        self.root(node)
    }

    fn join(&mut self, one: Node, other: Node) {
        let (one, other) = (self.node(one), self.node(other));
        let (one, other) = (self.root(one), self.root(other));
        if one != other {
            self.parents[one] = other;
        }
    }

    /// Joins each of `models` that `state` shows with its table.
    fn note_tables<'m>(
        &mut self,
        state: &ProjectState,
        models: impl IntoIterator<Item = &'m ModelKey>,
    ) {
        for key in models {
            if let Some(model) = state.model(key) {
                let table = model
                    .options
                    .db_table
                    .clone()
                    .unwrap_or_else(|| default_db_table(&model.app_label, &model.name));
                self.join(Node::Model(key.clone()), Node::Table(table));
            }
        }
    }

    fn node(&mut self, node: Node) -> usize {
        let next = self.parents.len();
        let index = *self.nodes.entry(node).or_insert(next);
        if index == next {
            self.parents.push(next);
        }
        index
    }

    fn root(&mut self, mut node: usize) -> usize {
        while self.parents[node] != node {
            self.parents[node] = self.parents[self.parents[node]];
            node = self.parents[node];
        }
        node
    }
}
