//! Scale benchmark: the release `migguard` binary on synthetic projects of 1k / 5k / 10k / 20k
//! migrations (`scripts/scale_project.py`: many apps, cross-app foreign keys, every common
//! operation kind, squashes and merges). For each size it runs `graph`, `sql` and `locks` of
//! the last migration of the plan, and `check` of the whole project, and prints the wall time
//! (the median of 5 runs of each, taken in turn, each round starting with the next command, so
//! that a noisy moment of the machine does not fall on one command; `MIGGUARD_SCALE_RUNS`
//! changes the count), the peak resident memory of
//! the process (`wait4`'s `ru_maxrss`, the largest of the runs), and the growth exponent
//! `log(t2/t1) / log(n2/n1)` against the previous size and between 5k and 20k (1.0 = linear). The budget: at 10k `check` <= 1 s and <= 200 MB, `sql` <= 0.5 s;
//! every exponent between 5k and 20k <= 1.15.
//!
//! Run: `cargo bench --bench scale` (`MIGGUARD_SCALE_SIZES=1000,5000` picks the sizes). The
//! projects are written once to `target/tmp/scale-bench/` and reused. `cargo test --benches` runs
//! it on two small sizes as a smoke test.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const COMMANDS: [&str; 4] = ["graph", "sql", "locks", "check"];

/// Time and peak memory of one run of the binary.
#[derive(Clone, Copy)]
struct Run {
    time: Duration,
    peak_bytes: u64,
}

/// Runs `command` to completion (output discarded) and measures it with `wait4`, which also
/// reaps the child (hence no `Child::wait`).
#[allow(clippy::zombie_processes)]
fn measure(command: &mut Command) -> Run {
    let start = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {command:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; `pid` is our own unwaited child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let time = start.elapsed();
    assert_eq!(waited, pid, "wait4 {command:?}");
    let exited = libc::WIFEXITED(status);
    let code = libc::WEXITSTATUS(status);
    // `check` exits 1 when it has findings (the synthetic project has some by design).
    assert!(exited && code <= 1, "{command:?} failed: status {status}");
    Run {
        time,
        peak_bytes: usage.ru_maxrss as u64 * 1024,
    }
}

/// The synthetic project of `size` migrations, written once.
fn project(size: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("scale-bench")
        .join(format!("p{size}"));
    let stamp = dir.join(".complete");
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/scale_project.py");
    let generator_text = std::fs::read_to_string(&generator).expect("scripts/scale_project.py");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(generator_text.as_str()) {
        let status = Command::new("python3")
            .arg(&generator)
            .arg(size.to_string())
            .arg(&dir)
            .status()
            .expect("python3 scripts/scale_project.py");
        assert!(status.success(), "scale_project.py {size} failed");
        std::fs::write(&stamp, generator_text).expect("stamp");
    }
    dir
}

/// The last migration of the plan (`APP`, `NAME`), from `migguard graph`.
fn last_migration(binary: &str, project: &Path) -> (String, String) {
    let output = Command::new(binary)
        .arg("graph")
        .arg(project)
        .output()
        .expect("migguard graph");
    let text = String::from_utf8_lossy(&output.stdout);
    let last = text
        .lines()
        .filter_map(|line| line.strip_prefix("[ ]  "))
        .next_back()
        .expect("a plan");
    let (app, name) = last.split_once('.').expect("app.name");
    (app.to_string(), name.to_string())
}

/// The median time and the largest peak memory of `runs`.
fn summary(runs: &[Run]) -> Run {
    let mut times: Vec<Duration> = runs.iter().map(|run| run.time).collect();
    times.sort();
    Run {
        time: times[times.len() / 2],
        peak_bytes: runs.iter().map(|run| run.peak_bytes).max().unwrap_or(0),
    }
}

fn exponent(n1: usize, t1: Duration, n2: usize, t2: Duration) -> f64 {
    (t2.as_secs_f64() / t1.as_secs_f64().max(1e-6)).ln() / (n2 as f64 / n1 as f64).ln()
}

fn main() {
    let smoke = !std::env::args().any(|arg| arg == "--bench");
    let sizes: Vec<usize> = match std::env::var("MIGGUARD_SCALE_SIZES") {
        Ok(list) => list
            .split(',')
            .map(|s| s.trim().parse().expect("MIGGUARD_SCALE_SIZES: numbers"))
            .collect(),
        Err(_) if smoke => vec![100, 200],
        Err(_) => vec![1000, 5000, 10000, 20000],
    };
    let repeats: usize = match std::env::var("MIGGUARD_SCALE_RUNS") {
        Ok(count) => count.trim().parse().expect("MIGGUARD_SCALE_RUNS: a number"),
        Err(_) if smoke => 1,
        Err(_) => 5,
    };
    assert!(repeats > 0, "MIGGUARD_SCALE_RUNS: at least 1");
    let binary = env!("CARGO_BIN_EXE_migguard");
    if smoke {
        println!("smoke run (small sizes, test build): not measurements; `cargo bench --bench scale` measures");
    }
    let mut results: Vec<(usize, [Run; 4])> = Vec::new();
    println!("wall time: median of {repeats} runs; memory: the largest peak of them");
    println!(
        "{:>7}  {:>22}  {:>22}  {:>22}  {:>22}",
        "migr.", "graph", "sql (last)", "locks (last)", "check (all)"
    );
    for &size in &sizes {
        let dir = project(size);
        let (app, name) = last_migration(binary, &dir);
        let mut all: [Vec<Run>; 4] = Default::default();
        for round in 0..repeats {
            // Each round starts with the next command, so that none always runs right after
            // the same one (what the one before leaves to the machine shows in the next).
            for offset in 0..COMMANDS.len() {
                let which = (round + offset) % COMMANDS.len();
                let (command, runs) = (COMMANDS[which], &mut all[which]);
                let mut cmd = Command::new(binary);
                cmd.arg(command);
                if command == "sql" || command == "locks" {
                    cmd.arg(&app).arg(&name);
                }
                cmd.arg(&dir);
                runs.push(measure(&mut cmd));
            }
        }
        let runs = all.map(|runs| summary(&runs));
        let cells: Vec<String> = runs
            .iter()
            .map(|run| {
                format!(
                    "{:.3} s {:>6.1} MB",
                    run.time.as_secs_f64(),
                    run.peak_bytes as f64 / 1e6
                )
            })
            .collect();
        println!(
            "{size:>7}  {:>22}  {:>22}  {:>22}  {:>22}",
            cells[0], cells[1], cells[2], cells[3]
        );
        results.push((size, runs));
    }
    let pairs: Vec<(usize, usize)> = results
        .windows(2)
        .map(|w| (w[0].0, w[1].0))
        .chain(
            sizes
                .contains(&5000)
                .then_some((5000, 20000))
                .filter(|_| sizes.contains(&20000)),
        )
        .collect();
    for (n1, n2) in pairs {
        let find = |n: usize| &results.iter().find(|(size, _)| *size == n).expect("size").1;
        let (r1, r2) = (find(n1), find(n2));
        let exponents: Vec<String> = (0..COMMANDS.len())
            .map(|i| {
                format!(
                    "{} {:.2}",
                    COMMANDS[i],
                    exponent(n1, r1[i].time, n2, r2[i].time)
                )
            })
            .collect();
        println!("growth exponent {n1} -> {n2}: {}", exponents.join(", "));
    }
}
