//! `migguard sql APP MIGRATION`: the SQL `manage.py sqlmigrate` prints, statically.

use clap::{Args, ValueEnum};

use super::{OneOffArgs, ProjectArgs, EXIT_ERRORS, EXIT_OK};
use crate::ddl::render_sqlmigrate;

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// App label of the migration.
    app: String,
    /// Migration name, or a unique prefix of it (`0003`).
    migration: String,
    #[command(flatten)]
    project: ProjectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SqlFormat::Text)]
    format: SqlFormat,
    #[command(flatten)]
    one_off: OneOffArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SqlFormat {
    /// Exactly `manage.py sqlmigrate` text.
    Text,
    /// Each operation with its statements and source span, and the values in them that
    /// Django computes when it runs (`one_off_values`).
    Json,
}

pub fn run(args: &SqlArgs) -> u8 {
    let (project, sql) = match super::load_migration_sql(
        &args.project,
        &args.app,
        &args.migration,
        args.one_off.values(),
        |_| false,
    ) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let (project, sql) = (super::kept_until_exit(project), super::kept_until_exit(sql));
    let Some(migration) = sql.last() else {
        return EXIT_ERRORS;
    };
    let migration_key = migration.key.clone();
    super::note_one_off_values(migration, &args.one_off);
    match args.format {
        SqlFormat::Text => print!("{}", render_sqlmigrate(migration)),
        SqlFormat::Json => match serde_json::to_string_pretty(migration) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("error: {error}");
                return EXIT_ERRORS;
            }
        },
    }
    if super::migration_has_errors(&project, &migration_key) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
