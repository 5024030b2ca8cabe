//! One migration file (any bytes) through decoding and parsing: no panic, no overflow, and
//! every problem is located.
#![no_main]

use libfuzzer_sys::fuzz_target;
use migguard::ir::{MigrationKey, MigrationSource};
use migguard::parse::{parse_bytes, Environment};

fuzz_target!(|data: &[u8]| {
    let source = MigrationSource {
        key: MigrationKey::new("app", "0001_fuzz"),
        path: "app/migrations/0001_fuzz.py".into(),
        external: false,
    };
    let parsed = parse_bytes(source, data, &Environment::default());
    assert!(parsed.diagnostics.iter().all(|d| d.location.is_some()));
});
