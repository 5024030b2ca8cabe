//! `check --stats`: the stats file drives severity (the same index build is info on a small
//! table and an error on a large one, sizes faked through the file), sizes reach the outputs,
//! the sequence rule fires at 75% and not at 50%, and a conflicting --pg-version is refused.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

const INITIAL: &str = r#"from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("code", models.CharField(max_length=20)),
            ],
        ),
    ]
"#;

const INDEX: &str = r#"from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [
        migrations.AddIndex(
            model_name="order",
            index=models.Index(fields=["code"], name="shop_order_code_idx"),
        ),
    ]
"#;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("shop/migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    std::fs::write(dir.path().join("shop/__init__.py"), "").unwrap();
    std::fs::write(migrations.join("__init__.py"), "").unwrap();
    std::fs::write(migrations.join("0001_initial.py"), INITIAL).unwrap();
    std::fs::write(migrations.join("0002_order_code_idx.py"), INDEX).unwrap();
    dir
}

fn stats(rows: u64, bytes: u64, last_value: i64) -> Value {
    json!({
        "version": 1,
        "server_version_num": 150004,
        "server_version": "15.4",
        "database": "shop",
        "collected_at": "2025-01-01T00:00:00Z",
        "search_path": ["public"],
        "tables": [{
            "schema": "public", "name": "shop_order", "rows": rows,
            "heap_bytes": bytes, "toast_bytes": 0, "index_bytes": 0, "total_bytes": bytes,
            "indexes": [], "constraints": []
        }],
        "sequences": [{
            "schema": "public", "name": "shop_order_id_seq", "data_type": "integer",
            "last_value": last_value, "readable": true, "min_value": 1,
            "max_value": 2147483647_i64, "increment": 1,
            "owned_by": {"schema": "public", "table": "shop_order", "column": "id"}
        }]
    })
}

fn check(dir: &Path, stats: &Value, extra: &[&str]) -> (Option<i32>, Value, String) {
    let file = dir.join("stats.json");
    std::fs::write(&file, stats.to_string()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
        .arg("check")
        .arg(dir)
        .args(["--format", "json", "--stats"])
        .arg(&file)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.code(), report, stderr)
}

fn findings<'r>(report: &'r Value, rule: &str) -> Vec<&'r Value> {
    report["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings in {report:#}"))
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

#[test]
fn the_same_index_build_is_info_on_a_small_table_and_an_error_on_a_large_one() {
    let dir = project();
    let (code, report, stderr) = check(dir.path(), &stats(640, 64 << 10, 100), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(report["pg_version"], 15, "the stats' server version");
    let small = findings(&report, "index-not-concurrent");
    assert_eq!(small.len(), 1);
    assert_eq!(small[0]["severity"], "info");
    assert!(small[0]["message"]
        .as_str()
        .unwrap()
        .ends_with("shop_order: 640 rows, 64 kB"));
    assert_eq!(small[0]["table_size"]["class"], "small");
    assert_eq!(small[0]["table_size"]["rule_severity"], "warning");

    let (code, report, stderr) = check(dir.path(), &stats(9_800_000, 12 << 30, 100), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    let large = findings(&report, "index-not-concurrent");
    assert_eq!(large[0]["severity"], "error");
    assert!(large[0]["message"]
        .as_str()
        .unwrap()
        .contains("shop_order: 9.8M rows, 12 GB"));
    assert_eq!(large[0]["table_size"]["total_bytes"], 12_u64 << 30);
    assert!(large[0]["notes"].as_array().unwrap().iter().any(|n| n
        .as_str()
        .unwrap()
        .contains("large-table threshold (1 GB), so error instead of warning")));
}

#[test]
fn thresholds_come_from_the_configuration() {
    let dir = project();
    std::fs::write(
        dir.path().join("migguard.toml"),
        "[stats]\nsmall-table = \"100kB\"\nlarge-table = \"500kB\"\n",
    )
    .unwrap();
    let (_, report, stderr) = check(dir.path(), &stats(5000, 600 << 10, 100), &[]);
    assert_eq!(
        findings(&report, "index-not-concurrent")[0]["severity"],
        "error",
        "{stderr}"
    );
    std::fs::write(
        dir.path().join("migguard.toml"),
        "[stats]\nsmall-table = \"10 parsecs\"\n",
    )
    .unwrap();
    let (code, _, stderr) = check(dir.path(), &stats(5000, 600 << 10, 100), &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("[stats] small-table") && stderr.contains("parsecs"),
        "{stderr}"
    );
}

#[test]
fn sequences_past_70_percent_are_reported_and_at_50_not() {
    let dir = project();
    let max = 2147483647_i64;
    let (_, report, stderr) = check(dir.path(), &stats(640, 64 << 10, max / 4 * 3), &[]);
    let found = findings(&report, "sequence-near-exhaustion");
    assert_eq!(found.len(), 1, "{stderr}");
    assert_eq!(found[0]["migration"], "0001_initial");
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("used 75% of its range"));
    assert!(found[0]["help"].as_str().unwrap().contains("BigAutoField"));
    assert!(found[0]["help"]
        .as_str()
        .unwrap()
        .contains("rewrites shop_order"));
    let (_, report, _) = check(dir.path(), &stats(640, 64 << 10, max / 2), &[]);
    assert!(findings(&report, "sequence-near-exhaustion").is_empty());
}

#[test]
fn a_different_pg_version_conflicts_with_the_stats() {
    let dir = project();
    let (code, _, stderr) = check(
        dir.path(),
        &stats(640, 64 << 10, 1),
        &["--pg-version", "14"],
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--pg-version 14 conflicts with the stats file"),
        "{stderr}"
    );
    let (code, _, stderr) = check(
        dir.path(),
        &stats(640, 64 << 10, 1),
        &["--pg-version", "15"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let mut old = stats(640, 64 << 10, 1);
    old["version"] = json!(2);
    let (code, _, stderr) = check(dir.path(), &old, &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("has version 2"), "{stderr}");
}
