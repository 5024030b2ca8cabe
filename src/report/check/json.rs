//! Findings for machines: the documented shape of `docs/check-json.md` (`schema_version` 1),
//! built here rather than by serialising internal types.

use serde_json::{json as value, Value};

use super::CheckReport;
use crate::checks::{Finding, Level};

/// Version of the JSON shape; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

pub fn json(report: &CheckReport<'_>) -> String {
    let findings: Vec<Value> = report.findings.iter().map(|f| finding(report, f)).collect();
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            value!({
                "severity": d.severity,
                "code": d.code.as_str(),
                "message": d.message,
                "path": d.location.as_ref().map(|l| report.display_path(&l.path)),
                "line": d.location.as_ref().map(|l| l.line),
                "column": d.location.as_ref().map(|l| l.column),
                "notes": d.notes,
            })
        })
        .collect();
    let document = value!({
        "schema_version": SCHEMA_VERSION,
        "pg_version": report.pg_version,
        "findings": findings,
        "diagnostics": diagnostics,
        "checked": report.checked.iter().map(|k| k.to_string()).collect::<Vec<_>>(),
        "summary": {
            "errors": report.count(Level::Error),
            "warnings": report.count(Level::Warning),
            "infos": report.count(Level::Info),
            "migrations_checked": report.checked.len(),
        },
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

fn finding(report: &CheckReport<'_>, finding: &Finding) -> Value {
    let (end_line, end_column) = report.end_position(finding);
    let mut shape = value!({
        "app": finding.migration.app,
        "migration": finding.migration.name,
        "rule": finding.rule,
        "severity": finding.severity,
        "categories": finding.categories,
        "path": report.display_path(&finding.path),
        "line": finding.span.line,
        "column": finding.span.column,
        "end_line": end_line,
        "end_column": end_column,
        "operation": finding.operation,
        "message": finding.message,
        "notes": finding.notes,
        "help": finding.help,
        "statement": finding.statement,
        "table": finding.table,
        "fix": finding.fix.as_ref().map(|fix| value!({
            "title": fix.title,
            "replaces": report.display_path(&fix.replaces),
            "leaves": fix.leaves,
            "releases": fix.releases.iter().map(|release| value!({
                "title": release.title,
                "deploy_after": release.deploy_after,
                "files": release.files.iter().map(|file| value!({
                    "path": report.display_path(&file.path),
                    "contents": file.contents,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })),
    });
    if !finding.one_off_values.is_empty() {
        // Values in `statement` that Django computes when it runs the migration.
        shape["one_off_values"] = finding
            .one_off_values
            .iter()
            .map(|value| {
                value!({
                    "field": value.field,
                    "callable": value.callable,
                    "value": value.value,
                    "pinned": value.pinned,
                })
            })
            .collect::<Vec<_>>()
            .into();
    }
    if let Some(size) = &finding.table_size {
        shape["table_size"] = value!({
            "table": size.table,
            "rows": size.rows,
            "total_bytes": size.total_bytes,
            "class": size.class,
            "rule_severity": size.rule_severity,
        });
    }
    shape
}
