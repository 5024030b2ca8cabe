//! Before the rehearsal takes a lock: is this database marked as a rehearsal copy, and does
//! another session hold a lock the rehearsal would queue behind (or a transaction open for
//! long)? Queueing behind such a session would make every later query of the table wait
//! behind the rehearsal too, so trace stops instead (or, with `--wait`, reports them and lets
//! `lock_timeout` bound the wait).

use std::time::Duration;

use postgres::Client;
use serde::Serialize;

use crate::locks::LockMode;

/// Why the rehearsal may run on this database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RehearsalMark {
    /// `--i-am-not-production` was given.
    CommandLine,
    /// `[trace] rehearsal-databases` names it.
    Config,
}

/// Whether `database` may be rehearsed on: the flag, or the configuration naming it.
pub fn rehearsal_mark(
    database: &str,
    flag: bool,
    configured: &[String],
) -> Result<RehearsalMark, String> {
    if flag {
        return Ok(RehearsalMark::CommandLine);
    }
    if configured.iter().any(|name| name == database) {
        return Ok(RehearsalMark::Config);
    }
    Err(format!(
        "refusing to rehearse on database '{database}': its locks are real while the rehearsal \
         runs. Run it on a staging copy and pass --i-am-not-production, or name the database in \
         migguard.toml: [trace] rehearsal-databases = [\"{database}\"]"
    ))
}

/// A session that would make the rehearsal wait, or has kept a transaction open for long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocker {
    pub pid: i32,
    pub user: String,
    pub application: String,
    pub state: String,
    /// When its current (or last) query started.
    pub query_start: Option<String>,
    pub transaction_start: Option<String>,
    /// Its current (or last) query, cut to 200 characters.
    pub query: String,
    /// Why it is in the way: the locks it holds on tables the rehearsal will lock, or the age
    /// of its transaction.
    pub reasons: Vec<String>,
}

impl Blocker {
    /// One line naming the session.
    pub fn describe(&self) -> String {
        format!(
            "pid {} (user {}, application '{}', state {}, query started {}): {}",
            self.pid,
            self.user,
            self.application,
            self.state,
            self.query_start.as_deref().unwrap_or("never"),
            self.reasons.join("; ")
        )
    }
}

/// A table the rehearsal will lock, with the strongest mode it takes on it.
#[derive(Debug, Clone)]
pub struct Target {
    pub oid: u32,
    pub name: String,
    pub mode: LockMode,
}

/// Other sessions holding a lock on a target that conflicts with the mode the rehearsal
/// takes there, and sessions whose transaction has been open longer than `max_age`.
pub fn blockers(
    client: &mut Client,
    targets: &[Target],
    max_age: Duration,
) -> Result<Vec<Blocker>, postgres::Error> {
    let mut found: Vec<Blocker> = Vec::new();
    let oids: Vec<u32> = targets.iter().map(|target| target.oid).collect();
    let rows = client.query(
        "SELECT a.pid, coalesce(a.usename::text, ''), coalesce(a.application_name, ''), \
                coalesce(a.state, ''), a.query_start::text, a.xact_start::text, \
                left(coalesce(a.query, ''), 200), l.relation, l.mode, l.granted \
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
         WHERE l.locktype = 'relation' AND l.relation = ANY($1) AND l.pid <> pg_backend_pid() \
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
         ORDER BY a.pid, l.relation, l.mode",
        &[&oids],
    )?;
    for row in &rows {
        let oid: u32 = row.get(7);
        let mode_name: String = row.get(8);
        let granted: bool = row.get(9);
        let (Some(target), Some(mode)) = (
            targets.iter().find(|target| target.oid == oid),
            LockMode::from_pg_locks_name(&mode_name),
        ) else {
            continue;
        };
        if !target.mode.conflicts_with(mode) {
            continue;
        }
        let reason = format!(
            "{} {} on {} (the rehearsal needs {})",
            if granted { "holds" } else { "waits for" },
            mode.sql_name(),
            target.name,
            target.mode.sql_name()
        );
        add(&mut found, row, reason);
    }
    let rows = client.query(
        "SELECT a.pid, coalesce(a.usename::text, ''), coalesce(a.application_name, ''), \
                coalesce(a.state, ''), a.query_start::text, a.xact_start::text, \
                left(coalesce(a.query, ''), 200), \
                extract(epoch FROM now() - a.xact_start)::float8 \
         FROM pg_stat_activity a \
         WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() \
           AND a.xact_start IS NOT NULL \
           AND a.xact_start < now() - make_interval(secs => $1) \
         ORDER BY a.pid",
        &[&max_age.as_secs_f64()],
    )?;
    for row in &rows {
        let age: f64 = row.get(7);
        let reason = format!(
            "its transaction has been open for {age:.0} s (longer than {} s)",
            max_age.as_secs()
        );
        add(&mut found, row, reason);
    }
    Ok(found)
}

fn add(found: &mut Vec<Blocker>, row: &postgres::Row, reason: String) {
    let pid: i32 = row.get(0);
    if let Some(blocker) = found.iter_mut().find(|blocker| blocker.pid == pid) {
        if !blocker.reasons.contains(&reason) {
            blocker.reasons.push(reason);
        }
        return;
    }
    found.push(Blocker {
        pid,
        user: row.get(1),
        application: row.get(2),
        state: row.get(3),
        query_start: row.get(4),
        transaction_start: row.get(5),
        query: row.get(6),
        reasons: vec![reason],
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_unless_marked() {
        assert_eq!(
            rehearsal_mark("shop", true, &[]),
            Ok(RehearsalMark::CommandLine)
        );
        assert_eq!(
            rehearsal_mark("staging_copy", false, &["staging_copy".to_string()]),
            Ok(RehearsalMark::Config)
        );
        let refused = rehearsal_mark("shop", false, &["staging_copy".to_string()]);
        assert!(refused.is_err_and(
            |message| message.contains("'shop'") && message.contains("--i-am-not-production")
        ));
    }
}
