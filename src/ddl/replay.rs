//! The walk over the plan: state replay, per-migration translation, catalog updates.
//!
//! `sqlmigrate` builds the state a migration sees from the migration's ancestors only, while
//! the plan may already have applied unrelated migrations (another app's, a sibling branch).
//! The state keeps every model's versions, and while a migration is translated it shows each
//! model's last version from an ancestor (resolved when read, nothing copied). The models it
//! changes there become the plan's versions, unless its operations could have read a model on
//! which the two states differ: then they are applied to the plan's state instead.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::catalog::Catalog;
use super::context::DdlSettings;
use super::editor::{DeferredItem, Editor};
use super::model_cache::ModelCache;
use super::one_off::{OneOffSource, OneOffValues};
use super::plan_walk::{readable_migration, PlanWalk};
use super::{operations, DeferredSql, MigrationSql, ModelChange, OperationSql, Statement};
use crate::graph::MigrationGraph;
use crate::ir::{Migration, MigrationKey, OperationKind, Span};
use crate::project::Project;
use crate::state::{apply_operation, Journal, ModelKey, ProjectState};

pub fn project_sql(project: &Project, one_off: OneOffValues) -> Vec<MigrationSql> {
    plan_sql(project, &project.graph, &project.graph.full_plan(), one_off)
}

/// Replays the project's whole plan, handing each migration's SQL to `emit` in plan order.
pub fn replay_project(project: &Project, one_off: OneOffValues, emit: impl FnMut(MigrationSql)) {
    replay_plan(
        project,
        &project.graph,
        &project.graph.full_plan(),
        one_off,
        emit,
    )
}

/// Replays the project's whole plan, handing the SQL of the migrations `selected` picks to
/// `emit` in plan order; the others are translated only where those read what they leave in
/// the catalog ([`super::demand`]).
pub fn replay_project_selected(
    project: &Project,
    one_off: OneOffValues,
    selected: impl Fn(&MigrationKey) -> bool,
    emit: impl FnMut(MigrationSql),
) {
    let plan = project.graph.full_plan();
    replay_selected(project, &project.graph, &plan, one_off, selected, emit)
}

/// The SQL of each migration of `plan`, a plan of `graph` (a graph of the project's
/// migrations), replayed in that order.
///
/// Each migration is translated against the state its ancestors leave (the state shows only
/// their versions of each model: [`ProjectState::view_from`]). The models it changes there
/// become the plan's versions, unless a model it changed or read (a rename reads the models
/// that refer to the renamed one) differs between the two states: then its operations are
/// applied to the plan's state instead.
pub fn plan_sql(
    project: &Project,
    graph: &MigrationGraph,
    plan: &[&MigrationKey],
    one_off: OneOffValues,
) -> Vec<MigrationSql> {
    let mut output = Vec::with_capacity(plan.len());
    replay_plan(project, graph, plan, one_off, |sql| output.push(sql));
    output
}

/// The SQL of the last migration of `plan`, after that of the earlier ones `keep` selects.
/// The others are replayed for the state they leave, and translated only where the catalog
/// the kept ones read depends on them ([`super::demand`]).
pub fn plan_sql_kept(
    project: &Project,
    graph: &MigrationGraph,
    plan: &[&MigrationKey],
    one_off: OneOffValues,
    keep: impl Fn(&MigrationKey) -> bool,
) -> Vec<MigrationSql> {
    let last = plan.last().copied();
    let kept = |key: &MigrationKey| Some(key) == last || keep(key);
    let mut output = Vec::new();
    replay_selected(project, graph, plan, one_off, kept, |sql| output.push(sql));
    output
}

/// Replays `plan`, translating every migration and handing its SQL to `emit` in plan order.
fn replay_plan(
    project: &Project,
    graph: &MigrationGraph,
    plan: &[&MigrationKey],
    one_off: OneOffValues,
    mut emit: impl FnMut(MigrationSql),
) {
    let mut translator = Translator::new(project, one_off);
    let mut walk = PlanWalk::new(graph, plan);
    for (index, key) in plan.iter().enumerate() {
        let Some(migration) = walk.enter(index, key, project) else {
            emit(unreadable(key));
            continue;
        };
        let (sql, changed) = translator.translate(migration, key, &mut walk.state);
        walk.settle(index, migration, key, changed);
        emit(sql);
    }
}

/// Hands the SQL of the migrations of `plan` that `selected` picks to `emit` in plan order.
/// The plan is walked once for the state ([`super::demand`]); then only the migrations whose
/// catalog effects the selected ones read are translated, each against the state it was
/// applied to in that walk.
fn replay_selected(
    project: &Project,
    graph: &MigrationGraph,
    plan: &[&MigrationKey],
    one_off: OneOffValues,
    selected: impl Fn(&MigrationKey) -> bool,
    mut emit: impl FnMut(MigrationSql),
) {
    let mut emit_selected = |sql: MigrationSql| {
        if selected(&sql.key) {
            emit(sql);
        }
    };
    let Some(mut selection) =
        super::demand::translated_for(project, graph, plan, one_off, &selected)
    else {
        return replay_plan(project, graph, plan, one_off, &mut emit_selected);
    };
    let mut translator = Translator::new(project, one_off);
    let translated = plan
        .iter()
        .enumerate()
        .filter(|(index, _)| selection.translated[*index]);
    for (index, key) in translated {
        let Some(migration) = readable_migration(project, key) else {
            emit_selected(unreadable(key));
            continue;
        };
        let state = selection.walked.revisit(index);
        let (sql, changed) = translator.translate(migration, key, state);
        selection.walked.leave(&changed);
        emit_selected(sql);
    }
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
            one_off_values: Vec::new(),
            models: Vec::new(),
        }],
        deferred: Vec::new(),
        column_types: Vec::new(),
        named_relations: Vec::new(),
        column_foreign_keys: Vec::new(),
    }
}

/// What translating the migrations of a plan in order carries from one to the next: the
/// simulated catalog, the one-off values, the rendered models.
struct Translator {
    settings: DdlSettings,
    models: ModelCache,
    catalog: Catalog,
    one_off: OneOffSource,
}

impl Translator {
    fn new(project: &Project, one_off: OneOffValues) -> Self {
        Translator {
            settings: DdlSettings::from_settings(&project.settings),
            models: ModelCache::default(),
            catalog: Catalog::default(),
            one_off: OneOffSource::new(one_off, &project.settings)
                .with_functions(Arc::clone(&project.constants)),
        }
    }

    /// Translates one migration against `state` and the catalog (which it advances, as
    /// `migrate` would: each immediate statement's effect as it runs, the deferred ones at the
    /// end). Returns the SQL and the models it touched.
    fn translate(
        &mut self,
        migration: &Migration,
        key: &MigrationKey,
        state: &mut ProjectState,
    ) -> (MigrationSql, BTreeSet<ModelKey>) {
        let Translator {
            settings,
            models,
            catalog,
            one_off,
        } = self;
        let mut editor = Editor::new(catalog, one_off);
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
            let (statements, one_off_values) = editor.take_statements();
            translated.push(OperationSql {
                class_name: operation.kind.class_name().to_string(),
                description: operations::describe(&operation.kind),
                span: operation.span,
                statements,
                one_off_values,
                models,
            });
        }
        let deferred: Vec<DeferredItem> = std::mem::take(&mut editor.deferred);
        for effect in deferred.iter().filter_map(|item| item.effect.as_ref()) {
            editor.catalog.apply(effect);
        }
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
            named_relations: std::mem::take(&mut editor.named_relations),
            column_foreign_keys: std::mem::take(&mut editor.column_foreign_keys),
        };
        (sql, changed)
    }
}
