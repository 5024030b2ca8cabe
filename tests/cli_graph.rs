//! `migguard graph` as a user runs it: outputs snapshotted on the bundled example project.

use std::process::{Command, Output};

fn graph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migguard"))
        .args(["graph", "--no-external", "corpus/example"])
        .args(args)
        .output()
        .expect("run migguard")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn text_output_of_the_example_project() {
    let output = graph(&[]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "only a warning (auth is not installed here)"
    );
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn json_output_follows_the_documented_schema() {
    let output = graph(&["--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    assert_eq!(document["schema_version"], 1);
    for key in [
        "apps",
        "migrations",
        "edges",
        "leaves",
        "replacements",
        "placeholders",
        "plan",
        "diagnostics",
    ] {
        assert!(document[key].is_array(), "{key} is an array");
    }
    // The squashed migration replaces three on disk, which stay out of the graph.
    let replaced: Vec<&str> = document["migrations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["in_graph"] == false)
        .filter_map(|m| m["key"].as_str())
        .collect();
    assert_eq!(
        replaced,
        [
            "catalog.0001_initial",
            "catalog.0002_product_description",
            "catalog.0003_product_stock"
        ]
    );
    insta::assert_json_snapshot!(document);
}

#[test]
fn dot_output_is_a_graphviz_digraph() {
    let output = graph(&["--format", "dot"]);
    let text = stdout(&output);
    assert!(text.starts_with("digraph migrations {") && text.trim_end().ends_with('}'));
    insta::assert_snapshot!(text);
}

#[test]
fn a_bad_setting_argument_is_refused_by_the_parser() {
    let output = graph(&["--setting", "NOEQUALS"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "clap usage errors exit with 2"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("expected NAME=VALUE"));
}

/// `migguard sql ... | head`: the reader closing the pipe stops migguard quietly (SIGPIPE's
/// default), never a panic about the closed pipe.
#[cfg(unix)]
#[test]
fn a_reader_that_closes_the_pipe_early_does_not_make_migguard_panic() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let migrations = dir.path().join("shop/migrations");
    std::fs::create_dir_all(&migrations).expect("mkdir");
    std::fs::write(migrations.join("__init__.py"), "").expect("init");
    let fields: String = (0..3000)
        .map(|n| {
            format!(
                "        (\"field_{n}\", models.CharField(max_length=100, default=\"a value\")),\n"
            )
        })
        .collect();
    std::fs::write(
        migrations.join("0001_initial.py"),
        format!(
            "from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    initial = True\n    operations = [\n        migrations.CreateModel(name=\"Wide\", fields=[\n        (\"id\", models.AutoField(primary_key=True)),\n{fields}        ]),\n    ]\n"
        ),
    )
    .expect("migration");
    let mut child = Command::new(env!("CARGO_BIN_EXE_migguard"))
        .args(["sql", "--no-external", "shop", "0001"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run migguard");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("the first bytes");
    // stdout is closed here, long before the SQL (over 64 KiB) is written.
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.signal(), Some(libc::SIGPIPE), "{stderr}");
}
