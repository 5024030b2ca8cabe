//! Problems found while reading a project: each names its file and line, and none stops the
//! rest of the project from being checked.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a problem is. `Error` makes the process exit with code 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information the reader should know (an assumption made, something left out as Django
    /// leaves it out); nothing is wrong.
    Note,
    /// Something migguard could not analyse; the result is incomplete but not wrong.
    Warning,
    /// Django itself would refuse this project (or the file cannot be read).
    Error,
}

impl Severity {
    /// The severity as printed: `note`, `warning`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A position in a source file: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub path: PathBuf,
    pub line: u32,
    pub column: u32,
}

impl Location {
    pub fn new(path: impl Into<PathBuf>, line: u32, column: u32) -> Self {
        Location {
            path: path.into(),
            line,
            column,
        }
    }

    /// The start of a file, for problems that concern the file as a whole.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location::new(path, 1, 1)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// Stable identifiers of diagnostic kinds, used in JSON output and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A file could not be read from disk.
    IoError,
    /// A file is not valid UTF-8 and declares no other encoding (Python requires UTF-8 source
    /// by default).
    NotUtf8,
    /// A coding declaration (PEP 263) naming an unknown codec or one migguard does not decode,
    /// or bytes invalid in the declared codec.
    BadEncoding,
    /// Python syntax error.
    SyntaxError,
    /// A file too large to analyse (bytes or tokens).
    FileTooLarge,
    /// An expression or value nested too deeply to analyse.
    TooDeeplyNested,
    /// Values whose evaluation would cost more than the per-file budget (`"x" * 10**9`).
    ValueTooLarge,
    /// A module in a migrations package without a `Migration` class.
    NoMigrationClass,
    /// An operation class migguard does not know (custom or third-party).
    UnknownOperation,
    /// A field class migguard does not know (custom or third-party).
    UnknownField,
    /// A value that cannot be computed statically (a call, a comprehension, ...).
    UnknownValue,
    /// Two apps with the same label.
    DuplicateAppLabel,
    /// The project configuration file is invalid.
    ConfigError,
    /// A migration depends on a migration that does not exist.
    MissingParent,
    /// A migration depends on an app that is neither scanned nor found in external paths.
    UnknownApp,
    /// A migration depends on an app that exists but has no migrations.
    AppWithoutMigrations,
    /// A dependency cycle.
    DependencyCycle,
    /// More than one leaf migration in an app.
    Conflict,
    /// A squashed migration whose replacement cannot be carried out.
    BadReplacement,
    /// A suppression or the configuration names a check rule that does not exist.
    UnknownRule,
    /// A suppression comment that suppresses nothing, or gives no reason.
    UnusedSuppression,
    /// No settings module was read: Django's defaults are assumed.
    SettingsAssumed,
    /// The settings module, or a setting that matters, cannot be read statically.
    SettingsUnreadable,
    /// Migrations packages of apps that are not in `INSTALLED_APPS`, left out as Django does.
    AppNotInstalled,
    /// An `INSTALLED_APPS` entry whose app or config cannot be found or read.
    InstalledAppNotFound,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::IoError => "io-error",
            Code::NotUtf8 => "not-utf8",
            Code::BadEncoding => "bad-encoding",
            Code::SyntaxError => "syntax-error",
            Code::FileTooLarge => "file-too-large",
            Code::TooDeeplyNested => "too-deeply-nested",
            Code::ValueTooLarge => "value-too-large",
            Code::NoMigrationClass => "no-migration-class",
            Code::UnknownOperation => "unknown-operation",
            Code::UnknownField => "unknown-field",
            Code::UnknownValue => "unknown-value",
            Code::DuplicateAppLabel => "duplicate-app-label",
            Code::ConfigError => "config-error",
            Code::MissingParent => "missing-parent",
            Code::UnknownApp => "unknown-app",
            Code::AppWithoutMigrations => "app-without-migrations",
            Code::DependencyCycle => "dependency-cycle",
            Code::Conflict => "conflict",
            Code::BadReplacement => "bad-replacement",
            Code::UnknownRule => "unknown-rule",
            Code::UnusedSuppression => "unused-suppression",
            Code::SettingsAssumed => "settings-assumed",
            Code::SettingsUnreadable => "settings-unreadable",
            Code::AppNotInstalled => "app-not-installed",
            Code::InstalledAppNotFound => "installed-app-not-found",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Further lines: context, the cycle's members, a hint.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            notes: Vec::new(),
        }
    }

    pub fn notice(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            code,
            message: message.into(),
            location: None,
            notes: Vec::new(),
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            location: None,
            notes: Vec::new(),
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn at_file(self, path: &Path) -> Self {
        self.at(Location::file(path))
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = self.severity.as_str();
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{severity}[{}]: {}", self.code, self.message)?;
        for note in &self.notes {
            write!(f, "\n  = {note}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics into a stable order: by file, line, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.location
            .cmp(&b.location)
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}
