//! Inputs the fuzzers (`fuzz/`) found, each reduced to what made it fail, kept as tests of the
//! main crate.

use migguard::diagnostics::Code;
use migguard::ir::{MigrationKey, MigrationSource};
use migguard::parse::{parse_bytes, Environment};

fn codes(text: &str) -> Vec<Code> {
    let source = MigrationSource {
        key: MigrationKey::new("app", "0001_fuzz"),
        path: "app/migrations/0001_fuzz.py".into(),
        external: false,
    };
    parse_bytes(source, text.as_bytes(), &Environment::default())
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code)
        .collect()
}

/// `parse_migration`, timeout: an unknown value (`2 [1]`) doubled line after line builds a
/// tree of `BinOp`s; with a budget of 4,000,000 values it took over 20 s and 2 GB under the
/// address sanitizer. The budget is now 1,000,000 values.
#[test]
fn an_unknown_value_doubled_25_times_stops_at_the_budget() {
    const { assert!(migguard::parse::limits::MAX_WORK <= 1_000_000) };
    let text = format!("A = 2 [1]\n{}", "A = A + A\n".repeat(25));
    assert_eq!(codes(&text), [Code::ValueTooLarge]);
}
