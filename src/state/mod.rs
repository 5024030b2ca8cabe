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

use std::collections::BTreeMap;
use std::sync::Arc;

pub use apply::{apply_operation, reads_only_journaled};
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

/// Every model of the project at one point of the plan.
///
/// Models are shared (`Arc`) and copied on write, so cloning a state or keeping an earlier
/// version of a model costs a pointer, not a copy of the model.
#[derive(Debug, Clone, Default)]
pub struct ProjectState {
    models: BTreeMap<ModelKey, Arc<ModelState>>,
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
    pub fn model(&self, key: &ModelKey) -> Option<&ModelState> {
        self.models.get(key).map(|model| &**model)
    }

    /// A model as a shared handle, to keep this version of it cheaply.
    pub fn model_shared(&self, key: &ModelKey) -> Option<Arc<ModelState>> {
        self.models.get(key).cloned()
    }

    /// Every model, sorted by key.
    pub fn models(&self) -> impl Iterator<Item = (&ModelKey, &ModelState)> {
        self.models.iter().map(|(key, model)| (key, &**model))
    }

    pub(crate) fn model_mut(
        &mut self,
        key: &ModelKey,
        journal: &mut Journal,
    ) -> Option<&mut ModelState> {
        if !journal.before.contains_key(key) {
            journal
                .before
                .insert(key.clone(), self.models.get(key).cloned());
        }
        self.models.get_mut(key).map(Arc::make_mut)
    }

    pub(crate) fn insert(&mut self, key: ModelKey, model: ModelState, journal: &mut Journal) {
        if !journal.before.contains_key(&key) {
            journal
                .before
                .insert(key.clone(), self.models.get(&key).cloned());
        }
        self.models.insert(key, Arc::new(model));
    }

    pub(crate) fn remove(&mut self, key: &ModelKey, journal: &mut Journal) -> Option<ModelState> {
        if !journal.before.contains_key(key) {
            journal
                .before
                .insert(key.clone(), self.models.get(key).cloned());
        }
        self.models.remove(key).map(Arc::unwrap_or_clone)
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
        self.state.models.get(key)
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

impl ProjectState {
    /// Puts back a model as it was at another point of the plan (`None`: absent).
    pub fn restore(&mut self, key: &ModelKey, model: Option<Arc<ModelState>>) {
        match model {
            Some(model) => {
                self.models.insert(key.clone(), model);
            }
            None => {
                self.models.remove(key);
            }
        }
    }
}
