//! The `migguard` command line.

mod check;
mod check_base;
mod check_files;
mod graph;
mod locks;
mod rule;
mod sql;
mod stats;
mod trace;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::Config;
use crate::discover::DiscoverOptions;
use crate::project::{default_external_paths, LoadOptions};
use crate::settings::{SettingsModule, SettingsOrigin};

/// Exit status: everything was read and is fine.
pub const EXIT_OK: u8 = 0;
/// Exit status: `check` found a hazard at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: the project could not be fully read (syntax errors, cycles, unknown operations...).
pub const EXIT_ERRORS: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "migguard",
    version,
    about = "Static safety checks for Django migrations on PostgreSQL"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show apps, migrations, dependencies, leaves, problems and Django's migration plan.
    Graph(graph::GraphArgs),
    /// Print the SQL `manage.py sqlmigrate` would print for a migration (PostgreSQL).
    Sql(sql::SqlArgs),
    /// Show each statement of a migration with the locks it takes, what they block and for how long.
    Locks(locks::LocksArgs),
    /// Check migrations for deploy hazards (locks, rewrites, old code breaking) and print staged fixes.
    Check(check::CheckArgs),
    /// Print the documentation of a check rule (or of all of them).
    Rule(rule::RuleArgs),
    /// Dry-run the pending migrations on a rehearsal copy of the database: every statement in
    /// one transaction that is always rolled back, with the locks, rewrites and failures seen.
    Trace(trace::TraceArgs),
    /// Read table sizes, indexes, constraints and sequences of a live database (read-only) into a stats file for `check --stats`.
    Stats(stats::StatsArgs),
}

/// How the values Django computes when a migration runs (`timezone.now`, `auto_now_add`,
/// `uuid.uuid4` defaults written into the DDL) are shown.
#[derive(Debug, Clone, Args)]
pub struct OneOffArgs {
    /// Show the values Django computes when the migration runs (a `timezone.now`,
    /// `auto_now_add` or `uuid.uuid4` default of a column being added) pinned as migguard's
    /// reference data has them (the clock at 2000-01-01T00:00:00+00:00, UUIDs counting up from
    /// 1) instead of this run's time and fresh random UUIDs: for tests comparing output.
    #[arg(
        long,
        env = "MIGGUARD_PIN_ONE_OFF_DEFAULTS",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub pin_one_off_defaults: bool,
}

impl OneOffArgs {
    /// The choice as the library takes it.
    pub fn values(&self) -> crate::ddl::OneOffValues {
        if self.pin_one_off_defaults {
            crate::ddl::OneOffValues::Pinned
        } else {
            crate::ddl::OneOffValues::AtRunTime
        }
    }
}

/// Says once, on standard error, how many statements hold values computed at run time.
pub fn note_one_off_values(migration: &crate::ddl::MigrationSql, one_off: &OneOffArgs) {
    let statements: std::collections::BTreeSet<(usize, usize)> = migration
        .operations
        .iter()
        .enumerate()
        .flat_map(|(index, operation)| {
            operation
                .one_off_values
                .iter()
                .map(move |value| (index, value.statement))
        })
        .collect();
    if statements.is_empty() {
        return;
    }
    let count = statements.len();
    let (plural, verb) = if count == 1 { ("", "s") } else { ("s", "") };
    let how = if one_off.pin_one_off_defaults {
        "pinned (--pin-one-off-defaults): not what Django computes when it runs"
    } else {
        "this run's own: Django computes new ones when the migration runs"
    };
    eprintln!(
        "note: {count} statement{plural} contain{verb} a value computed at run time (timezone.now, auto_now, uuid.uuid4 defaults), {how}"
    );
}

/// Options shared by every command that reads a project.
#[derive(Debug, Clone, Args)]
pub struct ProjectArgs {
    /// Project directories to scan for migrations packages (`check` also takes migration
    /// files: then only those are checked, in the project of the directories given or `.`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Skip paths matching this glob (repeatable), besides .git, virtualenvs, node_modules, build, dist.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Where to find apps the project depends on (default: site-packages of $VIRTUAL_ENV or ./.venv).
    #[arg(long, value_name = "PATH")]
    pub external: Vec<PathBuf>,
    /// Do not look for external apps at all.
    #[arg(long, conflicts_with = "external")]
    pub no_external: bool,
    /// A Django setting the migrations read, e.g. AUTH_USER_MODEL=accounts.User (repeatable).
    #[arg(long = "setting", value_name = "NAME=VALUE", value_parser = parse_setting)]
    pub settings: Vec<(String, String)>,
    /// The Django settings module to read (default: $DJANGO_SETTINGS_MODULE, settings-module
    /// in migguard.toml, then the default set by manage.py in the first path).
    #[arg(long = "settings", value_name = "MODULE")]
    pub settings_module: Option<String>,
    /// An app as a running Django lists it: its label and the folder of its migrations
    /// package (repeatable). When given, these are exactly the project's apps (external
    /// unless under a scanned path) and no settings module is read: pass the settings the
    /// migrations read with --setting. `manage.py migguard` passes them.
    #[arg(long = "app", value_name = "LABEL=MIGRATIONS_DIR", value_parser = parse_app)]
    pub apps: Vec<(String, PathBuf)>,
}

fn parse_app(text: &str) -> Result<(String, PathBuf), String> {
    match text.split_once('=') {
        Some((label, dir)) if !label.trim().is_empty() && !dir.is_empty() => {
            Ok((label.trim().to_string(), PathBuf::from(dir)))
        }
        _ => Err(format!("expected LABEL=MIGRATIONS_DIR, got '{text}'")),
    }
}

fn parse_setting(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("expected NAME=VALUE, got '{text}'")),
    }
}

impl ProjectArgs {
    /// Merges the configuration file of the first path with the command line.
    pub fn load_options(&self) -> Result<LoadOptions, crate::diagnostics::Diagnostic> {
        self.load_options_and_checks().map(|(options, _)| options)
    }

    /// The directory whose `migguard.toml` (or `pyproject.toml`) configures the run: the first
    /// path when it is a directory, else the current one.
    pub fn config_dir(&self) -> PathBuf {
        match self.paths.first() {
            Some(base) if base.is_dir() => base.clone(),
            _ => PathBuf::from("."),
        }
    }

    /// [`Self::load_options`], with the configuration's `check` keys.
    pub fn load_options_and_checks(
        &self,
    ) -> Result<(LoadOptions, crate::config::ChecksConfig), crate::diagnostics::Diagnostic> {
        let config_dir = self.config_dir();
        let config = Config::load(&config_dir)?;
        let mut settings = config.settings;
        for (name, value) in &self.settings {
            settings.set_from_text(name, value);
        }
        let external = if self.no_external {
            Vec::new()
        } else if !self.external.is_empty() {
            self.external.clone()
        } else if !config.external.is_empty() {
            config.external
        } else {
            default_external_paths(&config_dir)
        };
        let named = |name: &str, origin| SettingsModule {
            name: name.to_string(),
            origin,
        };
        let settings_module = self
            .settings_module
            .as_deref()
            .map(|name| named(name, SettingsOrigin::CommandLine))
            .or_else(|| {
                std::env::var("DJANGO_SETTINGS_MODULE")
                    .ok()
                    .filter(|name| !name.trim().is_empty())
                    .map(|name| named(name.trim(), SettingsOrigin::Environment))
            })
            .or(config.settings_module);
        let mut exclude = config.exclude;
        exclude.extend(self.exclude.iter().cloned());
        let options = LoadOptions {
            roots: self.paths.clone(),
            discover: DiscoverOptions {
                exclude,
                app_labels: config.app_labels,
                installed: None,
            },
            external,
            settings_module,
            settings,
            field_classes: config.field_classes,
            apps: self.apps.clone(),
        };
        Ok((options, config.checks))
    }
}

/// Runs the command line; returns the process exit code.
/// `migguard sql ... | head`: when the reader closes the pipe, stop as other Unix tools do
/// (the default action of SIGPIPE) instead of panicking in `print!`, which Rust's runtime makes
/// report the closed pipe as an error.
fn stop_quietly_on_closed_output() {
    #[cfg(unix)]
    // SAFETY: restores the default disposition of SIGPIPE before any thread is started; no
    // handler is installed.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

pub fn run() -> ExitCode {
    stop_quietly_on_closed_output();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Graph(args) => graph::run(&args),
        Command::Sql(args) => sql::run(&args),
        Command::Locks(args) => locks::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Rule(args) => rule::run(&args),
        Command::Trace(args) => trace::run(&args),
        Command::Stats(args) => stats::run(&args),
    };
    ExitCode::from(code)
}

/// A value a command keeps until the process exits, never freed. Freeing a large project's
/// parsed migrations, state and findings one allocation at a time takes tens of milliseconds
/// at 10,000 migrations, just before the process ends and the system takes all its memory back
/// at once.
pub(crate) fn kept_until_exit<T>(value: T) -> std::mem::ManuallyDrop<T> {
    std::mem::ManuallyDrop::new(value)
}

/// The name of the migration of `app` that `prefix` designates (an exact name or a unique prefix).
pub fn find_migration(
    project: &crate::project::Project,
    app: &str,
    prefix: &str,
) -> Result<String, String> {
    let candidates: Vec<&str> = project
        .migrations
        .iter()
        .map(|parsed| &parsed.source.key)
        .filter(|key| key.app == app && key.name.starts_with(prefix))
        .map(|key| key.name.as_str())
        .collect();
    match candidates.as_slice() {
        [] => Err(format!(
            "cannot find a migration matching '{prefix}' from app '{app}'"
        )),
        [name] => Ok((*name).to_string()),
        several => several
            .iter()
            .find(|name| **name == prefix)
            .map(|name| (*name).to_string())
            .ok_or_else(|| {
                format!(
                    "more than one migration matches '{prefix}' in app '{app}': {}",
                    several.join(", ")
                )
            }),
    }
}

/// What `sql` and `locks` start from: the project, the SQL of its whole plan, and the index of
/// the migration asked for. On failure, the message is printed and the exit code returned.
/// Whether `sql`/`locks` of `key` could not be fully analysed: a problem of the project, or
/// one of the migration itself (an external app's, which the project's problems leave out).
pub fn migration_has_errors(
    project: &crate::project::Project,
    key: &crate::ir::MigrationKey,
) -> bool {
    project.has_errors()
        || project.migration(key).is_some_and(|parsed| {
            parsed
                .diagnostics
                .iter()
                .any(crate::diagnostics::Diagnostic::is_error)
        })
}

/// Loads the project and translates the migration `app`.`prefix` as `sqlmigrate` does (also
/// one a squash replaces). Returns its SQL last, after that of the migrations before it in
/// the plan that `keep` selects. Errors are printed; the exit code is returned.
pub fn load_migration_sql(
    project_args: &ProjectArgs,
    app: &str,
    prefix: &str,
    one_off: crate::ddl::OneOffValues,
    keep: impl Fn(&crate::ir::MigrationKey) -> bool,
) -> Result<(crate::project::Project, Vec<crate::ddl::MigrationSql>), u8> {
    let options = project_args.load_options().map_err(|diagnostic| {
        eprintln!("{diagnostic}");
        EXIT_ERRORS
    })?;
    let project = crate::project::Project::load(&options);
    let name = find_migration(&project, app, prefix).map_err(|message| {
        eprintln!("error: {message}");
        EXIT_ERRORS
    })?;
    let key = crate::ir::MigrationKey::new(app.to_string(), name.clone());
    // What could not be read in this migration is said here, also when it is an external
    // app's (the project's own problems leave those out): its SQL would be silently short.
    if let Some(parsed) = project.migration(&key) {
        for diagnostic in &parsed.diagnostics {
            eprintln!("{diagnostic}");
        }
    }
    if project.is_replaced(&key) {
        // `sqlmigrate` of a replaced migration: the state comes from the chain it belongs to.
        let mut sql = crate::ddl::replaced_migration_plan_sql(&project, &key, one_off);
        if sql.last().is_none_or(|last| last.key != key) {
            eprintln!("error: migration {key} cannot be planned without its replacement");
            return Err(EXIT_ERRORS);
        }
        if let Some(target) = sql.pop() {
            sql.retain(|migration| keep(&migration.key));
            sql.push(target);
        }
        return Ok((project, sql));
    }
    match crate::ddl::migration_sql(&project, &key, one_off, keep) {
        Some(sql) => Ok((project, sql)),
        None => {
            eprintln!("error: migration {key} is not in the plan");
            Err(EXIT_ERRORS)
        }
    }
}
