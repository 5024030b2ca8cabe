//! `python manage.py migguard` (the Django app `migguard.django`, python/migguard/django/) on
//! the example project with real Django 5.2 (the field-test venv) and a real PostgreSQL:
//! partially migrated databases, only the pending migrations reported (compared with
//! `migguard check -m` of those and with the full check), the exit codes of `--check-pending`,
//! the database unchanged by the command, and the pure-Python unit tests of the app.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use support::server::TestServer;
use support::{fieldtest_dir, fieldtest_site_packages};

/// The settings module the tests run the example project with: its own settings plus the app
/// (the corpus settings stay as they are for every other test). `MIGGUARD_DJAPP_SQLITE`
/// switches to a SQLite file, for the "not PostgreSQL" case.
const TEST_SETTINGS: &str = r#"import os

from example.settings import *  # noqa: F401,F403

INSTALLED_APPS = INSTALLED_APPS + ["migguard.django"]
if os.environ.get("MIGGUARD_DJAPP_SQLITE"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["MIGGUARD_DJAPP_SQLITE"]}}
"#;

/// Django, the settings module and the binary, ready to run `manage.py` of corpus/example.
struct Harness {
    python: PathBuf,
    site_packages: PathBuf,
    settings_dir: tempfile::TempDir,
    repo: PathBuf,
}

impl Harness {
    /// `None` only when the developer skipped the field test outside CI (never in CI).
    fn new() -> Option<Harness> {
        let fieldtest = fieldtest_dir()?;
        let python = fieldtest.join("venv/bin/python");
        assert!(python.is_file(), "no venv python at {}", python.display());
        let settings_dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            settings_dir.path().join("migguard_test_settings.py"),
            TEST_SETTINGS,
        )
        .expect("write settings");
        Some(Harness {
            python,
            site_packages: fieldtest_site_packages(&fieldtest),
            settings_dir,
            repo: std::env::current_dir().expect("cwd"),
        })
    }

    /// `python manage.py ARGS` in corpus/example against `database_url`.
    fn manage(&self, database_url: &str, args: &[&str]) -> Output {
        self.manage_with(database_url, args, &[])
    }

    fn manage_with(&self, database_url: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
        let python_path = format!(
            "{}:{}",
            self.settings_dir.path().display(),
            self.repo.join("python").display()
        );
        let mut command = Command::new(&self.python);
        command
            .arg("manage.py")
            .args(args)
            .current_dir(self.repo.join("corpus/example"))
            .env("PYTHONPATH", python_path)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("DJANGO_SETTINGS_MODULE", "migguard_test_settings")
            .env("MIGGUARD_TEST_DATABASE_URL", database_url)
            .env("MIGGUARD_BIN", env!("CARGO_BIN_EXE_migguard"))
            .env_remove("VIRTUAL_ENV")
            .env_remove("MIGGUARD_DJAPP_SQLITE");
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().expect("run manage.py")
    }

    /// `manage.py migrate ARGS`, which must succeed.
    fn migrate(&self, database_url: &str, args: &[&str]) {
        let mut all = vec!["migrate", "-v0"];
        all.extend_from_slice(args);
        let output = self.manage(database_url, &all);
        assert!(
            output.status.success(),
            "migrate {args:?}: {}",
            text(&output)
        );
    }

    /// The migrations Django has not applied, from `showmigrations --plan` (`[ ]` lines).
    fn pending_by_django(&self, database_url: &str) -> Vec<String> {
        let output = self.manage(database_url, &["showmigrations", "--plan"]);
        assert!(output.status.success(), "showmigrations: {}", text(&output));
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.strip_prefix("[ ]  "))
            .map(str::to_string)
            .collect()
    }

    /// The binary run directly on corpus/example (settings read statically).
    fn check_directly(&self, args: &[&str]) -> Value {
        let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
            .args(["check", "corpus/example", "--format", "json", "--external"])
            .arg(&self.site_packages)
            .args(args)
            .output()
            .expect("run migguard");
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "migguard check {args:?}: {}",
            text(&output)
        );
        serde_json::from_slice(&output.stdout).expect("migguard JSON")
    }
}

fn text(output: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A fresh database, dropped at the end.
struct Database<'a> {
    server: &'a TestServer,
    name: String,
    url: String,
}

impl<'a> Database<'a> {
    fn create(server: &'a TestServer, suffix: &str) -> Database<'a> {
        let name = format!("migguard_djapp_{}_{suffix}", std::process::id());
        let mut client = server.connect().expect("connect");
        for statement in [
            format!("DROP DATABASE IF EXISTS {name}"),
            format!("CREATE DATABASE {name}"),
        ] {
            client.batch_execute(&statement).expect(&statement);
        }
        let url = server.url_for(&name);
        Database { server, name, url }
    }

    /// `django_migrations` rows and the schema (columns, indexes, constraints), to compare
    /// before and after a run.
    fn snapshot(&self) -> Vec<String> {
        let mut client = postgres::Client::connect(&self.url, postgres::NoTls).expect("connect");
        let queries = [
            "SELECT 'table ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1",
            "SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
            "SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated::text FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1",
            "SELECT 'relation ' || relname || ' ' || relkind::text || ' ' || relfilenode::text FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1",
        ];
        let mut lines = Vec::new();
        for query in queries {
            for row in client.query(query, &[]).expect("schema query") {
                lines.push(row.get::<_, String>(0));
            }
        }
        let has_table = client
            .query_one(
                "SELECT to_regclass('public.django_migrations') IS NOT NULL",
                &[],
            )
            .expect("regclass")
            .get::<_, bool>(0);
        if has_table {
            for row in client
                .query(
                    "SELECT id, app, name, applied::text FROM django_migrations ORDER BY id",
                    &[],
                )
                .expect("django_migrations")
            {
                let (id, app, name, applied): (i64, String, String, String) =
                    (row.get(0), row.get(1), row.get(2), row.get(3));
                lines.push(format!("applied {id} {app}.{name} {applied}"));
            }
        }
        lines
    }
}

impl Drop for Database<'_> {
    fn drop(&mut self) {
        if let Ok(mut client) = self.server.connect() {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// Runs `manage.py migguard ARGS` and checks it left the database exactly as it was.
fn migguard_unchanged(harness: &Harness, database: &Database, args: &[&str]) -> Output {
    let before = database.snapshot();
    let mut all = vec!["migguard"];
    all.extend_from_slice(args);
    let output = harness.manage(&database.url, &all);
    assert_eq!(
        before,
        database.snapshot(),
        "manage.py migguard {args:?} changed the database:\n{}",
        text(&output)
    );
    output
}

/// The migrations of a JSON report's findings, and the findings as comparable tuples (paths
/// left out: the app passes absolute folders).
fn findings(report: &Value) -> BTreeSet<(String, String, String, u64, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| {
            (
                format!(
                    "{}.{}",
                    finding["app"].as_str().unwrap(),
                    finding["migration"].as_str().unwrap()
                ),
                finding["rule"].as_str().unwrap().to_string(),
                finding["severity"].as_str().unwrap().to_string(),
                finding["line"].as_u64().unwrap(),
                finding["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("not JSON ({error}):\n{}", text(output)))
}

fn start() -> Option<(Harness, TestServer)> {
    let harness = Harness::new()?;
    let server = TestServer::start().unwrap_or_else(|error| panic!("PostgreSQL needed: {error}"));
    Some((harness, server))
}

#[test]
fn check_pending_reports_only_the_migrations_not_applied_and_never_writes() {
    let Some((harness, server)) = start() else {
        return;
    };
    let database = Database::create(&server, "partial");
    // A fresh database: no django_migrations yet, and the command must not create it.
    let output = migguard_unchanged(
        &harness,
        &database,
        &["--check-pending", "--format", "json"],
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no django_migrations table"),
        "{}",
        text(&output)
    );
    assert!(database
        .snapshot()
        .iter()
        .all(|line| !line.contains("django_migrations")));

    harness.migrate(&database.url, &["catalog", "0005"]);
    let pending = harness.pending_by_django(&database.url);
    assert!(
        pending.contains(&"catalog.0006_alter_product_id".to_string()),
        "{pending:?}"
    );
    assert!(!pending.contains(&"catalog.0005_product_catalog_product_name_idx".to_string()));

    let output = migguard_unchanged(
        &harness,
        &database,
        &["--check-pending", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let report = json_of(&output);
    let checked: Vec<String> = report["checked"]
        .as_array()
        .expect("checked")
        .iter()
        .map(|key| key.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        checked, pending,
        "checked exactly the pending migrations, in plan order"
    );
    let reported = findings(&report);
    assert!(!reported.is_empty());
    assert!(
        reported.iter().all(|(key, ..)| pending.contains(key)),
        "{reported:#?}"
    );

    // The same as the binary on those migrations, as one change, with the settings read
    // statically from the project.
    let mut args = vec!["--change".to_string()];
    for key in &pending {
        args.extend(["-m".to_string(), key.clone()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(reported, findings(&harness.check_directly(&args)));

    // The full check has findings in applied migrations, none of which is reported.
    let full = findings(&harness.check_directly(&[]));
    let applied_findings: Vec<_> = full
        .iter()
        .filter(|(key, ..)| !pending.contains(key))
        .collect();
    assert!(
        applied_findings.iter().any(|(key, rule, ..)| key
            == "catalog.0005_product_catalog_product_name_idx"
            && rule == "index-not-concurrent"),
        "{applied_findings:#?}"
    );
    assert!(reported.is_disjoint(&applied_findings.into_iter().cloned().collect()));

    // Without --check-pending: the same report, and findings do not fail the command.
    let output = migguard_unchanged(&harness, &database, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(findings(&json_of(&output)), reported);
}

#[test]
fn check_pending_exit_status_follows_fail_on_and_is_zero_once_the_risky_ones_are_applied() {
    let Some((harness, server)) = start() else {
        return;
    };
    let database = Database::create(&server, "exits");
    // Everything but orders.0006, whose only finding is a warning (check-constraint-validated).
    for args in [
        &["accounts"][..],
        &["catalog"],
        &["orders", "0005"],
        &["payments"],
    ] {
        harness.migrate(&database.url, args);
    }
    assert_eq!(
        harness.pending_by_django(&database.url),
        ["orders.0006_order_orders_order_total_gte_0"]
    );
    let output = migguard_unchanged(
        &harness,
        &database,
        &["--check-pending", "--format", "concise"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("warning[check-constraint-validated]"),
        "{}",
        text(&output)
    );
    assert!(!stdout.contains("error["), "{}", text(&output));
    let output = migguard_unchanged(
        &harness,
        &database,
        &["--check-pending", "--fail-on", "error"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));

    harness.migrate(&database.url, &[]);
    let output = migguard_unchanged(&harness, &database, &["--check-pending"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("No pending migrations on database 'default'"),
        "{}",
        text(&output)
    );
}

#[test]
fn pending_migrations_a_partly_applied_squash_replaces_are_named_as_not_checked() {
    let Some((harness, server)) = start() else {
        return;
    };
    let database = Database::create(&server, "squash");
    harness.migrate(&database.url, &["accounts"]);
    // As on a database migrated before the squash existed: only catalog.0001_initial applied,
    // so Django applies 0002 and 0003 instead of the squash.
    let mut client = postgres::Client::connect(&database.url, postgres::NoTls).expect("connect");
    client
        .execute("INSERT INTO django_migrations (app, name, applied) VALUES ('catalog', '0001_initial', now())", &[])
        .expect("record catalog.0001_initial");
    let pending = harness.pending_by_django(&database.url);
    assert!(
        pending.contains(&"catalog.0003_product_stock".to_string()),
        "{pending:?}"
    );
    let output = migguard_unchanged(
        &harness,
        &database,
        &["--check-pending", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not checked: catalog.0002_product_description (replaced by catalog.0001_squashed_0003_product_stock), catalog.0003_product_stock"),
        "{}",
        text(&output)
    );
    // The other pending migrations are still checked.
    let checked = json_of(&output)["checked"]
        .as_array()
        .expect("checked")
        .len();
    assert_eq!(checked, pending.len() - 2);
}

#[test]
fn an_unreachable_or_non_postgresql_database_is_said_and_fails_the_gate() {
    let Some((harness, _server)) = start() else {
        return;
    };
    // Nothing listens on a port just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port();
    let url = format!("postgresql://postgres@127.0.0.1:{port}/nowhere");
    let output = harness.manage(&url, &["migguard", "--check-pending"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("database 'default' is unreachable"));
    assert!(output.stdout.is_empty(), "{}", text(&output));

    // Without the gate: every migration of the project's apps (not Django's own) is checked.
    let output = harness.manage(&url, &["migguard", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("checking every migration of the project's apps"));
    let checked = json_of(&output)["checked"]
        .as_array()
        .expect("checked")
        .clone();
    let all = harness.check_directly(&[])["checked"].clone();
    assert_eq!(Value::Array(checked), all);

    let sqlite = tempfile::tempdir().expect("temp dir");
    let file = sqlite.path().join("db.sqlite3");
    let output = harness.manage_with(
        &url,
        &["migguard", "--check-pending"],
        &[("MIGGUARD_DJAPP_SQLITE", file.to_str().unwrap())],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("is sqlite: migguard checks migrations for PostgreSQL only"),
        "{}",
        text(&output)
    );
}

#[test]
fn python_unit_tests_of_the_app_pass() {
    let Some(harness) = Harness::new() else {
        return;
    };
    let output = Command::new(&harness.python)
        .args(["-m", "unittest", "discover", "-v", "-s"])
        .arg(Path::new("tests/python"))
        .env("PYTHONPATH", harness.repo.join("python"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("run python -m unittest");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{}", text(&output));
    // unittest exits 0 with "Ran 0 tests" when discovery finds nothing: that is no pass.
    let ran: usize = report
        .lines()
        .find_map(|line| line.strip_prefix("Ran ")?.split(' ').next()?.parse().ok())
        .expect("Ran N tests");
    assert!(ran >= 5, "only {ran} Python tests ran:\n{report}");
    eprintln!("{ran} Python tests of migguard.django passed");
}
