//! The transaction model: which locks a migration holds, on which tables, for how long, and
//! what runs while they are held.
//!
//! On PostgreSQL Django runs a migration in one transaction unless `atomic = False`; every
//! lock is then held until the migration commits. In a non-atomic migration each statement
//! commits on its own, except a `RunPython(atomic=True)`, which gets its own transaction.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ddl::{MigrationSql, Statement};

use super::{
    Blocking, ClassifiedStatement, Classifier, Form, LockMode, RelationRef, TargetRole,
    TransactionUse,
};

/// One step of a migration as the database sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Step<'a> {
    /// SQL generated from an operation (one statement).
    Generated(&'a str),
    /// SQL written in a `RunSQL` (may hold several statements).
    RunSql(&'a str),
    /// A `RunPython`: arbitrary queries, unknown to static analysis.
    RunPython { atomic: Option<bool> },
    /// An operation whose SQL could not be derived.
    NotTranslated { reason: &'a str },
}

/// The steps of one operation, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationSteps<'a> {
    /// Django's description of the operation (`Add field total to order`).
    pub description: &'a str,
    pub steps: Vec<Step<'a>>,
}

/// Where a statement came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementOrigin {
    Generated,
    RunSql,
    RunPython,
    NotTranslated,
}

/// One statement in execution order, with its locks and its transaction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimedStatement {
    /// Index of the operation it belongs to.
    pub operation: usize,
    pub origin: StatementOrigin,
    /// The SQL, or a placeholder for `RunPython` / untranslated operations.
    pub text: String,
    /// The lock classification (absent for `RunPython` and untranslated operations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classified: Option<ClassifiedStatement>,
    /// Index of the transaction it runs in (`None`: autocommit, its own transaction).
    pub transaction: Option<usize>,
    /// Index of the last statement before its locks are released.
    pub held_until: usize,
    /// The values in it that Django computes when the migration runs (`timezone.now`,
    /// `uuid.uuid4` defaults), each with this statement's index.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub one_off_values: Vec<crate::ddl::OneOffValue>,
}

/// What a migration does to one table while it holds its strongest lock.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableLock {
    pub table: String,
    /// The strongest mode taken on it in the migration.
    pub mode: LockMode,
    /// What that mode blocks.
    pub blocks: Blocking,
    /// Index of the statement that first took `mode`.
    pub taken_by: usize,
    /// Index of the last statement before it is released (the commit).
    pub held_until: usize,
    /// Statements that run while it is held and take time: rewrites, scans, index builds,
    /// `RunPython`, data changes, untranslated operations.
    pub slow_while_held: Vec<usize>,
    /// Created earlier in this migration or in the checked change set: no traffic reaches it.
    pub new_table: bool,
}

/// A migration that will fail or misbehave because of how it uses transactions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TransactionProblem {
    /// A statement PostgreSQL refuses inside a transaction block (`CONCURRENTLY`) in an atomic
    /// migration: `migrate` fails at run time.
    NotAllowedInTransaction { statement: usize },
}

/// The locks of one migration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MigrationLocks {
    pub atomic: bool,
    pub statements: Vec<TimedStatement>,
    /// One entry per table locked, sorted by table name.
    pub tables: Vec<TableLock>,
    pub problems: Vec<TransactionProblem>,
}

/// The steps of a migration's SQL as Django runs them: each operation's statements in order,
/// then the deferred ones (foreign keys and indexes the schema editor runs when the
/// migration's operations are done), as one last step group.
pub fn migration_steps(migration: &MigrationSql) -> Vec<OperationSteps<'_>> {
    fn step(statement: &Statement) -> Step<'_> {
        match statement {
            Statement::Sql(sql) => Step::Generated(sql),
            Statement::RunSql { sql, .. } => Step::RunSql(sql),
            Statement::RunPython { atomic } => Step::RunPython { atomic: *atomic },
            Statement::NotTranslated { reason } => Step::NotTranslated { reason },
        }
    }
    let mut steps: Vec<OperationSteps<'_>> = migration
        .operations
        .iter()
        .map(|operation| OperationSteps {
            description: &operation.description,
            steps: operation.statements.iter().map(step).collect(),
        })
        .collect();
    if !migration.deferred.is_empty() {
        steps.push(OperationSteps {
            description: "deferred statements, run when the operations are done",
            steps: migration
                .deferred
                .iter()
                .map(|deferred| step(&deferred.statement))
                .collect(),
        });
    }
    steps
}

/// Runs the transaction model over a migration's operations.
///
/// `existing_new_tables` are tables created by migrations of the checked change set before
/// this one: like the tables this migration creates, they carry no traffic yet.
pub fn analyse_migration(
    atomic: bool,
    operations: &[OperationSteps<'_>],
    classifier: &Classifier<'_>,
    existing_new_tables: &BTreeSet<String>,
) -> MigrationLocks {
    let statements = timed_statements(atomic, operations, classifier);
    // Tables this migration creates (those of earlier migrations are looked up where they are).
    let mut created_here: BTreeSet<String> = BTreeSet::new();
    let is_new = |table: &str, created_here: &BTreeSet<String>| {
        created_here.contains(table) || existing_new_tables.contains(table)
    };
    let mut tables: BTreeMap<String, TableLock> = BTreeMap::new();
    let mut problems = Vec::new();
    for (index, statement) in statements.iter().enumerate() {
        let Some(classified) = &statement.classified else {
            continue;
        };
        if classified.forms.contains(&Form::CreateTable) {
            for lock in classified
                .locks
                .iter()
                .filter(|lock| lock.role == TargetRole::Table)
            {
                created_here.insert(relation_label(&lock.relation));
            }
        }
        if atomic && classified.transaction == Some(TransactionUse::Forbidden) {
            problems.push(TransactionProblem::NotAllowedInTransaction { statement: index });
        }
        for lock in &classified.locks {
            if lock.condition.is_some()
                || matches!(lock.role, TargetRole::Index | TargetRole::Sequence)
            {
                continue;
            }
            let table = relation_label(&lock.relation);
            let entry = tables.entry(table.clone()).or_insert_with(|| TableLock {
                table: table.clone(),
                mode: lock.mode,
                blocks: lock.mode.blocking(),
                taken_by: index,
                held_until: statement.held_until,
                slow_while_held: Vec::new(),
                new_table: is_new(&table, &created_here),
            });
            if lock.mode > entry.mode {
                entry.mode = lock.mode;
                entry.blocks = lock.mode.blocking();
                entry.taken_by = index;
            }
            entry.held_until = entry.held_until.max(statement.held_until);
        }
    }
    for lock in tables.values_mut() {
        lock.slow_while_held = (lock.taken_by
            ..=lock.held_until.min(statements.len().saturating_sub(1)))
            .filter(|&index| statements.get(index).is_some_and(is_slow))
            .collect();
    }
    MigrationLocks {
        atomic,
        statements,
        tables: tables.into_values().collect(),
        problems,
    }
}

/// The name shown for a locked relation.
fn relation_label(relation: &RelationRef) -> String {
    match relation {
        RelationRef::Named { name } => name.clone(),
        other => other.to_string(),
    }
}

/// Flattens operations into statements and assigns each its transaction.
fn timed_statements(
    atomic: bool,
    operations: &[OperationSteps<'_>],
    classifier: &Classifier<'_>,
) -> Vec<TimedStatement> {
    let mut statements = Vec::new();
    let mut next_transaction = 0;
    for (operation, steps) in operations.iter().enumerate() {
        for step in &steps.steps {
            let (origin, texts) = match step {
                Step::Generated(sql) => (StatementOrigin::Generated, Some(*sql)),
                Step::RunSql(sql) => (StatementOrigin::RunSql, Some(*sql)),
                Step::RunPython { .. } => (StatementOrigin::RunPython, None),
                Step::NotTranslated { .. } => (StatementOrigin::NotTranslated, None),
            };
            // Outside an atomic migration only `RunPython(atomic=True)` gets a transaction.
            let transaction = if atomic {
                Some(0)
            } else if matches!(step, Step::RunPython { atomic: Some(true) }) {
                next_transaction += 1;
                Some(next_transaction)
            } else {
                None
            };
            match texts {
                Some(sql) => {
                    for classified in classifier.classify(sql) {
                        let text = classified.text.clone();
                        statements.push(TimedStatement {
                            operation,
                            origin,
                            text,
                            classified: Some(classified),
                            transaction,
                            held_until: 0,
                            one_off_values: Vec::new(),
                        });
                    }
                }
                None => {
                    let text = match step {
                        Step::RunPython { .. } => {
                            "-- RunPython: queries unknown to static analysis".to_string()
                        }
                        Step::NotTranslated { reason } => format!("-- not translated: {reason}"),
                        _ => String::new(),
                    };
                    statements.push(TimedStatement {
                        operation,
                        origin,
                        text,
                        classified: None,
                        transaction,
                        held_until: 0,
                        one_off_values: Vec::new(),
                    });
                }
            }
        }
    }
    // Locks are released when the statement's transaction ends.
    let last = statements.len().saturating_sub(1);
    let ends: BTreeMap<usize, usize> = statements
        .iter()
        .enumerate()
        .filter_map(|(index, statement)| {
            statement
                .transaction
                .map(|transaction| (transaction, index))
        })
        .collect();
    for (index, statement) in statements.iter_mut().enumerate() {
        statement.held_until = match statement.transaction {
            Some(transaction) => ends.get(&transaction).copied().unwrap_or(last),
            None => index,
        };
    }
    statements
}

/// Whether a statement takes long enough to matter while a lock is held.
fn is_slow(statement: &TimedStatement) -> bool {
    match (&statement.origin, &statement.classified) {
        (StatementOrigin::RunPython | StatementOrigin::NotTranslated, _) => true,
        (_, Some(classified)) => {
            classified.rewrite
                || classified.scan
                || !classified.is_classified()
                || classified.forms.iter().any(|form| {
                    matches!(
                        form,
                        Form::CreateIndex
                            | Form::ReindexIndex
                            | Form::ReindexTable
                            | Form::Update
                            | Form::Delete
                            | Form::Insert
                            | Form::InsertSelect
                    )
                })
        }
        (_, None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locks::RuleSet;

    fn analyse(atomic: bool, operations: &[OperationSteps<'_>]) -> MigrationLocks {
        let rules = RuleSet::postgresql().expect("built-in rules load");
        analyse_migration(
            atomic,
            operations,
            &Classifier::new(rules, 16),
            &BTreeSet::new(),
        )
    }

    fn op<'a>(steps: Vec<Step<'a>>) -> OperationSteps<'a> {
        OperationSteps {
            description: "test",
            steps,
        }
    }

    #[test]
    fn an_atomic_migration_holds_every_lock_until_it_commits() {
        let locks = analyse(
            true,
            &[
                op(vec![Step::Generated(
                    r#"ALTER TABLE "shop_order" ADD COLUMN "note" text NULL"#,
                )]),
                op(vec![Step::RunPython { atomic: None }]),
                op(vec![Step::Generated(
                    r#"CREATE INDEX "shop_order_note" ON "shop_order" ("note")"#,
                )]),
            ],
        );
        assert_eq!(locks.statements.len(), 3);
        assert!(locks.statements.iter().all(|s| s.held_until == 2));
        let [order] = locks.tables.as_slice() else {
            panic!("one table: {:?}", locks.tables)
        };
        assert_eq!(order.table, "shop_order");
        assert_eq!(order.mode, LockMode::AccessExclusive);
        assert_eq!((order.taken_by, order.held_until), (0, 2));
        assert!(order.blocks.reads && order.blocks.writes);
        assert_eq!(
            order.slow_while_held,
            [1, 2],
            "the RunPython and the index build run under the lock"
        );
        assert!(!order.new_table);
    }

    #[test]
    fn outside_a_transaction_each_statement_releases_its_own_locks() {
        let locks = analyse(
            false,
            &[
                op(vec![Step::Generated(
                    r#"CREATE INDEX CONCURRENTLY "i" ON "shop_order" ("note")"#,
                )]),
                op(vec![Step::RunPython { atomic: Some(true) }]),
                op(vec![Step::Generated(
                    r#"ALTER TABLE "shop_order" ALTER COLUMN "note" SET DEFAULT ''"#,
                )]),
            ],
        );
        let held: Vec<usize> = locks.statements.iter().map(|s| s.held_until).collect();
        assert_eq!(held, [0, 1, 2]);
        assert_eq!(locks.statements[1].transaction, Some(1));
        assert!(locks.problems.is_empty());
        assert_eq!(locks.tables[0].mode, LockMode::AccessExclusive);
        assert_eq!(locks.tables[0].taken_by, 2);
    }

    #[test]
    fn concurrently_in_an_atomic_migration_is_a_runtime_failure() {
        let locks = analyse(
            true,
            &[op(vec![Step::Generated(
                r#"CREATE INDEX CONCURRENTLY "i" ON "shop_order" ("note")"#,
            )])],
        );
        assert_eq!(
            locks.problems,
            [TransactionProblem::NotAllowedInTransaction { statement: 0 }]
        );
    }

    #[test]
    fn tables_created_in_the_migration_or_change_set_carry_no_traffic() {
        let rules = RuleSet::postgresql().expect("rules");
        let classifier = Classifier::new(rules, 16);
        let operations = [
            op(vec![Step::Generated(
                r#"CREATE TABLE "shop_tag" ("id" bigint NOT NULL PRIMARY KEY)"#,
            )]),
            op(vec![Step::Generated(
                r#"ALTER TABLE "shop_tag" ADD COLUMN "name" text NOT NULL"#,
            )]),
            op(vec![Step::RunSql(
                "UPDATE shop_item SET tagged = true; ALTER TABLE shop_item ADD COLUMN x int",
            )]),
        ];
        let earlier: BTreeSet<String> = ["shop_item".to_string()].into();
        let locks = analyse_migration(true, &operations, &classifier, &earlier);
        assert_eq!(
            locks.statements.len(),
            4,
            "RunSQL text is split into its statements"
        );
        assert!(
            locks.tables.iter().all(|table| table.new_table),
            "{:#?}",
            locks.tables
        );

        let locks = analyse_migration(true, &operations, &classifier, &BTreeSet::new());
        let item = locks
            .tables
            .iter()
            .find(|table| table.table == "shop_item")
            .expect("shop_item");
        assert!(!item.new_table);
        assert_eq!(item.mode, LockMode::AccessExclusive);
        assert_eq!(item.taken_by, 3);
        assert!(
            item.slow_while_held.is_empty(),
            "the UPDATE ran before the ACCESS EXCLUSIVE lock was taken"
        );
    }
}
