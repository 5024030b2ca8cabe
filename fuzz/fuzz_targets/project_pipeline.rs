//! A small project through the whole pipeline: the input is cut into migration files at lines
//! `#~file~`; a file starting with `#app:b` belongs to app `b`, any other to app `a`, and each
//! app's files are named `0001_m`, `0002_m`, ... in order. They are parsed, then go through the
//! graph, state replay and DDL (`ddl::project_sql`) and lock analysis
//! (`locks::analyse_project_sql`). The SQL of the last migration of the plan, translated with
//! only the history it reads (`ddl::migration_sql`), must be what translating everything gave.
#![no_main]

use std::collections::BTreeSet;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use migguard::config::Settings;
use migguard::ddl::{MigrationSql, OneOffValues};
use migguard::discover::{App, LabelSource};
use migguard::graph::{build_graph, LoaderContext};
use migguard::ir::{MigrationKey, MigrationSource};
use migguard::locks::{analyse_project_sql, RuleSet};
use migguard::parse::{parse_bytes, Environment, ParsedMigration};
use migguard::project::Project;
use migguard::settings::package::PackageConstants;

/// The line that separates files in an input (the seeds use it).
const SEPARATOR: &[u8] = b"\n#~file~\n";
const APPS: [&str; 2] = ["a", "b"];

fuzz_target!(|data: &[u8]| {
    let environment = Environment::default();
    let mut counts = [0usize; 2];
    let mut migrations: Vec<ParsedMigration> = split(data)
        .into_iter()
        .take(16)
        .map(|file| {
            let which = usize::from(file.starts_with(b"#app:b"));
            counts[which] += 1;
            let app = APPS[which];
            let name = format!("{:04}_m", counts[which]);
            let source = MigrationSource {
                key: MigrationKey::new(app, name.as_str()),
                path: format!("{app}/migrations/{name}.py").into(),
                external: false,
            };
            parse_bytes(source, file, &environment)
        })
        .collect();
    migrations.sort_by(|a, b| a.source.key.cmp(&b.source.key));
    let context = LoaderContext {
        migrated_apps: APPS
            .iter()
            .map(|app| app.to_string())
            .collect::<BTreeSet<_>>(),
        external_searched: false,
        keep_replaced: false,
        app_order: None,
        applied: None,
    };
    let graph = build_graph(&migrations, &context);
    let apps = APPS
        .iter()
        .map(|label| App {
            label: label.to_string(),
            label_source: LabelSource::FolderName,
            dir: label.into(),
            migrations_dir: format!("{label}/migrations").into(),
            migration_files: Vec::new(),
            external: false,
        })
        .collect();
    let project = Project {
        apps,
        migrations,
        diagnostics: graph.diagnostics.clone(),
        graph,
        settings: Settings::default(),
        settings_module: None,
        app_order: None,
        // No module is on the search path: a callable default is not read.
        constants: Arc::new(PackageConstants::new(Vec::new(), Settings::default())),
    };
    let sql = migguard::ddl::project_sql(&project, OneOffValues::AtRunTime);
    let rules = RuleSet::postgresql().expect("built-in lock rules");
    let _ = analyse_project_sql(&sql, rules, 16);
    if let Some(full) = sql.last() {
        let selective =
            migguard::ddl::migration_sql(&project, &full.key, OneOffValues::AtRunTime, |_| false)
                .expect("the last migration of the plan is in the plan");
        let target = selective.last().expect("its SQL");
        assert_eq!(comparable(target), comparable(full), "{}", full.key);
    }
});

/// A migration's `sqlmigrate` text, with the values computed when the replay runs (the clock,
/// `uuid.uuid4`) replaced by a placeholder.
fn comparable(migration: &MigrationSql) -> String {
    let mut text = migguard::ddl::render_sqlmigrate(migration);
    for operation in &migration.operations {
        for value in &operation.one_off_values {
            text = text.replace(&value.value, "<one-off>");
        }
    }
    text
}

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut files = Vec::new();
    let mut rest = data;
    while let Some(at) = rest
        .windows(SEPARATOR.len())
        .position(|window| window == SEPARATOR)
    {
        files.push(&rest[..at]);
        rest = &rest[at + SEPARATOR.len()..];
    }
    files.push(rest);
    files
}
