//! The rehearsal itself: the whole pending plan in ONE transaction that always ends in
//! `ROLLBACK`.
//!
//! Later migrations need the schema of earlier ones, so they all run in one transaction:
//! `BEGIN; SET LOCAL lock_timeout ...; SET LOCAL statement_timeout ...;` then, per migration,
//! a savepoint, and per statement another one. A failing statement is rolled back to its
//! savepoint and recorded; the rest of its migration is skipped (`migrate` stops there), the
//! migration is rolled back to its own savepoint, and later migrations that depend on it are
//! skipped while independent ones still run. The transaction is rolled back at the end, on
//! an error too; if the connection is lost (killed backend, Ctrl-C ending the process), the
//! server rolls back the open transaction itself.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use postgres::Client;

use super::admit::admit;
use super::compare::{contradictions, expected_locks, ExpectedLock};
use super::duration::setting_value;
use super::observe::{self, HeldLock, Relations};
use super::rehearsal::{ObservedStatement, Outcome, RehearsedMigration, Rewritten, StatementError};
use crate::ddl::MigrationSql;
use crate::graph::MigrationGraph;
use crate::ir::MigrationKey;
use crate::locks::transaction::{MigrationLocks, TimedStatement};
use crate::locks::Classifier;

/// A pending migration with its static analysis.
pub struct Planned<'a> {
    pub sql: &'a MigrationSql,
    pub locks: &'a MigrationLocks,
}

/// The timeouts of the rehearsal's transaction.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub lock: Duration,
    pub statement: Duration,
}

/// Why a rehearsal stopped before its end.
#[derive(Debug)]
pub struct Aborted {
    pub message: String,
    /// What was observed until then.
    pub migrations: Vec<RehearsedMigration>,
}

/// Runs `plan` in one transaction and rolls it back. `Err` when the connection failed (the
/// server then rolls the transaction back itself).
pub fn rehearse(
    client: &mut Client,
    graph: &MigrationGraph,
    plan: &[Planned<'_>],
    classifier: &Classifier<'_>,
    timeouts: Timeouts,
) -> Result<Vec<RehearsedMigration>, Aborted> {
    let mut migrations = Vec::new();
    let begin = format!(
        "BEGIN; SET LOCAL lock_timeout = '{}'; SET LOCAL statement_timeout = '{}'",
        setting_value(timeouts.lock),
        setting_value(timeouts.statement)
    );
    let result = client
        .batch_execute(&begin)
        .map_err(|e| e.to_string())
        .and_then(|()| run_plan(client, graph, plan, classifier, &mut migrations));
    let rollback = client.batch_execute("ROLLBACK");
    match (result, rollback) {
        (Ok(()), Ok(())) => Ok(migrations),
        (Err(message), _) => Err(Aborted {
            message,
            migrations,
        }),
        (Ok(()), Err(error)) => Err(Aborted {
            message: format!("ROLLBACK failed ({error}): the server rolls back the transaction when the connection closes"),
            migrations,
        }),
    }
}

fn run_plan(
    client: &mut Client,
    graph: &MigrationGraph,
    plan: &[Planned<'_>],
    classifier: &Classifier<'_>,
    migrations: &mut Vec<RehearsedMigration>,
) -> Result<(), String> {
    let mut known = observe::relations(client).map_err(lost)?;
    let mut failed: Vec<MigrationKey> = Vec::new();
    for planned in plan {
        let key = &planned.sql.key;
        let needs_failed = graph
            .forwards_plan(key)
            .into_iter()
            .find(|ancestor| failed.contains(ancestor))
            .cloned();
        let mut rehearsed = RehearsedMigration {
            migration: key.clone(),
            atomic: planned.sql.atomic,
            statements: Vec::new(),
        };
        if let Some(failed_parent) = needs_failed {
            rehearsed.statements = planned
                .locks
                .statements
                .iter()
                .enumerate()
                .map(|(index, timed)| {
                    let mut observed = ObservedStatement::new(
                        index,
                        timed.operation,
                        &timed.text,
                        Outcome::Skipped,
                    );
                    observed.reason = Some(format!("it depends on {failed_parent}, which failed"));
                    observed
                })
                .collect();
            migrations.push(rehearsed);
            continue;
        }
        client
            .batch_execute("SAVEPOINT migguard_migration")
            .map_err(lost)?;
        let migration_result =
            run_migration(client, planned, classifier, &mut known, &mut rehearsed);
        migrations.push(rehearsed);
        let had_failure = migration_result.map_err(lost)?;
        if had_failure {
            failed.push(key.clone());
            client
                .batch_execute("ROLLBACK TO SAVEPOINT migguard_migration")
                .map_err(lost)?;
        }
        client
            .batch_execute("RELEASE SAVEPOINT migguard_migration")
            .map_err(lost)?;
    }
    Ok(())
}

fn lost(error: postgres::Error) -> String {
    format!("the rehearsal lost its connection or could not observe the server ({error}); the server rolls back the open transaction")
}

/// Runs one migration's statements; `Ok(true)` when one of them failed.
fn run_migration(
    client: &mut Client,
    planned: &Planned<'_>,
    classifier: &Classifier<'_>,
    known: &mut Relations,
    rehearsed: &mut RehearsedMigration,
) -> Result<bool, postgres::Error> {
    let mut before_locks: Vec<HeldLock> = observe::held_locks(client, known)?;
    let at_start: BTreeSet<(u32, crate::locks::LockMode)> = before_locks
        .iter()
        .map(|lock| (lock.oid, lock.mode))
        .collect();
    let mut before = observe::relations(client)?;
    let mut failure = false;
    for (index, timed) in planned.locks.statements.iter().enumerate() {
        let mut observed =
            ObservedStatement::new(index, timed.operation, &timed.text, Outcome::Ran);
        observed.autocommit = timed.transaction.is_none();
        if failure {
            observed.outcome = Outcome::Skipped;
            observed.reason = Some(
                "an earlier statement of this migration failed: migrate stops there".to_string(),
            );
            rehearsed.statements.push(observed);
            continue;
        }
        if let Err(reason) = admit(timed, planned.sql, classifier) {
            observed.outcome = Outcome::NotRehearsed;
            observed.reason = Some(reason);
            rehearsed.statements.push(observed);
            continue;
        }
        let mut expected = resolve_expected(client, timed)?;
        client.batch_execute("SAVEPOINT migguard_statement")?;
        let started = Instant::now();
        let result = client.batch_execute(&timed.text);
        observed.duration_ms = Some(started.elapsed().as_secs_f64() * 1000.0);
        match result {
            Ok(()) => {
                client.batch_execute("RELEASE SAVEPOINT migguard_statement")?;
                let after = observe::relations(client)?;
                for (oid, relation) in &after {
                    known.entry(*oid).or_insert_with(|| relation.clone());
                }
                let held = observe::held_locks(client, known)?;
                for lock in expected.iter_mut().filter(|lock| lock.oid.is_none()) {
                    lock.oid = observe::resolve(client, &lock.name)?;
                }
                observed.taken = held
                    .iter()
                    .filter(|lock| !before_locks.contains(lock))
                    .cloned()
                    .collect();
                observed.locks = held
                    .iter()
                    .filter(|lock| !at_start.contains(&(lock.oid, lock.mode)))
                    .cloned()
                    .collect();
                observed.rewritten = observe::rewritten(&before, &after)
                    .into_iter()
                    .map(|(relation, kind)| Rewritten { relation, kind })
                    .collect();
                if let Some(classified) = &timed.classified {
                    observed.contradictions = contradictions(
                        classified,
                        &expected,
                        &held,
                        &observed.taken,
                        &observed.rewritten,
                    );
                }
                before_locks = held;
                before = after;
            }
            Err(error) => {
                let Some(db_error) = error.as_db_error() else {
                    rehearsed.statements.push(observed);
                    return Err(error);
                };
                observed.outcome = Outcome::Failed;
                observed.error = Some(StatementError {
                    sqlstate: db_error.code().code().to_string(),
                    message: db_error.message().to_string(),
                    detail: db_error.detail().map(str::to_string),
                });
                client.batch_execute("ROLLBACK TO SAVEPOINT migguard_statement")?;
                failure = true;
            }
        }
        rehearsed.statements.push(observed);
    }
    Ok(failure)
}

/// The relations the classifier says the statement locks, resolved to oids before it runs
/// (a rename changes the name, not the oid); those that do not exist yet are resolved after.
fn resolve_expected(
    client: &mut Client,
    timed: &TimedStatement,
) -> Result<Vec<ExpectedLock>, postgres::Error> {
    let Some(classified) = &timed.classified else {
        return Ok(Vec::new());
    };
    let mut resolved = Vec::new();
    let mut cache: BTreeMap<String, Option<u32>> = BTreeMap::new();
    for (name, mode) in expected_locks(classified) {
        let oid = match cache.get(&name) {
            Some(oid) => *oid,
            None => {
                let oid = observe::resolve(client, &name)?;
                cache.insert(name.clone(), oid);
                oid
            }
        };
        resolved.push(ExpectedLock { name, oid, mode });
    }
    Ok(resolved)
}
