//! Every statement real Django 5.2 generates is classified by the lock stage: the `sqlmigrate`
//! reference files of the corpus projects (`corpus/*/expected/sqlmigrate/**.sql`, always) and
//! of the PyPI field test (`$MIGGUARD_FIELDTEST_DIR/sqlmigrate/**.sql`; missing, the test
//! fails unless skipped on request, see `support::fieldtest_dir`).
//!
//! Prints how many statements each rule classified, and the classification of every
//! statement of a `RunSQL` operation in the corpus (statements under a `-- Raw SQL operation`
//! header of a sqlmigrate file), so they can be quoted.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use migguard::locks::{classify_statements, ClassifiedStatement};
use support::{corpus, fieldtest_dir};

/// The PostgreSQL major version the statements are classified for.
const PG_MAJOR: u32 = 15;

/// The header sqlmigrate writes above the SQL of a `RunSQL` operation.
const RAW_SQL_HEADER: &str = "Raw SQL operation";

/// The `.sql` files under `dir`, sorted.
fn sql_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap_or_else(|e| panic!("walk {}: {e}", dir.display())))
        .filter(|entry| {
            entry.file_type().is_file() && entry.path().extension().is_some_and(|x| x == "sql")
        })
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    files
}

/// Operation headers of a sqlmigrate file (`--` / `-- <description>` / `--`), as
/// (byte offset where the header ends, description).
fn operation_headers(text: &str) -> Vec<(usize, String)> {
    let mut headers = Vec::new();
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((offset, line.trim_end()));
        offset += line.len();
    }
    for window in lines.windows(3) {
        if let [(_, "--"), (_, description), (end, "--")] = window {
            if let Some(description) = description.strip_prefix("-- ") {
                headers.push((end + 2, description.to_string()));
            }
        }
    }
    headers
}

/// The operation header a statement starting at `start` belongs to.
fn header_of(headers: &[(usize, String)], start: usize) -> Option<&str> {
    headers
        .iter()
        .rev()
        .find(|(end, _)| *end <= start)
        .map(|(_, d)| d.as_str())
}

/// A classified file: its statements, and which of them belong to a RunSQL operation.
struct FileResult {
    path: PathBuf,
    text: String,
    statements: Vec<ClassifiedStatement>,
    raw_sql: Vec<bool>,
}

fn classify_file(path: &Path) -> FileResult {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let statements = classify_statements(&text, PG_MAJOR);
    let headers = operation_headers(&text);
    let is_control = |s: &ClassifiedStatement, word: &str| s.text.trim().eq_ignore_ascii_case(word);
    // sqlmigrate wraps an atomic migration in BEGIN; ... COMMIT; those two are not the operation's.
    let wrapped = statements.first().is_some_and(|s| is_control(s, "BEGIN"));
    let last = statements.len().saturating_sub(1);
    let raw_sql = statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let wrapper = wrapped && ((i == 0) || (i == last && is_control(s, "COMMIT")));
            !wrapper && header_of(&headers, s.span.start) == Some(RAW_SQL_HEADER)
        })
        .collect();
    FileResult {
        path: path.to_path_buf(),
        text,
        statements,
        raw_sql,
    }
}

/// Classifies every file of a set; returns the results, per-rule counts and the unclassified.
fn classify_set(
    name: &str,
    dirs: &[PathBuf],
) -> (Vec<FileResult>, BTreeMap<String, usize>, Vec<String>) {
    let files: Vec<PathBuf> = dirs.iter().flat_map(|d| sql_files(d)).collect();
    assert!(!files.is_empty(), "{name}: no .sql files under {dirs:?}");
    let results: Vec<FileResult> = files.iter().map(|f| classify_file(f)).collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut unclassified = Vec::new();
    for result in &results {
        for s in &result.statements {
            match &s.unclassified {
                Some(reason) => {
                    unclassified.push(format!(
                        "{}:{}: {reason}\n    {}",
                        result.path.display(),
                        s.span.line,
                        s.text
                    ));
                }
                None => {
                    for id in &s.rule_ids {
                        *counts.entry(id.clone()).or_default() += 1;
                    }
                }
            }
        }
    }
    let total: usize = results.iter().map(|r| r.statements.len()).sum();
    println!(
        "== {name}: {} files, {total} statements, {} unclassified",
        results.len(),
        unclassified.len()
    );
    for (id, count) in &counts {
        println!("   {count:5}  {id}");
    }
    (results, counts, unclassified)
}

fn describe(s: &ClassifiedStatement) -> String {
    if let Some(reason) = &s.unclassified {
        return format!("UNCLASSIFIED: {reason}");
    }
    let locks: Vec<String> = s
        .locks
        .iter()
        .map(|l| match &l.condition {
            Some(c) => format!("{} on {} ({c})", l.mode, l.relation),
            None => format!("{} on {}", l.mode, l.relation),
        })
        .collect();
    let locks = if locks.is_empty() {
        "no table lock".to_string()
    } else {
        locks.join(", ")
    };
    format!(
        "[{}] {locks}; rewrite={} scan={}",
        s.rule_ids.join(", "),
        s.rewrite,
        s.scan
    )
}

/// Prints every RunSQL statement with its classification; returns how many there were.
fn print_raw_sql(results: &[FileResult]) -> usize {
    let mut count = 0;
    for result in results {
        for (s, _) in result
            .statements
            .iter()
            .zip(&result.raw_sql)
            .filter(|(_, raw)| **raw)
        {
            count += 1;
            let text = result
                .text
                .get(s.span.start..s.span.end)
                .unwrap_or_default();
            let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            println!(
                "   {}:{}: {one_line}\n      -> {}",
                result.path.display(),
                s.span.line,
                describe(s)
            );
        }
    }
    count
}

fn assert_none_unclassified(name: &str, unclassified: &[String]) {
    assert!(
        unclassified.is_empty(),
        "{name}: {} statement(s) unclassified:\n{}",
        unclassified.len(),
        unclassified.join("\n")
    );
}

#[test]
fn every_corpus_statement_is_classified() {
    let example = corpus("example/expected/sqlmigrate");
    let ddl = corpus("ddl/expected/sqlmigrate");
    let (results, counts, unclassified) = classify_set("corpus", &[example.clone(), ddl]);
    println!("== RunSQL statements in the corpus (example project first):");
    let (in_example, in_ddl): (Vec<FileResult>, Vec<FileResult>) = results
        .into_iter()
        .partition(|r| r.path.starts_with(&example));
    let example_raw = print_raw_sql(&in_example);
    let ddl_raw = print_raw_sql(&in_ddl);
    println!("   ({example_raw} in corpus/example, {ddl_raw} in corpus/ddl)");
    assert_none_unclassified("corpus", &unclassified);
    assert!(
        example_raw > 0 && ddl_raw > 0,
        "the corpus has RunSQL operations; none were found"
    );
    assert!(
        counts.contains_key("pg.create_table"),
        "CREATE TABLE statements were expected: {counts:?}"
    );
}

#[test]
fn every_field_test_statement_is_classified() {
    let Some(fieldtest) = fieldtest_dir() else {
        return;
    };
    let (_, _, unclassified) = classify_set("field test", &[fieldtest.join("sqlmigrate")]);
    assert_none_unclassified("field test", &unclassified);
}

#[test]
fn operation_headers_are_found() {
    let text = "BEGIN;\n--\n-- Raw SQL operation\n--\nSELECT 1;\n--\n-- Create model A\n--\nCREATE TABLE a (id int);\nCOMMIT;\n";
    let headers = operation_headers(text);
    assert_eq!(
        headers.iter().map(|(_, d)| d.as_str()).collect::<Vec<_>>(),
        vec![RAW_SQL_HEADER, "Create model A"]
    );
    let select = text.find("SELECT").unwrap_or(0);
    let create = text.find("CREATE").unwrap_or(0);
    assert_eq!(header_of(&headers, select), Some(RAW_SQL_HEADER));
    assert_eq!(header_of(&headers, create), Some("Create model A"));
    assert_eq!(header_of(&headers, 0), None);
}
