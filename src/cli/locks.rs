//! `migguard locks APP MIGRATION`: each statement of a migration with its locks, what they
//! block and until when.

use std::collections::BTreeSet;

use clap::{Args, ValueEnum};

use super::{OneOffArgs, ProjectArgs, EXIT_ERRORS, EXIT_OK};
use crate::ddl::MigrationSql;
use crate::ir::MigrationKey;
use crate::locks::{analyse_migration_sql, pg_major, RuleSet};
use crate::report;

#[derive(Debug, Args)]
pub struct LocksArgs {
    /// App label of the migration.
    app: String,
    /// Migration name, or a unique prefix of it (`0003`).
    migration: String,
    #[command(flatten)]
    project: ProjectArgs,
    /// PostgreSQL major version the migration will run on (12 to 18).
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(12..=18))]
    pg_version: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LocksFormat::Text)]
    format: LocksFormat,
    /// Another migration of the change being checked (`app.name`, repeatable): tables it
    /// creates earlier in the plan carry no traffic yet, so their locks are not hazards.
    #[arg(long = "changed", value_name = "APP.MIGRATION")]
    changed: Vec<String>,
    #[command(flatten)]
    one_off: OneOffArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LocksFormat {
    Text,
    Json,
}

pub fn run(args: &LocksArgs) -> u8 {
    let in_change = |key: &MigrationKey| {
        args.changed
            .iter()
            .any(|changed| *changed == key.to_string())
    };
    let (project, sql) = match super::load_migration_sql(
        &args.project,
        &args.app,
        &args.migration,
        args.one_off.values(),
        in_change,
    ) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let (project, sql) = (super::kept_until_exit(project), super::kept_until_exit(sql));
    let Some((migration, earlier)) = sql.split_last() else {
        return EXIT_ERRORS;
    };
    let migration_key = migration.key.clone();
    super::note_one_off_values(migration, &args.one_off);
    let rules = match RuleSet::postgresql() {
        Ok(rules) => rules,
        Err(error) => {
            eprintln!("error: lock rules: {error}");
            return EXIT_ERRORS;
        }
    };
    let new_tables = tables_created_by_change(earlier, rules, args.pg_version);
    let locks = analyse_migration_sql(migration, rules, args.pg_version, &new_tables);
    match args.format {
        LocksFormat::Text => print!(
            "{}",
            report::locks::text(
                &migration.key.to_string(),
                pg_major(args.pg_version),
                &locks
            )
        ),
        LocksFormat::Json => match serde_json::to_string_pretty(&locks) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("error: {error}");
                return EXIT_ERRORS;
            }
        },
    }
    for diagnostic in &project.diagnostics {
        eprintln!("{diagnostic}");
    }
    if super::migration_has_errors(&project, &migration_key) || !locks.problems.is_empty() {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// Tables created by `earlier`, the migrations of the change set that run before the one
/// analysed, in plan order.
fn tables_created_by_change(
    earlier: &[MigrationSql],
    rules: &RuleSet,
    pg_version: u32,
) -> BTreeSet<String> {
    let mut created = BTreeSet::new();
    for migration in earlier {
        let locks = analyse_migration_sql(migration, rules, pg_version, &created);
        created.extend(
            locks
                .tables
                .into_iter()
                .filter(|table| table.new_table)
                .map(|table| table.table),
        );
    }
    created
}
