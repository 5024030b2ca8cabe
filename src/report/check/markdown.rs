//! A Markdown report for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a hidden marker (so
//! a later run finds and edits its comment), a summary table by severity and rule, then each
//! finding with its SQL and lock and its staged fix in collapsible blocks. It stays under
//! GitHub's comment limit: findings that do not fit are left out, with a note saying how many.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{help_uri, CheckReport};
use crate::checks::{Finding, Level, StagedFix};

/// The hidden line that identifies migguard's comment.
pub const MARKER: &str = "<!-- migguard -->";

/// The most characters GitHub accepts in a comment body.
pub const COMMENT_LIMIT: usize = 65_536;

/// Room kept for the note on left-out findings.
const NOTE_ROOM: usize = 400;

pub fn markdown(report: &CheckReport<'_>) -> String {
    markdown_within(report, COMMENT_LIMIT)
}

/// The report in at most `limit` bytes (so in at most `limit` characters).
pub(crate) fn markdown_within(report: &CheckReport<'_>, limit: usize) -> String {
    let mut out = head(report);
    let findings: Vec<String> = report
        .findings
        .iter()
        .map(|finding| finding_section(report, finding))
        .collect();
    let diagnostics = diagnostics_section(report);
    let fits = |out: &String, section: &str| out.len() + section.len() + NOTE_ROOM <= limit;
    let mut shown = 0;
    for section in &findings {
        if !fits(&out, section) {
            break;
        }
        out.push_str(section);
        shown += 1;
    }
    let mut diagnostics_left = false;
    if let Some(section) = diagnostics {
        if shown == findings.len() && fits(&out, &section) {
            out.push_str(&section);
        } else {
            diagnostics_left = true;
        }
    }
    let left = findings.len() - shown;
    if left > 0 || diagnostics_left {
        let what = match (left, diagnostics_left) {
            (0, _) => "The problems reading the project are".to_string(),
            (n, false) => format!(
                "{n} more finding{} {}",
                plural_s(n),
                if n == 1 { "is" } else { "are" }
            ),
            (n, true) => format!(
                "{n} more finding{} and the problems reading the project are",
                plural_s(n)
            ),
        };
        let _ = writeln!(
            out,
            "> [!NOTE]\n> {what} not shown: this report is kept under GitHub's {COMMENT_LIMIT}-character comment limit. Run `migguard check` (or `--format json`) to see everything."
        );
    }
    out
}

fn plural_s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn head(report: &CheckReport<'_>) -> String {
    let mut out = format!("{MARKER}\n## migguard\n\n");
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "No deploy hazards in {} checked (PostgreSQL {}).\n",
            plural(report.checked.len(), "migration"),
            report.pg_version
        );
        return out;
    }
    let _ = writeln!(
        out,
        "**{}, {}, {}** in {} checked (PostgreSQL {}).\n",
        plural(report.count(Level::Error), "error"),
        plural(report.count(Level::Warning), "warning"),
        plural(report.count(Level::Info), "info"),
        plural(report.checked.len(), "migration"),
        report.pg_version
    );
    let mut counts: BTreeMap<(std::cmp::Reverse<Level>, &str), usize> = BTreeMap::new();
    for finding in report.findings {
        *counts
            .entry((std::cmp::Reverse(finding.severity), finding.rule))
            .or_default() += 1;
    }
    out.push_str("| Severity | Rule | Findings |\n| --- | --- | ---: |\n");
    for ((std::cmp::Reverse(level), rule), count) in &counts {
        let _ = writeln!(
            out,
            "| {level} | [`{rule}`]({}) | {count} |",
            help_uri(rule)
        );
    }
    out.push('\n');
    out
}

fn finding_section(report: &CheckReport<'_>, finding: &Finding) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### {} `{}` in `{}:{}`\n\n{}\n",
        finding.severity,
        finding.rule,
        report.display_path(&finding.path),
        finding.span.line,
        escape(&finding.message)
    );
    if let Some(help) = &finding.help {
        let _ = writeln!(out, "**Help:** {}\n", escape(help));
    }
    if finding.statement.is_some() || !finding.notes.is_empty() {
        out.push_str("<details><summary>SQL and lock</summary>\n\n");
        if let Some(statement) = &finding.statement {
            out.push_str(&fenced("sql", statement));
        }
        for note in &finding.notes {
            let _ = writeln!(out, "- {}", escape(note));
        }
        if !finding.categories.is_empty() {
            let names: Vec<&str> = finding.categories.iter().map(|c| c.as_str()).collect();
            let _ = writeln!(out, "- hazards: {}", names.join(", "));
        }
        out.push_str("\n</details>\n\n");
    }
    if let Some(fix) = &finding.fix {
        out.push_str(&fix_section(report, fix));
    }
    out
}

fn fix_section(report: &CheckReport<'_>, fix: &StagedFix) -> String {
    let mut out = format!(
        "<details><summary>Staged fix: {}</summary>\n\n",
        escape(&fix.title)
    );
    if !fix.leaves.is_empty() {
        let _ = writeln!(
            out,
            "This fix does not address: {}.\n",
            fix.leaves.join(", ")
        );
    }
    for release in &fix.releases {
        let _ = writeln!(out, "**{}**\n", escape(&release.title));
        for file in &release.files {
            let path = report.display_path(&file.path);
            let role = if file.path == fix.replaces {
                "replaces the file"
            } else {
                "new file"
            };
            let _ = writeln!(out, "`{path}` ({role}):\n");
            out.push_str(&fenced("python", &file.contents));
        }
        if let Some(deploy) = &release.deploy_after {
            let _ = writeln!(out, "Then: {}\n", escape(deploy));
        }
    }
    out.push_str("</details>\n\n");
    out
}

/// The problems reading the project, one line each (none: no section).
fn diagnostics_section(report: &CheckReport<'_>) -> Option<String> {
    if report.diagnostics.is_empty() {
        return None;
    }
    let mut out = String::from("### Problems reading the project\n\n");
    for diagnostic in report.diagnostics {
        let place = diagnostic
            .location
            .as_ref()
            .map(|l| format!("`{}:{}`: ", report.display_path(&l.path), l.line))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- {place}{} `{}`: {}",
            diagnostic.severity.as_str(),
            diagnostic.code.as_str(),
            escape(&diagnostic.message)
        );
        for note in &diagnostic.notes {
            let _ = writeln!(out, "  - {}", escape(note));
        }
    }
    out.push('\n');
    Some(out)
}

/// A fenced code block whose fence is longer than any run of backticks in the text.
fn fenced(language: &str, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!(
        "{fence}{language}\n{}\n{fence}\n\n",
        text.trim_end_matches('\n')
    )
}

/// Text outside code: no HTML read into it.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
