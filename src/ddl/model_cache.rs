//! Rendered models kept for reuse across operations and migrations.
//!
//! Rendering a model (every field resolved, relations followed to their targets) is the
//! costliest part of translating most operations, and operations mostly render models that
//! have not changed since they were last rendered: the state after one operation is the state
//! before the next, and the ancestral state shares its unchanged models with the plan's. A
//! rendering is reused only while every model it looked up is still the same version (the same
//! `Arc`: models are copied on write, and the cache holds each version it read, so an address
//! cannot be reused by another one), which makes it exactly what rendering again would give.
//!
//! When a model did change, its next rendering still reuses each field that is the same
//! field (the same `Arc`) and whose own lookups (a relation's target, followed to its primary
//! key) still find the same versions: an operation mostly changes one field of a model.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use super::context::ModelInfo;
use crate::state::{ModelKey, ModelState, StateView};

/// The models a rendering looked up, each with the version it found (`None`: absent).
pub type Reads = Vec<(ModelKey, Option<Arc<ModelState>>)>;

/// A model's rendering with what each of its fields looked up.
pub struct Rendering {
    pub info: Rc<ModelInfo>,
    /// For each of `info.fields`, in order: the models rendering it looked up (`None` for a
    /// field rendered from its own definition alone).
    pub field_reads: Vec<Option<Rc<Reads>>>,
}

/// The latest rendering of each model, with what it read. Only valid with the settings it was
/// filled with: one cache per translation run.
#[derive(Default)]
pub struct ModelCache {
    entries: RefCell<HashMap<ModelKey, (Reads, Rc<Rendering>)>>,
}

/// Whether every model in `reads` is the version `view` shows.
pub fn unchanged(reads: &Reads, view: &StateView<'_>) -> bool {
    reads
        .iter()
        .all(|(read, then)| match (view.model_shared(read), then) {
            (Some(now), Some(then)) => Arc::ptr_eq(now, then),
            (None, None) => true,
            _ => false,
        })
}

impl ModelCache {
    /// The rendering of `key`, if every model it read is the same in `view`.
    pub fn get(&self, key: &ModelKey, view: &StateView<'_>) -> Option<Rc<ModelInfo>> {
        let entries = self.entries.borrow();
        let (reads, rendering) = entries.get(key)?;
        unchanged(reads, view).then(|| Rc::clone(&rendering.info))
    }

    /// The last rendering of `key`, whether or not it is still valid, for the next rendering
    /// to take its unchanged fields from.
    pub fn latest(&self, key: &ModelKey) -> Option<Rc<Rendering>> {
        self.entries
            .borrow()
            .get(key)
            .map(|(_, rendering)| Rc::clone(rendering))
    }

    pub fn insert(&self, key: ModelKey, reads: Reads, rendering: Rendering) {
        self.entries
            .borrow_mut()
            .insert(key, (reads, Rc::new(rendering)));
    }
}
