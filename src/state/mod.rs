//! Project state replay: the models every migration leaves behind, as Django's
//! `ProjectState` keeps them (`django/db/migrations/state.py`).
//!
//! The state is built by walking the plan once. Each operation is applied with a [`Journal`]
//! that keeps the previous version of every model it touched, so the DDL stage can look at the
//! state before the operation ([`StateView::before`]) and after it ([`StateView::current`])
//! without cloning the whole project.

mod apply;
mod model;
pub mod pyset;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::ir::{Field, Value};

pub use apply::{apply_operation, models_read_beyond_journal};
pub use model::{normalize_together, ModelOptions, ModelState};

/// `(app_label, model_name.lower())`: how Django keys models in the state.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModelKey {
    pub app: String,
    pub name: String,
}

impl ModelKey {
    pub fn new(app: impl Into<String>, name: &str) -> Self {
        ModelKey {
            app: app.into(),
            name: name.to_lowercase(),
        }
    }

    /// Resolves a model reference as written in a relation (`"auth.User"`, `"Place"`,
    /// `"self"`) relative to the model and app that hold it.
    pub fn resolve(reference: &str, app_label: &str, holder: &str) -> ModelKey {
        if reference == "self" {
            return ModelKey::new(app_label, holder);
        }
        match reference.split_once('.') {
            Some((app, name)) => ModelKey::new(app, name),
            None => ModelKey::new(app_label, reference),
        }
    }
}

impl std::fmt::Display for ModelKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.app, self.name)
    }
}

/// Every model of the project at one point of the plan, with each model's earlier versions.
///
/// Models are shared (`Arc`) and copied on write, so cloning a state or keeping an earlier
/// version of a model costs a pointer, not a copy of the model.
///
/// Each model keeps the versions the migrations of the plan left (oldest first, stamped with
/// the plan position of the migration that made them; `None`: deleted). Normally the state
/// shows each model's latest version. With an [`Ancestry`] ([`ProjectState::view_from`]) it
/// shows, as `sqlmigrate` does, the state of a migration's ancestors only: each model's latest
/// version made by an ancestor or by the migration being applied (the `writer`). Nothing is
/// copied to look at that state: a model is resolved when it is read.
#[derive(Debug, Clone, Default)]
pub struct ProjectState {
    /// Looked up for every field of every rendered model, hence a hash map (iterated only
    /// through [`ProjectState::models`], which sorts).
    models: foldhash::HashMap<ModelKey, Vec<Version>>,
    /// The plan position new versions are stamped with.
    writer: usize,
    /// The ancestors whose versions are visible (all of them when `None`).
    ancestry: Option<Arc<Ancestry>>,
    /// For each model, the models any version of which had a relation (`to=`, `through=`)
    /// to it: where the renames look for references, instead of in every model.
    referrers: BTreeMap<ModelKey, BTreeSet<ModelKey>>,
    /// The models any version of which had a relation whose target is not a plain model
    /// reference (it may point anywhere).
    unresolved_referrers: BTreeSet<ModelKey>,
}

/// One version of a model: the plan position of the migration that made it, and the model
/// (`None`: deleted).
type Version = (usize, Option<Arc<ModelState>>);

/// The plan positions of a migration's ancestors, as sorted disjoint ranges: a plan is a
/// depth-first order, so a migration's ancestors come in a few runs of consecutive positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ancestry {
    runs: Vec<(usize, usize)>,
}

impl Ancestry {
    /// The ancestry of a migration whose parents are at `parents`, each with its own ancestry.
    pub fn of_parents<'a>(parents: impl IntoIterator<Item = (usize, &'a Ancestry)>) -> Ancestry {
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (position, ancestry) in parents {
            runs.push((position, position));
            runs.extend_from_slice(&ancestry.runs);
        }
        runs.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
        for (start, end) in runs {
            match merged.last_mut() {
                Some(last) if start <= last.1.saturating_add(1) => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Ancestry { runs: merged }
    }

    /// Whether the migration at `position` is an ancestor.
    pub fn contains(&self, position: usize) -> bool {
        let after = self.runs.partition_point(|(start, _)| *start <= position);
        after > 0 && self.runs[after - 1].1 >= position
    }
}

/// The models an operation changed, with the version each had before it (`None`: it did not
/// exist yet).
#[derive(Debug, Default)]
pub struct Journal {
    before: BTreeMap<ModelKey, Option<Arc<ModelState>>>,
}

impl Journal {
    /// Keys of the models the operation touched.
    pub fn touched(&self) -> impl Iterator<Item = &ModelKey> {
        self.before.keys()
    }

    /// Each model the operation touched, with its version before the operation.
    pub fn before_versions(&self) -> impl Iterator<Item = (&ModelKey, &Option<Arc<ModelState>>)> {
        self.before.iter()
    }
}

impl ProjectState {
    /// Shows the state of the ancestors in `ancestry` and stamps new versions with `writer`;
    /// `None` shows every migration's versions again.
    pub fn view_from(&mut self, writer: usize, ancestry: Option<Arc<Ancestry>>) {
        self.writer = writer;
        self.ancestry = ancestry;
    }

    fn visible(&self, position: usize) -> bool {
        position == self.writer
            || self
                .ancestry
                .as_ref()
                .is_none_or(|ancestry| ancestry.contains(position))
    }

    /// The version of a model the state shows (`None`: absent).
    fn shown<'s>(&self, versions: &'s [Version]) -> Option<&'s Arc<ModelState>> {
        if self.ancestry.is_none() {
            return versions.last().and_then(|(_, model)| model.as_ref());
        }
        versions
            .iter()
            .rev()
            .find(|(position, _)| self.visible(*position))
            .and_then(|(_, model)| model.as_ref())
    }

    pub fn model(&self, key: &ModelKey) -> Option<&ModelState> {
        self.shared(key).map(|model| &**model)
    }

    fn shared(&self, key: &ModelKey) -> Option<&Arc<ModelState>> {
        self.models
            .get(key)
            .and_then(|versions| self.shown(versions))
    }

    /// A model as a shared handle, to keep this version of it cheaply.
    pub fn model_shared(&self, key: &ModelKey) -> Option<Arc<ModelState>> {
        self.shared(key).cloned()
    }

    /// Every model, sorted by key.
    pub fn models(&self) -> impl Iterator<Item = (&ModelKey, &ModelState)> {
        let mut shown: Vec<(&ModelKey, &ModelState)> = self
            .models
            .iter()
            .filter_map(|(key, versions)| self.shown(versions).map(|model| (key, &**model)))
            .collect();
        shown.sort_unstable_by_key(|(key, _)| *key);
        shown.into_iter()
    }

    /// The writer's version of `key`, made from the version shown if it has none yet (also for
    /// an absent model: the writer looked for it); the journal keeps the version shown before.
    fn writable(&mut self, key: &ModelKey, journal: &mut Journal) -> &mut Option<Arc<ModelState>> {
        let shown = self.model_shared(key);
        if !journal.before.contains_key(key) {
            journal.before.insert(key.clone(), shown.clone());
        }
        let writer = self.writer;
        let versions = self.models.entry(key.clone()).or_default();
        if versions
            .last()
            .is_none_or(|(position, _)| *position != writer)
        {
            versions.push((writer, shown));
        }
        &mut versions.last_mut().expect("just pushed").1
    }

    pub(crate) fn model_mut(
        &mut self,
        key: &ModelKey,
        journal: &mut Journal,
    ) -> Option<&mut ModelState> {
        self.writable(key, journal).as_mut().map(Arc::make_mut)
    }

    pub(crate) fn insert(&mut self, key: ModelKey, model: ModelState, journal: &mut Journal) {
        *self.writable(&key, journal) = Some(Arc::new(model));
    }

    pub(crate) fn remove(&mut self, key: &ModelKey, journal: &mut Journal) -> Option<ModelState> {
        self.writable(key, journal).take().map(Arc::unwrap_or_clone)
    }

    /// Drops the versions the writer made of `keys` (what it applied is undone).
    pub fn discard_written(&mut self, keys: &BTreeSet<ModelKey>) {
        for key in keys {
            if let Some(versions) = self.models.get_mut(key) {
                if versions
                    .last()
                    .is_some_and(|(position, _)| *position == self.writer)
                {
                    versions.pop();
                }
            }
        }
    }

    /// Whether the latest version of `key` before the writer's was made by a migration the
    /// ancestry does not show (the model differs from the plan's at that point).
    pub fn is_foreign(&self, key: &ModelKey) -> bool {
        self.models
            .get(key)
            .is_some_and(|versions| self.foreign_versions(versions))
    }

    fn foreign_versions(&self, versions: &[Version]) -> bool {
        let Some(ancestry) = &self.ancestry else {
            return false;
        };
        versions
            .iter()
            .rev()
            .find(|(position, _)| *position != self.writer)
            .is_some_and(|(position, _)| !ancestry.contains(*position))
    }

    /// Records the relations of the models `journal` touched, as the state shows them now.
    /// The relations only accumulate (any version's count), so a field the model had before
    /// the operation (the same `Arc` at the same place) was recorded then and is skipped: an
    /// operation on a model with many fields looks at the fields it changed.
    pub(crate) fn note_relations(&mut self, journal: &Journal) {
        for (key, before) in journal.before_versions() {
            let Some(model) = self.shared(key).cloned() else {
                continue;
            };
            let recorded = |position: usize, field: &Arc<Field>| {
                before
                    .as_ref()
                    .and_then(|before| before.fields.get(position))
                    .is_some_and(|(_, then)| Arc::ptr_eq(then, field))
            };
            for (position, (_, field)) in model.fields.iter().enumerate() {
                if recorded(position, field) {
                    continue;
                }
                if apply::is_relation(field) && field.arg("to").and_then(Value::as_str).is_none() {
                    self.unresolved_referrers.insert(key.clone());
                }
                for argument in ["to", "through"] {
                    if let Some(target) =
                        apply::relation_target(field, argument, &model.app_label, &model.name)
                    {
                        let referrers = self.referrers.entry(target).or_default();
                        if !referrers.contains(key) {
                            referrers.insert(key.clone());
                        }
                    }
                }
            }
        }
    }

    /// Every model any version of which had a relation to `target` (a superset of the ones
    /// shown that have one now), sorted.
    pub(crate) fn referrers(&self, target: &ModelKey) -> BTreeSet<ModelKey> {
        self.referrers.get(target).cloned().unwrap_or_default()
    }

    /// Every relation (`to=`, `through=`) any version of a model had: (the model, its
    /// target), what [`ProjectState::referrers`] answers from.
    pub fn relations(&self) -> impl Iterator<Item = (&ModelKey, &ModelKey)> {
        self.referrers.iter().flat_map(|(target, referrers)| {
            referrers.iter().map(move |referrer| (referrer, target))
        })
    }

    /// Whether any version of any model had a relation whose target is not a plain model
    /// reference (so the models it points at are not known).
    pub fn has_unresolved_relations(&self) -> bool {
        !self.unresolved_referrers.is_empty()
    }

    /// The models that may have a relation to `target`: [`ProjectState::referrers`], and those
    /// with a relation field whose target is not a plain reference. Sorted.
    pub fn possible_referrers(&self, target: &ModelKey) -> BTreeSet<ModelKey> {
        let mut models = self.referrers(target);
        models.extend(self.unresolved_referrers.iter().cloned());
        models
    }
}

/// A read-only look at the state: as it is, or as it was before the journaled operation.
#[derive(Debug, Clone, Copy)]
pub struct StateView<'a> {
    state: &'a ProjectState,
    overlay: Option<&'a Journal>,
}

impl<'a> StateView<'a> {
    pub fn current(state: &'a ProjectState) -> Self {
        StateView {
            state,
            overlay: None,
        }
    }

    /// The state before the operation recorded in `journal` was applied to `state`.
    pub fn before(state: &'a ProjectState, journal: &'a Journal) -> Self {
        StateView {
            state,
            overlay: Some(journal),
        }
    }

    pub fn model(&self, key: &ModelKey) -> Option<&'a ModelState> {
        self.model_shared(key).map(|model| &**model)
    }

    /// A model as its shared handle, whose identity tells one version from another.
    pub fn model_shared(&self, key: &ModelKey) -> Option<&'a Arc<ModelState>> {
        if let Some(journal) = self.overlay {
            if let Some(previous) = journal.before.get(key) {
                return previous.as_ref();
            }
        }
        self.state.shared(key)
    }

    /// The models that may have a relation to `target` ([`ProjectState::possible_referrers`]),
    /// shown in this view or not.
    pub fn possible_referrers(&self, target: &ModelKey) -> BTreeSet<ModelKey> {
        self.state.possible_referrers(target)
    }

    /// Every model, sorted by key.
    pub fn models(&self) -> Vec<(&'a ModelKey, &'a ModelState)> {
        let Some(journal) = self.overlay else {
            return self.state.models().collect();
        };
        let mut all: BTreeMap<&'a ModelKey, &'a ModelState> = self
            .state
            .models()
            .filter(|(key, _)| !journal.before.contains_key(*key))
            .collect();
        for (key, previous) in &journal.before {
            if let Some(model) = previous {
                all.insert(key, model);
            }
        }
        all.into_iter().collect()
    }
}

pub(crate) use apply::named as named_call;
