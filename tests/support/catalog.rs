//! Catalog queries used to check lock rules: relations of a schema, locks held or awaited by
//! a backend, and resolution of the classifier's relation references to OIDs.

use std::collections::{BTreeMap, HashMap};

use migguard::locks::{LockMode, RelationRef};
use postgres::Client;

/// The schema every example runs in (recreated for each rule).
pub const SCHEMA: &str = "migguard_live";

/// A relation of the test schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub name: String,
    pub kind: char,
    pub relfilenode: u32,
}

impl Relation {
    /// A relation holding rows: a table, a partitioned table or a materialized view.
    pub fn is_table(&self) -> bool {
        matches!(self.kind, 'r' | 'p' | 'm')
    }
}

fn err(e: postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {} ({})", db.severity(), db.message(), db.code().code()),
        None => e.to_string(),
    }
}

/// Runs SQL text (possibly several statements).
pub fn exec(client: &mut Client, sql: &str) -> Result<(), String> {
    client.batch_execute(sql).map_err(err)
}

/// Relations of the test schema by OID.
pub fn relations(client: &mut Client) -> Result<BTreeMap<u32, Relation>, String> {
    let rows = client
        .query(
            "SELECT c.oid, c.relname::text, c.relkind::text, c.relfilenode FROM pg_class c \
             WHERE c.relnamespace = to_regnamespace($1)::oid",
            &[&SCHEMA],
        )
        .map_err(err)?;
    Ok(rows
        .iter()
        .map(|r| {
            let kind: String = r.get(2);
            let oid: postgres::types::Oid = r.get(0);
            let relfilenode: postgres::types::Oid = r.get(3);
            (
                oid,
                Relation {
                    name: r.get(1),
                    kind: kind.chars().next().unwrap_or('?'),
                    relfilenode,
                },
            )
        })
        .collect())
}

/// Scan counters of the current transaction for the given relations.
pub fn xact_scans(client: &mut Client, oids: &[u32]) -> Result<HashMap<u32, i64>, String> {
    let mut out = HashMap::new();
    for &oid in oids {
        let row = client
            .query_one("SELECT pg_stat_get_xact_numscans($1)", &[&oid])
            .map_err(err)?;
        out.insert(oid, row.get(0));
    }
    Ok(out)
}

/// Cumulative (flushed) scan counters.
pub fn flushed_scans(client: &mut Client, oid: u32) -> Result<i64, String> {
    exec(client, "SELECT pg_stat_clear_snapshot()")?;
    let row = client
        .query_one("SELECT pg_stat_get_numscans($1)", &[&oid])
        .map_err(err)?;
    Ok(row.get(0))
}

/// Strongest granted relation lock per OID held by this backend (or by `pid`).
pub fn held_locks(client: &mut Client, pid: Option<i32>) -> Result<HashMap<u32, LockMode>, String> {
    let rows = client
        .query(
            "SELECT relation, mode FROM pg_locks WHERE locktype = 'relation' AND granted \
             AND pid = coalesce($1, pg_backend_pid()) \
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            &[&pid],
        )
        .map_err(err)?;
    let mut out: HashMap<u32, LockMode> = HashMap::new();
    for r in rows {
        let oid: postgres::types::Oid = r.get(0);
        let mode: String = r.get(1);
        if let Some(mode) = LockMode::from_pg_locks_name(&mode) {
            let entry = out.entry(oid).or_insert(mode);
            *entry = (*entry).max(mode);
        }
    }
    Ok(out)
}

/// The relation lock `pid` is waiting for, if any.
pub fn awaited_lock(client: &mut Client, pid: i32) -> Result<Option<(u32, LockMode)>, String> {
    let rows = client
        .query("SELECT relation, mode FROM pg_locks WHERE locktype = 'relation' AND NOT granted AND pid = $1", &[&pid])
        .map_err(err)?;
    Ok(rows.first().and_then(|r| {
        let oid: postgres::types::Oid = r.get(0);
        let mode: String = r.get(1);
        LockMode::from_pg_locks_name(&mode).map(|m| (oid, m))
    }))
}

fn unqualified(name: &str) -> &str {
    name.rsplit_once('.').map(|(_, n)| n).unwrap_or(name)
}

fn oids(
    client: &mut Client,
    sql: &str,
    params: &[&(dyn postgres::types::ToSql + Sync)],
) -> Result<Vec<u32>, String> {
    Ok(client
        .query(sql, params)
        .map_err(err)?
        .iter()
        .map(|r| r.get::<_, postgres::types::Oid>(0))
        .collect())
}

fn oid_of(client: &mut Client, name: &str) -> Result<Option<u32>, String> {
    Ok(oids(
        client,
        "SELECT oid FROM pg_class WHERE relnamespace = to_regnamespace($1)::oid AND relname = $2",
        &[&SCHEMA, &unqualified(name)],
    )?
    .first()
    .copied())
}

/// Resolves a classifier relation reference to OIDs, using the catalog as it is now.
/// A name that does not exist yet resolves to nothing (the caller retries after the statement).
pub fn resolve(client: &mut Client, relation: &RelationRef) -> Result<Vec<u32>, String> {
    match relation {
        RelationRef::Named { name } => Ok(oid_of(client, name)?.into_iter().collect()),
        RelationRef::TableOfIndex { index } => match oid_of(client, index)? {
            Some(i) => oids(client, "SELECT indrelid FROM pg_index WHERE indexrelid = $1", &[&i]),
            None => Ok(vec![]),
        },
        RelationRef::IndexesOfTable { table } => match oid_of(client, table)? {
            Some(t) => oids(client, "SELECT indexrelid FROM pg_index WHERE indrelid = $1", &[&t]),
            None => Ok(vec![]),
        },
        RelationRef::ReferencedByConstraint { table, constraint } => match oid_of(client, table)? {
            Some(t) => oids(
                client,
                "SELECT confrelid FROM pg_constraint WHERE conrelid = $1 AND conname = $2 AND contype = 'f'",
                &[&t, &constraint.as_str()],
            ),
            None => Ok(vec![]),
        },
        RelationRef::ReferencedByForeignKeys { table, column } => match oid_of(client, table)? {
            Some(t) => oids(
                client,
                "SELECT DISTINCT c.confrelid FROM pg_constraint c WHERE c.conrelid = $1 AND c.contype = 'f' \
                 AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.conrelid \
                      AND a.attname = $2 AND a.attnum = ANY (c.conkey)))",
                &[&t, &column.as_deref()],
            ),
            None => Ok(vec![]),
        },
        RelationRef::ReadByView { view } => match oid_of(client, view)? {
            Some(v) => oids(
                client,
                "SELECT DISTINCT d.refobjid FROM pg_rewrite r JOIN pg_depend d \
                 ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid \
                 WHERE r.ev_class = $1 AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> $1",
                &[&v],
            ),
            None => Ok(vec![]),
        },
        RelationRef::ReferencingForeignKeys { table } => match oid_of(client, table)? {
            Some(t) => oids(
                client,
                "SELECT DISTINCT conrelid FROM pg_constraint WHERE confrelid = $1 AND contype = 'f' AND conrelid <> $1",
                &[&t],
            ),
            None => Ok(vec![]),
        },
    }
}

/// Current column types of the test schema, keyed `table.column`, as `format_type` spells them.
pub fn column_types(client: &mut Client) -> Result<HashMap<String, String>, String> {
    let rows = client
        .query(
            "SELECT c.relname::text || '.' || a.attname::text, format_type(a.atttypid, a.atttypmod) \
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             WHERE c.relnamespace = to_regnamespace($1)::oid AND a.attnum > 0 AND NOT a.attisdropped",
            &[&SCHEMA],
        )
        .map_err(err)?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// Whether the session is inside a transaction block: two statements then share one
/// transaction id, while outside a block each statement is its own transaction. (Assigns a
/// transaction id inside the block, which takes no relation lock.)
pub fn in_transaction_block(client: &mut Client) -> Result<bool, String> {
    let mut xid = || -> Result<i64, String> {
        Ok(client
            .query_one("SELECT txid_current()", &[])
            .map_err(err)?
            .get(0))
    };
    let first = xid()?;
    Ok(xid()? == first)
}

/// The SQLSTATE of an error, if it came from the server.
pub fn sqlstate(e: &postgres::Error) -> Option<String> {
    e.code().map(|c| c.code().to_string())
}
