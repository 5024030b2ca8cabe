//! `migguard trace --database-url URL [PATH...]`: the dry run of the pending migrations on a
//! rehearsal database (see `docs/trace.md`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::check::{rule_selection, targets};
use super::{ProjectArgs, EXIT_ERRORS, EXIT_FINDINGS, EXIT_OK};
use crate::checks::Level;
use crate::config::Config;
use crate::db::{ConnectOptions, SslMode};
use crate::project::Project;
use crate::report::check::Format;
use crate::trace::{connect::connect, trace, TraceError, TraceOptions, Verdict};

#[derive(Debug, Args)]
pub struct TraceArgs {
    #[command(flatten)]
    project: ProjectArgs,
    #[command(flatten)]
    one_off: super::OneOffArgs,
    /// The rehearsal database (`postgresql://user@host/db?sslmode=verify-full` or
    /// `host=... dbname=...`; `sslmode` and `sslrootcert` are understood).
    #[arg(long, value_name = "URL")]
    database_url: String,
    /// TLS mode, as libpq's (wins over the URL's; default prefer).
    #[arg(long, value_name = "MODE", value_parser = clap::builder::ValueParser::new(|s: &str| s.parse::<SslMode>()))]
    sslmode: Option<SslMode>,
    /// PEM file of the CAs that sign the server's certificate (wins over the URL's).
    #[arg(long, value_name = "FILE")]
    sslrootcert: Option<String>,
    /// Rehearse only up to these migrations (`APP.MIGRATION`, a name or unique prefix; or
    /// `APP`: all of its migrations); repeatable. Default: every pending migration.
    #[arg(long = "migration", short = 'm', value_name = "APP[.MIGRATION]")]
    migrations: Vec<String>,
    /// The database is a rehearsal copy, not production (else it must be named in
    /// `[trace] rehearsal-databases` of migguard.toml).
    #[arg(long)]
    i_am_not_production: bool,
    /// When other sessions are in the way, report them and go on (lock_timeout bounds each
    /// wait) instead of stopping.
    #[arg(long)]
    wait: bool,
    /// `lock_timeout` of the rehearsal's transaction.
    #[arg(long, default_value = "2s", value_parser = humantime::parse_duration)]
    lock_timeout: Duration,
    /// `statement_timeout` of the rehearsal's transaction.
    #[arg(long, default_value = "30s", value_parser = humantime::parse_duration)]
    statement_timeout: Duration,
    /// Another session's transaction open longer than this stops the rehearsal.
    #[arg(long, default_value = "60s", value_parser = humantime::parse_duration)]
    max_transaction_age: Duration,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: &TraceArgs) -> u8 {
    let (options, checks) = match args.project.load_options_and_checks() {
        Ok(loaded) => loaded,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            return EXIT_ERRORS;
        }
    };
    let config = match Config::load(&args.project.config_dir()) {
        Ok(config) => config,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            return EXIT_ERRORS;
        }
    };
    let selection = match rule_selection(&checks, None, &[], &[]) {
        Ok(selection) => selection,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERRORS;
        }
    };
    let project = Project::load(&options);
    for diagnostic in project.diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{diagnostic}");
    }
    let keys = match targets(&project, &args.migrations) {
        Ok(keys) => keys,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERRORS;
        }
    };
    let mut connection = ConnectOptions::new(args.database_url.clone());
    connection.sslmode = args.sslmode;
    connection.sslrootcert = args.sslrootcert.clone();
    connection.statement_timeout = args.statement_timeout;
    connection.lock_timeout = Some(args.lock_timeout);
    let mut client = match connect(connection) {
        Ok(client) => client,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERRORS;
        }
    };
    let trace_options = TraceOptions {
        targets: keys,
        not_production: args.i_am_not_production,
        rehearsal_databases: config.trace.rehearsal_databases,
        wait: args.wait,
        lock_timeout: args.lock_timeout,
        statement_timeout: args.statement_timeout,
        max_transaction_age: args.max_transaction_age,
        selection,
        one_off: args.one_off.values(),
    };
    let outcome = match trace(&project, &mut client, &trace_options) {
        Ok(outcome) => outcome,
        Err(error) => {
            let prefix = match error {
                TraceError::Refused(_) => "error",
                TraceError::Blocked(_) => "stopped",
                TraceError::Aborted(_) => "error: rehearsal aborted",
            };
            eprintln!("{prefix}: {error}");
            return EXIT_ERRORS;
        }
    };
    let color = args.format == Format::Text
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let base = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    print!(
        "{}",
        crate::report::trace::render(&outcome, args.format, base, color)
    );
    if project.has_errors() {
        EXIT_ERRORS
    } else if outcome
        .findings
        .iter()
        .any(|f| f.verdict == Verdict::Contradicted || f.finding.severity >= Level::Warning)
    {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
