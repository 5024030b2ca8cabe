//! The configuration loader on any text, as `migguard.toml` or as `pyproject.toml` (first byte).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use migguard::config::Config;

fuzz_target!(|data: &[u8]| {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR
        .get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path();
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    let (name, other) = if which % 2 == 0 {
        ("migguard.toml", "pyproject.toml")
    } else {
        ("pyproject.toml", "migguard.toml")
    };
    let _ = std::fs::remove_file(dir.join(other));
    std::fs::write(dir.join(name), text).expect("write configuration");
    match Config::load(dir) {
        Ok(_) => {}
        Err(diagnostic) => assert!(diagnostic.location.is_some(), "{diagnostic}"),
    }
});
