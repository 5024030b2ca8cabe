//! The expected findings of every `corpus/hazards` case (`CASE.toml`) agree with what real
//! Django 5.2 + PostgreSQL did when the case's change ran over seeded rows (the evidence
//! recorded by `scripts/django_reference.py hazards` in `corpus/hazards/expected/evidence/`).
//!
//! Both directions: a category an expected finding claims and the database can show must be in
//! the evidence, and what the database showed (a rewrite, a failed migrate, broken old code) must
//! be claimed by some expected finding. The lock categories are only checked one way: brief
//! ACCESS EXCLUSIVE locks (ADD COLUMN NULL, RENAME, ...) are visible in the evidence but are
//! not findings by themselves.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

const HAZARDS: &str = "corpus/hazards";

/// The seven hazard categories of the checks stage.
const CATEGORIES: [&str; 7] = [
    "blocks-reads",
    "blocks-writes",
    "rewrite",
    "breaks-old-code",
    "runtime-failure",
    "irreversible",
    "data-change",
];

/// Categories a recorded run can show.
const OBSERVABLE: [&str; 5] = [
    "blocks-reads",
    "blocks-writes",
    "rewrite",
    "breaks-old-code",
    "runtime-failure",
];

/// Categories the evidence shows that some expected finding must claim.
const MUST_BE_CLAIMED: [&str; 3] = ["rewrite", "runtime-failure", "breaks-old-code"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    description: String,
    change: String,
    #[serde(default)]
    note: Option<String>,
    seed: Vec<String>,
    #[serde(default)]
    variant: Vec<Variant>,
    #[serde(default)]
    finding: Vec<Finding>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Variant {
    name: String,
    seed: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Finding {
    rule: String,
    categories: Vec<String>,
    line: usize,
}

#[derive(Deserialize)]
struct Evidence {
    case: String,
    change: String,
    categories: Vec<String>,
    runs: Vec<Run>,
}

#[derive(Deserialize)]
struct Run {
    name: String,
}

/// Every case directory (one with a `CASE.toml`), sorted.
fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(HAZARDS)
        .expect("corpus/hazards")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.join("CASE.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn read_case(dir: &Path) -> CaseFile {
    let path = dir.join("CASE.toml");
    let text = std::fs::read_to_string(&path).expect("CASE.toml readable");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_evidence(name: &str) -> Evidence {
    let path = Path::new(HAZARDS).join(format!("expected/evidence/{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run `python3 scripts/django_reference.py hazards`)",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The problems of one case: its `CASE.toml` is well formed and agrees with its evidence.
fn contradictions(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let case = read_case(dir);
    let evidence = read_evidence(&name);
    let mut problems = Vec::new();
    let migration = dir.join("migrations").join(format!("{}.py", case.change));
    let lines = std::fs::read_to_string(&migration)
        .map(|text| text.lines().count())
        .unwrap_or(0);
    if lines == 0 {
        problems.push(format!(
            "change {} has no file {}",
            case.change,
            migration.display()
        ));
    }
    if case.description.trim().is_empty() {
        problems.push("empty description".to_string());
    }
    if evidence.case != name || evidence.change != case.change {
        problems.push(format!(
            "evidence is for {}.{}, CASE.toml says {name}.{}",
            evidence.case, evidence.change, case.change
        ));
    }
    let runs: Vec<&str> = evidence.runs.iter().map(|run| run.name.as_str()).collect();
    let declared: Vec<&str> = std::iter::once("seed")
        .chain(case.variant.iter().map(|v| v.name.as_str()))
        .collect();
    if runs != declared {
        problems.push(format!(
            "evidence runs {runs:?}, CASE.toml declares {declared:?}"
        ));
    }
    let shown: BTreeSet<&str> = evidence.categories.iter().map(String::as_str).collect();
    let mut claimed = BTreeSet::new();
    for finding in &case.finding {
        if finding.line == 0 || finding.line > lines {
            problems.push(format!(
                "{}: line {} is outside {} ({lines} lines)",
                finding.rule,
                finding.line,
                migration.display()
            ));
        }
        for category in &finding.categories {
            if !CATEGORIES.contains(&category.as_str()) {
                problems.push(format!("{}: unknown category {category}", finding.rule));
            }
            claimed.insert(category.as_str());
            if OBSERVABLE.contains(&category.as_str()) && !shown.contains(category.as_str()) {
                problems.push(format!(
                    "{} claims {category}, the evidence does not show it (evidence: {shown:?})",
                    finding.rule
                ));
            }
        }
    }
    for category in MUST_BE_CLAIMED {
        if shown.contains(category) && !claimed.contains(category) {
            problems.push(format!(
                "the evidence shows {category}, no expected finding claims it"
            ));
        }
    }
    if case.seed.is_empty() {
        problems.push("the main seed is empty: every change must run over rows".to_string());
    }
    if case
        .note
        .as_deref()
        .is_some_and(|note| note.trim().is_empty())
    {
        problems.push("empty note".to_string());
    }
    if let Some(variant) = case.variant.iter().find(|v| v.seed == case.seed) {
        problems.push(format!("variant {} repeats the main seed", variant.name));
    }
    problems
        .into_iter()
        .map(|problem| format!("{name}: {problem}"))
        .collect()
}

#[test]
fn expected_findings_agree_with_the_recorded_evidence() {
    let dirs = case_dirs();
    assert!(
        dirs.len() >= 40,
        "expected the hazard cases under {HAZARDS}, found {}",
        dirs.len()
    );
    let problems: Vec<String> = dirs.iter().flat_map(|dir| contradictions(dir)).collect();
    let findings: usize = dirs.iter().map(|dir| read_case(dir).finding.len()).sum();
    eprintln!(
        "corpus/hazards: {} cases, {findings} expected findings checked against their evidence",
        dirs.len()
    );
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Every evidence file belongs to a case (a removed case leaves no stale evidence behind).
#[test]
fn every_evidence_file_has_its_case() {
    let cases: BTreeSet<String> = case_dirs()
        .iter()
        .map(|dir| dir.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    let orphans: Vec<String> = std::fs::read_dir(Path::new(HAZARDS).join("expected/evidence"))
        .expect("corpus/hazards/expected/evidence")
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            let stem = name.strip_suffix(".json")?.to_string();
            (!cases.contains(&stem)).then_some(name)
        })
        .collect();
    assert!(orphans.is_empty(), "evidence without a case: {orphans:?}");
}
