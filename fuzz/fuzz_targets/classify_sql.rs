//! RunSQL text (any UTF-8) through the lock classifier, on every supported PostgreSQL version.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&version, sql)) = data.split_first() else {
        return;
    };
    let Ok(sql) = std::str::from_utf8(sql) else {
        return;
    };
    let pg_version = 12 + u32::from(version % 7);
    let _ = migguard::locks::classify_statements(sql, pg_version);
});
