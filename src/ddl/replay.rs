//! The walk over the plan: state replay, per-migration translation, catalog updates.
//!
//! `sqlmigrate` builds the state a migration sees from the migration's ancestors only, while
//! the plan may already have applied unrelated migrations (another app's, a sibling branch).
//! When such a non-ancestor was the last to change a model, the migration is translated
//! against a copy of the state where those models are reverted to their last version from an
//! ancestor. The models it changes there are then copied into the plan's state, unless its
//! operations could have read a reverted model: then they are applied to the plan's state too.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::catalog::Catalog;
use super::context::DdlSettings;
use super::editor::{DeferredItem, Editor};
use super::model_cache::ModelCache;
use super::{operations, DeferredSql, MigrationSql, ModelChange, OperationSql, Statement};
use crate::graph::MigrationGraph;
use crate::ir::{Migration, MigrationKey, OperationKind, Span};
use crate::project::Project;
use crate::state::{
    apply_operation, reads_only_journaled, Journal, ModelKey, ModelState, ProjectState,
};

/// Bitset of plan positions.
#[derive(Clone, Default)]
struct Positions(Vec<u64>);

impl Positions {
    fn insert(&mut self, index: usize) {
        if self.0.len() <= index / 64 {
            self.0.resize(index / 64 + 1, 0);
        }
        self.0[index / 64] |= 1 << (index % 64);
    }

    fn contains(&self, index: usize) -> bool {
        self.0
            .get(index / 64)
            .is_some_and(|word| word & (1 << (index % 64)) != 0)
    }

    fn union(&mut self, other: &Positions) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (word, other) in self.0.iter_mut().zip(&other.0) {
            *word |= other;
        }
    }
}

/// Versions of each model after each migration that touched it.
type History = HashMap<ModelKey, Vec<(usize, Option<Arc<ModelState>>)>>;

pub fn project_sql(project: &Project) -> Vec<MigrationSql> {
    plan_sql(project, &project.graph, &project.graph.full_plan())
}

/// The SQL of each migration of `plan`, a plan of `graph` (a graph of the project's
/// migrations), replayed in that order.
pub fn plan_sql(
    project: &Project,
    graph: &MigrationGraph,
    plan: &[&MigrationKey],
) -> Vec<MigrationSql> {
    let settings = DdlSettings::from_settings(&project.settings);
    let models = ModelCache::default();
    let position: HashMap<&MigrationKey, usize> = plan
        .iter()
        .enumerate()
        .map(|(index, key)| (*key, index))
        .collect();
    let mut ancestors: Vec<Positions> = Vec::with_capacity(plan.len());
    let mut history: History = HashMap::new();
    let mut state = ProjectState::default();
    let mut catalog = Catalog::default();
    let mut uuid_counter = 0u128;
    let mut output = Vec::with_capacity(plan.len());
    for (index, key) in plan.iter().enumerate() {
        let mut own = Positions::default();
        for parent in graph.parents(key) {
            if let Some(&parent_index) = position.get(parent) {
                if parent_index < index {
                    own.insert(parent_index);
                    own.union(&ancestors[parent_index]);
                }
            }
        }
        let Some(migration) = project
            .migration(key)
            .and_then(|parsed| parsed.migration.as_ref())
        else {
            output.push(unreadable(key));
            ancestors.push(own);
            continue;
        };
        let foreign = foreign_models(&history, &own);
        let (sql, changed) = if foreign.is_empty() {
            translate(
                migration,
                key,
                &mut state,
                &settings,
                &models,
                &catalog,
                &mut uuid_counter,
            )
        } else {
            let mut ancestral = state.clone();
            for (model, version) in &foreign {
                ancestral.restore(model, version.clone());
            }
            let (sql, changed) = translate(
                migration,
                key,
                &mut ancestral,
                &settings,
                &models,
                &catalog,
                &mut uuid_counter,
            );
            let reusable = migration.operations.iter().all(reads_only_journaled)
                && foreign.iter().all(|(model, _)| !changed.contains(*model));
            if reusable {
                // The operations read only models on which both states agree, so they
                // changed those models in the plan's state exactly as in the ancestral one.
                for model in &changed {
                    state.restore(model, ancestral.model_shared(model));
                }
                (sql, changed)
            } else {
                (sql, apply_state_only(migration, key, &mut state))
            }
        };
        for effect in &sql.1 {
            catalog.apply(effect);
        }
        for model in &changed {
            history
                .entry(model.clone())
                .or_default()
                .push((index, state.model_shared(model)));
        }
        ancestors.push(own);
        output.push(sql.0);
    }
    output
}

/// Models whose last change came from a migration that is not an ancestor (`own`), each with
/// its version after the latest ancestor that changed it (`None`: no ancestor created it).
///
/// A model whose last change is an ancestor's already has that version in the state, so only
/// the last change of each model needs to be looked at.
fn foreign_models<'h>(
    history: &'h History,
    own: &Positions,
) -> Vec<(&'h ModelKey, Option<Arc<ModelState>>)> {
    history
        .iter()
        .filter(|(_, versions)| versions.last().is_some_and(|(at, _)| !own.contains(*at)))
        .map(|(model, versions)| {
            let ancestral = versions
                .iter()
                .rev()
                .find(|(at, _)| own.contains(*at))
                .and_then(|(_, version)| version.clone());
            (model, ancestral)
        })
        .collect()
}

fn unreadable(key: &MigrationKey) -> MigrationSql {
    MigrationSql {
        key: key.clone(),
        atomic: true,
        operations: vec![OperationSql {
            class_name: String::new(),
            description: "migration could not be read".into(),
            span: Span::default(),
            statements: vec![Statement::NotTranslated {
                reason: format!("migration {key} could not be read"),
            }],
            models: Vec::new(),
        }],
        deferred: Vec::new(),
        column_types: Vec::new(),
    }
}

fn apply_state_only(
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

/// Translates one migration against `state` (which it advances). Returns the SQL with the
/// catalog changes, and the models it touched.
fn translate(
    migration: &Migration,
    key: &MigrationKey,
    state: &mut ProjectState,
    settings: &DdlSettings,
    models: &ModelCache,
    catalog: &Catalog,
    uuid_counter: &mut u128,
) -> (
    (MigrationSql, Vec<super::catalog::Effect>),
    BTreeSet<ModelKey>,
) {
    let mut editor = Editor::new(catalog, uuid_counter);
    let mut changed = BTreeSet::new();
    let mut translated = Vec::with_capacity(migration.operations.len());
    for (index, operation) in migration.operations.iter().enumerate() {
        editor.operation = index;
        let database_state = matches!(
            operation.kind,
            OperationKind::SeparateDatabaseAndState { .. }
        )
        .then(|| state.clone());
        let mut journal = Journal::default();
        let applied = apply_operation(state, &key.app, operation, &mut journal);
        changed.extend(journal.touched().cloned());
        match (applied, database_state) {
            (Err(reason), _) => editor.not_translated(reason),
            (Ok(()), Some(mut database_state)) => operations::separate_database_and_state(
                &mut editor,
                settings,
                models,
                &key.app,
                operation,
                &mut database_state,
            ),
            (Ok(()), None) => operations::database_forwards(
                &mut editor,
                settings,
                models,
                &key.app,
                operation,
                state,
                &journal,
            ),
        }
        let models = journal
            .before_versions()
            .map(|(model, before)| ModelChange {
                key: model.clone(),
                before: before.clone(),
                after: state.model_shared(model),
            })
            .collect();
        translated.push(OperationSql {
            class_name: operation.kind.class_name().to_string(),
            description: operations::describe(&operation.kind),
            span: operation.span,
            statements: editor.take_statements(),
            models,
        });
    }
    let deferred: Vec<DeferredItem> = std::mem::take(&mut editor.deferred);
    let mut effects = std::mem::take(&mut editor.effects);
    effects.extend(deferred.iter().filter_map(|item| item.effect.clone()));
    let sql = MigrationSql {
        key: key.clone(),
        atomic: migration.atomic,
        operations: translated,
        deferred: deferred
            .into_iter()
            .map(|item| DeferredSql {
                operation: item.operation,
                statement: Statement::Sql(item.sql.render()),
            })
            .collect(),
        column_types: std::mem::take(&mut editor.column_types),
    };
    ((sql, effects), changed)
}
