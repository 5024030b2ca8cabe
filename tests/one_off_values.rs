//! Values Django computes when a migration runs (`timezone.now`, `uuid.uuid4` defaults of a
//! column being added): by default this run's own, marked in JSON; pinned, the reference's.

use std::process::Command;

use serde_json::Value;

/// `corpus/ddl` columns 0007 adds a `DateTimeField(default=timezone.now)` and a
/// `UUIDField(default=uuid.uuid4)`; its settings say `USE_TZ = True`, `TIME_ZONE = "UTC"`.
const REFERENCE: &str = "corpus/ddl/expected/sqlmigrate/columns/0007_add_fields.sql";

fn migguard_sql(extra: &[&str], env: Option<(&str, &str)>) -> (String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_migguard"));
    command
        .args(["sql", "columns", "0007", "corpus/ddl", "--no-external"])
        .args(extra)
        .env_remove("MIGGUARD_PIN_ONE_OFF_DEFAULTS");
    if let Some((name, value)) = env {
        command.env(name, value);
    }
    let output = command.output().expect("run migguard sql");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8(output.stdout).expect("UTF-8 output"),
        String::from_utf8(output.stderr).expect("UTF-8 output"),
    )
}

/// The one-off values of the JSON output, with the statement text each points at.
fn one_off_values(json: &str) -> Vec<(Value, String)> {
    let migration: Value = serde_json::from_str(json).expect("JSON output");
    let mut values = Vec::new();
    for operation in migration["operations"].as_array().expect("operations") {
        for value in operation["one_off_values"].as_array().into_iter().flatten() {
            let index = value["statement"].as_u64().expect("statement index") as usize;
            let text = operation["statements"][index]["detail"]
                .as_str()
                .expect("statement text")
                .to_string();
            values.push((value.clone(), text));
        }
    }
    values
}

fn value_of<'a>(values: &'a [(Value, String)], field: &str) -> &'a (Value, String) {
    values
        .iter()
        .find(|(value, _)| value["field"] == field)
        .unwrap_or_else(|| panic!("no one-off value for {field}: {values:?}"))
}

/// The text between the quotes of `'...'::cast`.
fn literal_text(literal: &str) -> &str {
    literal
        .trim_start_matches('\'')
        .split('\'')
        .next()
        .expect("quoted literal")
}

#[test]
fn by_default_the_values_are_this_runs_time_and_a_fresh_uuid4() {
    let before = jiff::Timestamp::now();
    let (first, stderr) = migguard_sql(&["--format", "json"], None);
    let after = jiff::Timestamp::now();
    let (second, _) = migguard_sql(&["--format", "json"], None);
    assert!(
        stderr.contains("note: 2 statements contain a value computed at run time"),
        "{stderr}"
    );

    let first = one_off_values(&first);
    let second = one_off_values(&second);
    let (now, statement) = value_of(&first, "add_callable_default");
    assert_eq!(now["callable"], "django.utils.timezone.now");
    assert_eq!(now["pinned"], false);
    let literal = now["value"].as_str().expect("value");
    assert!(statement.contains(literal), "{statement} holds {literal}");
    assert!(literal.ends_with("+00:00'::timestamptz"), "{literal}");
    // Django writes an aware UTC datetime as Python's str(): `2026-12-01 23:46:20.203263+00:00`.
    let written: jiff::Timestamp = literal_text(literal)
        .replacen(' ', "T", 1)
        .parse()
        .expect("a timestamp");
    let slack = jiff::SignedDuration::from_secs(2);
    assert!(
        written >= before - slack && written <= after + slack,
        "{written} is not between {before} and {after}"
    );

    let (uuid, statement) = value_of(&first, "add_unique");
    assert_eq!(uuid["callable"], "uuid.uuid4");
    let literal = uuid["value"].as_str().expect("value");
    assert!(statement.contains(literal), "{statement} holds {literal}");
    let parsed = uuid::Uuid::parse_str(literal_text(literal)).expect("a UUID");
    assert_eq!(parsed.get_version(), Some(uuid::Version::Random));
    assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);

    let (again, _) = value_of(&second, "add_unique");
    assert_ne!(again["value"], uuid["value"], "two runs draw two UUIDs");
    let (again, _) = value_of(&second, "add_callable_default");
    assert_ne!(
        again["value"], now["value"],
        "two runs read the clock twice"
    );
}

#[test]
fn pinned_values_are_the_reference_datas_by_flag_and_by_environment() {
    let expected = std::fs::read_to_string(REFERENCE).expect("reference");
    let (by_flag, stderr) = migguard_sql(&["--pin-one-off-defaults"], None);
    assert_eq!(by_flag, expected);
    assert!(
        stderr.contains("pinned (--pin-one-off-defaults)"),
        "{stderr}"
    );
    let (by_environment, _) = migguard_sql(&[], Some(("MIGGUARD_PIN_ONE_OFF_DEFAULTS", "1")));
    assert_eq!(by_environment, expected);
    let (unpinned, _) = migguard_sql(&[], Some(("MIGGUARD_PIN_ONE_OFF_DEFAULTS", "0")));
    assert_ne!(unpinned, expected, "0 leaves the values this run's own");
}

#[test]
fn pinned_json_marks_the_pinned_values() {
    let (json, _) = migguard_sql(&["--pin-one-off-defaults", "--format", "json"], None);
    let values = one_off_values(&json);
    assert_eq!(values.len(), 2, "{values:?}");
    let (now, _) = value_of(&values, "add_callable_default");
    assert_eq!(now["value"], "'2000-01-01 00:00:00+00:00'::timestamptz");
    assert_eq!(now["pinned"], true);
    let (uuid, _) = value_of(&values, "add_unique");
    assert_eq!(uuid["value"], "'00000000000040008000000000000001'::uuid");
    assert_eq!(uuid["pinned"], true);
}

#[test]
fn locks_json_marks_the_statements_holding_one_off_values() {
    let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
        .args([
            "locks",
            "columns",
            "0007",
            "corpus/ddl",
            "--no-external",
            "--format",
            "json",
        ])
        .env_remove("MIGGUARD_PIN_ONE_OFF_DEFAULTS")
        .output()
        .expect("run migguard locks");
    let locks: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    let marked: Vec<(usize, &Value)> = locks["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .enumerate()
        .flat_map(|(index, statement)| {
            statement["one_off_values"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |value| (index, value))
        })
        .collect();
    let fields: Vec<&str> = marked
        .iter()
        .map(|(_, value)| value["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["add_callable_default", "add_unique"]);
    for (index, value) in marked {
        assert_eq!(value["statement"], index);
        assert_eq!(value["pinned"], false);
        let text = locks["statements"][index]["text"].as_str().expect("text");
        assert!(text.contains(value["value"].as_str().expect("value")));
    }
}

/// `check --format json`: a finding whose statement holds a value computed at run time says so.
#[test]
fn check_json_marks_the_one_off_values_of_a_finding_statement() {
    let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
        .args([
            "check",
            "--no-external",
            "--format",
            "json",
            "-m",
            "columns.0007",
            "corpus/ddl",
        ])
        .env_remove("MIGGUARD_PIN_ONE_OFF_DEFAULTS")
        .output()
        .expect("run migguard check");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let findings = report["findings"].as_array().expect("findings");
    let marked: Vec<&Value> = findings
        .iter()
        .filter(|finding| finding["one_off_values"].is_array())
        .collect();
    assert!(!marked.is_empty(), "no finding marks a one-off value");
    for finding in &marked {
        let statement = finding["statement"].as_str().expect("statement");
        for value in finding["one_off_values"].as_array().expect("values") {
            let literal = value["value"].as_str().expect("value");
            assert!(statement.contains(literal), "{literal} not in {statement}");
            assert_eq!(value["pinned"], false);
        }
    }
    let callables: Vec<&str> = marked
        .iter()
        .flat_map(|finding| finding["one_off_values"].as_array().into_iter().flatten())
        .filter_map(|value| value["callable"].as_str())
        .collect();
    assert!(
        callables.contains(&"django.utils.timezone.now"),
        "{callables:?}"
    );
    assert!(callables.contains(&"uuid.uuid4"), "{callables:?}");
    // A statement without such a value carries no mark.
    assert!(findings
        .iter()
        .filter(|finding| finding["statement"]
            .as_str()
            .is_some_and(|s| s.contains("DEFAULT 3 NOT NULL")))
        .all(|finding| finding.get("one_off_values").is_none()));
}
