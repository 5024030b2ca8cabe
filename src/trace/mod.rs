//! `migguard trace`: the dry run of the pending migrations on a rehearsal database.
//!
//! One job per module: [`plan`] finds the pending migrations (`django_migrations`, squash
//! semantics of Django's loader), [`preflight`] refuses non-rehearsal databases and looks for
//! sessions the rehearsal would queue behind, [`admit`] decides which statements may run,
//! [`execute`] runs them in one transaction that is always rolled back, [`observe`] reads the
//! locks and relfilenodes after each statement, [`compare`] holds them against the static
//! lock analysis, and [`join`] marks each static finding confirmed, contradicted or not
//! rehearsed. [`connect`] is the one place a connection is opened.

mod admit;
mod compare;
pub mod connect;
pub mod duration;
pub mod execute;
pub mod join;
pub mod observe;
pub mod plan;
pub mod preflight;
pub mod rehearsal;

use std::collections::BTreeMap;
use std::time::Duration;

use postgres::Client;

use crate::checks::{check_project, CheckOptions, RuleSelection};
use crate::diagnostics::Diagnostic;
use crate::ir::MigrationKey;
use crate::locks::transaction::MigrationLocks;
use crate::locks::{analyse_migration_sql, Classifier, LockMode, RuleSet};
use crate::project::Project;

pub use join::{TracedFinding, Verdict};
pub use preflight::Blocker;
pub use rehearsal::Rehearsal;

/// How to rehearse.
#[derive(Debug, Clone)]
pub struct TraceOptions {
    /// `APP.MIGRATION` targets; empty: every pending migration.
    pub targets: Vec<MigrationKey>,
    /// `--i-am-not-production`.
    pub not_production: bool,
    /// `[trace] rehearsal-databases`.
    pub rehearsal_databases: Vec<String>,
    /// `--wait`: report sessions in the way and go on (lock_timeout bounds the wait).
    pub wait: bool,
    pub lock_timeout: Duration,
    pub statement_timeout: Duration,
    /// A transaction open longer than this in another session stops the rehearsal.
    pub max_transaction_age: Duration,
    pub selection: RuleSelection,
    /// How the values Django computes when a migration runs are produced (the rehearsal runs
    /// them as `migrate` would: [`crate::ddl::OneOffValues::AtRunTime`], unless pinned).
    pub one_off: crate::ddl::OneOffValues,
}

/// Why trace did not produce a rehearsal.
#[derive(Debug)]
pub enum TraceError {
    /// Not marked as a rehearsal database, a bad target, an unsupported server.
    Refused(String),
    /// Other sessions are in the way (without `--wait`).
    Blocked(Vec<Blocker>),
    /// The connection failed; the server rolled back whatever ran.
    Aborted(String),
}

impl std::fmt::Display for TraceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TraceError::Refused(message) | TraceError::Aborted(message) => f.write_str(message),
            TraceError::Blocked(blockers) => {
                writeln!(
                    f,
                    "stopped before taking any lock: {} other session{} would make the rehearsal queue (and everything behind it wait); rerun when they are done, or with --wait to go on under lock_timeout:",
                    blockers.len(),
                    if blockers.len() == 1 { "" } else { "s" }
                )?;
                for blocker in blockers {
                    writeln!(f, "  {}", blocker.describe())?;
                }
                Ok(())
            }
        }
    }
}

/// The result of a trace.
pub struct TraceOutcome {
    pub rehearsal: Rehearsal,
    /// Static findings with their verdicts, then the rehearsal's own findings.
    pub findings: Vec<TracedFinding>,
    pub diagnostics: Vec<Diagnostic>,
    /// The PostgreSQL major version the static analysis used (the server's).
    pub pg_version: u32,
}

/// Rehearses the pending migrations of `project` on the database `client` is connected to.
pub fn trace(
    project: &Project,
    client: &mut Client,
    options: &TraceOptions,
) -> Result<TraceOutcome, TraceError> {
    let refused = |e: postgres::Error| TraceError::Refused(format!("cannot query the server: {e}"));
    let row = client
        .query_one(
            "SELECT current_database()::text, current_setting('server_version'), current_setting('server_version_num')::int",
            &[],
        )
        .map_err(refused)?;
    let database: String = row.get(0);
    let server_version: String = row.get(1);
    let version_num: i32 = row.get(2);
    let mark = preflight::rehearsal_mark(
        &database,
        options.not_production,
        &options.rehearsal_databases,
    )
    .map_err(TraceError::Refused)?;
    let major = u32::try_from(version_num / 10_000).unwrap_or(0);
    if major < 12 {
        return Err(TraceError::Refused(format!(
            "PostgreSQL {server_version} is older than 12, which migguard's lock rules cover"
        )));
    }
    let pg_version = major.min(18);
    if major >= 14 {
        // A backend notices a vanished client only when it next talks to it: have it check
        // every second, so a killed trace does not leave its locks held until a long
        // statement ends.
        client
            .batch_execute("SET client_connection_check_interval = '1s'")
            .map_err(refused)?;
    }
    client
        .batch_execute("SET application_name = 'migguard trace'")
        .map_err(refused)?;

    let recorded = plan::recorded_migrations(client).map_err(TraceError::Refused)?;
    let pending = plan::pending_plan(project, &recorded, &options.targets, options.one_off)
        .map_err(TraceError::Refused)?;
    let rules =
        RuleSet::postgresql().map_err(|e| TraceError::Refused(format!("lock rules: {e}")))?;
    let locks = change_set_locks(&pending.pending, rules, pg_version);

    let targets = lock_targets(client, &locks).map_err(refused)?;
    let blockers =
        preflight::blockers(client, &targets, options.max_transaction_age).map_err(refused)?;
    if !blockers.is_empty() && !options.wait {
        return Err(TraceError::Blocked(blockers));
    }

    let check = check_project(
        project,
        &pending.pending,
        &CheckOptions {
            pg_version,
            targets: pending.pending.iter().map(|m| m.key.clone()).collect(),
            change_set: true,
            selection: options.selection.clone(),
            modified: Vec::new(),
            stats: None,
            size_thresholds: Default::default(),
            one_off: options.one_off,
        },
    );
    let planned: Vec<execute::Planned<'_>> = pending
        .pending
        .iter()
        .zip(&locks)
        .map(|(sql, locks)| execute::Planned { sql, locks })
        .collect();
    let classifier = Classifier::new(rules, pg_version);
    let timeouts = execute::Timeouts {
        lock: options.lock_timeout,
        statement: options.statement_timeout,
    };
    let migrations = execute::rehearse(client, &pending.graph, &planned, &classifier, timeouts)
        .map_err(|aborted| TraceError::Aborted(aborted.message))?;
    let findings = join::join(project, check.findings, &migrations);
    Ok(TraceOutcome {
        rehearsal: Rehearsal {
            database,
            server_version,
            mark,
            lock_timeout_ms: millis(options.lock_timeout),
            statement_timeout_ms: millis(options.statement_timeout),
            blockers,
            migrations,
            rolled_back: true,
        },
        findings,
        diagnostics: check.diagnostics,
        pg_version,
    })
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The lock analysis of the pending plan as one change: a table created by an earlier pending
/// migration carries no traffic for the later ones.
fn change_set_locks(
    pending: &[crate::ddl::MigrationSql],
    rules: &RuleSet,
    pg_version: u32,
) -> Vec<MigrationLocks> {
    let mut created = std::collections::BTreeSet::new();
    pending
        .iter()
        .map(|migration| {
            let locks = analyse_migration_sql(migration, rules, pg_version, &created);
            created.extend(
                locks
                    .tables
                    .iter()
                    .filter(|table| table.new_table)
                    .map(|table| table.table.clone()),
            );
            locks
        })
        .collect()
}

/// The existing tables the pending statements lock, with the strongest mode on each.
fn lock_targets(
    client: &mut Client,
    locks: &[MigrationLocks],
) -> Result<Vec<preflight::Target>, postgres::Error> {
    let mut strongest: BTreeMap<String, LockMode> = BTreeMap::new();
    for statement in locks.iter().flat_map(|m| &m.statements) {
        if let Some(classified) = &statement.classified {
            for (name, mode) in compare::expected_locks(classified) {
                let entry = strongest.entry(name).or_insert(mode);
                *entry = (*entry).max(mode);
            }
        }
    }
    let mut targets = Vec::new();
    for (name, mode) in strongest {
        if let Some(oid) = observe::resolve(client, &name)? {
            targets.push(preflight::Target { oid, name, mode });
        }
    }
    Ok(targets)
}
