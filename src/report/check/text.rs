//! Findings for people: `path:line:col: error[rule]: message`, a code frame of the operation,
//! the notes (statement, lock, what it blocks, until when), help, and the staged fix.

use std::fmt::Write as _;
use std::time::Duration;

use annotate_snippets::renderer::{AnsiColor, Effects, Style};
use annotate_snippets::{Level as FrameLevel, Renderer, Snippet};
use rayon::prelude::*;

use super::CheckReport;
use crate::checks::{Finding, Level, StagedFix};

/// The report; `color` styles the frames (only when writing to a terminal).
pub fn text(report: &CheckReport<'_>, color: bool) -> String {
    let palette = if color {
        Palette::STYLED
    } else {
        Palette::PLAIN
    };
    let renderer = palette.renderer();
    // Each finding's frame is rendered on its own (in parallel: a large project's first
    // check can have thousands), then joined in order.
    let rendered: Vec<String> = report
        .findings
        .par_iter()
        .map(|finding| {
            let mut one = String::new();
            let source = report.sources.text(&finding.path);
            render_finding(&mut one, report, finding, &source, &renderer, &palette);
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

/// The styles of a report: those of the code frames (annotate-snippets draws them) and of the
/// notes under them (written here, see [`write_footers`]), from one place.
struct Palette {
    styled: bool,
    line_no: Style,
    note: Style,
    help: Style,
}

impl Palette {
    const PLAIN: Palette = Palette {
        styled: false,
        line_no: Style::new(),
        note: Style::new(),
        help: Style::new(),
    };

    /// annotate-snippets' own colours (`Renderer::styled`).
    const STYLED: Palette = Palette {
        styled: true,
        line_no: AnsiColor::BrightBlue.on_default().effects(Effects::BOLD),
        note: AnsiColor::BrightGreen.on_default().effects(Effects::BOLD),
        help: AnsiColor::BrightCyan.on_default().effects(Effects::BOLD),
    };

    fn renderer(&self) -> Renderer {
        if self.styled {
            Renderer::styled()
                .line_no(self.line_no)
                .note(self.note)
                .help(self.help)
        } else {
            Renderer::plain()
        }
    }
}

/// The notes and help under a code frame whose gutter is `gutter` spaces wide, laid out as
/// annotate-snippets lays out footers (`   = note: text`, a multi-line text continued under
/// its first line). Written here rather than by the crate: its buffer formats every character
/// on its own, which made the footers half the cost of a large project's report.
fn write_footers(
    out: &mut String,
    gutter: usize,
    footers: &[(FrameLevel, String)],
    palette: &Palette,
) {
    for (level, text) in footers {
        let (name, style) = match level {
            FrameLevel::Help => ("help", palette.help),
            _ => ("note", palette.note),
        };
        for (index, line) in text.lines().enumerate() {
            if index == 0 {
                let line_no = palette.line_no;
                let _ = writeln!(
                    out,
                    "{:gutter$}{line_no}= {line_no:#}{style}{name}{style:#}: {line}",
                    ""
                );
            } else {
                let _ = writeln!(
                    out,
                    "{:width$}{line}",
                    "",
                    width = gutter + 2 + name.len() + 2
                );
            }
        }
    }
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
    palette: &Palette,
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
        let message = FrameLevel::Error.title("").snippet(snippet);
        let rendered = renderer.render(message).to_string();
        // The header line is ours (path:line:col: severity[rule]: message); drop the crate's.
        for line in rendered.lines().skip(1) {
            let _ = writeln!(out, "{line}");
        }
        // The frame ends with an empty gutter line (`   |`), whose leading spaces (never
        // styled) give the gutter's width.
        let gutter = rendered
            .lines()
            .last()
            .map_or(0, |line| line.len() - line.trim_start_matches(' ').len());
        write_footers(out, gutter, &footers, palette);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A frame with `footers` as annotate-snippets draws it whole, and as the report draws
    /// it (the crate's frame, then [`write_footers`]).
    fn both_ways(source: &str, span: std::ops::Range<usize>, footers: &[(FrameLevel, String)]) {
        let snippet = || {
            Snippet::source(source)
                .line_start(1)
                .fold(true)
                .annotation(FrameLevel::Error.span(span.clone()).label("rule"))
        };
        let mut whole = FrameLevel::Error.title("").snippet(snippet());
        for (level, text) in footers {
            whole = whole.footer(level.title(text));
        }
        let expected = format!("{}\n", Renderer::plain().render(whole));

        let frame = Renderer::plain()
            .render(FrameLevel::Error.title("").snippet(snippet()))
            .to_string();
        let mut ours = format!("{frame}\n");
        let gutter = frame
            .lines()
            .last()
            .map_or(0, |line| line.len() - line.trim_start_matches(' ').len());
        write_footers(&mut ours, gutter, footers, &Palette::PLAIN);
        assert_eq!(ours, expected);
    }

    #[test]
    fn footers_are_laid_out_as_annotate_snippets_lays_them_out() {
        let footers = vec![
            (
                FrameLevel::Note,
                "sql: ALTER TABLE \"t\" ADD COLUMN \"c\" integer".to_string(),
            ),
            (
                FrameLevel::Note,
                "first line\nsecond line\n\nfourth".to_string(),
            ),
            (FrameLevel::Help, "do it in two releases".to_string()),
        ];
        both_ways("a = 1\nb = 2\n", 6..11, &footers);
        let long: String = (1..=120).map(|n| format!("x{n} = {n}\n")).collect();
        let start = long.find("x105").expect("line 105");
        both_ways(&long, start..start + 4, &footers);
    }
}
