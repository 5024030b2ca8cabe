//! What the rehearsal reads from the server after every statement: the relation locks its
//! own backend holds (`pg_locks` for `pg_backend_pid()`) and each relation's `relfilenode`
//! (a new one means the relation was rewritten).

use std::collections::{BTreeMap, BTreeSet};

use postgres::Client;
use serde::Serialize;

use crate::locks::LockMode;

/// Schemas whose relations are PostgreSQL's own, never the migration's.
const SYSTEM_SCHEMAS: &str = "('pg_catalog', 'information_schema', 'pg_toast')";

/// One relation lock held by the rehearsing backend.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct HeldLock {
    /// The relation's name now (or, if it was dropped in the rehearsal, before).
    pub relation: String,
    /// `table`, `index`, `sequence`, `view`, ..., `dropped relation`.
    pub kind: String,
    pub mode: LockMode,
    #[serde(skip)]
    pub oid: u32,
}

/// A relation of the database with its storage file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub name: String,
    pub kind: String,
    pub relfilenode: u32,
}

/// Every user relation (not in a system schema) by oid.
pub type Relations = BTreeMap<u32, Relation>;

fn kind_name(relkind: &str) -> &'static str {
    match relkind {
        "r" => "table",
        "i" => "index",
        "S" => "sequence",
        "v" => "view",
        "m" => "materialized view",
        "p" => "partitioned table",
        "I" => "partitioned index",
        "t" => "toast table",
        "f" => "foreign table",
        "c" => "composite type",
        _ => "relation",
    }
}

/// The user relations of the current database.
pub fn relations(client: &mut Client) -> Result<Relations, postgres::Error> {
    let sql = format!(
        "SELECT c.oid, c.relname::text, c.relkind::text, c.relfilenode \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname NOT IN {SYSTEM_SCHEMAS} AND n.nspname NOT LIKE 'pg_temp%' \
           AND n.nspname NOT LIKE 'pg_toast_temp%'"
    );
    let rows = client.query(sql.as_str(), &[])?;
    Ok(rows
        .iter()
        .map(|row| {
            let relkind: String = row.get(2);
            (
                row.get::<_, u32>(0),
                Relation {
                    name: row.get(1),
                    kind: kind_name(&relkind).to_string(),
                    relfilenode: row.get(3),
                },
            )
        })
        .collect())
}

/// The granted relation locks this backend holds in the current database, outside the
/// system schemas; a relation gone from `pg_class` (dropped in this transaction) is named from
/// `known`, and left out when it is not there (created and dropped by the rehearsal).
pub fn held_locks(
    client: &mut Client,
    known: &Relations,
) -> Result<Vec<HeldLock>, postgres::Error> {
    let sql = format!(
        "SELECT l.relation, l.mode, c.relname::text, c.relkind::text \
         FROM pg_locks l \
         LEFT JOIN pg_class c ON c.oid = l.relation \
         LEFT JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted \
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
           AND (c.oid IS NULL OR n.nspname NOT IN {SYSTEM_SCHEMAS})"
    );
    let rows = client.query(sql.as_str(), &[])?;
    let mut locks = BTreeSet::new();
    for row in &rows {
        let oid: u32 = row.get(0);
        let mode_name: String = row.get(1);
        let Some(mode) = LockMode::from_pg_locks_name(&mode_name) else {
            continue;
        };
        let (relation, kind) = match (
            row.get::<_, Option<String>>(2),
            row.get::<_, Option<String>>(3),
        ) {
            (Some(name), Some(relkind)) => (name, kind_name(&relkind).to_string()),
            _ => match known.get(&oid) {
                Some(relation) => (relation.name.clone(), format!("dropped {}", relation.kind)),
                None => continue,
            },
        };
        locks.insert(HeldLock {
            relation,
            kind,
            mode,
            oid,
        });
    }
    Ok(locks.into_iter().collect())
}

/// The relations of `before` whose storage changed in `after` (rewritten), sorted by name.
pub fn rewritten(before: &Relations, after: &Relations) -> Vec<(String, String)> {
    let mut changed: Vec<(String, String)> = before
        .iter()
        .filter_map(|(oid, old)| {
            let new = after.get(oid)?;
            (old.relfilenode != 0 && new.relfilenode != old.relfilenode)
                .then(|| (new.name.clone(), new.kind.clone()))
        })
        .collect();
    changed.sort();
    changed
}

/// The oid of a relation named as in a statement (`to_regclass`), if it exists now.
pub fn resolve(client: &mut Client, name: &str) -> Result<Option<u32>, postgres::Error> {
    // The classifier gives names de-quoted (case kept): quote every part again.
    let quoted: Vec<String> = name
        .split('.')
        .map(|part| format!("\"{}\"", part.replace('"', "\"\"")))
        .collect();
    let quoted = quoted.join(".");
    let row = client.query_one("SELECT to_regclass($1)::oid", &[&quoted])?;
    Ok(row.get(0))
}
