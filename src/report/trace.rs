//! `migguard trace` output: the rehearsal (per migration, per statement: locks held,
//! rewrites, duration, error) and the findings in `check`'s model, each with its verdict.
//! Text and JSON are trace's own (`docs/trace-json.md`); the other formats are `check`'s,
//! with the verdict as the finding's last note.

use std::fmt::Write as _;

use serde_json::{json as value, Value};

use super::check::{CheckReport, Format};
use crate::checks::Finding;
use crate::trace::join::verdict_name;
use crate::trace::rehearsal::{ObservedStatement, Outcome};
use crate::trace::{TraceOutcome, Verdict};

/// Version of trace's JSON shape; bumped on any incompatible change.
pub const TRACE_SCHEMA_VERSION: u32 = 1;

/// The findings of a trace, as `check` reports take them.
pub fn findings(outcome: &TraceOutcome) -> Vec<Finding> {
    outcome.findings.iter().map(|f| f.finding.clone()).collect()
}

/// The whole output in `format`.
pub fn render(
    outcome: &TraceOutcome,
    format: Format,
    base: std::path::PathBuf,
    color: bool,
) -> String {
    let findings = findings(outcome);
    let checked: Vec<_> = outcome
        .rehearsal
        .migrations
        .iter()
        .map(|m| m.migration.clone())
        .collect();
    let report = CheckReport {
        findings: &findings,
        diagnostics: &outcome.diagnostics,
        checked: &checked,
        pg_version: outcome.pg_version,
        base,
        // The rehearsed files, read again: a trace reports on what it ran.
        sources: super::check::Sources::default(),
    };
    match format {
        Format::Text => text(outcome, &report, color),
        Format::Json => json(outcome, &report),
        other => other.render(&report, color, None),
    }
}

fn text(outcome: &TraceOutcome, report: &CheckReport<'_>, color: bool) -> String {
    let rehearsal = &outcome.rehearsal;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Rehearsal on database '{}' (PostgreSQL {}), lock_timeout {} ms, statement_timeout {} ms, {} pending migration{}; {}.",
        rehearsal.database,
        rehearsal.server_version,
        rehearsal.lock_timeout_ms,
        rehearsal.statement_timeout_ms,
        rehearsal.migrations.len(),
        if rehearsal.migrations.len() == 1 { "" } else { "s" },
        if rehearsal.rolled_back { "everything was rolled back" } else { "the server rolled back" }
    );
    for blocker in &rehearsal.blockers {
        let _ = writeln!(
            out,
            "warning: went on (--wait) despite {}",
            blocker.describe()
        );
    }
    for migration in &rehearsal.migrations {
        let _ = writeln!(
            out,
            "\n{}{}",
            migration.migration,
            if migration.atomic {
                ""
            } else {
                " (atomic = False: statements marked autocommit run outside a transaction on the real deploy)"
            }
        );
        if migration.statements.is_empty() {
            let _ = writeln!(out, "  no statements");
        }
        for statement in &migration.statements {
            statement_text(&mut out, statement);
        }
    }
    out.push('\n');
    out.push_str(&super::check::text(report, color));
    out.push_str(&summary(outcome));
    out
}

fn statement_text(out: &mut String, statement: &ObservedStatement) {
    let first_line = statement.sql.lines().next().unwrap_or("");
    let mut sql: String = first_line.chars().take(110).collect();
    if sql.len() < statement.sql.trim_end().len() {
        sql.push_str(" ...");
    }
    let outcome = match statement.outcome {
        Outcome::Ran => "ran",
        Outcome::Failed => "FAILED",
        Outcome::NotRehearsed => "not rehearsed",
        Outcome::Skipped => "skipped",
    };
    let duration = statement
        .duration_ms
        .map(|ms| format!(" [{ms:.1} ms]"))
        .unwrap_or_default();
    let autocommit = if statement.autocommit {
        " (autocommit)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  {}. {outcome}{duration}{autocommit}: {sql}",
        statement.index + 1
    );
    if let Some(reason) = &statement.reason {
        let _ = writeln!(out, "     why: {reason}");
    }
    if let Some(error) = &statement.error {
        let _ = writeln!(
            out,
            "     error: SQLSTATE {}: {}",
            error.sqlstate, error.message
        );
        if let Some(detail) = &error.detail {
            let _ = writeln!(out, "     detail: {detail}");
        }
    }
    if statement.outcome == Outcome::Ran {
        let mut by_relation: Vec<(String, Vec<&str>)> = Vec::new();
        for lock in &statement.locks {
            let label = if lock.kind == "table" {
                lock.relation.clone()
            } else {
                format!("{} ({})", lock.relation, lock.kind)
            };
            match by_relation.iter_mut().find(|(name, _)| *name == label) {
                Some((_, modes)) => modes.push(lock.mode.sql_name()),
                None => by_relation.push((label, vec![lock.mode.sql_name()])),
            }
        }
        let locks: Vec<String> = by_relation
            .iter()
            .map(|(name, modes)| format!("{name} {}", modes.join(", ")))
            .collect();
        let _ = writeln!(
            out,
            "     locks held: {}",
            if locks.is_empty() {
                "none".to_string()
            } else {
                locks.join("; ")
            }
        );
        if !statement.rewritten.is_empty() {
            let rewritten: Vec<String> = statement
                .rewritten
                .iter()
                .map(|r| format!("{} ({})", r.relation, r.kind))
                .collect();
            let _ = writeln!(out, "     rewritten: {}", rewritten.join(", "));
        }
    }
    for contradiction in &statement.contradictions {
        let _ = writeln!(
            out,
            "     CONTRADICTS migguard's lock rules (a bug: please report it): {contradiction}"
        );
    }
}

fn summary(outcome: &TraceOutcome) -> String {
    let count = |verdict: Verdict| {
        outcome
            .findings
            .iter()
            .filter(|f| f.verdict == verdict)
            .count()
    };
    format!(
        "trace: {} finding{}: {} confirmed, {} contradicted, {} not rehearsed, {} not observable, {} found by the rehearsal.\n",
        outcome.findings.len(),
        if outcome.findings.len() == 1 { "" } else { "s" },
        count(Verdict::Confirmed),
        count(Verdict::Contradicted),
        count(Verdict::NotRehearsed),
        count(Verdict::NotObservable),
        count(Verdict::Observed),
    )
}

fn json(outcome: &TraceOutcome, report: &CheckReport<'_>) -> String {
    let mut document: Value =
        serde_json::from_str(&super::check::json(report)).unwrap_or_else(|_| value!({}));
    if let Some(Value::Array(findings)) = document.get_mut("findings") {
        for (finding, traced) in findings.iter_mut().zip(&outcome.findings) {
            if let Value::Object(map) = finding {
                map.insert(
                    "trace".to_string(),
                    value!({
                        "verdict": traced.verdict,
                        "verdict_text": verdict_name(traced.verdict),
                        "evidence": traced.evidence,
                    }),
                );
            }
        }
    }
    if let Value::Object(map) = &mut document {
        map.insert(
            "trace_schema_version".to_string(),
            value!(TRACE_SCHEMA_VERSION),
        );
        map.insert(
            "rehearsal".to_string(),
            serde_json::to_value(&outcome.rehearsal).unwrap_or(Value::Null),
        );
    }
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}
