//! Lock analysis of the DDL stage's output: one migration, or every migration of a project
//! (independent of one another, so analysed in parallel).

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::transaction::{analyse_migration, migration_steps, MigrationLocks};
use super::{Classifier, RuleSet, SchemaLookup};
use crate::ddl::{MigrationSql, OneOffValue};

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
    let classifier = Classifier::new(rules, pg_version)
        .with_column_types(&column_types)
        .with_schema(migration);
    let mut locks = analyse_migration(
        migration.atomic,
        &migration_steps(migration),
        &classifier,
        new_tables,
    );
    mark_one_off_values(migration, &mut locks);
    locks
}

/// Gives each statement the values computed at migration time that its text contains (those
/// its operation's DDL recorded).
fn mark_one_off_values(migration: &MigrationSql, locks: &mut MigrationLocks) {
    for (index, statement) in locks.statements.iter_mut().enumerate() {
        let Some(operation) = migration.operations.get(statement.operation) else {
            continue;
        };
        for value in &operation.one_off_values {
            let seen = statement
                .one_off_values
                .iter()
                .any(|known| known.field == value.field && known.value == value.value);
            if !seen && statement.text.contains(&value.value) {
                statement.one_off_values.push(OneOffValue {
                    statement: index,
                    ..value.clone()
                });
            }
        }
    }
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

/// The schema as the migration's statements saw it (see [`MigrationSql::named_relations`]).
impl SchemaLookup for MigrationSql {
    fn table_of_index(&self, index: &str) -> Option<String> {
        MigrationSql::table_of_index(self, index).map(str::to_string)
    }

    fn constraint_references(&self, table: &str, constraint: &str) -> Option<Option<String>> {
        MigrationSql::constraint_references(self, table, constraint)
            .map(|referenced| referenced.map(str::to_string))
    }

    fn foreign_keys_of_column(&self, table: &str, column: &str) -> Option<Vec<String>> {
        MigrationSql::foreign_keys_of_column(self, table, column).map(<[String]>::to_vec)
    }
}
