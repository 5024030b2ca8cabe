//! Suppressions written in migration files:
//!
//! - `# migguard: ignore[rule-name, other-rule] reason` on the operation's first line or the
//!   line above it;
//! - `# migguard: ignore-file[rule-name] reason` anywhere in the file, for the whole file.
//!
//! A suppression naming an unknown rule is an error; one that suppresses nothing, or gives
//! no reason, is a warning.

use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Location};

use super::finding::Finding;
use super::registry;

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// 1-based line of the comment.
    pub line: u32,
    pub column: u32,
    pub rules: Vec<String>,
    pub file_wide: bool,
    pub reason: String,
}

/// Every suppression of a file.
pub fn parse(source: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    // Most files have none: one search of the whole text instead of one per line.
    if !source.contains("# migguard:") {
        return out;
    }
    for (number, line) in source.lines().enumerate() {
        let Some(at) = line.find("# migguard:") else {
            continue;
        };
        let rest = line[at + "# migguard:".len()..].trim_start();
        let (file_wide, rest) = if let Some(rest) = rest.strip_prefix("ignore-file[") {
            (true, rest)
        } else if let Some(rest) = rest.strip_prefix("ignore[") {
            (false, rest)
        } else {
            continue;
        };
        let Some(close) = rest.find(']') else {
            continue;
        };
        out.push(Suppression {
            line: number as u32 + 1,
            column: at as u32 + 1,
            rules: rest[..close]
                .split(',')
                .map(|rule| rule.trim().to_string())
                .filter(|rule| !rule.is_empty())
                .collect(),
            file_wide,
            reason: rest[close + 1..]
                .trim()
                .trim_start_matches(':')
                .trim()
                .to_string(),
        });
    }
    out
}

/// Removes the findings of one file that its suppressions cover; returns the problems with the
/// suppressions themselves.
pub fn apply(path: &Path, source: &str, findings: &mut Vec<Finding>) -> Vec<Diagnostic> {
    let suppressions = parse(source);
    let mut used = vec![false; suppressions.len()];
    findings.retain(|finding| {
        let mut keep = true;
        for (index, suppression) in suppressions.iter().enumerate() {
            let covers_line = suppression.file_wide
                || suppression.line == finding.span.line
                || suppression.line + 1 == finding.span.line;
            if covers_line && suppression.rules.iter().any(|rule| rule == finding.rule) {
                used[index] = true;
                keep = false;
            }
        }
        keep
    });
    let mut diagnostics = Vec::new();
    for (suppression, used) in suppressions.iter().zip(used) {
        let location = Location::new(path, suppression.line, suppression.column);
        let unknown: Vec<&String> = suppression
            .rules
            .iter()
            .filter(|rule| registry::rule(rule).is_none())
            .collect();
        for rule in &unknown {
            diagnostics.push(
                Diagnostic::error(
                    Code::UnknownRule,
                    format!("suppression names unknown rule '{rule}'"),
                )
                .at(location.clone())
                .note("`migguard rule --all` lists the rules"),
            );
        }
        if !unknown.is_empty() {
            continue;
        }
        if !used {
            diagnostics.push(
                Diagnostic::warning(
                    Code::UnusedSuppression,
                    format!(
                        "suppression ignore[{}] suppresses nothing",
                        suppression.rules.join(", ")
                    ),
                )
                .at(location.clone()),
            );
        } else if suppression.reason.is_empty() {
            diagnostics.push(
                Diagnostic::warning(Code::UnusedSuppression, "suppression without a reason")
                    .at(location)
                    .note("say why it is safe: # migguard: ignore[rule] the table has 20 rows"),
            );
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_file_suppressions_are_read() {
        let source = "x = 1  # migguard: ignore[drop-column, rename-table] table is empty\n# migguard: ignore-file[not-analysed]: reviewed\n";
        let parsed = parse(source);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].rules, ["drop-column", "rename-table"]);
        assert_eq!(parsed[0].reason, "table is empty");
        assert!(!parsed[0].file_wide);
        assert!(parsed[1].file_wide);
        assert_eq!(parsed[1].reason, "reviewed");
    }
}
