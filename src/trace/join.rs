//! Observed facts joined with the static findings: each finding of `check` on the pending
//! migrations is confirmed, contradicted or not rehearsed; what the server showed that no
//! finding predicted becomes a finding of its own.

use serde::Serialize;

use super::rehearsal::{ObservedStatement, Outcome, RehearsedMigration};
use crate::checks::{Category, Finding, Level};
use crate::locks::LockMode;
use crate::project::Project;

/// A failing statement no static finding predicted (or a timeout).
pub const STATEMENT_FAILED: &str = "trace-statement-failed";
/// The server did something the lock rules did not say: a bug in migguard's rules.
pub const CONTRADICTION: &str = "trace-contradiction";

/// What the rehearsal says about a static finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every category the rehearsal can show agrees with the server.
    Confirmed,
    /// The server did otherwise: a bug in migguard's rules.
    Contradicted,
    /// Its statements were not run (RunPython, CONCURRENTLY outside a transaction, ...).
    NotRehearsed,
    /// Nothing a rehearsal can observe (irreversible, breaks old code, data change), or a
    /// failure these rows do not trigger.
    NotObservable,
    /// A finding the rehearsal itself made.
    Observed,
}

/// A finding with the rehearsal's word on it.
#[derive(Debug, Clone)]
pub struct TracedFinding {
    pub finding: Finding,
    pub verdict: Verdict,
    /// How the verdict was reached, one fact per line.
    pub evidence: Vec<String>,
}

/// Joins `findings` (static, on the pending migrations) with the rehearsal.
pub fn join(
    project: &Project,
    findings: Vec<Finding>,
    migrations: &[RehearsedMigration],
) -> Vec<TracedFinding> {
    let mut traced: Vec<TracedFinding> = findings
        .into_iter()
        .map(|finding| judge(finding, migrations))
        .collect();
    for migration in migrations {
        for statement in &migration.statements {
            if let Some(finding) = unpredicted_failure(project, migration, statement, &traced) {
                traced.push(finding);
            }
            if !statement.contradictions.is_empty() {
                traced.push(observed(
                    project,
                    migration,
                    statement,
                    CONTRADICTION,
                    Level::Error,
                    &[],
                    format!(
                        "migguard's lock analysis is wrong for this statement (a bug in its rules: please report it): {}",
                        statement.contradictions.join("; ")
                    ),
                ));
            }
        }
    }
    for item in &mut traced {
        let line = format!("trace: {}", verdict_name(item.verdict));
        let mut note = line;
        if !item.evidence.is_empty() {
            note.push_str(": ");
            note.push_str(&item.evidence.join("; "));
        }
        if item.verdict == Verdict::Contradicted {
            note.push_str(" (a contradiction is a bug in migguard's rules: please report it)");
        }
        item.finding.notes.push(note);
    }
    traced
}

/// The verdict as written in output.
pub fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Confirmed => "confirmed",
        Verdict::Contradicted => "contradicted",
        Verdict::NotRehearsed => "not rehearsed",
        Verdict::NotObservable => "not observable",
        Verdict::Observed => "observed",
    }
}

fn judge(finding: Finding, migrations: &[RehearsedMigration]) -> TracedFinding {
    let Some(migration) = migrations.iter().find(|m| m.migration == finding.migration) else {
        return TracedFinding {
            finding,
            verdict: Verdict::NotRehearsed,
            evidence: vec!["its migration is not pending on this database".to_string()],
        };
    };
    let statements = statements_of(&finding, migration);
    let mut evidence = Vec::new();
    let not_run: Vec<String> = statements
        .iter()
        .filter(|s| matches!(s.outcome, Outcome::NotRehearsed | Outcome::Skipped))
        .map(|s| {
            format!(
                "statement {} not rehearsed: {}",
                s.index + 1,
                s.reason.as_deref().unwrap_or("")
            )
        })
        .collect();
    if statements.is_empty() || !not_run.is_empty() {
        if statements.is_empty() {
            evidence.push("no statement of it was run".to_string());
        }
        evidence.extend(not_run);
        return TracedFinding {
            finding,
            verdict: Verdict::NotRehearsed,
            evidence,
        };
    }
    let mut confirmed = 0;
    let mut contradicted = 0;
    let failed: Vec<&ObservedStatement> = statements
        .iter()
        .copied()
        .filter(|s| s.outcome == Outcome::Failed)
        .collect();
    let data_failure = failed
        .iter()
        .find(|s| s.error.as_ref().is_some_and(|e| !e.is_timeout()));
    for category in &finding.categories {
        match category {
            Category::Rewrite => {
                let rewritten: Vec<&str> = statements
                    .iter()
                    .flat_map(|s| &s.rewritten)
                    .filter(|r| r.kind == "table")
                    .map(|r| r.relation.as_str())
                    .collect();
                if !rewritten.is_empty() {
                    confirmed += 1;
                    evidence.push(format!(
                        "rewrite: new relfilenode for {}",
                        rewritten.join(", ")
                    ));
                } else if !failed.is_empty() {
                    evidence.push("rewrite: not shown, the statement failed first".to_string());
                } else {
                    contradicted += 1;
                    evidence.push("static said rewrite; relfilenode unchanged".to_string());
                }
            }
            Category::BlocksReads | Category::BlocksWrites => {
                let reads = *category == Category::BlocksReads;
                let what = if reads { "reads" } else { "writes" };
                let blocks = |mode: &Option<LockMode>| {
                    mode.is_some_and(|mode| {
                        let blocking = mode.blocking();
                        if reads {
                            blocking.reads
                        } else {
                            blocking.writes
                        }
                    })
                };
                let (taken, held) = observed_modes(&finding, &statements);
                let name = |mode: Option<LockMode>| {
                    mode.map_or("no lock".to_string(), |m| m.sql_name().to_string())
                };
                if blocks(&taken) {
                    confirmed += 1;
                    evidence.push(format!("blocks {what}: observed {}", name(taken)));
                } else if blocks(&held) {
                    confirmed += 1;
                    evidence.push(format!(
                        "blocks {what}: observed {} (held since an earlier statement of the migration)",
                        name(held)
                    ));
                } else if !failed.is_empty() {
                    evidence.push(format!(
                        "blocks {what}: not shown, the statement failed first"
                    ));
                } else {
                    contradicted += 1;
                    evidence.push(format!(
                        "static said it blocks {what}; observed {}, which does not",
                        name(held)
                    ));
                }
            }
            Category::RuntimeFailure => match data_failure.and_then(|s| s.error.as_ref()) {
                Some(error) => {
                    confirmed += 1;
                    evidence.push(format!(
                        "runtime failure: SQLSTATE {} {}",
                        error.sqlstate, error.message
                    ));
                }
                None => evidence.push(
                    "runtime failure: not shown, this database's rows do not trigger it"
                        .to_string(),
                ),
            },
            Category::BreaksOldCode | Category::Irreversible | Category::DataChange => {}
        }
    }
    let verdict = if contradicted > 0 {
        Verdict::Contradicted
    } else if confirmed > 0 {
        Verdict::Confirmed
    } else {
        Verdict::NotObservable
    };
    TracedFinding {
        finding,
        verdict,
        evidence,
    }
}

/// The statements a finding is about: its statement, else its operation's, else the
/// migration's.
fn statements_of<'a>(
    finding: &Finding,
    migration: &'a RehearsedMigration,
) -> Vec<&'a ObservedStatement> {
    if let Some(text) = &finding.statement {
        let matching: Vec<&ObservedStatement> = migration
            .statements
            .iter()
            .filter(|s| s.sql.trim() == text.trim())
            .collect();
        if !matching.is_empty() {
            return matching;
        }
    }
    migration
        .statements
        .iter()
        .filter(|s| finding.operation.is_none_or(|op| s.operation == op))
        .collect()
}

/// The strongest lock the statements took on the finding's table (any relation when the
/// finding names none).
/// The strongest mode the statements took on the finding's table themselves, and the
/// strongest held on it after them (an earlier statement of the migration may hold it).
fn observed_modes(
    finding: &Finding,
    statements: &[&ObservedStatement],
) -> (Option<LockMode>, Option<LockMode>) {
    (
        strongest(finding, statements.iter().flat_map(|s| &s.taken)),
        strongest(finding, statements.iter().flat_map(|s| &s.locks)),
    )
}

fn strongest<'a>(
    finding: &Finding,
    locks: impl Iterator<Item = &'a crate::trace::observe::HeldLock>,
) -> Option<LockMode> {
    locks
        .filter(|lock| lock.kind.contains("table"))
        .filter(|lock| {
            finding
                .table
                .as_deref()
                .is_none_or(|table| lock.relation == table)
        })
        .map(|lock| lock.mode)
        .max()
}

fn unpredicted_failure(
    project: &Project,
    migration: &RehearsedMigration,
    statement: &ObservedStatement,
    traced: &[TracedFinding],
) -> Option<TracedFinding> {
    let error = statement.error.as_ref()?;
    let predicted = traced.iter().any(|item| {
        item.finding.migration == migration.migration
            && item
                .finding
                .operation
                .is_none_or(|op| op == statement.operation)
            && item.finding.categories.contains(&Category::RuntimeFailure)
    });
    if predicted && !error.is_timeout() {
        return None;
    }
    let message = if error.is_timeout() {
        format!(
            "statement {} hit a timeout on this database (SQLSTATE {}: {}): another session holds a conflicting lock, or it runs longer than --statement-timeout",
            statement.index + 1,
            error.sqlstate,
            error.message
        )
    } else {
        format!(
            "statement {} fails on this database's rows (SQLSTATE {}: {}); no static rule predicted it",
            statement.index + 1,
            error.sqlstate,
            error.message
        )
    };
    Some(observed(
        project,
        migration,
        statement,
        STATEMENT_FAILED,
        Level::Error,
        &[Category::RuntimeFailure],
        message,
    ))
}

fn observed(
    project: &Project,
    migration: &RehearsedMigration,
    statement: &ObservedStatement,
    rule: &'static str,
    severity: Level,
    categories: &[Category],
    message: String,
) -> TracedFinding {
    let parsed = project.migration(&migration.migration);
    let path = parsed.map(|p| p.source.path.clone()).unwrap_or_default();
    let span = parsed
        .and_then(|p| p.migration.as_ref())
        .map(|m| {
            m.operations
                .get(statement.operation)
                .map_or(m.span, |operation| operation.span)
        })
        .unwrap_or_default();
    let mut notes = Vec::new();
    if let Some(detail) = statement.error.as_ref().and_then(|e| e.detail.as_ref()) {
        notes.push(format!("detail: {detail}"));
    }
    TracedFinding {
        finding: Finding {
            rule,
            severity,
            categories: categories.to_vec(),
            migration: migration.migration.clone(),
            path,
            span,
            operation: Some(statement.operation),
            message,
            labels: Vec::new(),
            notes,
            help: None,
            statement: Some(statement.sql.clone()),
            one_off_values: Vec::new(),
            table_size: None,
            table: None,
            fix: None,
        },
        verdict: Verdict::Observed,
        evidence: Vec::new(),
    }
}
