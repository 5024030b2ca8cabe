//! The output formats of `migguard check` on one shared set of findings (a few cases of
//! `corpus/hazards`, checked through the library): each snapshotted, SARIF validated against
//! the SARIF 2.1.0 schema that the serde-sarif crate ships, GitHub's workflow-command escaping,
//! GitLab's Code Quality shape, and the Markdown report's size limit.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use migguard::checks::{check_project, CheckOptions, Finding, RULES};
use migguard::diagnostics::Diagnostic;
use migguard::ir::MigrationKey;
use migguard::project::Project;
use migguard::report::check::{CheckReport, Format, COMMENT_LIMIT, MARKER};
use serde_json::Value;

/// Cases chosen for their shapes: a one-file fix, a multi-release fix with new files, a
/// finding with a secondary label, a RunSQL data change, an index, and something not analysed.
const APPS: &[&str] = &[
    "add_not_null",
    "drop_column",
    "lock_then_slow_work",
    "run_sql_update_all",
    "add_index",
    "not_analysed",
];

struct Checked {
    findings: Vec<Finding>,
    diagnostics: Vec<Diagnostic>,
    checked: Vec<MigrationKey>,
}

impl Checked {
    fn report(&self) -> CheckReport<'_> {
        CheckReport {
            findings: &self.findings,
            diagnostics: &self.diagnostics,
            checked: &self.checked,
            pg_version: 16,
            base: std::env::current_dir().expect("current dir"),
            sources: Default::default(),
        }
    }
}

fn load_hazards() -> Project {
    let root = support::corpus("hazards");
    let config = migguard::config::Config::load(&root).expect("configuration");
    Project::load(&migguard::project::LoadOptions {
        roots: vec![root],
        settings: config.settings,
        field_classes: config.field_classes,
        ..Default::default()
    })
}

fn check(apps: &[&str]) -> Checked {
    let project = load_hazards();
    let sql = migguard::ddl::project_sql(&project, migguard::ddl::OneOffValues::Pinned);
    let targets: Vec<MigrationKey> = project
        .migrations
        .iter()
        .map(|parsed| parsed.source.key.clone())
        .filter(|key| apps.is_empty() || apps.contains(&key.app.as_str()))
        .collect();
    let outcome = check_project(
        &project,
        &sql,
        &CheckOptions {
            targets,
            ..CheckOptions::default()
        },
    );
    let mut diagnostics = project.diagnostics.clone();
    diagnostics.extend(outcome.diagnostics);
    Checked {
        findings: outcome.findings,
        diagnostics,
        checked: outcome.checked,
    }
}

fn shared() -> Checked {
    let checked = check(APPS);
    let rules: BTreeSet<&str> = checked.findings.iter().map(|f| f.rule).collect();
    assert!(
        rules.len() >= 5,
        "the shared findings cover few rules: {rules:?}"
    );
    assert!(checked.findings.iter().any(|f| f.fix.is_some()));
    assert!(checked.findings.iter().any(|f| !f.labels.is_empty()));
    checked
}

#[test]
fn concise_is_one_line_per_finding() {
    let checked = shared();
    let out = Format::Concise.render(&checked.report(), false, None);
    assert_eq!(
        out.lines().count(),
        checked.findings.len() + checked.diagnostics.len()
    );
    insta::assert_snapshot!("concise", out);
}

#[test]
fn text_format_is_the_text_report_and_summary() {
    let checked = shared();
    let out = Format::Text.render(&checked.report(), false, None);
    assert!(out.starts_with(&migguard::report::check::text(&checked.report(), false)));
    assert!(out.trim_end().ends_with("PostgreSQL 16."), "{out}");
}

/// The SARIF 2.1.0 schema as the serde-sarif dev-dependency ships it, found through
/// `cargo metadata` (so wherever the registry sources are).
fn sarif_schema() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .output()
        .expect("run cargo metadata");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata JSON");
    let manifest = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|package| package["name"] == "serde-sarif")
        .and_then(|package| package["manifest_path"].as_str())
        .expect("serde-sarif is a dev-dependency");
    let schema = Path::new(manifest)
        .with_file_name("src")
        .join("schema.json");
    let text =
        std::fs::read_to_string(&schema).unwrap_or_else(|e| panic!("{}: {e}", schema.display()));
    let mut schema: Value = serde_json::from_str(&text).expect("schema JSON");
    // The published 2.1.0 schema's `language` patterns have a stray `]` that is not a valid
    // regular expression for the validator (ECMA-262 reads it as a literal): the one change
    // made is to the pattern they mean (migguard never writes `language`).
    let fixed = replace_pattern(
        &mut schema,
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    assert!(
        fixed >= 1,
        "the schema's language pattern changed: review this test"
    );
    schema
}

/// Replaces every `"pattern": from` in a schema; how many there were.
fn replace_pattern(schema: &mut Value, from: &str, to: &str) -> usize {
    match schema {
        Value::Object(map) => {
            let mut count = 0;
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == from {
                    *value = to.into();
                    count += 1;
                } else {
                    count += replace_pattern(value, from, to);
                }
            }
            count
        }
        Value::Array(items) => items
            .iter_mut()
            .map(|item| replace_pattern(item, from, to))
            .sum(),
        _ => 0,
    }
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema = sarif_schema();
    assert_eq!(
        schema["$id"],
        "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
    );
    let validator = jsonschema::validator_for(&schema).expect("compile the schema");
    let checked = shared();
    let out = Format::Sarif.render(&checked.report(), false, None);
    let document: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema errors:\n{}",
        errors.join("\n")
    );
    // The schema itself is tested: a wrong level is rejected.
    let mut broken = document.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
    // serde-sarif's typed model reads it too.
    serde_json::from_str::<serde_sarif::sarif::Sarif>(&out).expect("serde-sarif reads it");

    let run = &document["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), RULES.len());
    for (rule, sarif_rule) in RULES.iter().zip(rules) {
        assert_eq!(sarif_rule["id"], rule.name);
        assert_eq!(sarif_rule["shortDescription"]["text"], rule.summary);
        assert_eq!(sarif_rule["help"]["markdown"], rule.doc);
        assert_eq!(sarif_rule["fullDescription"]["markdown"], rule.doc);
    }
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), checked.findings.len());
    for (result, finding) in results.iter().zip(&checked.findings) {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], finding.rule);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], finding.span.line);
        assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
        assert_eq!(result["fixes"].is_array(), finding.fix.is_some());
    }
    // A fix that rewrites its migration replaces all of the file's text.
    let (result, finding) = results
        .iter()
        .zip(&checked.findings)
        .find(|(_, f)| f.rule == "adding-not-null-column")
        .expect("adding-not-null-column");
    let change = &result["fixes"][0]["artifactChanges"][0];
    let original = std::fs::read_to_string(&finding.path).expect("migration");
    assert_eq!(
        change["replacements"][0]["deletedRegion"]["charLength"],
        original.chars().count()
    );
    insta::assert_snapshot!(
        "sarif_results",
        serde_json::to_string_pretty(&run["results"]).unwrap()
    );
}

#[test]
fn github_annotations_one_per_finding_and_diagnostic() {
    let checked = shared();
    let out = Format::Github.render(&checked.report(), false, None);
    assert_eq!(
        out.lines().count(),
        checked.findings.len() + checked.diagnostics.len()
    );
    assert!(out
        .lines()
        .all(|line| ["::error ", "::warning ", "::notice "]
            .iter()
            .any(|p| line.starts_with(p))));
    insta::assert_snapshot!("github", out);
}

/// How the Actions runner reads a workflow command back (its `unescapeProperty`/`unescapeData`).
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_escapes_percent_line_breaks_colon_and_comma() {
    let mut checked = shared();
    let finding = &mut checked.findings[0];
    finding.message = "100% of rows: a, b\r\nthen %0A literally".to_string();
    finding.notes = vec!["note: x,y".to_string()];
    finding.help = None;
    finding.fix = None;
    finding.path = PathBuf::from("odd,dir:name/migrations/0002_a%b.py");
    finding.rule = "drop-column";
    finding.severity = migguard::checks::Level::Error;
    checked.findings.truncate(1);
    checked.diagnostics.clear();
    let out = Format::Github.render(&checked.report(), false, None);
    let line = out.lines().next().expect("one command");
    let (command, message) = line[2..]
        .split_once("::")
        .expect("::command props::message");
    assert_eq!(
        message,
        "100%25 of rows: a, b%0D%0Athen %250A literally%0Anote: x,y"
    );
    assert_eq!(
        unescape(message),
        "100% of rows: a, b\r\nthen %0A literally\nnote: x,y"
    );
    let (name, properties) = command.split_once(' ').expect("name and properties");
    assert_eq!(name, "error");
    let properties: Vec<(&str, &str)> = properties
        .split(',')
        .map(|p| p.split_once('=').expect("key=value"))
        .collect();
    assert_eq!(
        properties[0],
        ("file", "odd%2Cdir%3Aname/migrations/0002_a%25b.py")
    );
    assert_eq!(
        unescape(properties[0].1),
        "odd,dir:name/migrations/0002_a%b.py"
    );
    assert_eq!(
        properties.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        ["file", "line", "col", "endLine", "endColumn", "title"]
    );
}

/// GitLab's Code Quality report: an array of issues with `description`, `check_name`,
/// `fingerprint` (unique), `severity` (one of five) and `location.path` + `location.lines.begin`.
fn assert_code_quality_shape(report: &Value) {
    let issues = report.as_array().expect("an array of issues");
    let mut fingerprints = BTreeSet::new();
    for issue in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].is_string(), "{key} is not a string in {issue}");
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap()),
            "{issue}"
        );
        assert!(issue["location"]["path"].is_string(), "{issue}");
        assert!(!issue["location"]["path"]
            .as_str()
            .unwrap()
            .starts_with("./"));
        assert!(
            issue["location"]["lines"]["begin"].as_u64() >= Some(1),
            "{issue}"
        );
        assert!(
            fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()),
            "duplicate fingerprint {issue}"
        );
    }
}

#[test]
fn gitlab_report_has_code_quality_shape_and_unique_fingerprints() {
    let checked = shared();
    let out = Format::Gitlab.render(&checked.report(), false, None);
    let report: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        report.as_array().map(Vec::len),
        Some(checked.findings.len())
    );
    assert_code_quality_shape(&report);
    insta::assert_snapshot!("gitlab", out);
    // Across the whole hazards corpus too.
    let all = check(&[]);
    let report: Value =
        serde_json::from_str(&Format::Gitlab.render(&all.report(), false, None)).expect("JSON");
    assert!(report.as_array().unwrap().len() > 40);
    assert_code_quality_shape(&report);
}

#[test]
fn gitlab_fingerprint_ignores_the_line() {
    let checked = shared();
    let mut moved = checked.findings[0].clone();
    moved.span.line += 7;
    moved.span.start += 70;
    moved.span.end += 70;
    assert_eq!(
        migguard::report::check::fingerprint(&moved),
        migguard::report::check::fingerprint(&checked.findings[0])
    );
    moved.operation = moved.operation.map(|i| i + 1);
    assert_ne!(
        migguard::report::check::fingerprint(&moved),
        migguard::report::check::fingerprint(&checked.findings[0])
    );
}

#[test]
fn markdown_report() {
    let checked = shared();
    let out = Format::Markdown.render(&checked.report(), false, None);
    assert!(out.starts_with(MARKER));
    assert!(out.contains("| Severity | Rule | Findings |"));
    assert_eq!(
        out.matches("<details>").count(),
        out.matches("</details>").count()
    );
    assert!(!out.contains("not shown"));
    insta::assert_snapshot!("markdown", out);
}

#[test]
fn markdown_stays_under_the_comment_limit_and_says_what_it_left_out() {
    let mut checked = shared();
    let one_round = checked.findings.clone();
    while checked.findings.len() < 400 {
        checked.findings.extend(one_round.iter().cloned());
    }
    let total = checked.findings.len();
    let out = Format::Markdown.render(&checked.report(), false, None);
    assert!(
        out.chars().count() <= COMMENT_LIMIT,
        "{} characters",
        out.chars().count()
    );
    let shown = out.matches("\n### ").count();
    assert!(shown > 10 && shown < total, "{shown} of {total} shown");
    let note = format!(
        "{} more findings and the problems reading the project are not shown",
        total - shown
    );
    assert!(
        out.contains(&note),
        "no note '{note}' in the tail:\n{}",
        &out[out.len() - 600..]
    );
    // The summary table still counts every finding.
    let counted: usize = out
        .lines()
        .filter(|line| {
            line.starts_with("| ") && !line.starts_with("| Severity") && !line.starts_with("| ---")
        })
        .map(|line| {
            line.rsplit('|')
                .nth(1)
                .unwrap()
                .trim()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(counted, total);
    assert_eq!(
        out.matches("<details>").count(),
        out.matches("</details>").count()
    );
}

#[test]
fn markdown_without_findings() {
    let mut checked = shared();
    checked.findings.clear();
    checked.diagnostics.clear();
    let out = Format::Markdown.render(&checked.report(), false, None);
    assert!(out.starts_with(MARKER));
    assert!(out.contains("No deploy hazards in"), "{out}");
}
