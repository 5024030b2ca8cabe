//! Hostile and unusual migration files: each is reported at its file and line, the CLI exits
//! with 2, and the other files of the project are still read (their migrations are planned).
//! Files Python reads (a Latin-1 file with a coding declaration) are read as Python reads them.

use std::path::PathBuf;
use std::process::Command;

use migguard::diagnostics::Code;
use migguard::ir::{MigrationKey, MigrationSource, OperationKind, Value};
use migguard::parse::{parse_file, Environment};
use migguard::project::{LoadOptions, Project};

const INITIAL: &str = r#"from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[("id", models.BigAutoField(primary_key=True))],
        ),
    ]
"#;

/// A project with two valid apps (`shop.0001_initial`, `blog.0001_initial`) and the file under
/// test as `shop/migrations/0002_hostile.py`.
struct TempProject {
    dir: tempfile::TempDir,
}

impl TempProject {
    fn with_hostile_file(bytes: &[u8]) -> TempProject {
        let dir = tempfile::tempdir().expect("temp dir");
        for app in ["shop", "blog"] {
            let migrations = dir.path().join(app).join("migrations");
            std::fs::create_dir_all(&migrations).expect("migrations dir");
            std::fs::write(migrations.join("__init__.py"), "").expect("write");
            std::fs::write(migrations.join("0001_initial.py"), INITIAL).expect("write");
        }
        std::fs::write(dir.path().join("shop/migrations/0002_hostile.py"), bytes).expect("write");
        TempProject { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn load(&self) -> Project {
        Project::load(&LoadOptions {
            roots: vec![self.root()],
            ..Default::default()
        })
    }

    fn cli_exit_code(&self) -> Option<i32> {
        let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
            .args(["graph", "--no-external"])
            .arg(self.root())
            .output()
            .expect("run migguard");
        let stdout = String::from_utf8_lossy(&output.stdout);
        for planned in ["shop.0001_initial", "blog.0001_initial"] {
            assert!(stdout.contains(planned), "{planned} missing from\n{stdout}");
        }
        output.status.code()
    }
}

/// The hostile file gives `code` on one of `lines`, the valid migrations are planned, the CLI
/// exits with 2. Returns the diagnostic's message.
fn check(bytes: &[u8], code: Code, lines: std::ops::RangeInclusive<u32>) -> String {
    let project = TempProject::with_hostile_file(bytes);
    let loaded = project.load();
    let hit = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", loaded.diagnostics));
    assert!(hit.is_error());
    let location = hit.location.as_ref().expect("located");
    assert!(location.path.ends_with("shop/migrations/0002_hostile.py"));
    assert!(
        lines.contains(&location.line),
        "{code} at line {} not in {lines:?}",
        location.line
    );
    let planned = loaded.graph.full_plan();
    for key in [
        MigrationKey::new("shop", "0001_initial"),
        MigrationKey::new("blog", "0001_initial"),
    ] {
        assert!(planned.contains(&&key), "{key} not planned");
    }
    assert_eq!(project.cli_exit_code(), Some(2));
    hit.to_string()
}

fn migration_with(constant: &str) -> String {
    format!(
        "from django.db import migrations\n\n{constant}\n\nclass Migration(migrations.Migration):\n    \
         dependencies = [(\"shop\", \"0001_initial\")]\n    operations = []\n"
    )
}

#[test]
fn a_chain_of_20000_terms_is_too_deeply_nested() {
    let chain = vec!["[1]"; 20_000].join(" + ");
    let message = check(
        migration_with(&format!("X = {chain}")).as_bytes(),
        Code::TooDeeplyNested,
        3..=3,
    );
    assert!(message.contains("nested too deeply"), "{message}");
}

#[test]
fn a_long_chain_within_the_limit_is_folded() {
    let chain = vec!["[1]"; 400].join(" + ");
    let project =
        TempProject::with_hostile_file(migration_with(&format!("X = {chain}")).as_bytes());
    assert!(!project.load().has_errors());
    assert_eq!(project.cli_exit_code(), Some(0));
}

#[test]
fn deeply_nested_parentheses_are_pythons_syntax_error() {
    let parens = format!("X = {}1{}", "(".repeat(1_000), ")".repeat(1_000));
    let message = check(migration_with(&parens).as_bytes(), Code::SyntaxError, 3..=3);
    assert!(message.contains("too many nested parentheses"), "{message}");
}

#[test]
fn deeply_nested_lists_are_pythons_syntax_error() {
    let lists = format!("X = {}1{}", "[".repeat(5_000), "]".repeat(5_000));
    check(migration_with(&lists).as_bytes(), Code::SyntaxError, 3..=3);
}

#[test]
fn deeply_nested_values_through_names_are_too_deeply_nested() {
    // Each line nests one level more; no expression is deep, the value is.
    let lines = "A = [A]\n".repeat(3_000);
    check(
        migration_with(&format!("A = 1\n{lines}")).as_bytes(),
        Code::TooDeeplyNested,
        3..=3_004,
    );
}

#[test]
fn doubling_a_value_30_times_is_too_large() {
    let lines = "A = A + A\n".repeat(30);
    let message = check(
        migration_with(&format!("A = [1]\n{lines}")).as_bytes(),
        Code::ValueTooLarge,
        4..=33,
    );
    assert!(message.contains("values too large"), "{message}");
    // Not folded: an unknown value doubled builds a tree as large.
    let lines = "A = A + A\n".repeat(30);
    check(
        migration_with(&format!("A = f()\n{lines}")).as_bytes(),
        Code::ValueTooLarge,
        4..=33,
    );
}

#[test]
fn repeating_a_string_a_billion_times_is_too_large() {
    check(
        migration_with("X = \"x\" * 10**9").as_bytes(),
        Code::ValueTooLarge,
        3..=3,
    );
    check(
        migration_with("X = [None] * 10**9").as_bytes(),
        Code::ValueTooLarge,
        3..=3,
    );
}

#[test]
fn a_huge_literal_is_a_file_too_large() {
    let items = vec!["1"; 600_000].join(", ");
    let message = check(
        migration_with(&format!("X = [{items}]")).as_bytes(),
        Code::FileTooLarge,
        3..=3,
    );
    assert!(message.contains("tokens"), "{message}");
    let text = "x".repeat(11 * 1024 * 1024);
    check(
        migration_with(&format!("X = \"{text}\"")).as_bytes(),
        Code::FileTooLarge,
        1..=1,
    );
}

const LATIN_1: &[u8] = b"# -*- coding: latin-1 -*-\nfrom django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"shop\", \"0001_initial\")]\n    operations = [\n        migrations.AddField(\"item\", \"course\", models.CharField(max_length=20, default=\"Entr\xe9e\")),\n        migrations.AddField(\"item\", \"s\xe9rie\", models.IntegerField(default=1)),\n    ]\n";

#[test]
fn a_latin1_file_with_a_coding_declaration_is_read() {
    let project = TempProject::with_hostile_file(LATIN_1);
    let loaded = project.load();
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    assert!(loaded
        .graph
        .full_plan()
        .contains(&&MigrationKey::new("shop", "0002_hostile")));
    assert_eq!(project.cli_exit_code(), Some(0));

    // The text is decoded, and spans are into the decoded text.
    let path = project.root().join("shop/migrations/0002_hostile.py");
    let parsed = parse_file(
        MigrationSource {
            key: MigrationKey::new("shop", "0002_hostile"),
            path,
            external: false,
        },
        &Environment::default(),
    );
    let migration = parsed.migration.expect("read");
    let debug = format!("{:?}", migration.operations);
    assert!(debug.contains("Entrée"), "{debug}");
    assert!(debug.contains("série"), "{debug}");
    let decoded: String = LATIN_1.iter().map(|byte| char::from(*byte)).collect();
    let second = &migration.operations[1];
    assert_eq!((second.span.line, second.span.column), (9, 9));
    let start = second.span.start as usize;
    assert!(decoded[start..].starts_with("migrations.AddField(\"item\", \"série\""));
    let OperationKind::AddField { field, .. } = &migration.operations[0].kind else {
        panic!("AddField expected: {debug}");
    };
    assert_eq!(field.arg("default").and_then(Value::as_str), Some("Entrée"));
}

/// The report of a finding in a Latin-1 file frames the decoded line (spans are offsets into
/// the decoded text, not into the file's bytes read again as UTF-8).
#[test]
fn findings_in_a_latin1_file_are_framed_in_its_decoded_text() {
    let removal = b"# -*- coding: latin-1 -*-\nfrom django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"shop\", \"0001_initial\")]\n    operations = [\n        migrations.RemoveField(\"item\", \"id\"),  # \xe9t\xe9\n    ]\n";
    let project = TempProject::with_hostile_file(removal);
    let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
        .args(["check", "--no-external", "--format", "text"])
        .arg(project.root())
        .output()
        .expect("run migguard");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("0002_hostile.py:8:9:"), "{stdout}");
    assert!(
        stdout.contains(r#"migrations.RemoveField("item", "id"),  # été"#),
        "the frame shows the decoded line:\n{stdout}"
    );
}

#[test]
fn a_latin1_file_without_a_coding_declaration_is_not_utf8() {
    let undeclared = &LATIN_1[LATIN_1.iter().position(|b| *b == b'\n').unwrap() + 1..];
    let message = check(undeclared, Code::NotUtf8, 7..=7);
    assert!(message.contains(":7:92:"), "{message}");
}

#[test]
fn an_unknown_codec_is_a_bad_encoding() {
    let unknown = [b"# -*- coding: klingon -*-\n" as &[u8], &LATIN_1[26..]].concat();
    let message = check(&unknown, Code::BadEncoding, 1..=1);
    assert!(message.contains(":1:15:"), "{message}");
    assert!(message.contains("unknown codec 'klingon'"), "{message}");
}

#[test]
fn bytes_invalid_in_the_declared_codec_are_a_bad_encoding() {
    let ascii = [b"# coding: ascii\n" as &[u8], &LATIN_1[26..]].concat();
    check(&ascii, Code::BadEncoding, 8..=8);
}

/// What the limits protect: without them these would overflow the parsing thread's stack.
#[test]
fn files_read_directly_on_a_small_stack_do_not_overflow() {
    let cases = [
        format!("X = {}", vec!["[1]"; 200_000].join(" + ")),
        format!("X = {}1", "-".repeat(500_000)),
        format!("X = f'{{{}1}}'", "-".repeat(500_000)),
        format!("X = a{}", ".b".repeat(300_000)),
        format!("X = {}1", "lambda: ".repeat(200_000)),
    ];
    let project = TempProject::with_hostile_file(b"");
    for (number, case) in cases.iter().enumerate() {
        let path = project
            .root()
            .join(format!("shop/migrations/0009_case{number}.py"));
        std::fs::write(&path, migration_with(case)).expect("write");
        // A 256 KiB thread: parse_file moves the work to a parsing thread.
        let parsed = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                parse_file(
                    MigrationSource {
                        key: MigrationKey::new("shop", "0009_case"),
                        path: path.clone(),
                        external: false,
                    },
                    &Environment::default(),
                )
            })
            .expect("thread")
            .join()
            .expect("no panic");
        assert!(
            parsed
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.location.as_ref().is_some_and(|l| l.line == 3)),
            "case {number}: {:?}",
            parsed.diagnostics
        );
    }
}
