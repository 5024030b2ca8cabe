//! Pipeline benchmark: discover + parse + graph (what `migguard graph` does, files parsed in
//! parallel) against the floor of merely reading and parsing the same files with
//! rustpython-parser in one thread. Both run in the same process, interleaved, and the ratio
//! of their medians is printed; the budget is a ratio <= 1.0.
//!
//! Input: the field-test package set (`MIGGUARD_FIELDTEST_DIR`, prepared by
//! `scripts/django_reference.py fieldtest`), else the corpus projects.
//!
//! It also measures the later stages against the first ones, in the same run: state replay +
//! DDL (`ddl::project_sql`) against discover + parse + graph (budget: +50%), and lock
//! classification of every generated statement against all of those (budget: +20%), and
//! `check` (`checks::check_project`, which runs its own lock analysis) against parse, graph,
//! DDL and locks together: what it adds is its time less the lock classification it repeats
//! (budget: +10%).
//!
//! Run: `cargo bench --bench pipeline` (`MIGGUARD_BENCH_ROUNDS` sets the rounds, default 30).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use migguard::checks::{check_project, CheckOptions};
use migguard::ddl::project_sql;
use migguard::locks::{analyse_project_sql, RuleSet};
use migguard::project::{LoadOptions, Project};
use rustpython_parser::{ast, Parse};

// The allocator of the `migguard` binary, so the benchmark measures what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn roots() -> (String, Vec<PathBuf>) {
    if let Some(dir) = std::env::var_os("MIGGUARD_FIELDTEST_DIR") {
        let apps = std::fs::read_to_string(Path::new(&dir).join("apps.json")).expect("apps.json");
        let apps: Vec<serde_json::Value> = serde_json::from_str(&apps).expect("apps.json format");
        let roots = apps
            .iter()
            .filter_map(|app| app["migrations_dir"].as_str())
            .filter_map(|dir| Path::new(dir).parent().map(Path::to_path_buf))
            .collect();
        return ("field-test package set".into(), roots);
    }
    (
        "corpus (set MIGGUARD_FIELDTEST_DIR for the field-test set)".into(),
        vec!["corpus/example".into(), "corpus/ddl".into()],
    )
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this once as a smoke test.
    let smoke = !std::env::args().any(|arg| arg == "--bench");
    let rounds: usize = if smoke {
        1
    } else {
        std::env::var("MIGGUARD_BENCH_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(30)
    };
    let (input, roots) = roots();
    let options = LoadOptions {
        roots,
        ..Default::default()
    };
    let files: Vec<PathBuf> = Project::load(&options)
        .migrations
        .iter()
        .map(|parsed| parsed.source.path.clone())
        .collect();

    let mut pipeline = Vec::with_capacity(rounds);
    let mut floor = Vec::with_capacity(rounds);
    let mut ddl = Vec::with_capacity(rounds);
    let mut locks = Vec::with_capacity(rounds);
    let mut check = Vec::with_capacity(rounds);
    let mut findings = 0usize;
    let rules = RuleSet::postgresql().expect("lock rules");
    let mut statements = 0usize;
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        let project = Project::load(&options);
        std::hint::black_box(project.graph.full_plan().len());
        pipeline.push(start.elapsed());

        let start = Instant::now();
        let sql = project_sql(&project, migguard::ddl::OneOffValues::AtRunTime);
        ddl.push(start.elapsed());

        let start = Instant::now();
        let analysed = analyse_project_sql(&sql, rules, 16);
        let analysed_statements: usize = analysed.iter().map(|locks| locks.statements.len()).sum();
        std::hint::black_box(analysed_statements);
        locks.push(start.elapsed());

        let start = Instant::now();
        findings = check_project(&project, &sql, &CheckOptions::default())
            .findings
            .len();
        check.push(start.elapsed());

        let start = Instant::now();
        statements = 0;
        for path in &files {
            let text = std::fs::read_to_string(path).expect("read");
            let suite = ast::Suite::parse(&text, &path.to_string_lossy()).expect("parse");
            statements += suite.len();
        }
        floor.push(start.elapsed());
    }
    std::hint::black_box(statements);
    let (pipeline, floor, ddl, locks, check) = (
        median(pipeline),
        median(floor),
        median(ddl),
        median(locks),
        median(check),
    );
    if smoke {
        println!("smoke run (one round, unoptimised test build): the figures below are not measurements; `cargo bench --bench pipeline` measures");
    }
    println!("input: {input}: {} migration files", files.len());
    println!(
        "discover + parse + graph (parallel, {} threads): {pipeline:?} (median of {rounds})",
        rayon::current_num_threads()
    );
    println!("read + parse only (rustpython-parser, 1 thread):   {floor:?} (median of {rounds})");
    println!(
        "ratio: {:.3}",
        pipeline.as_secs_f64() / floor.as_secs_f64().max(f64::EPSILON)
    );
    println!(
        "state replay + DDL: {ddl:?}: adds {:.1}% to discover + parse + graph",
        100.0 * ddl.as_secs_f64() / pipeline.as_secs_f64()
    );
    let before_locks = pipeline + ddl;
    println!(
        "lock classification: {locks:?}: adds {:.1}% to parse + graph + DDL",
        100.0 * locks.as_secs_f64() / before_locks.as_secs_f64()
    );
    let before_check = before_locks + locks;
    let rules_only = check.saturating_sub(locks);
    println!(
        "check ({findings} findings): {check:?}, of which its own lock classification ~{locks:?}: adds {rules_only:?}, {:.1}% to parse + graph + DDL + locks (ratio {:.3})",
        100.0 * rules_only.as_secs_f64() / before_check.as_secs_f64(),
        (before_check + rules_only).as_secs_f64() / before_check.as_secs_f64()
    );
}
