//! Durations for PostgreSQL's `lock_timeout` / `statement_timeout`. The command line writes
//! them as `humantime` reads them (`500ms`, `2s`, `5min`, `1h`).

use std::time::Duration;

/// The duration as a PostgreSQL setting value in milliseconds (`'2000ms'`); zero would
/// disable a timeout, so it is raised to 1 ms.
pub fn setting_value(duration: Duration) -> String {
    format!("{}ms", duration.as_millis().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeout_is_never_zero() {
        assert_eq!(setting_value(Duration::ZERO), "1ms");
        assert_eq!(setting_value(Duration::from_secs(2)), "2000ms");
    }
}
