//! `migguard check [PATH...]`: every migration of the project (or the ones named) checked for
//! deploy hazards, with staged fixes.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, ValueEnum};

use super::{find_migration, ProjectArgs, EXIT_ERRORS, EXIT_FINDINGS, EXIT_OK};
use crate::checks::{check_project, CheckOptions, Level, RuleSelection};
use crate::config::ChecksConfig;
use crate::ir::MigrationKey;
use crate::project::Project;
use crate::report::check::{self as render, CheckReport};

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Check only these migrations: `APP` (all of its migrations) or `APP.MIGRATION` (a name
    /// or unique prefix); repeatable. Default: every migration of the scanned apps.
    #[arg(long = "migration", short = 'm', value_name = "APP[.MIGRATION]")]
    migrations: Vec<String>,
    /// The checked migrations are one change being deployed: tables created by one of them
    /// carry no traffic for the later ones.
    #[arg(long)]
    change: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// PostgreSQL major version the migrations will run on (12 to 18; default 16).
    #[arg(long, value_parser = clap::value_parser!(u32).range(12..=18))]
    pg_version: Option<u32>,
    /// Exit with 1 when a finding has this severity or a higher one (default: warning).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Only these rules (comma-separated; opt-in rules included).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    select: Option<Vec<String>>,
    /// Add opt-in rules to the default set (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    extend_select: Vec<String>,
    /// Do not run these rules (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    ignore: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

pub fn run(args: &CheckArgs) -> u8 {
    let started = Instant::now();
    let (options, config) = match args.project.load_options_and_checks() {
        Ok(loaded) => loaded,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            return EXIT_ERRORS;
        }
    };
    let (selection, fail_on, pg_version) = match settings(args, &config) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERRORS;
        }
    };
    let project = Project::load(&options);
    let targets = match targets(&project, &args.migrations) {
        Ok(targets) => targets,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERRORS;
        }
    };
    let sql = crate::ddl::project_sql(&project);
    let check_options = CheckOptions {
        pg_version,
        targets,
        change_set: args.change,
        selection,
    };
    let outcome = check_project(&project, &sql, &check_options);
    let blocking = blocking_diagnostics(&project, &outcome.checked);
    let mut diagnostics = project.diagnostics.clone();
    diagnostics.extend(outcome.diagnostics.iter().cloned());
    let report = CheckReport {
        findings: &outcome.findings,
        diagnostics: &diagnostics,
        checked: &outcome.checked,
        pg_version,
        base: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
    };
    match args.format {
        CheckFormat::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            print!("{}", render::text(&report, color));
            println!("{}", render::summary_line(&report, Some(started.elapsed())));
            if blocking {
                println!("Some checked migrations could not be fully read: see the errors above.");
            }
        }
        CheckFormat::Json => println!("{}", render::json(&report)),
    }
    if blocking || outcome.diagnostics.iter().any(|d| d.is_error()) {
        EXIT_ERRORS
    } else if outcome
        .findings
        .iter()
        .any(|finding| finding.severity >= fail_on)
    {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Rules, `--fail-on` and the PostgreSQL version: the command line over the configuration.
fn settings(
    args: &CheckArgs,
    config: &ChecksConfig,
) -> Result<(RuleSelection, Level, u32), String> {
    let mut severity = std::collections::BTreeMap::new();
    for (rule, level) in &config.severity {
        let level = Level::parse(level).ok_or_else(|| {
            format!(
                "configuration: severity of {rule} must be error, warning or info, not '{level}'"
            )
        })?;
        severity.insert(rule.clone(), level);
    }
    let mut extend_select = config.extend_select.clone();
    extend_select.extend(args.extend_select.iter().cloned());
    let mut ignore = config.ignore.clone();
    ignore.extend(args.ignore.iter().cloned());
    let selection = RuleSelection {
        select: args.select.clone().or_else(|| config.select.clone()),
        extend_select,
        ignore,
        severity,
        per_app_ignore: config.per_app_ignore.clone(),
    };
    let unknown = selection.unknown_rules();
    if !unknown.is_empty() {
        return Err(format!(
            "unknown rule{} {} (`migguard rule --all` lists them)",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", ")
        ));
    }
    let fail_on = match (args.fail_on, &config.fail_on) {
        (Some(FailOn::Error), _) => Level::Error,
        (Some(FailOn::Warning), _) => Level::Warning,
        (Some(FailOn::Info), _) => Level::Info,
        (None, Some(text)) => Level::parse(text).ok_or_else(|| {
            format!("configuration: fail-on must be error, warning or info, not '{text}'")
        })?,
        (None, None) => Level::Warning,
    };
    let pg_version = args.pg_version.or(config.pg_version).unwrap_or(16);
    if !(12..=18).contains(&pg_version) {
        return Err(format!(
            "configuration: pg-version {pg_version} is not between 12 and 18"
        ));
    }
    Ok((selection, fail_on, pg_version))
}

/// `APP` / `APP.MIGRATION` arguments as migration keys.
fn targets(project: &Project, names: &[String]) -> Result<Vec<MigrationKey>, String> {
    let mut keys = Vec::new();
    for name in names {
        match name.split_once('.') {
            Some((app, prefix)) => keys.push(MigrationKey::new(
                app,
                find_migration(project, app, prefix)?,
            )),
            None => {
                let before = keys.len();
                keys.extend(
                    project
                        .migrations
                        .iter()
                        .filter(|parsed| parsed.source.key.app == *name)
                        .map(|parsed| parsed.source.key.clone()),
                );
                if keys.len() == before {
                    return Err(format!("no migrations found for app '{name}'"));
                }
            }
        }
    }
    Ok(keys)
}

/// Whether a problem reading the project concerns a checked migration or one whose state it
/// inherits (an ancestor): then its check is incomplete. Problems elsewhere are reported only.
fn blocking_diagnostics(project: &Project, checked: &[MigrationKey]) -> bool {
    let mut ancestry: BTreeSet<&MigrationKey> = BTreeSet::new();
    let mut stack: Vec<&MigrationKey> = checked.iter().collect();
    while let Some(key) = stack.pop() {
        if ancestry.insert(key) {
            stack.extend(project.graph.parents(key));
        }
    }
    let paths: BTreeSet<&std::path::Path> = project
        .migrations
        .iter()
        .filter(|parsed| ancestry.contains(&parsed.source.key))
        .map(|parsed| parsed.source.path.as_path())
        .collect();
    project
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .any(|diagnostic| match &diagnostic.location {
            Some(location) => paths.contains(location.path.as_path()),
            None => true,
        })
}
