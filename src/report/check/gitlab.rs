//! GitLab Code Quality report: a JSON array of issues (description, check_name, fingerprint,
//! severity, location), shown in merge request widgets and diffs.

use std::collections::BTreeMap;

use serde_json::{json as value, Value};

use super::{md5_hex as hash, CheckReport};
use crate::checks::{Category, Finding, Level};

pub fn gitlab(report: &CheckReport<'_>) -> String {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let issues: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let base = fingerprint(finding);
            // Two findings of one rule on one operation stay distinct: the second one's
            // fingerprint also hashes its rank, which is stable while the operation is.
            let rank = seen.entry(base.clone()).or_insert(0);
            let fingerprint = if *rank == 0 {
                base
            } else {
                hash(&format!("{base}\0{rank}"))
            };
            *rank += 1;
            value!({
                "type": "issue",
                "description": finding.message,
                "check_name": finding.rule,
                "fingerprint": fingerprint,
                "severity": severity(finding),
                "categories": ["Bug Risk"],
                "location": {
                    "path": report.relative_path(&finding.path),
                    "lines": { "begin": finding.span.line },
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_default()
}

/// A finding's identity across runs: its app, migration, rule and operation index, not the
/// line (which moves when code above it changes).
pub fn fingerprint(finding: &Finding) -> String {
    let operation = finding
        .operation
        .map_or_else(|| "migration".to_string(), |index| index.to_string());
    hash(&format!(
        "{}\0{}\0{}\0{operation}",
        finding.migration.app, finding.migration.name, finding.rule
    ))
}

/// GitLab's severities: `migrate` failing is a blocker, other errors are critical, warnings
/// about a hazard are major, warnings without one (something not analysed) are minor.
fn severity(finding: &Finding) -> &'static str {
    match finding.severity {
        Level::Error if finding.categories.contains(&Category::RuntimeFailure) => "blocker",
        Level::Error => "critical",
        Level::Warning if finding.categories.is_empty() => "minor",
        Level::Warning => "major",
        Level::Info => "info",
    }
}
