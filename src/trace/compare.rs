//! Static lock analysis against what the server did, per statement: every relation lock the
//! classifier says the statement takes must be held after it, no lock it took on a relation
//! the classifier names may be stronger than the classifier's mode, and a rewrite happens
//! exactly when the classifier says so. Any difference is a bug in migguard's lock rules.

use std::collections::BTreeMap;

use super::observe::HeldLock;
use super::rehearsal::Rewritten;
use crate::locks::{ClassifiedStatement, LockMode, TargetRole};

/// A relation the classifier says the statement locks, with the relation's oid.
#[derive(Debug, Clone)]
pub struct ExpectedLock {
    pub name: String,
    pub oid: Option<u32>,
    pub mode: LockMode,
}

/// The unconditional locks the classifier gives on relations the statement names (tables,
/// referenced tables, source tables), strongest mode per relation.
pub fn expected_locks(classified: &ClassifiedStatement) -> Vec<(String, LockMode)> {
    let mut strongest: BTreeMap<String, LockMode> = BTreeMap::new();
    for lock in &classified.locks {
        if lock.condition.is_some() || matches!(lock.role, TargetRole::Index | TargetRole::Sequence)
        {
            continue;
        }
        if let Some(name) = lock.relation.name() {
            let entry = strongest.entry(name.to_string()).or_insert(lock.mode);
            *entry = (*entry).max(lock.mode);
        }
    }
    strongest.into_iter().collect()
}

/// The differences between the classification and the observation of one statement.
pub fn contradictions(
    classified: &ClassifiedStatement,
    expected: &[ExpectedLock],
    held: &[HeldLock],
    taken: &[HeldLock],
    rewritten: &[Rewritten],
) -> Vec<String> {
    let mut found = Vec::new();
    for lock in expected {
        let Some(oid) = lock.oid else {
            found.push(format!(
                "static: {} on {}; observed: no relation of that name exists",
                lock.mode.sql_name(),
                lock.name
            ));
            continue;
        };
        let modes: Vec<LockMode> = held
            .iter()
            .filter(|h| h.oid == oid)
            .map(|h| h.mode)
            .collect();
        if !modes.contains(&lock.mode) {
            found.push(format!(
                "static: {} on {}; observed: {}",
                lock.mode.sql_name(),
                lock.name,
                describe(&modes)
            ));
        }
        let stronger: Vec<LockMode> = taken
            .iter()
            .filter(|t| t.oid == oid && t.mode > lock.mode)
            .map(|t| t.mode)
            .collect();
        if !stronger.is_empty() {
            found.push(format!(
                "static: {} on {}; observed a stronger {}",
                lock.mode.sql_name(),
                lock.name,
                describe(&stronger)
            ));
        }
    }
    let tables: Vec<&str> = rewritten
        .iter()
        .filter(|r| r.kind == "table")
        .map(|r| r.relation.as_str())
        .collect();
    match (classified.rewrite, tables.is_empty()) {
        (true, true) => found.push(format!(
            "static: rewrite; observed: no table's relfilenode changed{}",
            assumed(classified)
        )),
        (false, false) => found.push(format!(
            "static: no rewrite; observed: {} rewritten (new relfilenode)",
            tables.join(", ")
        )),
        _ => {}
    }
    found
}

fn describe(modes: &[LockMode]) -> String {
    if modes.is_empty() {
        "no lock on it".to_string()
    } else {
        modes
            .iter()
            .map(|mode| mode.sql_name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn assumed(classified: &ClassifiedStatement) -> String {
    if classified.assumptions.is_empty() {
        String::new()
    } else {
        format!(
            " (the classifier assumed: {})",
            classified.assumptions.join("; ")
        )
    }
}
