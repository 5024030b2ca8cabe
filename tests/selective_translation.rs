//! `sql` and `locks` of one migration translate only the earlier migrations whose catalog
//! effects it can read (`src/ddl/demand.rs`). Their SQL must be exactly what translating every
//! migration of the plan gives: checked here with every migration of the corpus projects and
//! of the field-test packages as the target.

mod support;

use migguard::ddl::{migration_sql, project_sql, render_sqlmigrate, MigrationSql, OneOffValues};
use migguard::project::{LoadOptions, Project};
use support::{corpus_options, corpus_projects, fieldtest_dir, fieldtest_options};

/// A migration's SQL as JSON, with the values computed when the replay runs replaced by a
/// placeholder: its one-off values (the clock, `uuid.uuid4`) and any other UUID (a callable
/// default of the project's that returns `str(uuid.uuid4())`).
fn comparable(migration: &MigrationSql) -> String {
    let mut json = serde_json::to_string_pretty(migration).expect("serializable");
    for operation in &migration.operations {
        for value in &operation.one_off_values {
            json = json.replace(&value.value, "<one-off>");
        }
    }
    mask_uuids(&json)
}

/// `text` with every UUID written as 8-4-4-4-12 hex digits replaced by `<uuid>`.
fn mask_uuids(text: &str) -> String {
    let is_uuid = |candidate: &[u8]| {
        candidate.len() == 36
            && candidate.iter().enumerate().all(|(at, byte)| match at {
                8 | 13 | 18 | 23 => *byte == b'-',
                _ => byte.is_ascii_hexdigit(),
            })
    };
    let bytes = text.as_bytes();
    let mut masked = String::with_capacity(text.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes.get(at..at + 36).is_some_and(is_uuid) {
            masked.push_str("<uuid>");
            at += 36;
        } else {
            let next = text[at..].chars().next().map_or(1, char::len_utf8);
            masked.push_str(&text[at..at + next]);
            at += next;
        }
    }
    masked
}

/// Compares, for every migration of the project's plan, its SQL from [`migration_sql`] with
/// its SQL from the replay that translates everything; returns how many were compared.
fn compare_every_target(name: &str, options: &LoadOptions) -> usize {
    let project = Project::load(options);
    let everything = project_sql(&project, OneOffValues::AtRunTime);
    assert!(!everything.is_empty(), "{name}: no migrations");
    let mut differing = Vec::new();
    for full in &everything {
        let selective = migration_sql(&project, &full.key, OneOffValues::AtRunTime, |_| false)
            .expect("a migration of the plan");
        let target = selective.last().expect("the target's SQL");
        assert_eq!(target.key, full.key);
        if comparable(target) != comparable(full) {
            eprintln!(
                "--- {name}: {} differs\n=== translating everything\n{}\n=== selectively\n{}",
                full.key,
                comparable(full),
                comparable(target)
            );
            differing.push(full.key.to_string());
        }
    }
    assert!(differing.is_empty(), "{name}: {differing:?} differ");
    everything.len()
}

#[test]
fn corpus_migrations_translate_as_with_every_migration_translated() {
    let mut compared = 0;
    for name in corpus_projects() {
        compared += compare_every_target(&name, &corpus_options(&name));
    }
    eprintln!("compared {compared} corpus migrations");
    assert!(compared >= 100, "only {compared} corpus migrations");
}

#[test]
fn fieldtest_migrations_translate_as_with_every_migration_translated() {
    let Some(fieldtest) = fieldtest_dir() else {
        return;
    };
    let compared = compare_every_target("field test", &fieldtest_options(&fieldtest));
    eprintln!("compared {compared} field-test migrations");
    assert!(compared >= 100, "only {compared} field-test migrations");
}

/// The selection must skip something, or the tests above show nothing about it: in the
/// example project, most migrations need only part of their history translated.
#[test]
fn the_translation_of_an_unrelated_history_is_skipped() {
    let project = Project::load(&corpus_options("example"));
    let plan = project.graph.full_plan();
    let skipping = plan
        .iter()
        .enumerate()
        .filter(|(position, key)| {
            let translated =
                migguard::ddl::translated_migrations(&project, key, OneOffValues::AtRunTime)
                    .expect("in the plan");
            translated <= *position
        })
        .count();
    assert!(
        skipping * 2 > plan.len(),
        "only {skipping} of {} migrations skip part of their history",
        plan.len()
    );
    // Pinned values count every `uuid.uuid4` call of the replay: everything is translated.
    let last = plan.last().expect("a plan");
    assert_eq!(
        migguard::ddl::translated_migrations(&project, last, OneOffValues::Pinned),
        Some(plan.len())
    );
}

/// The synthetic project of the scale benchmark (`scripts/scale_project.py`, checked against
/// Django by `tests/scale_parity.rs`) spreads each model's history, and the histories of the
/// models it refers to, over many migrations of several apps: what the selection must follow.
#[test]
fn synthetic_project_migrations_translate_as_with_every_migration_translated() {
    let dir = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new("python3")
        .arg("scripts/scale_project.py")
        .arg("300")
        .arg(dir.path())
        .status()
        .expect("python3 scripts/scale_project.py");
    assert!(status.success(), "scale_project.py: {status}");
    let options = LoadOptions {
        roots: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    let compared = compare_every_target("synthetic", &options);
    assert!(compared >= 250, "only {compared} synthetic migrations");
}

/// A project of one app `shop` whose migrations are `migrations` (name, operations), each
/// depending on the one before.
fn shop_project(migrations: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let package = dir.path().join("shop/migrations");
    std::fs::create_dir_all(&package).expect("migrations package");
    std::fs::write(dir.path().join("shop/__init__.py"), "").expect("write");
    std::fs::write(package.join("__init__.py"), "").expect("write");
    for (index, (name, operations)) in migrations.iter().enumerate() {
        let dependencies = match index {
            0 => String::new(),
            _ => format!("(\"shop\", \"{}\")", migrations[index - 1].0),
        };
        let text = format!(
            "from django.db import migrations, models\n\n\
             class Migration(migrations.Migration):\n    \
             dependencies = [{dependencies}]\n    \
             operations = [\n{operations}\n    ]\n"
        );
        std::fs::write(package.join(format!("{name}.py")), text).expect("write");
    }
    dir
}

const CREATE_PRODUCT: &str = "        migrations.CreateModel(name=\"Product\", fields=[(\"id\", models.AutoField(primary_key=True))]),";
const CREATE_ORDER: &str = "        migrations.CreateModel(name=\"Order\", fields=[(\"id\", models.AutoField(primary_key=True)), (\"product\", models.ForeignKey(\"shop.Product\", on_delete=models.CASCADE))]),";
const CREATE_NOTE: &str = "        migrations.CreateModel(name=\"Note\", fields=[(\"id\", models.AutoField(primary_key=True))]),";

/// Loads the project, checks that the last migration's SQL is the same selectively, and
/// returns that SQL and how many migrations were translated for it.
fn last_migration(dir: &tempfile::TempDir) -> (MigrationSql, usize) {
    let options = LoadOptions {
        roots: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    compare_every_target("shop", &options);
    let project = Project::load(&options);
    let plan = project.graph.full_plan();
    let last = plan.last().expect("a plan");
    let mut sql =
        migration_sql(&project, last, OneOffValues::AtRunTime, |_| false).expect("planned");
    let translated = migguard::ddl::translated_migrations(&project, last, OneOffValues::AtRunTime)
        .expect("planned");
    (sql.pop().expect("its SQL"), translated)
}

/// A primary key whose type changes has the foreign keys that reference it dropped by the
/// names the database gives them: the migration that made the referencing table is needed,
/// the one of an unrelated model is not.
#[test]
fn the_referrers_of_an_altered_primary_key_are_translated() {
    let dir = shop_project(&[
        ("0001_product", CREATE_PRODUCT),
        ("0002_order", CREATE_ORDER),
        ("0003_note", CREATE_NOTE),
        (
            "0004_bigger_ids",
            "        migrations.AlterField(model_name=\"product\", name=\"id\", field=models.BigAutoField(primary_key=True)),",
        ),
    ]);
    let (sql, translated) = last_migration(&dir);
    let sql = render_sqlmigrate(&sql);
    assert!(
        sql.contains("ALTER TABLE \"shop_order\" DROP CONSTRAINT \"shop_order_product_id_"),
        "{sql}"
    );
    assert_eq!(translated, 3, "0001, 0002 and 0004, not 0003");
}

/// A renamed table rewrites the foreign keys that reference it: the rename is needed for the
/// SQL of a migration on the referencing model (the table the foreign key it drops references).
#[test]
fn a_rename_of_a_referenced_table_is_translated() {
    let dir = shop_project(&[
        ("0001_product", CREATE_PRODUCT),
        ("0002_order", CREATE_ORDER),
        (
            "0003_rename_table",
            "        migrations.AlterModelTable(name=\"product\", table=\"catalogue_item\"),",
        ),
        ("0004_note", CREATE_NOTE),
        (
            "0005_drop_product",
            "        migrations.RemoveField(model_name=\"order\", name=\"product\"),",
        ),
    ]);
    let (sql, translated) = last_migration(&dir);
    let references: Vec<&str> = sql
        .named_relations
        .iter()
        .filter_map(|relation| relation.references.as_deref())
        .collect();
    assert_eq!(references, ["catalogue_item"]);
    assert_eq!(translated, 4, "all but 0004");
}

/// A renamed model keeps its table's entries under its new name: the migrations of its old
/// name are needed (here: the unique constraint made when the model was `product`, which
/// PostgreSQL does not rename with the table).
#[test]
fn the_history_of_a_renamed_model_is_translated() {
    let dir = shop_project(&[
        (
            "0001_product",
            "        migrations.CreateModel(name=\"Product\", fields=[(\"id\", models.AutoField(primary_key=True)), (\"code\", models.CharField(max_length=10, unique=True))]),",
        ),
        ("0002_note", CREATE_NOTE),
        (
            "0003_rename",
            "        migrations.RenameModel(old_name=\"Product\", new_name=\"Item\"),",
        ),
        (
            "0004_code_not_unique",
            "        migrations.AlterField(model_name=\"item\", name=\"code\", field=models.CharField(max_length=10)),",
        ),
    ]);
    let (sql, translated) = last_migration(&dir);
    let sql = render_sqlmigrate(&sql);
    assert!(
        sql.contains("ALTER TABLE \"shop_item\" DROP CONSTRAINT \"shop_product_code_"),
        "{sql}"
    );
    assert_eq!(translated, 3, "all but 0002");
}

/// A model that takes over another's table (moved with `SeparateDatabaseAndState`, the table
/// kept) reads the entries the first one's migrations made.
#[test]
fn a_table_taken_over_by_another_model_keeps_its_history() {
    let dir = shop_project(&[
        (
            "0001_product",
            "        migrations.CreateModel(name=\"Product\", fields=[(\"id\", models.AutoField(primary_key=True)), (\"code\", models.CharField(max_length=10, unique=True))], options={\"db_table\": \"goods\"}),",
        ),
        ("0002_note", CREATE_NOTE),
        (
            "0003_move",
            "        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name=\"Product\"), migrations.CreateModel(name=\"Article\", fields=[(\"id\", models.AutoField(primary_key=True)), (\"code\", models.CharField(max_length=10, unique=True))], options={\"db_table\": \"goods\"})]),",
        ),
        (
            "0004_code_not_unique",
            "        migrations.AlterField(model_name=\"article\", name=\"code\", field=models.CharField(max_length=10)),",
        ),
    ]);
    let (sql, translated) = last_migration(&dir);
    let sql = render_sqlmigrate(&sql);
    assert!(sql.contains("DROP CONSTRAINT \"goods_code_key\""), "{sql}");
    assert_eq!(translated, 3, "all but 0002");
}

/// `check` of one migration (a change of one file) translates only what it reads, and finds
/// exactly what it finds with every migration translated: each scanned migration of the
/// corpus projects, checked alone.
#[test]
fn checking_one_migration_finds_what_it_finds_with_everything_translated() {
    use migguard::checks::{check_plan, check_project, CheckOptions};
    let mut compared = 0;
    for name in corpus_projects() {
        let project = Project::load(&corpus_options(&name));
        let everything = project_sql(&project, OneOffValues::AtRunTime);
        for migration in &everything {
            let scanned = project
                .migration(&migration.key)
                .is_some_and(|parsed| !parsed.source.external);
            if !scanned {
                continue;
            }
            let options = CheckOptions {
                targets: vec![migration.key.clone()],
                ..CheckOptions::default()
            };
            let selective = check_plan(&project, &options);
            let full = check_project(&project, &everything, &options);
            let findings = |outcome: &migguard::checks::CheckOutcome| {
                let mut json = serde_json::to_string_pretty(&outcome.findings).expect("json");
                for finding in &outcome.findings {
                    for value in &finding.one_off_values {
                        json = json.replace(&value.value, "<one-off>");
                    }
                }
                mask_uuids(&json)
            };
            let (selective_findings, full_findings) = (findings(&selective), findings(&full));
            let first_difference = selective_findings
                .lines()
                .zip(full_findings.lines())
                .find(|(one, other)| one != other);
            assert!(
                selective_findings == full_findings,
                "{name}: check of {}: first difference {first_difference:?}",
                migration.key
            );
            assert_eq!(selective.checked, full.checked);
            compared += 1;
        }
    }
    assert!(compared >= 100, "only {compared} corpus migrations checked");
}
