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
