//! `migguard check` output: one renderer per format over the same [`CheckReport`].

mod concise;
mod github;
mod gitlab;
mod json;
mod markdown;
mod sarif;
mod sources;
mod text;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::checks::{Finding, Level};
use crate::diagnostics::Diagnostic;
use crate::ir::MigrationKey;

pub use concise::concise;
pub use github::{escape_data, escape_property, github};
pub use gitlab::{fingerprint, gitlab};
pub use json::json;
pub use markdown::{markdown, COMMENT_LIMIT, MARKER};
pub use sarif::{help_uri, sarif};
pub use sources::Sources;
pub use text::{summary_line, text};

/// Everything a check run reports.
pub struct CheckReport<'a> {
    pub findings: &'a [Finding],
    /// Problems reading the project and the suppressions.
    pub diagnostics: &'a [Diagnostic],
    pub checked: &'a [MigrationKey],
    pub pg_version: u32,
    /// Paths in output are shown relative to this directory when they are inside it.
    pub base: PathBuf,
    /// The decoded text of the files the findings point into.
    pub sources: Sources,
}

impl CheckReport<'_> {
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.severity == level).count()
    }

    /// A path as shown to the user.
    pub fn display_path(&self, path: &Path) -> String {
        path.strip_prefix(&self.base)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// A path relative to the base with `/` separators, for formats that want a URI-like path.
    /// (`./` left out: code scanning and GitLab match paths from the repository root).
    pub fn relative_path(&self, path: &Path) -> String {
        let shown = path.strip_prefix(&self.base).unwrap_or(path);
        let absolute = shown.is_absolute();
        let parts: Vec<String> = shown
            .components()
            .filter_map(|part| match part {
                std::path::Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                std::path::Component::ParentDir => Some("..".to_string()),
                _ => None,
            })
            .collect();
        format!("{}{}", if absolute { "/" } else { "" }, parts.join("/"))
    }

    /// 1-based line and column (in characters) just past the end of a finding's span.
    pub fn end_position(&self, finding: &Finding) -> (usize, usize) {
        let source = self.sources.text(&finding.path);
        line_column(&source, finding.span.end as usize)
    }
}

/// A finding's message with its notes and help, one per line, for formats that carry one
/// plain-text message (annotations, SARIF results).
pub(crate) fn message_with_notes(finding: &Finding) -> String {
    let mut text = finding.message.clone();
    for note in &finding.notes {
        text.push('\n');
        text.push_str(note);
    }
    if let Some(help) = &finding.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The MD5 of a text in hex: a stable identity for fingerprints and baselines (not security).
pub(crate) fn md5_hex(text: &str) -> String {
    use md5::{Digest, Md5};
    Md5::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The output formats of `migguard check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: code frames, notes, staged fixes as diffs.
    Text,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// The documented JSON shape (`docs/check-json.md`).
    Json,
    /// SARIF 2.1.0, for code scanning (`github/codeql-action/upload-sarif`).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// A pull-request comment or `$GITHUB_STEP_SUMMARY` report.
    Markdown,
}

impl Format {
    /// The format as named on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Markdown => "markdown",
        }
    }

    /// The whole output of a run in this format; `color` styles text frames, `elapsed` goes
    /// in the text summary line.
    pub fn render(
        self,
        report: &CheckReport<'_>,
        color: bool,
        elapsed: Option<Duration>,
    ) -> String {
        let mut out = match self {
            Format::Text => {
                let mut out = text(report, color);
                out.push_str(&summary_line(report, elapsed));
                out
            }
            Format::Concise => concise(report),
            Format::Json => json(report),
            Format::Sarif => sarif(report),
            Format::Github => github(report),
            Format::Gitlab => gitlab(report),
            Format::Markdown => markdown(report),
        };
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}
