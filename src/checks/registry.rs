//! Every rule, one line each: name, default severity, the categories it can report, whether
//! it is on by default, whether it offers a staged fix, whether it grows with the table (graded
//! by size with a stats file), its check and its documentation.

use super::facts::MigrationFacts;
use super::finding::{Category, Finding, Level};
use super::rules::*;

use Category::*;
use Level::*;

/// A deploy-hazard rule.
pub struct Rule {
    /// Stable kebab-case name, used in output, configuration and suppressions.
    pub name: &'static str,
    pub severity: Level,
    /// The categories its findings can carry.
    pub categories: &'static [Category],
    /// Off-by-default rules run only when selected.
    pub default_enabled: bool,
    pub has_fix: bool,
    /// How bad its findings are grows with the table (a rewrite, a scan or an index build
    /// under a lock): with a stats file, the size stage grades them by table size.
    pub scales_with_table: bool,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// The rule's documentation (Markdown): what, why it breaks a deploy, when it does not
    /// apply, the fix.
    pub doc: &'static str,
    pub check: fn(&MigrationFacts<'_>, &mut Vec<Finding>),
}

macro_rules! rule {
    ($module:ident, $name:literal, $severity:expr, [$($category:expr),*], $enabled:expr, $fix:expr, $scales:expr, $summary:literal) => {
        Rule {
            name: $name,
            severity: $severity,
            categories: &[$($category),*],
            default_enabled: $enabled,
            has_fix: $fix,
            scales_with_table: $scales,
            summary: $summary,
            doc: include_str!(concat!("rules/", stringify!($module), ".md")),
            check: $module::check,
        }
    };
}

/// The registry. Order is documentation order.
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    rule!(adding_not_null_column, "adding-not-null-column", Error, [BreaksOldCode, RuntimeFailure], true, true, false, "a NOT NULL column without a database default"),
    rule!(volatile_default, "volatile-default", Error, [Rewrite, BlocksReads, BlocksWrites], true, false, true, "a column whose default or generation rewrites the table"),
    rule!(unique_with_callable_default, "unique-with-callable-default", Error, [RuntimeFailure], true, false, false, "a unique column whose callable default gives every existing row one value"),
    rule!(column_type_change, "column-type-change", Error, [Rewrite, BlocksReads, BlocksWrites], true, false, true, "a column type change that rewrites the table"),
    rule!(set_not_null, "set-not-null", Error, [BlocksReads, BlocksWrites, BreaksOldCode], true, true, false, "SET NOT NULL on an existing column"),
    rule!(drop_column, "drop-column", Error, [BreaksOldCode, Irreversible], true, true, false, "a column dropped while old code still reads it"),
    rule!(drop_table, "drop-table", Error, [BreaksOldCode, Irreversible], true, true, false, "a table dropped while old code still reads it"),
    rule!(rename_column, "rename-column", Error, [BreaksOldCode], true, true, false, "a column renamed under old code"),
    rule!(rename_table, "rename-table", Error, [BreaksOldCode], true, true, false, "a table renamed under old code"),
    rule!(index_not_concurrent, "index-not-concurrent", Warning, [BlocksWrites], true, true, true, "an index built without CONCURRENTLY"),
    rule!(drop_index_not_concurrent, "drop-index-not-concurrent", Warning, [BlocksReads, BlocksWrites], true, true, false, "an index dropped without CONCURRENTLY"),
    rule!(unique_constraint, "unique-constraint", Warning, [BlocksReads, BlocksWrites, RuntimeFailure], true, true, false, "a unique constraint built under a lock"),
    rule!(foreign_key_validated, "foreign-key-validated", Warning, [BlocksWrites], true, true, true, "a foreign key validated under a lock"),
    rule!(check_constraint_validated, "check-constraint-validated", Warning, [BlocksReads, BlocksWrites], true, true, true, "a CHECK constraint validated under a lock"),
    rule!(concurrently_in_atomic, "concurrently-in-atomic", Error, [RuntimeFailure], true, true, false, "a statement that cannot run in a transaction, in an atomic migration"),
    rule!(lock_held_across_slow_work, "lock-held-across-slow-work", Error, [BlocksReads, BlocksWrites], true, false, true, "a lock held while later slow work runs in the same transaction"),
    rule!(run_python_irreversible, "run-python-irreversible", Warning, [Irreversible], true, false, false, "RunPython without reverse_code"),
    rule!(run_python_with_schema_change, "run-python-with-schema-change", Warning, [DataChange], true, false, false, "RunPython in the same transaction as schema changes"),
    rule!(run_sql_data_change, "run-sql-data-change", Warning, [DataChange], true, false, false, "RunSQL that changes rows without a bound"),
    rule!(run_sql_irreversible, "run-sql-irreversible", Warning, [Irreversible], true, false, false, "RunSQL without reverse_sql"),
    rule!(modified_migration, "modified-migration", Warning, [], true, false, false, "an edit to a migration that existed at the change's base (--base)"),
    rule!(not_analysed, "not-analysed", Warning, [], true, false, false, "something migguard could not analyse"),
    rule!(sequence_near_exhaustion, "sequence-near-exhaustion", Warning, [], true, false, false, "an integer id whose sequence has used more than 70% of its range (needs --stats)"),
    rule!(missing_lock_timeout, "missing-lock-timeout", Info, [BlocksReads, BlocksWrites], false, false, false, "an ACCESS EXCLUSIVE lock taken without lock_timeout (opt-in)"),
];

/// A rule by name.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.name), "duplicate rule {}", rule.name);
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                rule.name
            );
            for section in [
                "## What it finds",
                "## Why it breaks a deploy",
                "## When it does not apply",
                "## Fix",
            ] {
                assert!(
                    rule.doc.contains(section),
                    "{} doc lacks '{section}'",
                    rule.name
                );
            }
            assert!(
                rule.doc.starts_with(&format!("# {}", rule.name)),
                "{} doc title",
                rule.name
            );
        }
    }
}
