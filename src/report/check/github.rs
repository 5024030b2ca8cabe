//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per
//! finding and diagnostic, shown on the pull request's diff.

use std::fmt::Write as _;

use super::{message_with_notes, CheckReport};
use crate::checks::{Finding, Level};
use crate::diagnostics::Severity;

pub fn github(report: &CheckReport<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings {
        let (end_line, end_column) = report.end_position(finding);
        let properties = [
            ("file", report.relative_path(&finding.path)),
            ("line", finding.span.line.to_string()),
            ("col", finding.span.column.to_string()),
            ("endLine", end_line.to_string()),
            ("endColumn", end_column.to_string()),
            ("title", format!("migguard {}", finding.rule)),
        ];
        command(
            &mut out,
            level_command(finding.severity),
            &properties,
            &message(finding),
        );
    }
    for diagnostic in report.diagnostics {
        let mut properties = Vec::new();
        if let Some(location) = &diagnostic.location {
            properties.push(("file", report.relative_path(&location.path)));
            properties.push(("line", location.line.to_string()));
            properties.push(("col", location.column.to_string()));
        }
        properties.push(("title", format!("migguard {}", diagnostic.code.as_str())));
        let name = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut text = diagnostic.message.clone();
        for note in &diagnostic.notes {
            text.push('\n');
            text.push_str(note);
        }
        command(&mut out, name, &properties, &text);
    }
    out
}

fn level_command(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "notice",
    }
}

/// The annotation's text: the message, then the notes and the help, one per line.
fn message(finding: &Finding) -> String {
    let mut text = message_with_notes(finding);
    if let Some(fix) = &finding.fix {
        text.push_str("\nfix: ");
        text.push_str(&fix.title);
    }
    text
}

fn command(out: &mut String, name: &str, properties: &[(&str, String)], message: &str) {
    let properties: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect();
    let _ = writeln!(
        out,
        "::{name} {}::{}",
        properties.join(","),
        escape_data(message)
    );
}

/// A workflow command's message, escaped as the Actions runner unescapes it.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: the message escapes, and `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_first_then_line_breaks() {
        assert_eq!(
            escape_data("100% done\r\nnext: a,b"),
            "100%25 done%0D%0Anext: a,b"
        );
        // An already-escaped sequence in the text stays literal once the runner unescapes it.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(
            escape_property("app/0001 a:b,c%\n"),
            "app/0001 a%3Ab%2Cc%25%0A"
        );
    }
}
