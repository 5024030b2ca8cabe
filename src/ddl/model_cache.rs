//! Rendered models kept for reuse across operations and migrations.
//!
//! Rendering a model (every field resolved, relations followed to their targets) is the
//! costliest part of translating most operations, and operations mostly render models that
//! have not changed since they were last rendered: the state after one operation is the state
//! before the next, and the ancestral state shares its unchanged models with the plan's. A
//! rendering is reused only while every model it looked up is still the same version (the same
//! `Arc`: models are copied on write, and the cache holds each version it read, so an address
//! cannot be reused by another one), which makes it exactly what rendering again would give.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use super::context::ModelInfo;
use crate::state::{ModelKey, ModelState, StateView};

/// The models a rendering looked up, each with the version it found (`None`: absent).
pub type Reads = Vec<(ModelKey, Option<Arc<ModelState>>)>;

/// The latest rendering of each model, with what it read. Only valid with the settings it was
/// filled with: one cache per translation run.
#[derive(Default)]
pub struct ModelCache {
    entries: RefCell<HashMap<ModelKey, (Reads, Rc<ModelInfo>)>>,
}

impl ModelCache {
    /// The rendering of `key`, if every model it read is the same in `view`.
    pub fn get(&self, key: &ModelKey, view: &StateView<'_>) -> Option<Rc<ModelInfo>> {
        let entries = self.entries.borrow();
        let (reads, info) = entries.get(key)?;
        let unchanged = reads
            .iter()
            .all(|(read, then)| match (view.model_shared(read), then) {
                (Some(now), Some(then)) => Arc::ptr_eq(now, then),
                (None, None) => true,
                _ => false,
            });
        unchanged.then(|| Rc::clone(info))
    }

    pub fn insert(&self, key: ModelKey, reads: Reads, info: Rc<ModelInfo>) {
        self.entries.borrow_mut().insert(key, (reads, info));
    }
}
