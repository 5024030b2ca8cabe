//! `migguard stats --database-url URL [-o FILE]`: table sizes, indexes, constraints and
//! sequences of a live database, read-only, as a stats file for `check --stats`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{EXIT_ERRORS, EXIT_OK};
use crate::db::{connect, ConnectOptions, SslMode};

/// How to reach a database: shared by the commands that connect.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Connection string, `postgresql://user@host:5432/db?sslmode=verify-full` or
    /// `host=... dbname=...` (libpq's forms; `sslmode` and `sslrootcert` are understood).
    #[arg(long, value_name = "URL")]
    pub database_url: String,
    /// TLS mode, as libpq's (wins over the URL's; default prefer).
    #[arg(long, value_name = "MODE", value_parser = clap::builder::ValueParser::new(|s: &str| s.parse::<SslMode>()))]
    pub sslmode: Option<SslMode>,
    /// PEM file of the CAs that sign the server's certificate, or `system` (wins over the URL's).
    #[arg(long, value_name = "FILE")]
    pub sslrootcert: Option<String>,
    /// statement_timeout of the session, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub statement_timeout: u64,
}

impl DatabaseArgs {
    /// The connection options these arguments ask for (a read-only session).
    pub fn connect_options(&self) -> ConnectOptions {
        let mut options = ConnectOptions::new(self.database_url.clone());
        options.sslmode = self.sslmode;
        options.sslrootcert = self.sslrootcert.clone();
        options.statement_timeout = Duration::from_secs(self.statement_timeout);
        options
    }
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Write the stats file here (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: &StatsArgs) -> u8 {
    let mut client = match connect(&args.database.connect_options()) {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_ERRORS;
        }
    };
    let stats = match crate::stats::collect(&mut client) {
        Ok(stats) => stats,
        Err(error) => {
            eprintln!("error: reading the database's statistics: {error}");
            return EXIT_ERRORS;
        }
    };
    let text = stats.to_json();
    let summary = format!(
        "{} tables, {} sequences of database {} on PostgreSQL {}",
        stats.tables.len(),
        stats.sequences.len(),
        stats.database,
        stats.server_version
    );
    match &args.output {
        Some(file) => {
            if let Err(error) = std::fs::write(file, text) {
                eprintln!("error: cannot write {}: {error}", file.display());
                return EXIT_ERRORS;
            }
            eprintln!("Wrote {summary} to {}.", file.display());
        }
        None => {
            print!("{text}");
            eprintln!("Read {summary}.");
        }
    }
    EXIT_OK
}
