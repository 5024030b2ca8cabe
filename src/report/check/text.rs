//! Findings for people: `path:line:col: error[rule]: message`, a code frame of the operation,
//! the notes (statement, lock, what it blocks, until when), help, and the staged fix.

use std::fmt::Write as _;
use std::time::Duration;

use annotate_snippets::{Level as FrameLevel, Renderer, Snippet};
use rayon::prelude::*;

use super::CheckReport;
use crate::checks::{Finding, Level, StagedFix};

/// The report; `color` styles the frames (only when writing to a terminal).
pub fn text(report: &CheckReport<'_>, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Each finding's frame is rendered on its own (in parallel: a large project's first
    // check can have thousands), then joined in order.
    let rendered: Vec<String> = report
        .findings
        .par_iter()
        .map(|finding| {
            let mut one = String::new();
            let source = report.sources.text(&finding.path);
            render_finding(&mut one, report, finding, &source, &renderer);
            one.push('\n');
            one
        })
        .collect();
    let mut out = String::with_capacity(rendered.iter().map(String::len).sum());
    out.extend(rendered);
    for diagnostic in report.diagnostics {
        let _ = writeln!(out, "{diagnostic}");
    }
    out
}

/// The first line of a span (a multi-line operation is pointed at by its first line).
/// `None` when the span does not fall on character boundaries of `source` (the file changed
/// since it was read): the finding is then printed without a frame.
fn first_line(source: &str, start: usize, end: usize) -> Option<std::ops::Range<usize>> {
    let text = source.get(start..end)?;
    let line_end = text.find('\n').map_or(end, |at| start + at);
    // At least one character, so the caret has something to point at.
    let first_char = text.chars().next().map_or(0, char::len_utf8);
    Some(start..line_end.max(start + first_char))
}

fn render_finding(
    out: &mut String,
    report: &CheckReport<'_>,
    finding: &Finding,
    source: &str,
    renderer: &Renderer,
) {
    let _ = writeln!(
        out,
        "{}:{}:{}: {}[{}]: {}",
        report.display_path(&finding.path),
        finding.span.line,
        finding.span.column,
        finding.severity,
        finding.rule,
        finding.message
    );
    let categories: Vec<&str> = finding.categories.iter().map(|c| c.as_str()).collect();
    let mut footers: Vec<(FrameLevel, String)> = Vec::new();
    if let Some(statement) = &finding.statement {
        footers.push((
            FrameLevel::Note,
            format!("sql: {}", crate::checks::rules::one_line(statement)),
        ));
    }
    for note in &finding.notes {
        footers.push((FrameLevel::Note, note.clone()));
    }
    if !categories.is_empty() {
        footers.push((
            FrameLevel::Note,
            format!("hazards: {}", categories.join(", ")),
        ));
    }
    if let Some(help) = &finding.help {
        footers.push((FrameLevel::Help, help.clone()));
    }
    let span = finding.span;
    let primary = (span.start < span.end)
        .then(|| first_line(source, span.start as usize, span.end as usize))
        .flatten();
    if let Some(primary) = primary {
        let mut snippet = Snippet::source(source).line_start(1).fold(true).annotation(
            // The primary annotation is drawn with carets whatever the severity.
            FrameLevel::Error.span(primary).label(finding.rule),
        );
        for label in &finding.labels {
            if let Some(range) =
                first_line(source, label.span.start as usize, label.span.end as usize)
            {
                snippet = snippet.annotation(FrameLevel::Info.span(range).label(&label.message));
            }
        }
        let mut message = FrameLevel::Error.title("").snippet(snippet);
        for (level, text) in &footers {
            message = message.footer(level.title(text));
        }
        let rendered = renderer.render(message).to_string();
        // The header line is ours (path:line:col: severity[rule]: message); drop the crate's.
        for line in rendered.lines().skip(1) {
            let _ = writeln!(out, "{line}");
        }
    } else {
        for (level, text) in &footers {
            let name = match level {
                FrameLevel::Help => "help",
                _ => "note",
            };
            let _ = writeln!(out, "  = {name}: {text}");
        }
    }
    if let Some(fix) = &finding.fix {
        render_fix(out, report, fix);
    }
}

fn render_fix(out: &mut String, report: &CheckReport<'_>, fix: &StagedFix) {
    let _ = writeln!(out, "  fix: {}", fix.title);
    if !fix.leaves.is_empty() {
        let _ = writeln!(
            out,
            "  (this fix does not address: {})",
            fix.leaves.join(", ")
        );
    }
    let original = report.sources.text(&fix.replaces);
    for release in &fix.releases {
        let _ = writeln!(out, "  {}", release.title);
        for file in &release.files {
            let path = report.display_path(&file.path);
            if file.path == fix.replaces {
                let diff = similar::TextDiff::from_lines(&*original, file.contents.as_str());
                let _ = writeln!(out, "    --- {path}\n    +++ {path} (fixed)");
                for hunk in diff.unified_diff().context_radius(2).iter_hunks() {
                    for line in hunk.to_string().lines() {
                        let _ = writeln!(out, "    {line}");
                    }
                }
            } else {
                let _ = writeln!(out, "    new file {path}:");
                for line in file.contents.lines() {
                    let _ = writeln!(out, "    | {line}");
                }
            }
        }
        if let Some(deploy) = &release.deploy_after {
            let _ = writeln!(out, "  then: {deploy}");
        }
    }
}

/// `Found 2 errors, 1 warning, 0 infos in 3 migrations checked (0.05 s).`
pub fn summary_line(report: &CheckReport<'_>, elapsed: Option<Duration>) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let time = elapsed
        .map(|d| format!(" in {:.2} s", d.as_secs_f64()))
        .unwrap_or_default();
    format!(
        "{}, {}, {} in {} checked{time}; PostgreSQL {}.",
        plural(report.count(Level::Error), "error"),
        plural(report.count(Level::Warning), "warning"),
        plural(report.count(Level::Info), "info"),
        plural(report.checked.len(), "migration"),
        report.pg_version
    )
}
