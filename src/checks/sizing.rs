//! The size stage, after the rules: with a stats file (`check --stats`), every finding on a
//! table the stats know gets the table's size in its message and as `table_size`, and the
//! findings of rules whose harm grows with the table (a rewrite, a scan or an index build
//! under a lock: [`super::Rule::scales_with_table`]) are graded by it: below the small-table
//! threshold they drop to info, above the large-table one they are errors.
//!
//! Rules whose hazard does not depend on the size (old code breaking, a failing migrate, an
//! irreversible drop) keep their severity; they only show the size.

use serde::Serialize;

use super::finding::{Finding, Level};
use super::registry::rule;
use crate::stats::size::{format_bytes, format_rows};
use crate::stats::{DatabaseStats, TableStats};

/// When a table is small or large: by total size, and optionally by estimated rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeThresholds {
    /// Below this (and below `small_rows` if set) a table is small. Default 10 MB.
    pub small_bytes: u64,
    pub small_rows: Option<u64>,
    /// At or above this (or `large_rows` if set) a table is large. Default 1 GB.
    pub large_bytes: u64,
    pub large_rows: Option<u64>,
}

impl Default for SizeThresholds {
    fn default() -> Self {
        SizeThresholds {
            small_bytes: 10 << 20,
            small_rows: None,
            large_bytes: 1 << 30,
            large_rows: None,
        }
    }
}

/// A table's place against the thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SizeClass {
    Small,
    Medium,
    Large,
    /// Never analysed: neither rows nor size are known.
    Unknown,
}

/// What the size stage adds to a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableSize {
    /// `schema.name` as in the stats file.
    pub table: String,
    pub rows: Option<u64>,
    pub total_bytes: Option<u64>,
    pub class: SizeClass,
    /// The severity before the size stage graded it (after `[severity]`).
    pub rule_severity: Level,
}

impl SizeThresholds {
    /// Where `table` stands.
    pub fn classify(&self, table: &TableStats) -> SizeClass {
        let Some(bytes) = table.total_bytes else {
            return SizeClass::Unknown;
        };
        let rows = table.rows.unwrap_or(0);
        if bytes >= self.large_bytes || self.large_rows.is_some_and(|limit| rows >= limit) {
            SizeClass::Large
        } else if bytes < self.small_bytes && self.small_rows.is_none_or(|limit| rows < limit) {
            SizeClass::Small
        } else {
            SizeClass::Medium
        }
    }
}

/// "9.8M rows, 12 GB" (or what is unknown).
pub fn describe(table: &TableStats) -> String {
    match (table.rows, table.total_bytes) {
        (Some(rows), Some(bytes)) => format!("{}, {}", format_rows(rows), format_bytes(bytes)),
        _ => "size unknown (never analysed)".to_string(),
    }
}

/// Adds sizes to the findings on known tables and grades the size-dependent ones.
pub fn apply(findings: &mut [Finding], stats: &DatabaseStats, thresholds: &SizeThresholds) {
    for finding in findings {
        let Some(table) = finding.table.as_deref().and_then(|name| stats.table(name)) else {
            continue;
        };
        let class = thresholds.classify(table);
        let size = describe(table);
        finding.message = format!("{}; {}: {size}", finding.message, table.name);
        finding.table_size = Some(TableSize {
            table: format!("{}.{}", table.schema, table.name),
            rows: table.rows,
            total_bytes: table.total_bytes,
            class,
            rule_severity: finding.severity,
        });
        let scales = rule(finding.rule).is_some_and(|rule| rule.scales_with_table);
        let graded = match class {
            SizeClass::Small if scales => Some((
                Level::Info,
                format!(
                    "below the small-table threshold ({})",
                    format_bytes(thresholds.small_bytes)
                ),
            )),
            SizeClass::Large if scales => Some((
                Level::Error,
                format!(
                    "at or above the large-table threshold ({})",
                    format_bytes(thresholds.large_bytes)
                ),
            )),
            _ => None,
        };
        let source = format!(
            "size of {} from the stats of database {} read at {}",
            table.name, stats.database, stats.collected_at
        );
        match graded {
            Some((level, why)) if level != finding.severity => {
                finding.notes.push(format!(
                    "{source}: {why}, so {level} instead of {}",
                    finding.severity
                ));
                finding.severity = level;
            }
            _ => finding.notes.push(source),
        }
    }
}
