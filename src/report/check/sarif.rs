//! SARIF 2.1.0 for code scanning: the tool with every rule (its summary, documentation and
//! help URI), one result per finding with its region, and the staged fix as artifact changes.

use serde_json::{json as value, Value};

use super::{fingerprint, line_column, message_with_notes, CheckReport};
use crate::checks::{Finding, FixFile, Level, StagedFix, RULES};
use crate::diagnostics::Severity;

/// Where a rule's documentation is published.
pub fn help_uri(rule: &str) -> String {
    format!("https://github.com/migguard/migguard/blob/main/docs/rules/{rule}.md")
}

pub fn sarif(report: &CheckReport<'_>) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            value!({
                "id": rule.name,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.doc, "markdown": rule.doc },
                "help": { "text": rule.doc, "markdown": rule.doc },
                "helpUri": help_uri(rule.name),
                "defaultConfiguration": {
                    "level": level(rule.severity),
                    "enabled": rule.default_enabled,
                },
                "properties": {
                    "tags": rule.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                },
            })
        })
        .collect();
    let results: Vec<Value> = report.findings.iter().map(|f| result(report, f)).collect();
    let notifications: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let mut notification = value!({
                "level": match diagnostic.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Note => "note",
                },
                "message": { "text": diagnostic.message },
                "descriptor": { "id": diagnostic.code.as_str() },
            });
            if let Some(location) = &diagnostic.location {
                notification["locations"] = value!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&report.relative_path(&location.path)) },
                        "region": { "startLine": location.line, "startColumn": location.column },
                    }
                }]);
            }
            notification
        })
        .collect();
    let document = value!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "migguard",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/migguard/migguard",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": !report.diagnostics.iter().any(|d| d.is_error()),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

fn result(report: &CheckReport<'_>, finding: &Finding) -> Value {
    let (end_line, end_column) = report.end_position(finding);
    let text = message_with_notes(finding);
    let file = uri(&report.relative_path(&finding.path));
    let mut result = value!({
        "ruleId": finding.rule,
        "ruleIndex": RULES
            .iter()
            .position(|rule| rule.name == finding.rule)
            .map_or(-1, |index| index as i64),
        "level": level(finding.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": file },
                "region": {
                    "startLine": finding.span.line,
                    "startColumn": finding.span.column,
                    "endLine": end_line,
                    "endColumn": end_column,
                },
            },
            "logicalLocations": [{
                "name": finding.migration.name,
                "fullyQualifiedName": finding.migration.to_string(),
                "kind": "module",
            }],
        }],
        "partialFingerprints": { "migguardOperation/v1": fingerprint(finding) },
        "properties": {
            "tags": finding.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        },
    });
    if let Some(size) = &finding.table_size {
        result["properties"]["tableSize"] = serde_json::to_value(size).unwrap_or_default();
    }
    if !finding.labels.is_empty() {
        let source = report.sources.text(&finding.path);
        let related: Vec<Value> = finding
            .labels
            .iter()
            .enumerate()
            .map(|(id, label)| {
                let (end_line, end_column) = line_column(&source, label.span.end as usize);
                value!({
                    "id": id,
                    "message": { "text": label.message },
                    "physicalLocation": {
                        "artifactLocation": { "uri": file },
                        "region": {
                            "startLine": label.span.line,
                            "startColumn": label.span.column,
                            "endLine": end_line,
                            "endColumn": end_column,
                        },
                    },
                })
            })
            .collect();
        result["relatedLocations"] = Value::Array(related);
    }
    if let Some(fix) = &finding.fix {
        result["fixes"] = value!([sarif_fix(report, fix)]);
    }
    result
}

/// The staged fix: the replaced migration rewritten and the new migrations created, all the
/// releases in one fix (the description says what to deploy between them).
fn sarif_fix(report: &CheckReport<'_>, fix: &StagedFix) -> Value {
    let mut description = fix.title.clone();
    for release in &fix.releases {
        description.push_str(&format!("\n{}", release.title));
        if let Some(deploy) = &release.deploy_after {
            description.push_str(&format!("; then {deploy}"));
        }
    }
    let changes: Vec<Value> = fix
        .releases
        .iter()
        .flat_map(|release| &release.files)
        .map(|file| artifact_change(report, fix, file))
        .collect();
    value!({
        "description": { "text": description },
        "artifactChanges": changes,
    })
}

/// A file of the fix: the replaced migration's whole text swapped for the new one, or a new
/// file's text inserted at its start.
fn artifact_change(report: &CheckReport<'_>, fix: &StagedFix, file: &FixFile) -> Value {
    let deleted = if file.path == fix.replaces {
        report.sources.text(&fix.replaces).chars().count()
    } else {
        0
    };
    value!({
        "artifactLocation": { "uri": uri(&report.relative_path(&file.path)) },
        "replacements": [{
            "deletedRegion": { "charOffset": 0, "charLength": deleted },
            "insertedContent": { "text": file.contents },
        }],
    })
}

/// A path as a URI reference: relative paths stay relative (to the repository root, as code
/// scanning reads them), absolute ones become `file://` URIs; reserved characters are escaped.
fn uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
