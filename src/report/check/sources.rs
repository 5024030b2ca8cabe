//! The text of the migration files findings point into, as migguard decoded it when it read
//! them (PEP 263 coding declarations honoured): spans are offsets into that text, so frames,
//! end positions and fixes must use it rather than read the file again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::project::Project;

/// Decoded file texts by path.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    texts: HashMap<PathBuf, Arc<str>>,
}

impl Sources {
    /// The texts of every scanned migration file of `project` (shared, not copied).
    pub fn of(project: &Project) -> Sources {
        let texts = project
            .migrations
            .iter()
            .filter_map(|parsed| {
                let text = parsed.text.as_ref()?;
                Some((parsed.source.path.clone(), Arc::clone(text)))
            })
            .collect();
        Sources { texts }
    }

    /// The text of `path`: as it was decoded when the project was read, else as read from
    /// disk now (a file outside the project, such as a fix's new file; empty if unreadable).
    pub fn text(&self, path: &Path) -> Arc<str> {
        match self.texts.get(path) {
            Some(text) => Arc::clone(text),
            None => std::fs::read_to_string(path).unwrap_or_default().into(),
        }
    }
}
