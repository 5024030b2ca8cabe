//! Reads a live database's catalogs into a [`DatabaseStats`], in one `REPEATABLE READ READ
//! ONLY` transaction (one snapshot for every query).
//!
//! Only catalogs and catalog functions are read (`pg_class`, `pg_namespace`, `pg_index`,
//! `pg_constraint`, `pg_depend`, `pg_attribute`, `pg_sequence`, settings); sizes come from
//! `relpages` (see [`super::file::TableStats`]), not from `pg_table_size`, which opens the
//! table. The exception: `pg_get_indexdef` and `pg_get_constraintdef` open each table for a
//! moment under ACCESS SHARE (to read its column names) and release it at once. That lock
//! conflicts only with ACCESS EXCLUSIVE; against a table a migration holds, the session's
//! `lock_timeout` ends the run with a clear error rather than queueing.
//! Each sequence is read for its last value (`SELECT last_value FROM seq`: ACCESS SHARE on
//! the sequence, which conflicts only with ACCESS EXCLUSIVE; `pg_sequences` would take ROW
//! EXCLUSIVE). It needs SELECT on the sequence and USAGE on its schema; without them the
//! value is recorded as not readable.

use std::collections::BTreeMap;

use postgres::{Client, IsolationLevel, Transaction};

use crate::db::describe_error;

use super::file::{
    ConstraintStats, DatabaseStats, IndexStats, SequenceOwner, SequenceStats, TableStats,
    STATS_VERSION,
};

/// Schemas that hold no user tables.
const USER_SCHEMAS: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema') \
     AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

/// Opens a read-only repeatable-read transaction on `client`, reads the stats, and ends it.
pub fn collect(client: &mut Client) -> Result<DatabaseStats, String> {
    let mut transaction = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(|e| format!("BEGIN READ ONLY: {}", describe_error(&e)))?;
    let stats = collect_in(&mut transaction)?;
    transaction
        .rollback()
        .map_err(|e| format!("ending the read-only transaction: {}", describe_error(&e)))?;
    Ok(stats)
}

/// Reads the stats inside an open transaction (which the caller ends).
pub fn collect_in(transaction: &mut Transaction<'_>) -> Result<DatabaseStats, String> {
    let header = transaction
        .query_one(
            "SELECT current_setting('server_version_num')::int4, current_setting('server_version'), \
                    current_database()::text, \
                    to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
                    current_schemas(false)::text[], current_setting('block_size')::int8",
            &[],
        )
        .map_err(|e| format!("reading the server version and settings: {}", describe_error(&e)))?;
    let block_size = header.get::<_, i64>(5).max(0) as u64;
    let mut tables = read_tables(transaction, block_size)?;
    read_indexes(transaction, block_size, &mut tables)?;
    read_constraints(transaction, &mut tables)?;
    let mut stats = DatabaseStats {
        version: STATS_VERSION,
        server_version_num: header.get::<_, i32>(0).max(0) as u32,
        server_version: header.get(1),
        database: header.get(2),
        collected_at: header.get(3),
        search_path: header.get(4),
        tables: tables.into_values().collect(),
        sequences: read_sequences(transaction)?,
    };
    stats.sort();
    Ok(stats)
}

fn pages(value: i64, block_size: u64) -> u64 {
    value.max(0) as u64 * block_size
}

fn read_tables(
    transaction: &mut Transaction<'_>,
    block_size: u64,
) -> Result<BTreeMap<u32, TableStats>, String> {
    let rows = transaction
        .query(
            &format!(
                "SELECT c.oid, n.nspname::text, c.relname::text, c.reltuples::float8, \
                        c.relpages::int8, COALESCE(t.relpages, 0)::int8 \
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 LEFT JOIN pg_class t ON t.oid = c.reltoastrelid \
                 WHERE c.relkind IN ('r', 'p') AND {USER_SCHEMAS}"
            ),
            &[],
        )
        .map_err(|e| format!("reading tables (pg_class): {}", describe_error(&e)))?;
    Ok(rows
        .iter()
        .map(|row| {
            let reltuples: f64 = row.get(3);
            // -1 (PostgreSQL 14+): never vacuumed or analysed; relpages is not known either.
            let known = reltuples >= 0.0;
            let heap = known.then(|| pages(row.get(4), block_size));
            let table = TableStats {
                schema: row.get(1),
                name: row.get(2),
                rows: known.then_some(reltuples.round() as u64),
                heap_bytes: heap,
                toast_bytes: pages(row.get(5), block_size),
                index_bytes: 0,
                total_bytes: None,
                indexes: Vec::new(),
                constraints: Vec::new(),
            };
            (row.get::<_, u32>(0), table)
        })
        .collect())
}

fn read_indexes(
    transaction: &mut Transaction<'_>,
    block_size: u64,
    tables: &mut BTreeMap<u32, TableStats>,
) -> Result<(), String> {
    let rows = transaction
        .query(
            "SELECT i.indrelid, ic.relname::text, pg_get_indexdef(i.indexrelid), i.indisunique, \
                    i.indisprimary, i.indisvalid, ic.relpages::int8 \
             FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid",
            &[],
        )
        .map_err(|e| format!("reading indexes (pg_index): {}", describe_error(&e)))?;
    for row in rows {
        let Some(table) = tables.get_mut(&row.get::<_, u32>(0)) else {
            continue;
        };
        let bytes = pages(row.get(6), block_size);
        table.index_bytes += bytes;
        table.indexes.push(IndexStats {
            name: row.get(1),
            definition: row.get(2),
            unique: row.get(3),
            primary: row.get(4),
            valid: row.get(5),
            bytes,
        });
    }
    for table in tables.values_mut() {
        table.total_bytes = table
            .heap_bytes
            .map(|heap| heap + table.toast_bytes + table.index_bytes);
    }
    Ok(())
}

fn constraint_kind(contype: &str) -> String {
    match contype {
        "p" => "primary-key",
        "u" => "unique",
        "f" => "foreign-key",
        "c" => "check",
        "x" => "exclusion",
        "n" => "not-null",
        "t" => "trigger",
        other => other,
    }
    .to_string()
}

fn read_constraints(
    transaction: &mut Transaction<'_>,
    tables: &mut BTreeMap<u32, TableStats>,
) -> Result<(), String> {
    let rows = transaction
        .query(
            "SELECT conrelid, conname::text, contype::text, pg_get_constraintdef(oid), convalidated \
             FROM pg_constraint WHERE conrelid <> 0",
            &[],
        )
        .map_err(|e| format!("reading constraints (pg_constraint): {}", describe_error(&e)))?;
    for row in rows {
        if let Some(table) = tables.get_mut(&row.get::<_, u32>(0)) {
            table.constraints.push(ConstraintStats {
                name: row.get(1),
                kind: constraint_kind(row.get(2)),
                definition: row.get(3),
                validated: row.get(4),
            });
        }
    }
    Ok(())
}

fn read_sequences(transaction: &mut Transaction<'_>) -> Result<Vec<SequenceStats>, String> {
    let rows = transaction
        .query(
            &format!(
                "SELECT n.nspname::text, c.relname::text, format_type(s.seqtypid, NULL), \
                        has_sequence_privilege(c.oid, 'SELECT') AND has_schema_privilege(n.oid, 'USAGE'), s.seqmin, s.seqmax, \
                        s.seqincrement, tn.nspname::text, t.relname::text, a.attname::text \
                 FROM pg_sequence s \
                 JOIN pg_class c ON c.oid = s.seqrelid \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid \
                      AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 \
                      AND d.deptype IN ('a', 'i') \
                 LEFT JOIN pg_class t ON t.oid = d.refobjid \
                 LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace \
                 LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
                 WHERE {USER_SCHEMAS}"
            ),
            &[],
        )
        .map_err(|e| format!("reading sequences (pg_sequence): {}", describe_error(&e)))?;
    let mut sequences = Vec::with_capacity(rows.len());
    for row in rows {
        let owner = match (
            row.get::<_, Option<String>>(7),
            row.get::<_, Option<String>>(8),
            row.get::<_, Option<String>>(9),
        ) {
            (Some(schema), Some(table), Some(column)) => Some(SequenceOwner {
                schema,
                table,
                column,
            }),
            _ => None,
        };
        let schema: String = row.get(0);
        let name: String = row.get(1);
        let readable: bool = row.get(3);
        let last_value = if readable {
            last_value(transaction, &schema, &name)?
        } else {
            None
        };
        sequences.push(SequenceStats {
            schema,
            name,
            data_type: row.get(2),
            last_value,
            readable,
            min_value: row.get(4),
            max_value: row.get(5),
            increment: row.get(6),
            owned_by: owner,
        });
    }
    Ok(sequences)
}

/// The sequence's last value handed out (`None` before the first `nextval`). A plain SELECT
/// of the sequence: ACCESS SHARE on it, where `pg_sequences` would take ROW EXCLUSIVE.
fn last_value(
    transaction: &mut Transaction<'_>,
    schema: &str,
    name: &str,
) -> Result<Option<i64>, String> {
    let relation = format!("{}.{}", quote_ident(schema), quote_ident(name));
    transaction
        .query_one(
            &format!("SELECT CASE WHEN is_called THEN last_value END FROM {relation}"),
            &[],
        )
        .map(|row| row.get(0))
        .map_err(|e| format!("reading sequence {relation}: {}", describe_error(&e)))
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
