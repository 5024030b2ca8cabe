//! Project configuration: `migguard.toml`, or `[tool.migguard]` in `pyproject.toml`, merged
//! with command-line options (which win).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::Value;
use crate::parse::field_classes::FieldClassDeclaration;
pub use crate::settings::Settings;
use crate::settings::{SettingsModule, SettingsOrigin};

/// Everything that steers how a project is read.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Extra glob patterns of paths to skip while discovering migrations.
    pub exclude: Vec<String>,
    /// Where apps outside the scanned paths (`auth`, `contenttypes`, ...) are looked up.
    pub external: Vec<PathBuf>,
    /// App labels by app directory (relative to the config file or absolute).
    pub app_labels: BTreeMap<PathBuf, String>,
    pub settings: Settings,
    /// `settings-module`: the project's Django settings module, with the file that names it.
    pub settings_module: Option<SettingsModule>,
    /// Custom field classes and the Django field each behaves as.
    pub field_classes: BTreeMap<String, FieldClassDeclaration>,
    /// What `migguard check` runs and how it grades findings.
    pub checks: ChecksConfig,
    /// The `[trace]` table: how `migguard trace` recognises a rehearsal database.
    pub trace: TraceConfig,
}

/// The `[trace]` table of the configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TraceConfig {
    /// Names of databases (`current_database()`) that are rehearsal copies: `migguard trace`
    /// runs on them without `--i-am-not-production`.
    #[serde(default)]
    pub rehearsal_databases: Vec<String>,
}

/// The `check` keys: rule names as written (validated by the command against the registry).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChecksConfig {
    /// Only these rules (opt-in ones included).
    pub select: Option<Vec<String>>,
    /// Opt-in rules added to the default set.
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity per rule: `"error"`, `"warning"` or `"info"`.
    pub severity: BTreeMap<String, String>,
    /// Rules ignored in an app (`["*"]`: all of them), by app label.
    pub per_app_ignore: BTreeMap<String, Vec<String>>,
    /// The lowest severity that fails the check (`--fail-on`).
    pub fail_on: Option<String>,
    /// The PostgreSQL major version migrations run on (`--pg-version`).
    pub pg_version: Option<u32>,
    /// `stats = "path"` or `[stats] file = "path"`: the stats file (`--stats`), resolved
    /// against the configuration's folder.
    pub stats_file: Option<PathBuf>,
    /// `[stats]` thresholds as written (`small-table = "10MB"`, `small-table-rows`,
    /// `large-table`, `large-table-rows`), checked by the command.
    pub stats_thresholds: StatsThresholds,
}

/// The `[stats]` thresholds as written in the configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsThresholds {
    pub small_table: Option<String>,
    pub small_table_rows: Option<u64>,
    pub large_table: Option<String>,
    pub large_table_rows: Option<u64>,
}

/// `stats = "path"`, or a `[stats]` table with `file` and thresholds.
#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "stats: a file path, or a [stats] table with the keys file, small-table, small-table-rows, large-table, large-table-rows"
)]
enum StatsEntry {
    File(PathBuf),
    Table(StatsTable),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct StatsTable {
    file: Option<PathBuf>,
    small_table: Option<String>,
    small_table_rows: Option<u64>,
    large_table: Option<String>,
    large_table_rows: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileConfig {
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    external: Vec<PathBuf>,
    #[serde(default)]
    app_labels: BTreeMap<PathBuf, String>,
    #[serde(default)]
    settings: BTreeMap<String, toml::Value>,
    #[serde(default)]
    settings_module: Option<String>,
    #[serde(default)]
    field_classes: BTreeMap<String, FieldClassDeclaration>,
    select: Option<Vec<String>>,
    #[serde(default)]
    extend_select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    per_app_ignore: BTreeMap<String, Vec<String>>,
    fail_on: Option<String>,
    pg_version: Option<u32>,
    #[serde(default)]
    trace: TraceConfig,
    stats: Option<StatsEntry>,
}

#[derive(Debug, Deserialize)]
struct PyProject {
    tool: Option<PyProjectTool>,
}

#[derive(Debug, Deserialize)]
struct PyProjectTool {
    migguard: Option<toml::Value>,
}

impl Config {
    /// Reads `migguard.toml`, else `pyproject.toml`'s `[tool.migguard]`, from `dir`.
    /// A missing file is an empty configuration; an invalid one is a diagnostic.
    pub fn load(dir: &Path) -> Result<Config, Diagnostic> {
        let own = dir.join("migguard.toml");
        if own.is_file() {
            let text = read(&own)?;
            let file: FileConfig =
                toml::from_str(&text).map_err(|error| invalid(&own, &error.to_string()))?;
            return Ok(Config::from_file(file, dir, &own));
        }
        let pyproject = dir.join("pyproject.toml");
        if pyproject.is_file() {
            let text = read(&pyproject)?;
            let project: PyProject =
                toml::from_str(&text).map_err(|error| invalid(&pyproject, &error.to_string()))?;
            if let Some(table) = project.tool.and_then(|tool| tool.migguard) {
                let file: FileConfig = table
                    .try_into()
                    .map_err(|error: toml::de::Error| invalid(&pyproject, &error.to_string()))?;
                return Ok(Config::from_file(file, dir, &pyproject));
            }
        }
        Ok(Config::default())
    }

    fn from_file(file: FileConfig, dir: &Path, path: &Path) -> Config {
        let mut settings = Settings::default();
        for (name, value) in file.settings {
            settings.set(&name, Value::from_toml(value));
        }
        Config {
            exclude: file.exclude,
            external: file
                .external
                .into_iter()
                .map(|path| dir.join(path))
                .collect(),
            app_labels: file
                .app_labels
                .into_iter()
                .map(|(path, label)| (dir.join(path), label))
                .collect(),
            settings,
            settings_module: file.settings_module.map(|name| SettingsModule {
                name,
                origin: SettingsOrigin::Config(path.to_path_buf()),
            }),
            field_classes: file
                .field_classes
                .into_iter()
                .map(|(name, mut declaration)| {
                    declaration.origin = path.display().to_string();
                    (name, declaration)
                })
                .collect(),
            checks: ChecksConfig {
                select: file.select,
                extend_select: file.extend_select,
                ignore: file.ignore,
                severity: file.severity,
                per_app_ignore: file.per_app_ignore,
                fail_on: file.fail_on,
                pg_version: file.pg_version,
                stats_file: match &file.stats {
                    Some(StatsEntry::File(path)) => Some(dir.join(path)),
                    Some(StatsEntry::Table(table)) => {
                        table.file.as_ref().map(|path| dir.join(path))
                    }
                    None => None,
                },
                stats_thresholds: match file.stats {
                    Some(StatsEntry::Table(table)) => StatsThresholds {
                        small_table: table.small_table,
                        small_table_rows: table.small_table_rows,
                        large_table: table.large_table,
                        large_table_rows: table.large_table_rows,
                    },
                    _ => StatsThresholds::default(),
                },
            },
            trace: file.trace,
        }
    }
}

fn read(path: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(path).map_err(|error| {
        Diagnostic::error(
            Code::ConfigError,
            format!("cannot read configuration: {error}"),
        )
        .at_file(path)
    })
}

fn invalid(path: &Path, error: &str) -> Diagnostic {
    Diagnostic::error(
        Code::ConfigError,
        format!("invalid configuration: {}", error.trim()),
    )
    .at_file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tool_table_of_pyproject_and_rejects_unknown_keys() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("pyproject.toml"),
            "[tool.migguard]\nexclude = [\"legacy/*\"]\n[tool.migguard.settings]\nAUTH_USER_MODEL = \"accounts.User\"\n",
        )
        .expect("write");
        let config = Config::load(dir.path()).expect("valid config");
        assert_eq!(config.exclude, vec!["legacy/*".to_string()]);
        assert_eq!(config.settings_module, None);
        assert_eq!(
            config.settings.get("AUTH_USER_MODEL"),
            Some(Value::Str("accounts.User".into()))
        );

        std::fs::write(dir.path().join("migguard.toml"), "exclud = []\n").expect("write");
        let error = Config::load(dir.path()).expect_err("unknown key");
        assert_eq!(error.code, Code::ConfigError);
        assert!(error.message.contains("exclud"), "{}", error.message);
    }
}
