//! Databases for the `trace` tests: made from the SQL real Django executed for a corpus
//! project (`expected/executed/`), compared before and after a rehearsal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use postgres::Client;

use super::server::TestServer;

/// The statements of an `expected/executed/<app>/<name>.sql` file (format of scripts/README.md).
pub fn executed_statements(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut statements: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with("-- migguard:statement") {
            statements.push(String::new());
        } else if line.starts_with("-- migguard:") {
            continue;
        } else if let Some(current) = statements.last_mut() {
            current.push_str(line);
            current.push('\n');
        }
    }
    statements
}

/// Drops and creates `name` (from `template` if given).
pub fn create_database(server: &TestServer, name: &str, template: Option<&str>) {
    let mut admin = server.connect().expect("admin connection");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap_or_else(|e| panic!("drop {name}: {e}"));
    let from = template.map_or(String::new(), |t| format!(" TEMPLATE {t}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {name}{from}"))
        .unwrap_or_else(|e| panic!("create {name}: {e}"));
}

/// Applies what Django executed for `app.name` and records it in `django_migrations`.
pub fn apply_executed(client: &mut Client, project: &Path, app: &str, name: &str) {
    let file = project
        .join("expected/executed")
        .join(app)
        .join(format!("{name}.sql"));
    for statement in executed_statements(&file) {
        client
            .batch_execute(&statement)
            .unwrap_or_else(|e| panic!("{}: {statement}: {e}", file.display()));
    }
    client
        .execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ($1, $2, now())",
            &[&app, &name],
        )
        .unwrap_or_else(|e| panic!("record {app}.{name}: {e}"));
}

/// Creates `django_migrations` as Django does (outside any migration).
pub fn create_recorder(client: &mut Client, project: &Path) {
    for statement in executed_statements(&project.join("expected/executed/_outside_migrations.sql"))
    {
        client
            .batch_execute(&statement)
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}

/// The directory of PostgreSQL's client programs (`pg_dump`).
pub fn pg_bindir() -> PathBuf {
    if let Some(dir) = std::env::var_os("MIGGUARD_PG_BINDIR") {
        return PathBuf::from(dir);
    }
    let output = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .unwrap_or_else(|e| panic!("FAILED: pg_config not found ({e}): pg_dump is needed to compare schemas; set MIGGUARD_PG_BINDIR"));
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
}

/// `pg_dump --schema-only` of a database, and the row count of every user table.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub schema: String,
    pub rows: BTreeMap<String, i64>,
}

/// The schema and row counts of `database`.
pub fn snapshot(server: &TestServer, database: &str) -> Snapshot {
    let output = Command::new(pg_bindir().join("pg_dump"))
        .args(["--schema-only", "--no-owner", "--dbname"])
        .arg(server.url_for(database))
        .output()
        .unwrap_or_else(|e| panic!("FAILED: cannot run pg_dump: {e}"));
    assert!(
        output.status.success(),
        "pg_dump failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut client = server.connect_to(database).expect("connect");
    let tables: Vec<String> = client
        .query(
            "SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables ORDER BY 1",
            &[],
        )
        .expect("tables")
        .iter()
        .map(|row| row.get(0))
        .collect();
    let mut rows = BTreeMap::new();
    for table in tables {
        let count: i64 = client
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .expect("count")
            .get(0);
        rows.insert(table, count);
    }
    // `\restrict KEY` lines carry a random key per dump (pg_dump 15.14+).
    let schema: String = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.starts_with("\\restrict") && !line.starts_with("\\unrestrict"))
        .map(|line| format!("{line}\n"))
        .collect();
    Snapshot { schema, rows }
}
