//! `migguard`'s translation of every operation equals `manage.py sqlmigrate` of real Django
//! 5.2 on PostgreSQL 15, byte for byte (line endings aside): on the corpus projects (reference
//! committed in `corpus/*/expected/sqlmigrate/`) and on the PyPI field-test package set
//! (reference recorded by `scripts/django_reference.py fieldtest`).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use migguard::ddl::{project_sql, render_sqlmigrate, MigrationSql, Statement};
use migguard::project::Project;
use support::{corpus, fieldtest_dir};

/// Compares every migration that has a reference file; returns how many were checked and the
/// keys that differ.
///
/// The reference is `sqlmigrate` (`REFERENCE/sqlmigrate`). Where `migrate` executes something
/// else (`REFERENCE/executed`, when recorded), because it introspects a database that the
/// migration's earlier statements already changed (`sqlmigrate` introspects the database as it
/// was before the migration, or raises), migguard prints what `migrate` executes: the
/// statements must then equal the executed ones, and the operations' description lines still
/// equal `sqlmigrate`'s.
fn compare(
    migrations: &[MigrationSql],
    reference: &Path,
    wanted: impl Fn(&MigrationSql) -> bool,
) -> Comparison {
    let mut comparison = Comparison::default();
    for migration in migrations.iter().filter(|m| wanted(m)) {
        let file = |kind: &str, extension: &str| {
            reference
                .join(kind)
                .join(&migration.key.app)
                .join(format!("{}.{extension}", migration.key.name))
        };
        let expected = std::fs::read_to_string(file("sqlmigrate", "sql")).ok();
        // A migration that failed to migrate has no executed reference.
        let executed = Some(file("executed", "sql")).filter(|path| {
            std::fs::read_to_string(path)
                .is_ok_and(|text| !text.contains("\n-- migguard:note migrate failed"))
        });
        if expected.is_none() && !(file("sqlmigrate", "error").is_file() && executed.is_some()) {
            continue;
        }
        comparison.checked += 1;
        let actual = render_sqlmigrate(migration).replace("\r\n", "\n");
        let expected = expected.map(|text| text.replace("\r\n", "\n"));
        if expected.as_deref() == Some(actual.as_str()) {
            continue;
        }
        let descriptions = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|line| line.starts_with("--"))
                .map(str::to_string)
                .collect()
        };
        let as_executed = executed.as_deref().is_some_and(|path| {
            executed_statements(migration) == reference_statements(path)
                && expected
                    .as_deref()
                    .is_none_or(|text| descriptions(text) == descriptions(&actual))
        });
        if as_executed {
            comparison.as_executed.push(migration.key.to_string());
            continue;
        }
        eprintln!(
            "--- {} differs\n=== expected\n{}=== actual\n{actual}",
            migration.key,
            expected.as_deref().unwrap_or("(sqlmigrate raised)\n")
        );
        comparison.differing.push(migration.key.to_string());
    }
    comparison
}

#[derive(Default)]
struct Comparison {
    checked: usize,
    /// Differ from `sqlmigrate` and equal what `migrate` executed.
    as_executed: Vec<String>,
    differing: Vec<String>,
}

/// The statements migguard says the migration runs, in order (deferred ones last), without
/// the trailing `;`.
fn executed_statements(migration: &MigrationSql) -> Vec<String> {
    let statement_text = |statement: &Statement| match statement {
        Statement::Sql(sql) => Some(sql.trim().to_string()),
        Statement::RunSql { sql, .. } => Some(sql.trim().trim_end_matches(';').to_string()),
        Statement::RunPython { .. } => None,
        Statement::NotTranslated { reason } => Some(format!("(not translated: {reason})")),
    };
    migration
        .statements_in_order()
        .filter_map(statement_text)
        .collect()
}

/// The statements of an `executed/` reference file, without the trailing `;`.
fn reference_statements(path: &Path) -> Vec<String> {
    support::rehearsal::executed_statements(path)
        .iter()
        .map(|statement| statement.trim().trim_end_matches(';').to_string())
        .collect()
}

fn load_corpus(name: &str, external: Vec<PathBuf>) -> Project {
    // The corpus project's own configuration (settings, declared field classes), as the CLI
    // reads it.
    let mut options = support::corpus_options(name);
    options.external = external;
    Project::load(&options)
}

/// Corpus migrations built so that migguard cannot know their SQL, with the reason it must give:
/// the `not-analysed` case of `corpus/hazards` (a project-specific operation class) and the
/// expected Unknowns of `corpus/static` (see its README). migguard must print "not translated"
/// with that reason there, never SQL of its own.
const EXPECTED_UNKNOWN: &[(&str, &str)] = &[
    (
        "not_analysed.0002_comment_title",
        "cannot be analysed",
    ),
    (
        "teams.0003_board_code",
        "max_length is not statically known: corpus/static/teams/conf.py:17: computed when the module is imported (calls builtins.int)",
    ),
    (
        "portal.0003_page_banner",
        "assigned under a condition that is not statically known: BANNER_ENABLED (portal.flags.BANNER_ENABLED is a module constant migguard could not read)",
    ),
    (
        "ledger.0005_entry_mode",
        "callable default ledger.defaults.mode_default: corpus/static/ledger/defaults.py:42: the function's body has a statement migguard does not run",
    ),
];

fn expected_unknown(key: &str) -> Option<&'static str> {
    EXPECTED_UNKNOWN
        .iter()
        .find(|(migration, _)| *migration == key)
        .map(|(_, reason)| *reason)
}

/// Each expected Unknown of the corpus differs from `sqlmigrate` and says why, with its reason.
#[test]
fn corpus_expected_unknowns_are_marked_with_their_reason() {
    let mut found = BTreeSet::new();
    for name in support::corpus_projects() {
        let project = load_corpus(&name, Vec::new());
        for migration in project_sql(&project, migguard::ddl::OneOffValues::Pinned) {
            let key = migration.key.to_string();
            let Some(reason) = expected_unknown(&key) else {
                continue;
            };
            let rendered = render_sqlmigrate(&migration);
            let reference = corpus(&name)
                .join("expected/sqlmigrate")
                .join(&migration.key.app)
                .join(format!("{}.sql", migration.key.name));
            let expected = std::fs::read_to_string(&reference).expect("reference file");
            assert_ne!(
                rendered, expected,
                "{key}: expected Unknown, got Django's SQL"
            );
            let marked = rendered.lines().any(|line| {
                line.starts_with("-- migguard: not translated:") && line.contains(reason)
            }) || rendered.contains("(not analysed)")
                && reason == "cannot be analysed";
            assert!(marked, "{key}: not marked with {reason:?}:\n{rendered}");
            found.insert(key);
        }
    }
    let listed: BTreeSet<String> = EXPECTED_UNKNOWN
        .iter()
        .map(|(m, _)| m.to_string())
        .collect();
    assert_eq!(
        found, listed,
        "every expected Unknown is a corpus migration"
    );
}

/// Every migration of the corpus projects (their own apps; Django's apps too when the
/// field-test venv is there) prints exactly what `sqlmigrate` printed.
#[test]
fn corpus_sql_matches_sqlmigrate_exactly() {
    let external = fieldtest_dir()
        .map(|dir| vec![support::fieldtest_site_packages(&dir)])
        .unwrap_or_default();
    let mut total = 0;
    let mut as_executed = 0;
    let mut all_differing = Vec::new();
    for name in support::corpus_projects() {
        let name = name.as_str();
        let project = load_corpus(name, external.clone());
        let sql = project_sql(&project, migguard::ddl::OneOffValues::Pinned);
        let comparison = compare(&sql, &corpus(name).join("expected"), |m| {
            expected_unknown(&m.key.to_string()).is_none()
        });
        eprintln!(
            "corpus/{name}: {}/{} migrations identical to sqlmigrate, {} to what migrate \
             executed ({:?})",
            comparison.checked - comparison.differing.len() - comparison.as_executed.len(),
            comparison.checked,
            comparison.as_executed.len(),
            comparison.as_executed,
        );
        total += comparison.checked;
        as_executed += comparison.as_executed.len();
        all_differing.extend(comparison.differing);
    }
    assert!(
        as_executed >= 3,
        "the corpus has migrations where migrate executes other SQL than sqlmigrate prints"
    );
    assert!(total > 0, "no reference files found");
    assert!(
        all_differing.is_empty(),
        "{} of {total} corpus migrations differ: {all_differing:#?}",
        all_differing.len()
    );
}

/// `migguard sql` of a migration a squash replaces is what `sqlmigrate` prints for it (the
/// state from the replaced chain): every one the corpus references record
/// (`replaced_sqlmigrate` in the manifest).
#[test]
fn replaced_migrations_print_what_sqlmigrate_prints() {
    let mut checked = 0;
    for name in support::corpus_projects() {
        let expected = corpus(&name).join("expected");
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(expected.join("manifest.json")).expect("manifest.json"),
        )
        .expect("manifest format");
        let replaced: Vec<&str> = manifest["migrations"]
            .as_array()
            .expect("migrations")
            .iter()
            .flat_map(|m| m["replaced_sqlmigrate"].as_array().into_iter().flatten())
            .filter(|r| r["sqlmigrate"] == "sql")
            .filter_map(|r| r["id"].as_str())
            .collect();
        if replaced.is_empty() {
            continue;
        }
        let project = load_corpus(&name, Vec::new());
        for id in replaced {
            let (app, migration) = id.split_once('.').expect("app.name");
            let key = migguard::ir::MigrationKey::new(app.to_string(), migration.to_string());
            assert!(project.is_replaced(&key), "{id} is replaced by a squash");
            let sql = migguard::ddl::replaced_migration_plan_sql(
                &project,
                &key,
                migguard::ddl::OneOffValues::Pinned,
            );
            let last = sql.last().expect("planned");
            assert_eq!(last.key, key);
            let reference = std::fs::read_to_string(
                expected
                    .join("sqlmigrate")
                    .join(app)
                    .join(format!("{migration}.sql")),
            )
            .expect("reference");
            assert_eq!(render_sqlmigrate(last), reference, "corpus/{name}: {id}");
            checked += 1;
        }
    }
    assert!(checked >= 3, "replaced migrations checked: {checked}");
}

/// The migrations a section of `docs/ddl-differences.md` lists as known differences (lines
/// ``- `app.name`: reason`` under `## HEADING`), each with its reason.
fn documented_differences_with_reasons(heading: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string("docs/ddl-differences.md").expect("docs/ddl-differences.md");
    let (_, section) = text
        .split_once(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("docs/ddl-differences.md has no section `## {heading}`"));
    let section = section.split("\n## ").next().unwrap_or("");
    section
        .lines()
        .filter_map(|line| line.strip_prefix("- `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(key, reason)| {
            let reason = reason.trim_start_matches(':').trim();
            (key.to_string(), reason.to_string())
        })
        .collect()
}

/// The differing migrations are exactly the ones the section `## HEADING` of
/// `docs/ddl-differences.md` lists; the failure names the lines to delete and to add.
fn assert_differences_documented(differing: Vec<String>, heading: &str) {
    let differing: BTreeSet<String> = differing.into_iter().collect();
    let documented: BTreeSet<String> = documented_differences_with_reasons(heading)
        .into_keys()
        .collect();
    let now_identical: Vec<&String> = documented.difference(&differing).collect();
    let undocumented: Vec<&String> = differing.difference(&documented).collect();
    assert!(
        now_identical.is_empty() && undocumented.is_empty(),
        "the differing migrations must equal the list under `## {heading}` in \
         docs/ddl-differences.md: identical now (delete their lines): {now_identical:#?}; \
         differing but not listed (add them, with the reason): {undocumented:#?}"
    );
}

/// The PyPI field test: at least 99% identical, and the differing set is exactly the
/// documented one.
#[test]
fn field_test_sql_matches_sqlmigrate() {
    let Some(fieldtest) = fieldtest_dir() else {
        return;
    };
    let project = Project::load(&support::fieldtest_options(&fieldtest));
    let sql = project_sql(&project, migguard::ddl::OneOffValues::Pinned);
    let Comparison {
        checked,
        as_executed,
        differing,
    } = compare(&sql, &fieldtest, |_| true);
    let identical = checked - differing.len();
    eprintln!(
        "field test: {identical}/{checked} migrations identical to sqlmigrate or, where \
         migrate executes something else, to what it executed ({as_executed:?})"
    );
    assert!(
        checked > 100,
        "field test reference has {checked} migrations"
    );
    assert!(
        identical * 100 >= checked * 99,
        "field test parity {identical}/{checked} is below 99%"
    );
    assert_differences_documented(differing, "Field test");
}

/// The widened field test (`scripts/fieldtest-wide/`: 13 more PyPI packages, recorded by
/// scripts/test.sh into `MIGGUARD_FIELDTEST_WIDE_DIR`): the plan is `showmigrations --plan`'s,
/// the migrations whose SQL differs from `sqlmigrate`'s are exactly the ones
/// `docs/ddl-differences.md` lists under "Widened field test", and none of them differs
/// silently: its output says `-- migguard: not translated:` or its file has an error.
#[test]
fn wide_field_test_plans_like_django_and_differs_only_where_documented() {
    let Some(wide) = support::fieldtest_wide_dir() else {
        return;
    };
    let project = Project::load(&support::fieldtest_options(&wide));
    let django_plan: Vec<String> = std::fs::read_to_string(wide.join("plan.txt"))
        .expect("plan.txt")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        support::plan_lines(&project),
        django_plan,
        "wide field test: plan parity with showmigrations --plan"
    );
    let sql = project_sql(&project, migguard::ddl::OneOffValues::Pinned);
    let Comparison {
        checked, differing, ..
    } = compare(&sql, &wide, |_| true);
    eprintln!(
        "wide field test: {}/{checked} migrations identical to sqlmigrate",
        checked - differing.len()
    );
    assert!(
        checked > 200,
        "wide field test reference has {checked} migrations"
    );
    let documented = documented_differences_with_reasons("Widened field test");
    // A difference migguard does not announce is a bug; the known ones are marked SILENT in
    // the list (and printed here) until they are fixed (a fixed one is then reported by the
    // documented-list check below).
    let known_silent: BTreeSet<&String> = documented
        .iter()
        .filter(|(key, reason)| reason.starts_with("SILENT") && differing.contains(key))
        .map(|(key, _)| key)
        .collect();
    let silent: BTreeSet<&String> = differing
        .iter()
        .filter(|key| !says_it_is_incomplete(&project, &sql, key))
        .collect();
    for key in &known_silent {
        eprintln!("wide field test: KNOWN BUG, differs silently: {key}");
    }
    assert_eq!(
        silent, known_silent,
        "migrations that differ from sqlmigrate with no `-- migguard: not translated:` mark and \
         no error on their file, against the ones docs/ddl-differences.md marks SILENT"
    );
    assert_differences_documented(differing, "Widened field test");
}

/// Whether migguard tells that its SQL for `key` is incomplete: a "not translated" mark in the
/// output, or an error diagnostic on the migration's file.
fn says_it_is_incomplete(project: &Project, sql: &[MigrationSql], key: &str) -> bool {
    let marked = sql
        .iter()
        .filter(|migration| migration.key.to_string() == key)
        .any(|migration| render_sqlmigrate(migration).contains("-- migguard: not translated:"));
    let errors = project
        .migrations
        .iter()
        .filter(|parsed| parsed.source.key.to_string() == key)
        .any(|parsed| {
            parsed.diagnostics.iter().any(|d| d.is_error())
                || project.diagnostics.iter().any(|d| {
                    d.is_error()
                        && d.location
                            .as_ref()
                            .is_some_and(|location| location.path == parsed.source.path)
                })
        });
    marked || errors
}

/// `migguard sql --format json`: operations with statements, spans and deferred statements.
#[test]
fn sql_command_json_snapshot() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_migguard"))
        .args([
            "sql",
            "columns",
            "0007",
            "corpus/ddl",
            "--no-external",
            "--pin-one-off-defaults",
            "--format",
            "json",
        ])
        .output()
        .expect("run migguard sql");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    insta::assert_json_snapshot!("sql_columns_0007_json", json);
}

/// `migguard sql` text is `sqlmigrate`'s, and a migration prefix is accepted.
#[test]
fn sql_command_text_matches_sqlmigrate() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_migguard"))
        .args([
            "sql",
            "orders",
            "0003",
            "corpus/example",
            "--no-external",
            "--pin-one-off-defaults",
        ])
        .output()
        .expect("run migguard sql");
    let expected = std::fs::read_to_string(
        "corpus/example/expected/sqlmigrate/orders/0003_rename_note_order_customer_note.sql",
    )
    .expect("reference");
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}

/// `migguard sql` of a migration a squash replaces prints `sqlmigrate`'s text, not an error.
#[test]
fn sql_command_prints_a_replaced_migration() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_migguard"))
        .args([
            "sql",
            "catalog",
            "0003_product_stock",
            "corpus/example",
            "--no-external",
            "--pin-one-off-defaults",
        ])
        .output()
        .expect("run migguard sql");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = std::fs::read_to_string(
        "corpus/example/expected/sqlmigrate/catalog/0003_product_stock.sql",
    )
    .expect("reference");
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}
