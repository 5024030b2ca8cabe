//! One line per finding, `path:line:col: severity[rule] message`, for editors and grep; the
//! diagnostics follow in the same shape.

use std::fmt::Write as _;

use super::CheckReport;
use crate::checks::rules::one_line;

pub fn concise(report: &CheckReport<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            report.display_path(&finding.path),
            finding.span.line,
            finding.span.column,
            finding.severity,
            finding.rule,
            one_line(&finding.message)
        );
    }
    for diagnostic in report.diagnostics {
        let place = diagnostic
            .location
            .as_ref()
            .map(|l| format!("{}:{}:{}: ", report.display_path(&l.path), l.line, l.column))
            .unwrap_or_default();
        let severity = diagnostic.severity.as_str();
        let _ = writeln!(
            out,
            "{place}{severity}[{}] {}",
            diagnostic.code.as_str(),
            one_line(&diagnostic.message)
        );
    }
    out
}
