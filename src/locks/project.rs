//! Lock analysis of the DDL stage's output: one migration, or every migration of a project
//! (independent of one another, so analysed in parallel).

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::transaction::{analyse_migration, migration_steps, MigrationLocks};
use super::{Classifier, RuleSet};
use crate::ddl::MigrationSql;

/// The locks of one migration on PostgreSQL `pg_version`, with column types as they were
/// before the migration; `new_tables` are tables created earlier in the same change (they
/// carry no traffic yet).
pub fn analyse_migration_sql(
    migration: &MigrationSql,
    rules: &RuleSet,
    pg_version: u32,
    new_tables: &BTreeSet<String>,
) -> MigrationLocks {
    let column_types = |table: &str, column: &str| {
        migration
            .column_type_before(table, column)
            .map(str::to_string)
    };
    let classifier = Classifier::new(rules, pg_version).with_column_types(&column_types);
    analyse_migration(
        migration.atomic,
        &migration_steps(migration),
        &classifier,
        new_tables,
    )
}

/// The locks of every migration, in the order given.
pub fn analyse_project_sql(
    migrations: &[MigrationSql],
    rules: &RuleSet,
    pg_version: u32,
) -> Vec<MigrationLocks> {
    let no_new_tables = BTreeSet::new();
    migrations
        .par_iter()
        .map(|migration| analyse_migration_sql(migration, rules, pg_version, &no_new_tables))
        .collect()
}
