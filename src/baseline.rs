//! Baselines, for adopting migguard on a project with history: `check --write-baseline FILE`
//! records the current findings, `check --baseline FILE` reports only the others. A finding is
//! matched by app, migration, rule and operation (its index, and a short hash of its source
//! text), never by line number, so code moving in the file keeps it baselined.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::checks::Finding;
use crate::report::check::md5_hex;

/// Version of the baseline file; bumped on any incompatible change.
pub const BASELINE_VERSION: u32 = 1;

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub app: String,
    pub migration: String,
    pub rule: String,
    /// Index of the operation in `Migration.operations` (none: a migration-wide finding).
    pub operation: Option<usize>,
    /// A short hash of the operation's source text (whitespace-insensitive).
    pub source_hash: String,
}

impl Baseline {
    /// The baseline of these findings (the files are read again for the operations' text).
    pub fn of(findings: &[Finding]) -> Baseline {
        let mut sources = Sources::default();
        let mut entries: Vec<Entry> = findings
            .iter()
            .map(|finding| entry(finding, sources.get(&finding.path)))
            .collect();
        entries.sort();
        Baseline {
            version: BASELINE_VERSION,
            findings: entries,
        }
    }

    /// The baseline as written to its file.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read baseline {}: {error}", path.display()))?;
        let version: serde_json::Value = serde_json::from_str(&text)
            .map_err(|error| format!("baseline {} is not JSON: {error}", path.display()))?;
        match version.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(BASELINE_VERSION) => {}
            Some(v) => {
                return Err(format!(
                    "baseline {} has version {v}; this migguard reads version {BASELINE_VERSION} (write it again with --write-baseline)",
                    path.display()
                ))
            }
            None => return Err(format!("baseline {} has no version", path.display())),
        }
        serde_json::from_value(version)
            .map_err(|error| format!("baseline {}: {error}", path.display()))
    }

    /// The findings not in the baseline, and how many were in it. Each recorded entry absorbs
    /// one finding: first one of the same operation index and text, then one of the same
    /// text at another index (an operation inserted before it moved it).
    pub fn filter(&self, findings: Vec<Finding>) -> (Vec<Finding>, usize) {
        let mut exact: HashMap<&Entry, usize> = HashMap::new();
        for entry in &self.findings {
            *exact.entry(entry).or_default() += 1;
        }
        let mut sources = Sources::default();
        let keyed: Vec<(Entry, Finding)> = findings
            .into_iter()
            .map(|finding| (entry(&finding, sources.get(&finding.path)), finding))
            .collect();
        let mut matched = vec![false; keyed.len()];
        for (index, (entry, _)) in keyed.iter().enumerate() {
            if let Some(count) = exact.get_mut(entry).filter(|count| **count > 0) {
                *count -= 1;
                matched[index] = true;
            }
        }
        let mut moved: HashMap<(&str, &str, &str, &str), usize> = HashMap::new();
        for (entry, count) in &exact {
            *moved.entry(text_key(entry)).or_default() += count;
        }
        for (index, (entry, _)) in keyed.iter().enumerate() {
            if matched[index] {
                continue;
            }
            if let Some(count) = moved.get_mut(&text_key(entry)).filter(|count| **count > 0) {
                *count -= 1;
                matched[index] = true;
            }
        }
        let baselined = matched.iter().filter(|m| **m).count();
        let new = keyed
            .into_iter()
            .zip(matched)
            .filter(|(_, matched)| !matched)
            .map(|((_, finding), _)| finding)
            .collect();
        (new, baselined)
    }
}

fn text_key(entry: &Entry) -> (&str, &str, &str, &str) {
    (
        &entry.app,
        &entry.migration,
        &entry.rule,
        &entry.source_hash,
    )
}

fn entry(finding: &Finding, source: &str) -> Entry {
    let span = finding.span;
    let text = source
        .get(span.start as usize..span.end as usize)
        .unwrap_or("");
    let normalized: Vec<&str> = text.split_whitespace().collect();
    Entry {
        app: finding.migration.app.clone(),
        migration: finding.migration.name.clone(),
        rule: finding.rule.to_string(),
        operation: finding.operation,
        source_hash: md5_hex(&normalized.join(" "))[..12].to_string(),
    }
}

/// Migration files read once each.
#[derive(Default)]
struct Sources(HashMap<PathBuf, String>);

impl Sources {
    fn get(&mut self, path: &Path) -> &str {
        self.0
            .entry(path.to_path_buf())
            .or_insert_with(|| std::fs::read_to_string(path).unwrap_or_default())
    }
}
