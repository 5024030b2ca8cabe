//! One file per rule: its detection, its staged fix and its tests; its documentation is the
//! Markdown file of the same name beside it.

pub mod adding_not_null_column;
pub mod check_constraint_validated;
pub mod column_type_change;
pub mod concurrently_in_atomic;
pub mod drop_column;
pub mod drop_index_not_concurrent;
pub mod drop_table;
pub mod foreign_key_validated;
pub mod index_not_concurrent;
pub mod lock_held_across_slow_work;
pub mod missing_lock_timeout;
pub mod modified_migration;
pub mod not_analysed;
pub mod rename_column;
pub mod rename_table;
pub mod run_python_irreversible;
pub mod run_python_with_schema_change;
pub mod run_sql_data_change;
pub mod run_sql_irreversible;
pub mod sequence_near_exhaustion;
pub mod set_not_null;
pub mod unique_constraint;
pub mod unique_with_callable_default;
pub mod volatile_default;

#[cfg(test)]
pub(crate) mod testing;

use std::collections::BTreeMap;

use super::facts::{MigrationFacts, StatementRef};
use super::finding::{Category, Finding, Level};

/// The statements of each operation that `matches`, on tables that carry traffic, grouped by
/// operation in order: rules that stand on a statement report once per operation.
pub(crate) fn matching_statements<'a>(
    facts: &'a MigrationFacts<'a>,
    matches: impl Fn(&StatementRef<'a>) -> bool,
) -> BTreeMap<usize, Vec<StatementRef<'a>>> {
    let mut grouped: BTreeMap<usize, Vec<StatementRef<'a>>> = BTreeMap::new();
    for statement in facts.statements() {
        if facts.busy_table(&statement).is_some() && matches(&statement) {
            grouped
                .entry(statement.operation)
                .or_default()
                .push(statement);
        }
    }
    grouped
}

/// "ACCESS EXCLUSIVE on shop_order blocks reads and writes, held until the migration commits".
pub(crate) fn lock_note(
    facts: &MigrationFacts<'_>,
    statement: &StatementRef<'_>,
) -> Option<String> {
    let mode = statement.table_lock()?;
    let table = statement.table()?;
    Some(format!(
        "{} on {table} {}, {}",
        mode.sql_name(),
        mode.blocking().summary(),
        facts.held_until(statement)
    ))
}

/// A finding standing on the first of `statements`, with the lock note of each and the
/// statements listed when there are several.
pub(crate) fn statement_finding(
    facts: &MigrationFacts<'_>,
    rule: &'static str,
    severity: Level,
    categories: &[Category],
    operation: usize,
    statements: &[StatementRef<'_>],
    message: String,
) -> Finding {
    let mut finding = facts.finding(rule, severity, categories, operation, message);
    if let Some(first) = statements.first() {
        finding.statement = Some(first.text().to_string());
        finding.table = first.table().map(str::to_string);
        if let Some(note) = lock_note(facts, first) {
            finding.notes.push(note);
        }
    }
    for other in statements.iter().skip(1) {
        finding
            .notes
            .push(format!("also: {}", one_line(other.text())));
    }
    finding
}

/// A statement on one line, for notes.
pub(crate) fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a statement's text starts with the given keywords (case-insensitive, any spacing).
pub(crate) fn starts_with_words(sql: &str, words: &[&str]) -> bool {
    let mut tokens = sql.split_whitespace();
    words.iter().all(|word| {
        tokens
            .next()
            .is_some_and(|token| token.eq_ignore_ascii_case(word))
    })
}

/// Whether the text contains the keyword as a whole word (case-insensitive).
pub(crate) fn has_word(sql: &str, word: &str) -> bool {
    sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|token| token.eq_ignore_ascii_case(word))
}
