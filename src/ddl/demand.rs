//! Which migrations of a plan must be translated for the SQL of a few of them (the roots):
//! `sqlmigrate` of one migration, `locks` of one with its change, `check` of a few files.
//!
//! Every migration of the plan is replayed into the state, which is cheap. Translating one
//! costs far more, and is only needed where it changes what a root's translation reads from
//! the simulated catalog (the constraints, indexes and sequences `migrate` would introspect).
//! The catalog holds entries per table, and the tables of a model are its own and its
//! auto-created many-to-many tables. An operation on the models `T` (those it changes in the
//! state, and for `SeparateDatabaseAndState` those its database operations change):
//!
//! - writes the entries of `T` and of the models with a relation to one of them (`in(T)`): a
//!   dropped or renamed table drops or rewrites the foreign keys that reference it, a primary
//!   key whose type changes has the referencing foreign keys dropped and made again;
//! - reads those same entries, and what it writes to a referrer's entries depends only on
//!   that referrer's and on `T`'s.
//!
//! So, walking the plan backwards from the roots with `wanted` (the models whose entries must
//! be exact from there on), starting with the roots' models and the models with a relation to
//! them (what the roots read): a migration is needed when the `T ∪ in(T)` of one of its
//! operations meets `wanted`, and then it is translated whole and its `T` joins `wanted` (what
//! it writes to a wanted model's entries may depend on its own). Collations are one database-wide
//! catalog: migrations that create or remove one are always translated.
//!
//! Everything is translated when this cannot be bounded: a root runs `RunSQL` (its statements
//! may name any table's index), a relation's target is not a plain model reference, or the
//! one-off values are pinned (the pinned `uuid.uuid4` counts every call of the whole replay).
//!
//! What this does not see: PostgreSQL's implicit names (`_pkey`, `_key`, `_seq`) avoid every
//! relation name in the schema, so a skipped migration that created a relation named exactly
//! like the implicit name of a root's table would have made PostgreSQL choose another one.

use std::collections::{BTreeSet, HashSet};

use super::one_off::OneOffValues;
use super::replay::{apply_state_only, PlanWalk};
use crate::graph::MigrationGraph;
use crate::ir::{MigrationKey, Operation, OperationKind};
use crate::project::Project;
use crate::state::{apply_operation, Journal, ModelKey, ProjectState};

/// For each migration of `plan`, whether the SQL of those `is_root` selects needs it
/// translated; `None` when all of them must be.
pub(super) fn translated_for(
    project: &Project,
    graph: &MigrationGraph,
    plan: &[&MigrationKey],
    one_off: OneOffValues,
    is_root: &dyn Fn(&MigrationKey) -> bool,
) -> Option<Vec<bool>> {
    if one_off == OneOffValues::Pinned {
        return None;
    }
    let footprints = footprints(project, graph, plan)?;
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
    Some(needed(&footprints, &roots))
}

/// What each migration of a plan changes, and the relations between models over the plan.
struct Footprints {
    migrations: Vec<Footprint>,
    /// The state after the plan: its relation maps cover every version of every model.
    state: ProjectState,
}

#[derive(Default)]
struct Footprint {
    /// The models its operations change (in the state, or in the database only).
    models: BTreeSet<ModelKey>,
    /// Whether it changes a database-wide part of the catalog (collations).
    database_wide: bool,
    /// Whether its SQL may name any table's index or constraint (`RunSQL`).
    reads_any_table: bool,
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
    for (index, key) in plan.iter().enumerate() {
        walk.enter(index, key);
        let Some(migration) = project
            .migration(key)
            .and_then(|parsed| parsed.migration.as_ref())
        else {
            migrations.push(Footprint::default());
            continue;
        };
        let mut footprint = Footprint::default();
        for operation in &migration.operations {
            note_database_operations(&walk.state, &key.app, operation, &mut footprint);
        }
        let changed = apply_state_only(migration, key, &mut walk.state);
        footprint
            .models
            .extend(walk.settle(index, migration, key, changed));
        migrations.push(footprint);
    }
    if walk.state.has_unresolved_relations() {
        return None;
    }
    Some(Footprints {
        migrations,
        state: walk.state,
    })
}

/// Notes what `operation` does to the database beyond the models it changes in the state:
/// the models the database operations of a `SeparateDatabaseAndState` change (applied to a
/// copy of `state`, as the translation applies them), collations, raw SQL.
fn note_database_operations(
    state: &ProjectState,
    app: &str,
    operation: &Operation,
    footprint: &mut Footprint,
) {
    match &operation.kind {
        OperationKind::CreateCollation { .. } | OperationKind::RemoveCollation { .. } => {
            footprint.database_wide = true
        }
        OperationKind::RunSQL { .. } => footprint.reads_any_table = true,
        OperationKind::SeparateDatabaseAndState {
            database_operations,
            ..
        } => {
            let mut database_state = state.clone();
            for inner in database_operations {
                note_database_operations(&database_state, app, inner, footprint);
                let mut journal = Journal::default();
                let _ = apply_operation(&mut database_state, app, inner, &mut journal);
                footprint.models.extend(journal.touched().cloned());
            }
        }
        _ => {}
    }
}

/// Walks the plan back from its last root, marking the migrations the roots need (see the
/// module's documentation).
fn needed(footprints: &Footprints, roots: &[usize]) -> Vec<bool> {
    let state = &footprints.state;
    let relation_targets = state.relation_targets();
    let mut needed = vec![false; footprints.migrations.len()];
    let mut wanted = Wanted::default();
    let want = |wanted: &mut Wanted, model: &ModelKey| {
        if wanted.models.insert(model.clone()) {
            if let Some(targets) = relation_targets.get(model) {
                wanted.their_targets.extend(targets.iter().cloned());
            }
        }
    };
    for &root in roots {
        needed[root] = true;
        for model in &footprints.migrations[root].models {
            want(&mut wanted, model);
            for referrer in state.possible_referrers(model) {
                want(&mut wanted, &referrer);
            }
        }
    }
    let Some(&last) = roots.iter().max() else {
        return needed;
    };
    for index in (0..last).rev() {
        let footprint = &footprints.migrations[index];
        if needed[index] {
            continue;
        }
        let meets = footprint.database_wide
            || footprint
                .models
                .iter()
                .any(|model| wanted.models.contains(model) || wanted.their_targets.contains(model));
        if meets {
            needed[index] = true;
            for model in &footprint.models {
                want(&mut wanted, model);
            }
        }
    }
    needed
}

/// The models whose catalog entries must be exact, and the models they have relations to
/// (an operation on one of those writes a wanted model's entries).
#[derive(Default)]
struct Wanted {
    models: HashSet<ModelKey>,
    their_targets: HashSet<ModelKey>,
}
