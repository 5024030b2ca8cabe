//! Verifies every rule of `lock_rules/postgresql.toml` against a live PostgreSQL, and the
//! lock conflict matrix of `LockMode`.
//!
//! Uses `MIGGUARD_TEST_DATABASE_URL` if set (it must allow CREATE SCHEMA / EXTENSION), else
//! starts a throwaway server (see `support::server`). If neither works the test FAILS.
//!
//! For each rule applying to the server's major version: recreate a schema, run the fixture
//! and setup, classify the example (it must classify to that rule), then
//! - transactional statements: inside BEGIN .. ROLLBACK run the example, read this backend's
//!   relation locks from `pg_locks` and compare the strongest mode per relation with the
//!   classifier's effects (exactly, for tables; for the indexes and sequences the rule names),
//!   compare `relfilenode` before/after (rewrite) and `pg_stat_get_xact_numscans` (scan),
//!   and whether the transaction block is still open (only transaction control such as
//!   COMMIT may close it; `example.before` runs first in the same transaction);
//! - statements forbidden in a transaction block: check PostgreSQL rejects them inside one
//!   (SQLSTATE 25001), then, once per table the rule locks, run them outside while another
//!   session holds the weakest mode conflicting with the rule's on that table, and read the
//!   lock they wait for from a third session; rewrite from `relfilenode`, scan from the flushed
//!   cumulative scan counter. A rule locking no table must complete while every table of the
//!   schema is held in ACCESS EXCLUSIVE.
//!
//! `example.cleanup` (objects outside the schema, such as databases) runs before every
//! preparation and after the rule's verification.

mod support;

use std::collections::BTreeMap;
use std::thread;
use std::time::{Duration, Instant};

use migguard::locks::{
    ClassifiedStatement, Classifier, LockMode, Rule, RuleSet, TargetRole, TransactionUse,
};
use postgres::Client;
use support::catalog::{self, exec, Relation, SCHEMA};
use support::server::TestServer;

fn start_server() -> TestServer {
    match TestServer::start() {
        Ok(server) => server,
        Err(e) => panic!(
            "FAILED: could not start or reach PostgreSQL for the live lock-rule test.\n{e}\n\
             Set MIGGUARD_TEST_DATABASE_URL or install the PostgreSQL server (initdb, pg_ctl, pg_config)."
        ),
    }
}

fn server_major(client: &mut Client) -> u32 {
    let row = client
        .query_one("SHOW server_version_num", &[])
        .unwrap_or_else(|e| panic!("SHOW server_version_num: {e}"));
    let num: String = row.get(0);
    num.parse::<u32>()
        .map(|n| n / 10_000)
        .unwrap_or_else(|e| panic!("bad server_version_num {num:?}: {e}"))
}

/// What one rule's verification established, and what it could not check.
struct Outcome {
    checked: Vec<String>,
    unchecked: Vec<String>,
}

fn prepare(server: &TestServer, rules: &RuleSet, rule: &Rule) -> Result<Client, String> {
    cleanup(server, rule)?;
    let mut admin = server.connect()?;
    exec(
        &mut admin,
        &format!("DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}"),
    )?;
    let mut client = server.connect()?;
    exec(&mut client, &format!("SET search_path = {SCHEMA}"))?;
    if let Some(name) = &rule.example.fixture {
        let sql = rules
            .fixture_sql(name)
            .ok_or_else(|| format!("unknown fixture {name}"))?;
        exec(&mut client, sql).map_err(|e| format!("fixture {name}: {e}"))?;
    }
    if !rule.example.setup.is_empty() {
        exec(&mut client, &rule.example.setup).map_err(|e| format!("setup: {e}"))?;
    }
    Ok(client)
}

/// Classifies the example with the live schema as column-type lookup; it must match `rule`.
fn classify_example(
    client: &mut Client,
    rules: &RuleSet,
    rule: &Rule,
    major: u32,
) -> Result<ClassifiedStatement, String> {
    let types = catalog::column_types(client)?;
    let lookup = |table: &str, column: &str| {
        let table = table.rsplit_once('.').map(|(_, t)| t).unwrap_or(table);
        types.get(&format!("{table}.{column}")).cloned()
    };
    let mut statements = Classifier::new(rules, major)
        .with_column_types(&lookup)
        .classify(&rule.example.sql);
    match (statements.len(), statements.first()) {
        (1, Some(s)) if s.is_classified() && s.rule_ids.contains(&rule.id) => {
            Ok(statements.remove(0))
        }
        _ => Err(format!(
            "classifier did not classify the example to {}: {statements:#?}",
            rule.id
        )),
    }
}

#[derive(Debug, Clone, Copy)]
struct ExpectedLock {
    mode: LockMode,
    role: TargetRole,
}

/// Resolves the classifier's lock effects to OIDs. Unresolvable named relations are
/// returned so they can be resolved after the statement (relations it creates).
fn expected_locks(
    client: &mut Client,
    statement: &ClassifiedStatement,
    pending: &mut Vec<usize>,
    expected: &mut BTreeMap<u32, ExpectedLock>,
    only: Option<&[usize]>,
) -> Result<(), String> {
    for (i, lock) in statement.locks.iter().enumerate() {
        if only.is_some_and(|o| !o.contains(&i)) {
            continue;
        }
        let oids = catalog::resolve(client, &lock.relation)?;
        if oids.is_empty() {
            if lock.condition.is_none() {
                pending.push(i);
            }
            continue;
        }
        for oid in oids {
            let entry = expected.entry(oid).or_insert(ExpectedLock {
                mode: lock.mode,
                role: lock.role,
            });
            entry.mode = entry.mode.max(lock.mode);
        }
    }
    Ok(())
}

fn name_of(oid: u32, before: &BTreeMap<u32, Relation>, after: &BTreeMap<u32, Relation>) -> String {
    before
        .get(&oid)
        .or_else(|| after.get(&oid))
        .map(|r| r.name.clone())
        .unwrap_or_else(|| format!("oid {oid}"))
}

fn verify_in_transaction(
    server: &TestServer,
    rules: &RuleSet,
    rule: &Rule,
    major: u32,
) -> Result<Outcome, String> {
    let mut client = prepare(server, rules, rule)?;
    let statement = classify_example(&mut client, rules, rule, major)?;
    let before = catalog::relations(&mut client)?;
    let mut expected = BTreeMap::new();
    let mut pending = Vec::new();
    expected_locks(&mut client, &statement, &mut pending, &mut expected, None)?;

    exec(&mut client, "BEGIN")?;
    if !rule.example.before.is_empty() {
        if let Err(e) = exec(&mut client, &rule.example.before) {
            let _ = exec(&mut client, "ROLLBACK");
            return Err(format!("example.before failed: {e}"));
        }
    }
    let table_oids: Vec<u32> = before
        .iter()
        .filter(|(_, r)| r.is_table())
        .map(|(o, _)| *o)
        .collect();
    let scans_before = catalog::xact_scans(&mut client, &table_oids)?;
    let run = exec(&mut client, &rule.example.sql);
    if let Err(e) = run {
        let _ = exec(&mut client, "ROLLBACK");
        return Err(format!("example failed inside a transaction: {e}"));
    }
    // Only transaction control may end the block, and it must do what it is classified as.
    let open_after = catalog::in_transaction_block(&mut client)?;
    let want_open = statement
        .transaction_control
        .as_ref()
        .is_none_or(|c| c.block_open_after());
    let held = catalog::held_locks(&mut client, None)?;
    let after = catalog::relations(&mut client)?;
    let mut still_pending = Vec::new();
    expected_locks(
        &mut client,
        &statement,
        &mut still_pending,
        &mut expected,
        Some(&pending),
    )?;
    let all_tables: Vec<u32> = before
        .iter()
        .chain(after.iter())
        .filter(|(_, r)| r.is_table())
        .map(|(o, _)| *o)
        .collect();
    let scans_after = catalog::xact_scans(&mut client, &all_tables)?;
    exec(&mut client, "ROLLBACK")?;
    if !still_pending.is_empty() {
        return Err(format!(
            "could not resolve relations {:?}",
            still_pending
                .iter()
                .map(|&i| &statement.locks[i].relation)
                .collect::<Vec<_>>()
        ));
    }

    let relation = |oid: &u32| before.get(oid).or_else(|| after.get(oid));
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for (oid, want) in &expected {
        let name = name_of(*oid, &before, &after);
        match held.get(oid) {
            Some(got) if *got == want.mode => checked.push(format!("{name} {}", want.mode)),
            Some(got) => problems.push(format!(
                "{name} ({:?}): rule says {}, server held {got}",
                want.role, want.mode
            )),
            None => problems.push(format!(
                "{name} ({:?}): rule says {}, server held no lock",
                want.role, want.mode
            )),
        }
    }
    let mut unexpected_minor = Vec::new();
    for (oid, got) in &held {
        let Some(rel) = relation(oid) else { continue };
        if expected.contains_key(oid) {
            continue;
        }
        if rel.is_table() {
            problems.push(format!(
                "{}: server held {got}, rule predicts no lock on it",
                rel.name
            ));
        } else {
            unexpected_minor.push(format!("{} {got}", rel.name));
        }
    }

    if open_after != want_open {
        let control = statement
            .transaction_control
            .as_ref()
            .map(|c| format!("{c:?}"))
            .unwrap_or_else(|| "not transaction control".into());
        problems.push(format!("transaction block open after it: classifier ({control}) says {want_open}, server {open_after}"));
    }
    let want_new_file = observed_rewrite(rule);
    let new_file = expected
        .iter()
        .filter(|(_, e)| e.role == TargetRole::Table)
        .any(|(oid, _)| matches!((before.get(oid), after.get(oid)), (Some(b), Some(a)) if b.is_table() && b.relfilenode != a.relfilenode));
    if new_file != want_new_file {
        problems.push(format!(
            "rewrite: rule says {want_new_file}, relfilenode changed = {new_file}"
        ));
    }
    let want_scan = observed_scan(rule);
    // Only relations that existed before count: a table the statement creates has no rows to read.
    let scanned = expected
        .keys()
        .filter(|o| before.get(o).is_some_and(Relation::is_table))
        .any(|oid| {
            scans_after.get(oid).copied().unwrap_or(0) > scans_before.get(oid).copied().unwrap_or(0)
        });
    if scanned != want_scan {
        problems.push(format!(
            "scan: rule says {want_scan}, scan counter moved = {scanned}"
        ));
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    checked.push(format!(
        "rewrite={new_file} scan={scanned} block_open_after={open_after} (in a transaction)"
    ));
    let mut unchecked = Vec::new();
    if !unexpected_minor.is_empty() {
        unchecked.push(format!(
            "also held, not in the rule: {}",
            unexpected_minor.join(", ")
        ));
    }
    Ok(Outcome { checked, unchecked })
}

fn verify_outside_transaction(
    server: &TestServer,
    rules: &RuleSet,
    rule: &Rule,
    major: u32,
) -> Result<Outcome, String> {
    let mut client = prepare(server, rules, rule)?;
    classify_example(&mut client, rules, rule, major)?;
    // 1. PostgreSQL must refuse it inside a transaction block.
    exec(&mut client, "BEGIN")?;
    let inside = client.batch_execute(&rule.example.sql);
    exec(&mut client, "ROLLBACK")?;
    match inside {
        Err(e) if catalog::sqlstate(&e).as_deref() == Some("25001") => {}
        Err(e) => {
            return Err(format!(
                "inside a transaction block it failed with {e}, expected SQLSTATE 25001"
            ))
        }
        Ok(()) => return Err("it ran inside a transaction block, the rule says forbidden".into()),
    }
    drop(client);
    // 2. One run per table the rule locks, each blocked on that table alone.
    let mut outcome = Outcome {
        checked: vec!["rejected inside BEGIN (25001)".into()],
        unchecked: Vec::new(),
    };
    let mut target = 0;
    loop {
        let run = run_blocked(server, rules, rule, major, target)?;
        outcome.checked.extend(run.checked);
        outcome.unchecked.extend(run.unchecked);
        target += 1;
        if target >= run.targets {
            return Ok(outcome);
        }
    }
}

/// What one blocked run of a statement forbidden in a transaction established.
struct BlockedRun {
    checked: Vec<String>,
    unchecked: Vec<String>,
    /// How many tables the rule locks (runs needed).
    targets: usize,
}

/// The weakest mode that conflicts with `mode`: held by another session, only a request of
/// `mode` (or a stronger one) waits for it, so the lock waited for shows which mode is asked.
fn weakest_conflicting(mode: LockMode) -> LockMode {
    LockMode::ALL
        .into_iter()
        .find(|m| m.conflicts_with(mode))
        .unwrap_or(LockMode::AccessExclusive)
}

/// Runs the example outside a transaction while another session holds, on its `pick`-th
/// table target, the weakest mode conflicting with the rule's, and reads the lock it waits
/// for from a third session. Without table targets it must complete while every table of the
/// schema is held in ACCESS EXCLUSIVE. The first run also checks rewrite and scan.
fn run_blocked(
    server: &TestServer,
    rules: &RuleSet,
    rule: &Rule,
    major: u32,
    pick: usize,
) -> Result<BlockedRun, String> {
    let mut client = prepare(server, rules, rule)?;
    let statement = classify_example(&mut client, rules, rule, major)?;
    let (mut checked, mut unchecked) = (Vec::new(), Vec::new());
    let before = catalog::relations(&mut client)?;
    let mut expected = BTreeMap::new();
    expected_locks(
        &mut client,
        &statement,
        &mut Vec::new(),
        &mut expected,
        None,
    )?;
    let mut targets: Vec<(u32, ExpectedLock)> = expected
        .iter()
        .filter(|(oid, e)| {
            matches!(e.role, TargetRole::Table | TargetRole::Partition)
                && before.get(oid).is_some_and(Relation::is_table)
        })
        .map(|(o, e)| (*o, *e))
        .collect();
    targets.sort_by_key(|(oid, e)| (e.role, name_of(*oid, &before, &before)));
    let target = targets.get(pick).copied();
    let mut observer = server.connect()?;
    let flush_supported = major >= 15;
    if flush_supported {
        exec(&mut client, "SELECT pg_stat_force_next_flush()")?;
    }
    drop(client);
    let scans_before = match target {
        Some((table, _)) => catalog::flushed_scans(&mut observer, table)?,
        None => 0,
    };

    let mut blocker = server.connect()?;
    let held_by_blocker = match target {
        Some((table, want)) => {
            let mode = weakest_conflicting(want.mode);
            let name = name_of(table, &before, &before);
            exec(
                &mut blocker,
                &format!(
                    "BEGIN; LOCK TABLE {SCHEMA}.\"{name}\" IN {} MODE",
                    mode.sql_name()
                ),
            )?;
            format!("{mode} on {name}")
        }
        None => {
            let tables: Vec<String> = before
                .values()
                .filter(|r| r.is_table())
                .map(|r| format!("{SCHEMA}.\"{}\"", r.name))
                .collect();
            exec(&mut blocker, "BEGIN")?;
            if !tables.is_empty() {
                exec(
                    &mut blocker,
                    &format!("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE", tables.join(", ")),
                )?;
            }
            format!(
                "ACCESS EXCLUSIVE on all {} tables of the schema",
                tables.len()
            )
        }
    };
    let mut runner = server.connect()?;
    let timeout = if target.is_some() { "30s" } else { "5s" };
    exec(
        &mut runner,
        &format!("SET search_path = {SCHEMA}; SET lock_timeout = '{timeout}'"),
    )?;
    let pid: i32 = runner
        .query_one("SELECT pg_backend_pid()", &[])
        .map_err(|e| e.to_string())?
        .get(0);
    let sql = rule.example.sql.clone();
    let worker = thread::spawn(move || -> Result<(), String> {
        exec(&mut runner, &sql)?;
        if flush_supported {
            exec(&mut runner, "SELECT pg_stat_force_next_flush()")?;
        }
        Ok(())
    });
    let awaited = match target {
        Some(_) => wait_for_lock_request(&mut observer, pid)?,
        None => None,
    };
    let finished = match target {
        Some(_) => {
            exec(&mut blocker, "ROLLBACK")?;
            worker.join()
        }
        None => {
            let joined = worker.join();
            exec(&mut blocker, "ROLLBACK")?;
            joined
        }
    };
    finished
        .map_err(|_| "runner thread panicked".to_string())?
        .map_err(|e| format!("example failed outside a transaction (another session held {held_by_blocker}): {e}"))?;
    let Some((table, want)) = target else {
        checked.push(format!(
            "completed while another session held {held_by_blocker}"
        ));
        if rule.rewrite || rule.scan {
            return Err("the rule names no table, so its rewrite and scan cannot be observed; they must be false".into());
        }
        return Ok(BlockedRun {
            checked,
            unchecked,
            targets: 0,
        });
    };
    let table_name = name_of(table, &before, &before);
    match awaited {
        Some((oid, mode)) if oid == table && mode == want.mode => checked.push(format!(
            "{table_name}: waited for {mode} while another session held {held_by_blocker}"
        )),
        Some((oid, mode)) => {
            return Err(format!(
                "rule says {} on {table_name}, it waited for {mode} on {} (another session held {held_by_blocker})",
                want.mode,
                name_of(oid, &before, &before)
            ));
        }
        None => {
            return Err(format!(
            "it never waited for a lock on {table_name} (another session held {held_by_blocker})"
        ))
        }
    }
    if pick > 0 {
        return Ok(BlockedRun {
            checked,
            unchecked,
            targets: targets.len(),
        });
    }
    for (oid, e) in &expected {
        if !targets.iter().any(|(t, _)| t == oid) {
            let name = name_of(*oid, &before, &before);
            unchecked.push(format!(
                "{:?} {name}: {} not observed (LOCK TABLE cannot block an index)",
                e.role, e.mode
            ));
        }
    }

    // 3. Rewrite and scan, after the fact.
    let after = catalog::relations(&mut observer)?;
    let new_file = matches!((before.get(&table), after.get(&table)), (Some(b), Some(a)) if b.relfilenode != a.relfilenode);
    let want_new_file = observed_rewrite(rule);
    if new_file != want_new_file {
        return Err(format!(
            "rewrite: rule says {want_new_file}, relfilenode changed = {new_file}"
        ));
    }
    if flush_supported {
        let scans_after = catalog::flushed_scans(&mut observer, table)?;
        let scanned = scans_after > scans_before;
        let want_scan = observed_scan(rule);
        if scanned != want_scan {
            return Err(format!(
                "scan: rule says {want_scan}, flushed scan counter moved = {scanned}"
            ));
        }
        checked.push(format!("rewrite={new_file} scan={scanned}"));
    } else {
        checked.push(format!("rewrite={new_file}"));
        unchecked.push("scan not observed (needs pg_stat_force_next_flush, PostgreSQL 15+)".into());
    }
    Ok(BlockedRun {
        checked,
        unchecked,
        targets: targets.len(),
    })
}

/// Polls `pg_locks` for a relation lock `pid` waits for, for up to 15 seconds.
fn wait_for_lock_request(
    observer: &mut Client,
    pid: i32,
) -> Result<Option<(u32, LockMode)>, String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if let Some(found) = catalog::awaited_lock(observer, pid)? {
            return Ok(Some(found));
        }
        thread::sleep(Duration::from_millis(20));
    }
    Ok(None)
}

/// Whether the table should get a new relfilenode: the rule's rewrite unless overridden.
fn observed_rewrite(rule: &Rule) -> bool {
    rule.example
        .observe
        .as_ref()
        .and_then(|o| o.new_relfilenode)
        .unwrap_or(rule.rewrite)
}

/// Whether the scan counter should move: the rule's scan unless overridden.
fn observed_scan(rule: &Rule) -> bool {
    rule.example
        .observe
        .as_ref()
        .and_then(|o| o.scan_counter)
        .unwrap_or(rule.scan)
}

/// Runs the example's cleanup SQL, if any, outside a transaction.
fn cleanup(server: &TestServer, rule: &Rule) -> Result<(), String> {
    if rule.example.cleanup.trim().is_empty() {
        return Ok(());
    }
    let mut client = server.connect()?;
    exec(&mut client, &rule.example.cleanup).map_err(|e| format!("cleanup: {e}"))
}

#[test]
fn every_lock_rule_holds_on_a_live_server() {
    let server = start_server();
    let mut admin = server.connect().unwrap_or_else(|e| panic!("{e}"));
    let major = server_major(&mut admin);
    let rules = RuleSet::postgresql().unwrap_or_else(|e| panic!("lock rules do not load: {e}"));
    let total = rules.rules().len();
    let (mut verified, mut not_applicable, mut failures) = (0usize, Vec::new(), Vec::new());
    for rule in rules.rules() {
        if !rule.versions.contains(major) {
            not_applicable.push(format!("{} (PG {})", rule.id, rule.versions));
            continue;
        }
        let outcome = match rule.transaction {
            TransactionUse::Allowed => verify_in_transaction(&server, rules, rule, major),
            TransactionUse::Forbidden => verify_outside_transaction(&server, rules, rule, major),
        };
        let result = cleanup(&server, rule).and(outcome);
        match result {
            Ok(outcome) => {
                verified += 1;
                println!("ok   {}: {}", rule.id, outcome.checked.join("; "));
                for note in outcome.unchecked {
                    println!("       not checked: {note}");
                }
            }
            Err(problem) => {
                println!("FAIL {}: {problem}", rule.id);
                failures.push(format!("{}: {problem}", rule.id));
            }
        }
    }
    let _ = exec(
        &mut admin,
        &format!("DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"),
    );
    for n in &not_applicable {
        println!("n/a  {n}: not applicable to server version {major}; documented only");
    }
    println!("{total} entries, {verified} verified on PostgreSQL {major} ({} not applicable to this version)", not_applicable.len());
    assert!(
        failures.is_empty(),
        "the server contradicts {} rule(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(verified + not_applicable.len(), total);
}

/// Takes `held` in one session and tries `requested` with NOWAIT in another.
fn conflicts_live(
    server: &TestServer,
    holder: &mut Client,
    held: LockMode,
    requested: LockMode,
) -> Result<bool, String> {
    exec(
        holder,
        &format!("BEGIN; LOCK TABLE matrix_t IN {} MODE", held.sql_name()),
    )?;
    let mut other = server.connect()?;
    let outcome = other.batch_execute(&format!(
        "BEGIN; LOCK TABLE matrix_t IN {} MODE NOWAIT",
        requested.sql_name()
    ));
    let _ = other.batch_execute("ROLLBACK");
    exec(holder, "ROLLBACK")?;
    match outcome {
        Ok(()) => Ok(false),
        Err(e) if catalog::sqlstate(&e).as_deref() == Some("55P03") => Ok(true),
        Err(e) => Err(e.to_string()),
    }
}

/// Runs `sql` in another session with a short lock_timeout while `held` is held.
fn blocked_live(
    server: &TestServer,
    holder: &mut Client,
    held: LockMode,
    sql: &str,
) -> Result<bool, String> {
    exec(
        holder,
        &format!("BEGIN; LOCK TABLE matrix_t IN {} MODE", held.sql_name()),
    )?;
    let mut other = server.connect()?;
    let outcome = other.batch_execute(&format!("SET lock_timeout = '100ms'; BEGIN; {sql}"));
    let _ = other.batch_execute("ROLLBACK");
    exec(holder, "ROLLBACK")?;
    match outcome {
        Ok(()) => Ok(false),
        Err(e) if catalog::sqlstate(&e).as_deref() == Some("55P03") => Ok(true),
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn lock_conflict_matrix_matches_the_server() {
    let server = start_server();
    let mut holder = server.connect().unwrap_or_else(|e| panic!("{e}"));
    exec(&mut holder, "DROP TABLE IF EXISTS matrix_t; CREATE TABLE matrix_t (id int); INSERT INTO matrix_t VALUES (1)")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut mismatches = Vec::new();
    for held in LockMode::ALL {
        for requested in LockMode::ALL {
            let live = conflicts_live(&server, &mut holder, held, requested)
                .unwrap_or_else(|e| panic!("{e}"));
            if live != held.conflicts_with(requested) {
                mismatches.push(format!("{held} vs {requested}: server conflict = {live}"));
            }
        }
        let blocking = held.blocking();
        let probes = [
            ("SELECT * FROM matrix_t", blocking.reads),
            ("SELECT * FROM matrix_t FOR UPDATE", blocking.locking_reads),
            ("UPDATE matrix_t SET id = id", blocking.writes),
        ];
        for (sql, predicted) in probes {
            let live =
                blocked_live(&server, &mut holder, held, sql).unwrap_or_else(|e| panic!("{e}"));
            if live != predicted {
                mismatches.push(format!(
                    "{held} vs `{sql}`: server blocked = {live}, predicted {predicted}"
                ));
            }
        }
    }
    let _ = exec(&mut holder, "DROP TABLE IF EXISTS matrix_t");
    println!(
        "{} lock-mode pairs and {} read/write probes checked",
        64, 24
    );
    assert!(
        mismatches.is_empty(),
        "conflict matrix differs from the server:\n{}",
        mismatches.join("\n")
    );
}
