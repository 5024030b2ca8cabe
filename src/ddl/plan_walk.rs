//! The state along a plan, as `sqlmigrate` shows it to each migration: its ancestors' state
//! while it is applied, its changes then left in the plan's state.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::graph::MigrationGraph;
use crate::ir::{Migration, MigrationKey};
use crate::project::Project;
use crate::state::{
    apply_operation, models_read_beyond_journal, Ancestry, Journal, ModelKey, ProjectState,
};

/// The state along a plan: each migration sees its ancestors' state while it is applied, and
/// leaves its changes in the plan's.
pub(super) struct PlanWalk<'p> {
    graph: &'p MigrationGraph,
    position: HashMap<&'p MigrationKey, usize>,
    ancestries: Vec<Arc<Ancestry>>,
    pub(super) state: ProjectState,
}

impl<'p> PlanWalk<'p> {
    pub(super) fn new(graph: &'p MigrationGraph, plan: &[&'p MigrationKey]) -> Self {
        PlanWalk {
            graph,
            position: plan
                .iter()
                .enumerate()
                .map(|(index, key)| (*key, index))
                .collect(),
            ancestries: Vec::with_capacity(plan.len()),
            state: ProjectState::default(),
        }
    }

    /// Starts the migration at `index` of the plan, `key` of `project`: the state shows its
    /// ancestors' versions. Returns the migration, `None` if its file could not be read.
    pub(super) fn enter<'m>(
        &mut self,
        index: usize,
        key: &MigrationKey,
        project: &'m Project,
    ) -> Option<&'m Migration> {
        let parents = self
            .graph
            .parents(key)
            .into_iter()
            .filter_map(|parent| self.position.get(parent).copied())
            .filter(|&parent| parent < index)
            .map(|parent| (parent, &*self.ancestries[parent]));
        let own = Arc::new(Ancestry::of_parents(parents));
        self.ancestries.push(Arc::clone(&own));
        self.state.view_from(index, Some(own));
        readable_migration(project, key)
    }

    /// Ends the migration at `index`, whose operations changed the models `changed` in its
    /// ancestors' state. Those become the plan's versions, unless the ancestral state and the
    /// plan's differ on a model the migration changed or read: then its operations are applied
    /// to the plan's state instead. Returns every model it changed in either.
    pub(super) fn settle(
        &mut self,
        index: usize,
        migration: &Migration,
        key: &MigrationKey,
        mut changed: BTreeSet<ModelKey>,
    ) -> BTreeSet<ModelKey> {
        let state = &mut self.state;
        let differs = changed
            .iter()
            .cloned()
            .chain(
                migration
                    .operations
                    .iter()
                    .flat_map(|operation| models_read_beyond_journal(state, &key.app, operation)),
            )
            .any(|model| state.is_foreign(&model));
        if differs {
            // Undo the ancestral replay; the plan's state gets the operations themselves.
            state.discard_written(&changed);
            state.view_from(index, None);
            changed.extend(apply_state_only(migration, key, state));
        }
        state.view_from(index, None);
        changed
    }

    /// Ends the walk: the state after the plan, with every version each migration made.
    pub(super) fn finish(mut self) -> WalkedPlan {
        self.state.view_from(REVISITING, None);
        WalkedPlan {
            state: self.state,
            ancestries: self.ancestries,
        }
    }
}

/// The stamp of what a revisit writes: no migration of a plan has this position, so only the
/// revisit sees it, and [`WalkedPlan::leave`] can drop it.
const REVISITING: usize = usize::MAX;

/// A plan walked to its end. Its state keeps each model's versions, so the state any migration
/// of the plan was applied to can be shown again without replaying the plan.
pub(super) struct WalkedPlan {
    pub(super) state: ProjectState,
    ancestries: Vec<Arc<Ancestry>>,
}

impl WalkedPlan {
    /// The state as the migration at `index` of the plan saw it (its ancestors' versions), to
    /// apply its operations again. The same as when it was walked: the versions made by the
    /// migrations after it, and its own, are not its ancestors'.
    pub(super) fn revisit(&mut self, index: usize) -> &mut ProjectState {
        let ancestry = self.ancestries.get(index).cloned().unwrap_or_default();
        self.state.view_from(REVISITING, Some(ancestry));
        &mut self.state
    }

    /// Drops what the revisit wrote to the models `changed`: the state after the plan again.
    pub(super) fn leave(&mut self, changed: &BTreeSet<ModelKey>) {
        self.state.discard_written(changed);
        self.state.view_from(REVISITING, None);
    }
}

/// The migration `key` of `project`, `None` if its file could not be read.
pub(super) fn readable_migration<'m>(
    project: &'m Project,
    key: &MigrationKey,
) -> Option<&'m Migration> {
    project
        .migration(key)
        .and_then(|parsed| parsed.migration.as_ref())
}

/// Applies `migration`'s operations to `state` without translating them; returns the models
/// they changed.
pub(super) fn apply_state_only(
    migration: &Migration,
    key: &MigrationKey,
    state: &mut ProjectState,
) -> BTreeSet<ModelKey> {
    let mut changed = BTreeSet::new();
    for operation in &migration.operations {
        let mut journal = Journal::default();
        let _ = apply_operation(state, &key.app, operation, &mut journal);
        changed.extend(journal.touched().cloned());
    }
    changed
}
