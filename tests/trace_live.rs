//! `migguard trace` against a live PostgreSQL (`MIGGUARD_TEST_DATABASE_URL`, else a
//! throwaway server; if neither works the tests FAIL).
//!
//! - `corpus/hazards`: a database with every case migrated to `0001_initial` by the SQL real
//!   Django executed (`expected/executed/`) and seeded; trace must reproduce the recorded
//!   evidence of every case and run (locks after each statement, rewrites, failures) and
//!   mark each static finding confirmed (or not rehearsed / not observable, for the reasons
//!   allowed below); a contradiction fails. Variants run on their own database (a copy of the
//!   unseeded template) with the case as target.
//! - The database is unchanged afterwards (pg_dump --schema-only and row counts), with
//!   failing statements midway, and when the rehearsing backend is killed.
//! - A session holding a lock on a target table stops the rehearsal, named.
//! - No rehearsal without `--i-am-not-production` or a configured rehearsal database.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use migguard::checks::{Category, RuleSelection};
use migguard::ir::MigrationKey;
use migguard::project::Project;
use migguard::trace::rehearsal::{Outcome, RehearsedMigration};
use migguard::trace::{trace, TraceError, TraceOptions, TraceOutcome, Verdict};
use serde_json::Value;
use support::rehearsal::{apply_executed, create_database, create_recorder, snapshot};
use support::server::TestServer;

const HAZARDS: &str = "corpus/hazards";

fn start_server() -> TestServer {
    TestServer::start().unwrap_or_else(|e| {
        panic!(
            "FAILED: could not start or reach PostgreSQL for the trace tests.\n{e}\n\
             Set MIGGUARD_TEST_DATABASE_URL or install the PostgreSQL server (initdb, pg_ctl, pg_config)."
        )
    })
}

fn options(targets: Vec<MigrationKey>) -> TraceOptions {
    TraceOptions {
        targets,
        not_production: true,
        rehearsal_databases: Vec::new(),
        wait: false,
        lock_timeout: Duration::from_secs(2),
        statement_timeout: Duration::from_secs(30),
        max_transaction_age: Duration::from_secs(60),
        selection: RuleSelection::default(),
        // The expected evidence holds the reference data's values (UUIDs counting up from 1).
        one_off: migguard::ddl::OneOffValues::Pinned,
    }
}

struct Case {
    name: String,
    change: String,
    seed: Vec<String>,
    variants: Vec<(String, Vec<String>)>,
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(HAZARDS)
        .expect("corpus/hazards")
        .flatten()
    {
        let file = entry.path().join("CASE.toml");
        if !file.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("CASE.toml");
        let data: toml::Value = toml::from_str(&text).expect("CASE.toml format");
        let strings = |value: Option<&toml::Value>| -> Vec<String> {
            value
                .and_then(toml::Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| item.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let variants = data
            .get("variant")
            .and_then(toml::Value::as_array)
            .map(|variants| {
                variants
                    .iter()
                    .map(|v| {
                        (
                            v.get("name")
                                .and_then(toml::Value::as_str)
                                .unwrap_or("")
                                .to_string(),
                            strings(v.get("seed")),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        cases.push(Case {
            name: entry.file_name().to_string_lossy().into_owned(),
            change: data["change"].as_str().expect("change").to_string(),
            seed: strings(data.get("seed")),
            variants,
        });
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(cases.len(), 44, "corpus/hazards cases");
    cases
}

fn hazards_project() -> Project {
    Project::load(&support::corpus_options("hazards"))
}

/// A template database: every case at `0001_initial`, no rows.
fn hazards_template(server: &TestServer, cases: &[Case]) -> &'static str {
    let name = "migguard_trace_hz_template";
    create_database(server, name, None);
    let mut client = server.connect_to(name).expect("connect template");
    let project = Path::new(HAZARDS);
    create_recorder(&mut client, project);
    for case in cases {
        apply_executed(&mut client, project, &case.name, "0001_initial");
    }
    name
}

fn seed(server: &TestServer, database: &str, statements: &[String]) {
    let mut client = server.connect_to(database).expect("connect");
    for statement in statements {
        client
            .batch_execute(statement)
            .unwrap_or_else(|e| panic!("seed {statement}: {e}"));
    }
}

fn run_trace(
    server: &TestServer,
    database: &str,
    project: &Project,
    options: &TraceOptions,
) -> Result<TraceOutcome, TraceError> {
    let mut client = server.connect_to(database).expect("connect");
    trace(project, &mut client, options)
}

/// SQL compared between Django's log and trace: trimmed, without the final `;`, and with
/// 32-hex-digit literals (a callable `uuid4` default Django computed at run time) masked.
fn normalized(sql: &str) -> String {
    let text = sql.trim().trim_end_matches(';').trim();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\'') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let literal = rest.get(..33);
        if literal
            .is_some_and(|l| l.ends_with('\'') && l[..32].chars().all(|c| c.is_ascii_hexdigit()))
        {
            out.push_str("<uuid>'");
            rest = &rest[33..];
        }
    }
    out.push_str(rest);
    out
}

/// Every statement Django executed for the migrations of apps other than `case` (a case's
/// change may depend on another case's migration, which `migrate` then runs first).
fn other_apps_statements(case: &str) -> BTreeSet<String> {
    let mut statements = BTreeSet::new();
    let root = PathBuf::from(HAZARDS).join("expected/executed");
    for app in std::fs::read_dir(&root).expect("executed").flatten() {
        if app.file_name() == case || !app.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(app.path()).expect("app dir").flatten() {
            for statement in support::rehearsal::executed_statements(&file.path()) {
                statements.insert(normalized(&statement));
            }
        }
    }
    statements
}

/// The trace statements from `start` whose texts, joined by `; `, are Django's `sql` (Django
/// sends `ADD COLUMN ...; SET CONSTRAINTS ...` as one string): their positions.
fn matching(
    migration: &RehearsedMigration,
    start: usize,
    sql: &str,
) -> Option<std::ops::Range<usize>> {
    for first in start..migration.statements.len() {
        let mut joined = String::new();
        for last in first..migration.statements.len().min(first + 3) {
            if last > first {
                joined.push_str("; ");
            }
            joined.push_str(&normalized(&migration.statements[last].sql));
            if joined == sql {
                return Some(first..last + 1);
            }
        }
    }
    None
}

fn evidence(case: &str) -> Value {
    let path = PathBuf::from(HAZARDS).join(format!("expected/evidence/{case}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("evidence")).expect("evidence json")
}

/// Compares one recorded run with the rehearsal of its migration; problems are pushed.
fn compare_run(
    case: &str,
    run: &Value,
    migration: &RehearsedMigration,
    problems: &mut Vec<String>,
) -> usize {
    let label = format!("{case} ({})", run["name"].as_str().unwrap_or("?"));
    let recorded: Vec<&Value> = run["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .filter(|s| s["source"] == "schema-editor")
        .collect();
    let mut compared = 0;
    let mut position = 0;
    let dependencies = other_apps_statements(case);
    let untranslated = migration.statements.iter().any(|s| {
        s.outcome == Outcome::NotRehearsed
            && s.reason
                .as_deref()
                .is_some_and(|r| r.contains("could not translate"))
    });
    for statement in &recorded {
        let sql = normalized(statement["sql"].as_str().unwrap_or(""));
        let Some(range) = matching(migration, position, &sql) else {
            if !dependencies.contains(&sql) && !untranslated {
                problems.push(format!(
                    "{label}: Django ran {sql:?}, trace has no such statement"
                ));
            }
            continue;
        };
        position = range.end;
        let group = &migration.statements[range.clone()];
        let observed = group
            .iter()
            .find(|s| s.outcome == Outcome::Failed)
            .unwrap_or(&migration.statements[range.end - 1]);
        match observed.outcome {
            Outcome::NotRehearsed => continue,
            Outcome::Skipped => {
                problems.push(format!("{label}: {sql:?} skipped by trace, run by Django"));
                continue;
            }
            Outcome::Failed | Outcome::Ran => {}
        }
        compared += 1;
        let django_failed = statement.get("error").is_some_and(|e| !e.is_null());
        if django_failed != (observed.outcome == Outcome::Failed) {
            problems.push(format!(
                "{label}: {sql:?}: Django {}, trace {:?} {:?}",
                if django_failed { "failed" } else { "succeeded" },
                observed.outcome,
                observed.error
            ));
            continue;
        }
        if django_failed {
            continue;
        }
        // Django's atomic = False statements commit at once: nothing is held after them.
        if !migration.atomic {
            continue;
        }
        let expected: BTreeSet<(String, String)> = statement["locks"]
            .as_array()
            .expect("locks")
            .iter()
            .map(|l| {
                (
                    l["relation"].as_str().unwrap_or("").to_string(),
                    l["mode"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        // The recorder names dropped relations only for the case's tables.
        let actual: BTreeSet<(String, String)> = observed
            .locks
            .iter()
            .filter(|l| !l.kind.starts_with("dropped ") || l.kind == "dropped table")
            .map(|l| (l.relation.clone(), l.mode.pg_locks_name().to_string()))
            .collect();
        if expected != actual {
            problems.push(format!(
                "{label}: locks after {sql:?}\n  Django: {expected:?}\n  trace:  {actual:?}"
            ));
        }
    }
    let rewritten_expected: BTreeSet<String> = run["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter(|t| t["rewritten"] == true)
        .filter_map(|t| t["now"].as_str().map(str::to_string))
        .collect();
    let rewritten_actual: BTreeSet<String> = migration
        .statements
        .iter()
        .filter(|s| s.outcome == Outcome::Ran)
        .flat_map(|s| &s.rewritten)
        .filter(|r| r.kind == "table")
        .map(|r| r.relation.clone())
        .collect();
    // A failed migration is rolled back: Django's relfilenodes are the old ones again.
    let failed = run["migrate"]["ok"] == false;
    if !failed && rewritten_expected != rewritten_actual {
        problems.push(format!(
            "{label}: rewritten tables: Django {rewritten_expected:?}, trace {rewritten_actual:?}"
        ));
    }
    for observed in &migration.statements {
        for contradiction in &observed.contradictions {
            problems.push(format!(
                "{label}: statement {}: {contradiction}",
                observed.index + 1
            ));
        }
    }
    compared
}

/// Reasons a finding may stay unconfirmed on the corpus.
const NOT_REHEARSED_ALLOWED: [&str; 3] = ["RunPython", "could not translate", "atomic = False"];

fn judge_findings(
    case: &str,
    run: &Value,
    outcome: &TraceOutcome,
    key: &MigrationKey,
    problems: &mut Vec<String>,
) -> usize {
    let label = format!("{case} ({})", run["name"].as_str().unwrap_or("?"));
    let failed = run["migrate"]["ok"] == false;
    let mut judged = 0;
    for traced in outcome
        .findings
        .iter()
        .filter(|f| f.finding.migration == *key)
    {
        judged += 1;
        let finding = &traced.finding;
        let what = format!(
            "{label}: {} ({:?}: {:?})",
            finding.rule, traced.verdict, traced.evidence
        );
        let observable = finding.categories.iter().any(|c| {
            matches!(
                c,
                Category::BlocksReads | Category::BlocksWrites | Category::Rewrite
            ) || (*c == Category::RuntimeFailure && failed)
        });
        match traced.verdict {
            Verdict::Confirmed => {}
            Verdict::Contradicted => problems.push(format!("{what}: contradicted")),
            Verdict::Observed => {
                problems.push(format!("{what}: a finding no static rule predicted"))
            }
            Verdict::NotRehearsed => {
                let after_failure = failed
                    && traced
                        .evidence
                        .iter()
                        .all(|e| e.contains("an earlier statement of this migration failed"));
                if !after_failure
                    && !traced.evidence.iter().any(|e| {
                        NOT_REHEARSED_ALLOWED
                            .iter()
                            .any(|allowed| e.contains(allowed))
                    })
                {
                    problems.push(format!("{what}: not rehearsed for an unexpected reason"));
                }
            }
            Verdict::NotObservable if observable => {
                problems.push(format!("{what}: observable but not confirmed"))
            }
            Verdict::NotObservable => {}
        }
    }
    judged
}

/// The text output with what varies between runs masked: durations, the server version.
fn masked_text(outcome: &TraceOutcome) -> String {
    let base = std::env::current_dir().expect("cwd");
    let text = migguard::report::trace::render(
        outcome,
        migguard::report::check::Format::Text,
        base,
        false,
    );
    let mut out = String::new();
    for (number, line) in text.lines().enumerate() {
        let mut line = line.to_string();
        if number == 0 {
            line = "Rehearsal on database <masked>".to_string();
        }
        if let (Some(open), Some(close)) = (line.find(" ["), line.find(" ms]")) {
            if open < close {
                line.replace_range(open..close + 4, " [<duration>]");
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn trace_reproduces_the_hazards_evidence_and_leaves_the_database_unchanged() {
    let server = start_server();
    let cases = cases();
    let project = hazards_project();
    let started = Instant::now();
    let template = hazards_template(&server, &cases);
    let seeded = "migguard_trace_hz_seed";
    create_database(&server, seeded, Some(template));
    for case in &cases {
        seed(&server, seeded, &case.seed);
    }
    let before = snapshot(&server, seeded);
    let outcome = run_trace(&server, seeded, &project, &options(Vec::new()))
        .unwrap_or_else(|e| panic!("trace failed: {e}"));
    let elapsed = started.elapsed();
    let after = snapshot(&server, seeded);
    assert!(outcome.rehearsal.rolled_back);
    assert_eq!(before.rows, after.rows, "row counts changed");
    assert!(
        before.schema == after.schema,
        "schema changed by the rehearsal:\n{}",
        similar::TextDiff::from_lines(&before.schema, &after.schema).unified_diff()
    );
    // Statements fail midway (NOT NULL without default, duplicate unique value) and the
    // database is still unchanged: checked above on the same run.
    let failures = outcome
        .rehearsal
        .migrations
        .iter()
        .filter(|m| m.failed())
        .count();
    assert!(
        failures >= 2,
        "expected failing migrations in the seeded run, got {failures}"
    );

    insta::assert_snapshot!("trace_hazards_text", masked_text(&outcome));

    let mut problems = Vec::new();
    let mut statements = 0;
    let mut findings = 0;
    let mut runs = 0;
    for case in &cases {
        let key = MigrationKey::new(case.name.clone(), case.change.clone());
        let recorded = evidence(&case.name);
        let migration = outcome
            .rehearsal
            .migrations
            .iter()
            .find(|m| m.migration == key)
            .unwrap_or_else(|| panic!("{key} not pending in the rehearsal"));
        let run = &recorded["runs"][0];
        assert_eq!(run["name"], "seed");
        statements += compare_run(&case.name, run, migration, &mut problems);
        findings += judge_findings(&case.name, run, &outcome, &key, &mut problems);
        runs += 1;
    }
    for case in cases.iter().filter(|c| !c.variants.is_empty()) {
        let recorded = evidence(&case.name);
        for (name, seed_sql) in &case.variants {
            let database = format!("migguard_trace_hz_{}", runs);
            create_database(&server, &database, Some(template));
            seed(&server, &database, seed_sql);
            let key = MigrationKey::new(case.name.clone(), case.change.clone());
            let before = snapshot(&server, &database);
            let outcome = run_trace(&server, &database, &project, &options(vec![key.clone()]))
                .unwrap_or_else(|e| panic!("trace {} {name}: {e}", case.name));
            assert_eq!(
                outcome.rehearsal.migrations.len(),
                1,
                "{} {name}: only the target is pending",
                case.name
            );
            assert_eq!(
                before,
                snapshot(&server, &database),
                "{} {name}: database changed",
                case.name
            );
            let run = recorded["runs"]
                .as_array()
                .expect("runs")
                .iter()
                .find(|r| r["name"] == name.as_str())
                .unwrap_or_else(|| panic!("{} has no recorded run {name}", case.name));
            statements += compare_run(
                &case.name,
                run,
                &outcome.rehearsal.migrations[0],
                &mut problems,
            );
            findings += judge_findings(&case.name, run, &outcome, &key, &mut problems);
            runs += 1;
        }
    }
    println!(
        "trace on corpus/hazards: {runs} runs, {statements} statements compared with Django's evidence, {findings} findings judged, in {:.1} s",
        elapsed.as_secs_f64()
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        statements >= 50,
        "too few statements compared: {statements}"
    );
}
