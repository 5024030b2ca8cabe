//! What the rules read about one migration: its operations as parsed, the SQL Django runs
//! for each, the lock analysis of every statement, and which tables carry traffic.

use std::collections::BTreeSet;
use std::path::Path;

use crate::ddl::{MigrationSql, ModelChange, OperationSql};
use crate::ir::{Migration, MigrationKey, Operation, Span};
use crate::locks::transaction::{MigrationLocks, StatementOrigin, TimedStatement};
use crate::locks::{ClassifiedStatement, Form, LockMode, TargetRole};

use super::finding::{Category, Finding, Level};
use crate::stats::DatabaseStats;

/// One migration, with everything the earlier stages know about it.
pub struct MigrationFacts<'a> {
    pub key: &'a MigrationKey,
    pub path: &'a Path,
    /// The file's text (empty when it could not be read again): spans index into it.
    pub source: &'a str,
    pub migration: &'a Migration,
    pub sql: &'a MigrationSql,
    pub locks: &'a MigrationLocks,
    /// Tables created by migrations of the checked change that run before this one.
    pub change_set_tables: &'a BTreeSet<String>,
    /// The production database's stats (`check --stats`), if given.
    pub stats: Option<&'a DatabaseStats>,
    /// For each statement of `locks.statements`, the operation it belongs to (deferred
    /// statements belong to the operation that queued them).
    owners: Vec<usize>,
    /// The tables this migration creates, with the index of the statement creating each.
    created_here: Vec<(usize, &'a str)>,
}

/// A statement with its position in the migration.
#[derive(Clone, Copy)]
pub struct StatementRef<'a> {
    pub index: usize,
    pub operation: usize,
    pub timed: &'a TimedStatement,
}

impl<'a> StatementRef<'a> {
    pub fn classified(&self) -> Option<&'a ClassifiedStatement> {
        self.timed.classified.as_ref()
    }

    pub fn has_form(&self, form: Form) -> bool {
        self.classified().is_some_and(|c| c.forms.contains(&form))
    }

    pub fn text(&self) -> &'a str {
        &self.timed.text
    }

    /// The table the statement works on (the first named relation locked in the table role).
    pub fn table(&self) -> Option<&'a str> {
        self.classified()?
            .locks
            .iter()
            .filter(|lock| lock.role == TargetRole::Table && lock.condition.is_none())
            .find_map(|lock| lock.relation.name())
    }

    /// The strongest unconditional lock the statement takes on its table.
    pub fn table_lock(&self) -> Option<LockMode> {
        self.classified()?
            .locks
            .iter()
            .filter(|lock| lock.role == TargetRole::Table && lock.condition.is_none())
            .map(|lock| lock.mode)
            .max()
    }

    pub fn is_run_sql(&self) -> bool {
        self.timed.origin == StatementOrigin::RunSql
    }
}

impl<'a> MigrationFacts<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        key: &'a MigrationKey,
        path: &'a Path,
        source: &'a str,
        migration: &'a Migration,
        sql: &'a MigrationSql,
        locks: &'a MigrationLocks,
        change_set_tables: &'a BTreeSet<String>,
    ) -> Self {
        let operation_count = sql.operations.len();
        let mut deferred = sql.deferred.iter();
        let owners = locks
            .statements
            .iter()
            .map(|statement| {
                if statement.operation < operation_count {
                    statement.operation
                } else {
                    deferred
                        .next()
                        .map(|item| item.operation)
                        .unwrap_or(operation_count.saturating_sub(1))
                }
            })
            .collect();
        let mut created_here = Vec::new();
        for (index, statement) in locks.statements.iter().enumerate() {
            if let Some(classified) = &statement.classified {
                if classified.forms.contains(&Form::CreateTable) {
                    created_here.extend(
                        classified
                            .locks
                            .iter()
                            .filter(|lock| lock.role == TargetRole::Table)
                            .filter_map(|lock| lock.relation.name())
                            .map(|table| (index, table)),
                    );
                }
            }
        }
        MigrationFacts {
            key,
            path,
            source,
            migration,
            sql,
            locks,
            change_set_tables,
            stats: None,
            owners,
            created_here,
        }
    }

    /// The same facts with the database's stats.
    pub fn with_stats(self, stats: Option<&'a DatabaseStats>) -> Self {
        MigrationFacts { stats, ..self }
    }

    /// Every statement, in execution order.
    pub fn statements(&self) -> impl Iterator<Item = StatementRef<'a>> + '_ {
        self.locks
            .statements
            .iter()
            .enumerate()
            .map(|(index, timed)| StatementRef {
                index,
                operation: self.owners[index],
                timed,
            })
    }

    /// The statements of one operation, deferred ones included.
    pub fn statements_of(&self, operation: usize) -> impl Iterator<Item = StatementRef<'a>> + '_ {
        self.statements()
            .filter(move |statement| statement.operation == operation)
    }

    /// Whether `table` already exists with traffic when the statement runs: not created
    /// earlier in this migration nor by an earlier migration of the checked change.
    pub fn carries_traffic(&self, statement: &StatementRef<'_>, table: &str) -> bool {
        !self.change_set_tables.contains(table)
            && !self
                .created_here
                .iter()
                .any(|(index, created)| *index < statement.index && *created == table)
    }

    /// The statement's table, if it has one that carries traffic.
    pub fn busy_table(&self, statement: &StatementRef<'a>) -> Option<&'a str> {
        statement
            .table()
            .filter(|table| self.carries_traffic(statement, table))
    }

    pub fn operation(&self, index: usize) -> Option<&'a Operation> {
        self.migration.operations.get(index)
    }

    pub fn operation_sql(&self, index: usize) -> Option<&'a OperationSql> {
        self.sql.operations.get(index)
    }

    /// The models operation `index` changed, before and after it.
    pub fn model_changes(&self, index: usize) -> &'a [ModelChange] {
        self.sql
            .operations
            .get(index)
            .map(|operation| operation.models.as_slice())
            .unwrap_or(&[])
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &'a str {
        self.source
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    /// A finding of `rule` on operation `index`, at the operation's span.
    pub fn finding(
        &self,
        rule: &'static str,
        severity: Level,
        categories: &[Category],
        operation: usize,
        message: impl Into<String>,
    ) -> Finding {
        let span = self
            .operation(operation)
            .map(|operation| operation.span)
            .unwrap_or(self.migration.span);
        Finding {
            rule,
            severity,
            categories: categories.to_vec(),
            migration: self.key.clone(),
            path: self.path.to_path_buf(),
            span,
            operation: Some(operation),
            message: message.into(),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            statement: None,
            one_off_values: Vec::new(),
            table: None,
            fix: None,
            table_size: None,
        }
    }

    /// A finding about the migration as a whole, at its `class Migration` line.
    pub fn migration_finding(
        &self,
        rule: &'static str,
        severity: Level,
        categories: &[Category],
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            operation: None,
            span: self.migration.span,
            ..self.finding(rule, severity, categories, 0, message)
        }
    }

    /// "held until the migration commits" / "released when the statement ends".
    pub fn held_until(&self, statement: &StatementRef<'_>) -> String {
        if statement.timed.transaction.is_none() {
            return "released when the statement ends (atomic = False)".to_string();
        }
        let last = statement.timed.held_until;
        if self.locks.atomic {
            if last + 1 >= self.locks.statements.len() {
                "held until the migration commits".to_string()
            } else {
                format!("held until statement {} commits", last + 1)
            }
        } else {
            "held until its RunPython transaction commits".to_string()
        }
    }
}
