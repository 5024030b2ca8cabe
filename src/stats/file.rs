//! The stats file: `"version": 1`, no row data, everything sorted (tables and sequences by
//! schema and name, indexes and constraints by name) so that two runs on the same database
//! differ only where the database did.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// The format version this build writes and reads.
pub const STATS_VERSION: u32 = 1;

/// Everything `migguard stats` records about one database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseStats {
    /// Always [`STATS_VERSION`].
    pub version: u32,
    /// `server_version_num`, e.g. 150004.
    pub server_version_num: u32,
    /// `server_version`, e.g. "15.4 (Debian 15.4-1)".
    pub server_version: String,
    /// `current_database()`.
    pub database: String,
    /// When the catalogs were read (server clock, UTC, RFC 3339).
    pub collected_at: String,
    /// `current_schemas(false)` of the collecting session: how unqualified table names in
    /// migrations are resolved against `tables`.
    pub search_path: Vec<String>,
    /// Every user table (ordinary and partitioned), by schema and name.
    pub tables: Vec<TableStats>,
    /// Every user sequence, by schema and name.
    pub sequences: Vec<SequenceStats>,
}

/// One table. Sizes are `relpages` × block size as of its last VACUUM/ANALYZE/index build:
/// reading them takes no lock on the table (`pg_table_size` would take ACCESS SHARE on it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableStats {
    pub schema: String,
    pub name: String,
    /// `reltuples`; `null` when the table was never analysed or vacuumed (-1): unknown, not 0.
    pub rows: Option<u64>,
    /// Heap (main fork) bytes; `null` when never analysed or vacuumed.
    pub heap_bytes: Option<u64>,
    /// Bytes of its TOAST table (0 without one).
    pub toast_bytes: u64,
    /// Bytes of all its indexes.
    pub index_bytes: u64,
    /// heap + TOAST + indexes; `null` when the heap size is unknown.
    pub total_bytes: Option<u64>,
    pub indexes: Vec<IndexStats>,
    pub constraints: Vec<ConstraintStats>,
}

/// One index of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexStats {
    pub name: String,
    /// `pg_get_indexdef`.
    pub definition: String,
    pub unique: bool,
    pub primary: bool,
    /// `indisvalid`: false for a failed `CREATE INDEX CONCURRENTLY`.
    pub valid: bool,
    pub bytes: u64,
}

/// One constraint of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstraintStats {
    pub name: String,
    /// `primary-key`, `unique`, `foreign-key`, `check`, `exclusion`, `not-null` or `trigger`.
    pub kind: String,
    /// `pg_get_constraintdef`.
    pub definition: String,
    /// `convalidated`: false for a `NOT VALID` constraint not validated yet.
    pub validated: bool,
}

/// One sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SequenceStats {
    pub schema: String,
    pub name: String,
    /// `smallint`, `integer` or `bigint`.
    pub data_type: String,
    /// The last value handed out; `null` when none was yet, or the role may not read it
    /// (`readable` says which).
    pub last_value: Option<i64>,
    /// Whether the collecting role could read the value (SELECT on the sequence, USAGE on its schema).
    pub readable: bool,
    pub min_value: i64,
    pub max_value: i64,
    pub increment: i64,
    /// The column it belongs to (serial / identity / `OWNED BY`).
    pub owned_by: Option<SequenceOwner>,
}

/// A table column a sequence belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SequenceOwner {
    pub schema: String,
    pub table: String,
    pub column: String,
}

impl SequenceStats {
    /// How much of its range toward `max_value` is used, 0.0..=1.0 (`None` without a value).
    pub fn used_fraction(&self) -> Option<f64> {
        let last = self.last_value?;
        let span = self.max_value as f64 - self.min_value as f64;
        (span > 0.0).then(|| ((last as f64 - self.min_value as f64) / span).clamp(0.0, 1.0))
    }
}

impl DatabaseStats {
    /// The PostgreSQL major version (`server_version_num / 10000`).
    pub fn major_version(&self) -> u32 {
        self.server_version_num / 10_000
    }

    /// A table named as a migration names it: `schema.name`, or an unqualified name
    /// resolved along `search_path`.
    pub fn table(&self, name: &str) -> Option<&TableStats> {
        let find = |schema: &str, table: &str| {
            self.tables
                .iter()
                .find(|t| t.schema == schema && t.name == table)
        };
        match name.split_once('.') {
            Some((schema, table)) => find(schema, table),
            None => self
                .search_path
                .iter()
                .find_map(|schema| find(schema, name)),
        }
    }

    /// The sequence owned by `table.column` (table named as in [`Self::table`]).
    pub fn sequence_of(&self, table: &str, column: &str) -> Option<&SequenceStats> {
        let table = self.table(table)?;
        self.sequences.iter().find(|s| {
            s.owned_by.as_ref().is_some_and(|owner| {
                owner.schema == table.schema && owner.table == table.name && owner.column == column
            })
        })
    }

    /// Sorts everything into the file's order.
    pub fn sort(&mut self) {
        self.tables
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        for table in &mut self.tables {
            table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            table.constraints.sort_by(|a, b| a.name.cmp(&b.name));
        }
        self.sequences
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
    }

    /// The file's text: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("stats serialise");
        text.push('\n');
        text
    }

    /// Reads a stats file; the message names the file and what is wrong.
    pub fn load(path: &Path) -> Result<DatabaseStats, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read stats file {}: {e}", path.display()))?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("stats file {} is not JSON: {e}", path.display()))?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(STATS_VERSION) => {}
            Some(v) => {
                return Err(format!(
                    "stats file {} has version {v}; this migguard reads version {STATS_VERSION} (run `migguard stats` again)",
                    path.display()
                ))
            }
            None => {
                return Err(format!(
                    "stats file {} has no \"version\": not a migguard stats file",
                    path.display()
                ))
            }
        }
        serde_json::from_value(value).map_err(|e| format!("stats file {}: {e}", path.display()))
    }
}
