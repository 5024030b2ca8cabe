//! `migguard check [PATH...]`: every migration of the project (or the ones named) checked for
//! deploy hazards, with staged fixes.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, ValueEnum};

use super::check_base::changed_migrations;
use super::check_files::{migrations_of_files, split_paths};
use super::{find_migration, OneOffArgs, ProjectArgs, EXIT_ERRORS, EXIT_FINDINGS, EXIT_OK};
use crate::baseline::Baseline;
use crate::checks::SizeThresholds;
use crate::checks::{check_plan, CheckOptions, CheckOutcome, Finding, Level, RuleSelection};
use crate::config::{ChecksConfig, StatsThresholds};
use crate::ir::MigrationKey;
use crate::project::Project;
use crate::report::check::{CheckReport, Format};
use crate::stats::size::{format_bytes, parse_bytes};
use crate::stats::DatabaseStats;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    project: ProjectArgs,
    #[command(flatten)]
    one_off: OneOffArgs,
    /// Check only these migrations: `APP` (all of its migrations) or `APP.MIGRATION` (a name
    /// or unique prefix); repeatable. Default: every migration of the scanned apps.
    #[arg(long = "migration", short = 'm', value_name = "APP[.MIGRATION]")]
    migrations: Vec<String>,
    /// Check only the migration files the change adds or edits since the merge base of REF
    /// and HEAD (committed or not), as one change; edited old migrations are reported.
    #[arg(long, value_name = "REF", conflicts_with = "migrations")]
    base: Option<String>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (then report none of them).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// The checked migrations are one change being deployed: tables created by one of them
    /// carry no traffic for the later ones.
    #[arg(long)]
    change: bool,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Also write the report in FORMAT to FILE (repeatable), e.g. `--output sarif=migguard.sarif`.
    #[arg(long = "output", short = 'o', value_name = "FORMAT=FILE", value_parser = parse_output)]
    outputs: Vec<(Format, PathBuf)>,
    /// PostgreSQL major version the migrations will run on (12 to 18; default 16).
    #[arg(long, value_parser = clap::value_parser!(u32).range(12..=18))]
    pg_version: Option<u32>,
    /// A stats file from `migguard stats`: findings show table sizes, severity follows them,
    /// sequences near their limit are reported, and its server version is the PostgreSQL
    /// version (default: `stats` in the configuration).
    #[arg(long, value_name = "FILE")]
    stats: Option<PathBuf>,
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
enum FailOn {
    Error,
    Warning,
    Info,
}

pub fn run(args: &CheckArgs) -> u8 {
    let started = Instant::now();
    let paths = split_paths(&args.project.paths);
    if !paths.files.is_empty() && (args.base.is_some() || !args.migrations.is_empty()) {
        eprintln!("error: migration files cannot be combined with --base or --migration");
        return EXIT_ERRORS;
    }
    let project_args = ProjectArgs {
        paths: paths.dirs,
        ..args.project.clone()
    };
    let (options, config) = match project_args.load_options_and_checks() {
        Ok(loaded) => loaded,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            return EXIT_ERRORS;
        }
    };
    let (selection, fail_on, pg_version, stats, size_thresholds) = match settings(args, &config) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERRORS;
        }
    };
    let project = super::kept_until_exit(Project::load(&options));
    let (targets, modified) = match &args.base {
        Some(reference) => {
            let dir = project_args
                .paths
                .first()
                .map_or(Path::new("."), PathBuf::as_path);
            match changed_migrations(&project, dir, reference) {
                Ok(change) => {
                    eprintln!(
                        "Checking {} migration{} changed since {} (merge base of {reference} and HEAD), {} of them edited.",
                        change.targets.len(),
                        if change.targets.len() == 1 { "" } else { "s" },
                        change.base,
                        change.modified.len()
                    );
                    (change.targets, change.modified)
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    return EXIT_ERRORS;
                }
            }
        }
        None if !paths.files.is_empty() => match migrations_of_files(&project, &paths.files) {
            Ok(targets) => (targets, Vec::new()),
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_ERRORS;
            }
        },
        None => match targets(&project, &args.migrations) {
            Ok(targets) => (targets, Vec::new()),
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_ERRORS;
            }
        },
    };
    let mut outcome = super::kept_until_exit(if args.base.is_some() && targets.is_empty() {
        // No migration changed: nothing to check (empty targets would mean all of them).
        CheckOutcome::default()
    } else {
        let check_options = CheckOptions {
            pg_version,
            targets,
            change_set: args.change || args.base.is_some(),
            selection,
            modified,
            stats,
            size_thresholds,
            one_off: args.one_off.values(),
        };
        check_plan(&project, &check_options)
    });
    let baselined = match apply_baseline(args, &mut outcome.findings) {
        Ok(baselined) => baselined,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERRORS;
        }
    };
    let blocking = blocking_diagnostics(&project, &outcome.checked);
    let mut diagnostics = project.diagnostics.clone();
    diagnostics.extend(outcome.diagnostics.iter().cloned());
    let report = super::kept_until_exit(CheckReport {
        findings: &outcome.findings,
        diagnostics: &diagnostics,
        checked: &outcome.checked,
        pg_version,
        base: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        sources: crate::report::check::Sources::of(&project),
    });
    let elapsed = Some(started.elapsed());
    for (format, file) in &args.outputs {
        let rendered = format.render(&report, false, elapsed);
        if let Err(error) = std::fs::write(file, rendered) {
            eprintln!(
                "error: cannot write {} output to {}: {error}",
                format.name(),
                file.display()
            );
            return EXIT_ERRORS;
        }
    }
    let color = args.format == Format::Text
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    print!("{}", args.format.render(&report, color, elapsed));
    if blocking && args.format == Format::Text {
        println!("Some checked migrations could not be fully read: see the errors above.");
    }
    let selected = args.base.is_some() || !paths.files.is_empty() || !args.migrations.is_empty();
    if !selected && outcome.checked.is_empty() {
        let note = nothing_to_check(&project);
        if args.format == Format::Text {
            println!("{note}");
        } else {
            eprintln!("{note}");
        }
    }
    if let Some(count) = baselined {
        let note = format!(
            "{count} finding{} in the baseline not reported.",
            if count == 1 { "" } else { "s" }
        );
        if args.format == Format::Text {
            println!("{note}");
        } else {
            eprintln!("{note}");
        }
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

/// `--write-baseline` (all current findings recorded) and `--baseline`: the findings left to
/// report, and how many the baseline held back (none: no baseline).
fn apply_baseline(args: &CheckArgs, findings: &mut Vec<Finding>) -> Result<Option<usize>, String> {
    let baseline = if let Some(file) = &args.write_baseline {
        let baseline = Baseline::of(findings);
        std::fs::write(file, baseline.to_json())
            .map_err(|error| format!("cannot write baseline {}: {error}", file.display()))?;
        eprintln!(
            "Wrote {} finding{} to the baseline {}.",
            baseline.findings.len(),
            if baseline.findings.len() == 1 {
                ""
            } else {
                "s"
            },
            file.display()
        );
        baseline
    } else if let Some(file) = &args.baseline {
        Baseline::load(file)?
    } else {
        return Ok(None);
    };
    let (new, baselined) = baseline.filter(std::mem::take(findings));
    *findings = new;
    Ok(Some(baselined))
}

/// `FORMAT=FILE` of `--output`.
fn parse_output(text: &str) -> Result<(Format, PathBuf), String> {
    let (format, file) = text
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=FILE (e.g. sarif=migguard.sarif), not '{text}'"))?;
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<&str> = Format::value_variants().iter().map(|f| f.name()).collect();
        format!("unknown format '{format}' (one of {})", names.join(", "))
    })?;
    if file.is_empty() {
        return Err(format!("no file after '{}='", format.name()));
    }
    Ok((format, PathBuf::from(file)))
}

/// What `settings` reads: rules, `--fail-on`, the PostgreSQL version, the stats and thresholds.
type Settings = (
    RuleSelection,
    Level,
    u32,
    Option<Arc<DatabaseStats>>,
    SizeThresholds,
);

/// Rules, `--fail-on`, the PostgreSQL version and the stats: the command line over the
/// configuration.
fn settings(args: &CheckArgs, config: &ChecksConfig) -> Result<Settings, String> {
    let selection = rule_selection(
        config,
        args.select.clone(),
        &args.extend_select,
        &args.ignore,
    )?;
    let fail_on = match (args.fail_on, &config.fail_on) {
        (Some(FailOn::Error), _) => Level::Error,
        (Some(FailOn::Warning), _) => Level::Warning,
        (Some(FailOn::Info), _) => Level::Info,
        (None, Some(text)) => Level::parse(text).ok_or_else(|| {
            format!("configuration: fail-on must be error, warning or info, not '{text}'")
        })?,
        (None, None) => Level::Warning,
    };
    let stats = match args.stats.as_ref().or(config.stats_file.as_ref()) {
        Some(path) => Some((path, DatabaseStats::load(path)?)),
        None => None,
    };
    let asked = args.pg_version.map(|v| (v, "--pg-version")).or(config
        .pg_version
        .map(|v| (v, "pg-version in the configuration")));
    let pg_version = match (&stats, asked) {
        (Some((path, stats)), Some((version, origin))) if version != stats.major_version() => {
            return Err(format!(
                "{origin} {version} conflicts with the stats file {}, read from PostgreSQL {}: give one or the other",
                path.display(),
                stats.server_version
            ))
        }
        (Some((_, stats)), _) => stats.major_version(),
        (None, Some((version, _))) => version,
        (None, None) => 16,
    };
    if !(12..=18).contains(&pg_version) {
        return Err(match &stats {
            Some((path, _)) => format!(
                "the stats file {} comes from PostgreSQL {pg_version}; migguard's lock rules cover 12 to 18",
                path.display()
            ),
            None => format!("configuration: pg-version {pg_version} is not between 12 and 18"),
        });
    }
    let thresholds = size_thresholds(&config.stats_thresholds)?;
    Ok((
        selection,
        fail_on,
        pg_version,
        stats.map(|(_, stats)| Arc::new(stats)),
        thresholds,
    ))
}

/// The `[stats]` thresholds over the defaults (10 MB, 1 GB).
fn size_thresholds(written: &StatsThresholds) -> Result<SizeThresholds, String> {
    let mut thresholds = SizeThresholds::default();
    let parse = |key: &str, text: &String| {
        parse_bytes(text).map_err(|e| format!("configuration: [stats] {key}: {e}"))
    };
    if let Some(text) = &written.small_table {
        thresholds.small_bytes = parse("small-table", text)?;
    }
    if let Some(text) = &written.large_table {
        thresholds.large_bytes = parse("large-table", text)?;
    }
    thresholds.small_rows = written.small_table_rows;
    thresholds.large_rows = written.large_table_rows;
    if thresholds.small_bytes > thresholds.large_bytes {
        return Err(format!(
            "configuration: [stats] small-table ({}) is larger than large-table ({})",
            format_bytes(thresholds.small_bytes),
            format_bytes(thresholds.large_bytes)
        ));
    }
    Ok(thresholds)
}

/// The rules to run: the configuration's `check` keys with the command line's additions.
pub(super) fn rule_selection(
    config: &ChecksConfig,
    select: Option<Vec<String>>,
    extend: &[String],
    ignore: &[String],
) -> Result<RuleSelection, String> {
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
    extend_select.extend(extend.iter().cloned());
    let mut ignored = config.ignore.clone();
    ignored.extend(ignore.iter().cloned());
    let selection = RuleSelection {
        select: select.or_else(|| config.select.clone()),
        extend_select,
        ignore: ignored,
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
    Ok(selection)
}

/// `APP` / `APP.MIGRATION` arguments as migration keys.
pub(super) fn targets(project: &Project, names: &[String]) -> Result<Vec<MigrationKey>, String> {
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

/// Why a check of the whole project checked no migration: no migrations package was found,
/// or every app with migrations is an installed package (whose migrations are checked only
/// when named).
fn nothing_to_check(project: &Project) -> String {
    let external: Vec<&str> = project
        .apps
        .iter()
        .filter(|app| app.external)
        .map(|app| app.label.as_str())
        .collect();
    match external.as_slice() {
        [] => "No migration was checked: no migrations package was found in the scanned folders.".to_string(),
        [first, ..] => format!(
            "No migration was checked: the {} app{} with migrations ({}) {} installed package{}, whose migrations are checked only when named: `--migration APP` (e.g. `--migration {first}`).",
            external.len(),
            if external.len() == 1 { "" } else { "s" },
            external.join(", "),
            if external.len() == 1 { "is an" } else { "are" },
            if external.len() == 1 { "" } else { "s" },
        ),
    }
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
