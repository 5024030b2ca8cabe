//! One-off values: what Django computes when `migrate` or `sqlmigrate` runs and writes into
//! the DDL as a literal — `timezone.now`, `auto_now(_add)`, `date.today`, `uuid.uuid4` as the
//! effective default of a column being added or made NOT NULL.
//!
//! By default they are computed as Django would at that moment: the current time in the
//! project's `TIME_ZONE` (`USE_TZ` decides aware or naive), a fresh random version 4 UUID.
//! Pinned, they are the values of the reference data's determinism shims
//! (`scripts/django_reference.py`, `install_determinism_shims`): the clock frozen at
//! 2000-01-01T00:00:00+00:00 and `uuid.uuid4` counting up from 1, so tests can compare
//! migguard's output with Django's byte for byte.

use std::sync::Arc;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Serialize;

use crate::ir::Value;
use crate::parse::eval::ConstantSource;
use crate::settings::Settings;

/// How the values Django computes at migration time are produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OneOffValues {
    /// As Django computes them when it runs: the current time, a fresh random UUID.
    #[default]
    AtRunTime,
    /// As the reference data's determinism shims make them: the clock frozen at
    /// 2000-01-01T00:00:00+00:00 (UTC), `uuid.uuid4` counting up from 1.
    Pinned,
}

/// The callables whose value, as a field's default, Django computes at migration time.
pub const ONE_OFF_CALLABLES: &[&str] = &[
    "django.utils.timezone.now",
    "datetime.datetime.now",
    "datetime.datetime.utcnow",
    "datetime.date.today",
    "uuid.uuid4",
];

/// A value computed at migration time that a statement contains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OneOffValue {
    /// Index of the statement in its operation's `statements`.
    pub statement: usize,
    /// The field whose effective default it is.
    pub field: String,
    /// What computed it: `django.utils.timezone.now`, `uuid.uuid4`, `auto_now_add`, ...
    pub callable: String,
    /// The SQL literal written into the statement.
    pub value: String,
    /// Whether it is the pinned value ([`OneOffValues::Pinned`]) rather than the run's own.
    pub pinned: bool,
}

/// A reading of the clock as Python holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Moment {
    /// An aware `datetime` (`timezone.now()` with `USE_TZ = True`).
    Aware(Timestamp),
    /// A naive `datetime`, local time of the process (Django sets it to `TIME_ZONE`).
    Naive(DateTime),
}

/// Produces the one-off values of a replay and remembers those of the current operation.
#[derive(Debug)]
pub struct OneOffSource {
    mode: OneOffValues,
    /// `TIME_ZONE`, or why it is not known.
    zone: Result<TimeZone, String>,
    /// `USE_TZ`, or why it is not known.
    use_tz: Result<bool, String>,
    /// The pinned `uuid.uuid4`'s counter.
    uuid_counter: u128,
    /// Values computed during the current operation: (field, callable, literal).
    computed: Vec<(String, String, String)>,
    /// Reads the apps' and libraries' modules: what their functions return when Django calls
    /// one as a callable default.
    functions: Option<Arc<dyn ConstantSource>>,
}

/// The pinned clock: 2000-01-01T00:00:00, UTC (`FROZEN_NOW` of the reference data).
const PINNED_NOW: DateTime = jiff::civil::date(2000, 1, 1).at(0, 0, 0, 0);
const PINNED_TIMESTAMP: Timestamp = Timestamp::constant(946_684_800, 0);

impl OneOffSource {
    /// The source of a replay of a project with `settings`.
    pub fn new(mode: OneOffValues, settings: &Settings) -> Self {
        let (zone, use_tz) = match mode {
            OneOffValues::Pinned => (Ok(TimeZone::UTC), Ok(true)),
            OneOffValues::AtRunTime => (time_zone(settings), use_tz(settings)),
        };
        OneOffSource {
            mode,
            zone,
            use_tz,
            uuid_counter: 0,
            computed: Vec::new(),
            functions: None,
        }
    }

    /// Reads callable defaults that are functions of the apps' and libraries' modules with
    /// `functions`.
    pub fn with_functions(mut self, functions: Arc<dyn ConstantSource>) -> Self {
        self.functions = Some(functions);
        self
    }

    /// What calling the callable default `function` (a function of an app's or library's
    /// module) with no arguments returns, read from its body when Django would call it: an
    /// `Unknown` with the reason where the body is not statically known, `None` where
    /// `function` is not such a function.
    pub fn returns_of(&self, function: &str) -> Option<Value> {
        self.functions.as_ref()?.call(function, &[])
    }

    fn pinned(&self) -> bool {
        self.mode == OneOffValues::Pinned
    }

    fn zone(&self) -> Result<&TimeZone, String> {
        self.zone.as_ref().map_err(Clone::clone)
    }

    fn now(&self) -> Timestamp {
        if self.pinned() {
            PINNED_TIMESTAMP
        } else {
            Timestamp::now()
        }
    }

    /// `datetime.now()`: the process's local time, which Django sets to `TIME_ZONE`.
    pub fn local_now(&self) -> Result<DateTime, String> {
        if self.pinned() {
            return Ok(PINNED_NOW);
        }
        Ok(self.zone()?.to_datetime(self.now()))
    }

    /// `datetime.utcnow()`: naive UTC.
    pub fn utc_now(&self) -> DateTime {
        TimeZone::UTC.to_datetime(self.now())
    }

    /// `timezone.now()`: aware UTC with `USE_TZ`, else naive local time.
    pub fn timezone_now(&self) -> Result<Moment, String> {
        if self.use_tz.clone()? {
            Ok(Moment::Aware(self.now()))
        } else {
            self.local_now().map(Moment::Naive)
        }
    }

    /// `uuid.uuid4()`: random, or the pinned counter's next value.
    pub fn uuid4(&mut self) -> u128 {
        if self.pinned() {
            self.uuid_counter += 1;
            self.uuid_counter
        } else {
            uuid::Uuid::new_v4().as_u128()
        }
    }

    /// `DateTimeField.get_db_prep_save` then psycopg: the literal of a datetime.
    pub fn datetime_literal(&self, moment: Moment) -> Result<(String, &'static str), String> {
        match moment {
            Moment::Aware(timestamp) => Ok((
                aware_text(&timestamp.to_zoned_datetime(TimeZone::UTC)),
                "timestamptz",
            )),
            Moment::Naive(datetime) if self.use_tz.clone()? => {
                // A naive value while time zone support is active: made aware in TIME_ZONE.
                let zoned = datetime
                    .to_zoned_datetime(self.zone()?.clone())
                    .map_err(|error| format!("datetime {datetime} in TIME_ZONE: {error}"))?;
                Ok((aware_text(&zoned), "timestamptz"))
            }
            Moment::Naive(datetime) => Ok((naive_text(datetime), "timestamp")),
        }
    }

    /// `DateField.to_python` of a datetime: an aware one is first converted to `TIME_ZONE`.
    pub fn date_of(&self, moment: Moment) -> Result<Date, String> {
        match moment {
            Moment::Aware(timestamp) => Ok(self.zone()?.to_datetime(timestamp).date()),
            Moment::Naive(datetime) => Ok(datetime.date()),
        }
    }

    /// Remembers that the effective default of `field`, computed by `callable`, is `literal`.
    pub fn record(&mut self, field: &str, callable: &str, literal: String) {
        self.computed
            .push((field.to_string(), callable.to_string(), literal));
    }

    /// The values of the current operation that `sql` (its statement number `statement`)
    /// contains.
    pub fn used_in(&self, statement: usize, sql: &str) -> Vec<OneOffValue> {
        let mut used: Vec<OneOffValue> = Vec::new();
        for (field, callable, literal) in &self.computed {
            let seen = used
                .iter()
                .any(|value| value.field == *field && value.value == *literal);
            if !seen && sql.contains(literal.as_str()) {
                used.push(OneOffValue {
                    statement,
                    field: field.clone(),
                    callable: callable.clone(),
                    value: literal.clone(),
                    pinned: self.pinned(),
                });
            }
        }
        used
    }

    /// Forgets the values of the operation that ends.
    pub fn end_operation(&mut self) {
        self.computed.clear();
    }
}

/// `str(time)` as Python writes a `time`: microseconds only when not zero.
pub fn time_text(time: Time) -> String {
    let micros = time.subsec_nanosecond() / 1000;
    let seconds = format!(
        "{:02}:{:02}:{:02}",
        time.hour(),
        time.minute(),
        time.second()
    );
    if micros == 0 {
        seconds
    } else {
        format!("{seconds}.{micros:06}")
    }
}

/// `str(naive datetime)`: `2026-12-01 23:46:20.203263`.
fn naive_text(datetime: DateTime) -> String {
    format!("{} {}", datetime.date(), time_text(datetime.time()))
}

/// `str(aware datetime)`: `2026-12-01 23:46:20.203263+00:00`.
fn aware_text(zoned: &jiff::ZonedDateTime) -> String {
    let offset = zoned.offset().seconds();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.unsigned_abs();
    format!(
        "{}{sign}{:02}:{:02}",
        naive_text(zoned.datetime()),
        offset / 3600,
        offset % 3600 / 60
    )
}

/// `TIME_ZONE`: the project's, or Django's default (`America/Chicago`).
fn time_zone(settings: &Settings) -> Result<TimeZone, String> {
    let name = match settings.get("TIME_ZONE") {
        None => "America/Chicago".to_string(),
        Some(value) => match value.resolved() {
            Value::Str(name) => name.clone(),
            _ => return Err("TIME_ZONE is not statically known".into()),
        },
    };
    TimeZone::get(&name).map_err(|error| format!("TIME_ZONE {name:?}: {error}"))
}

/// `USE_TZ`: the project's, or Django's default (`True`).
fn use_tz(settings: &Settings) -> Result<bool, String> {
    match settings.get("USE_TZ") {
        None => Ok(true),
        Some(value) => value
            .resolved()
            .as_bool()
            .ok_or_else(|| "USE_TZ is not statically known".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris() -> OneOffSource {
        let mut settings = Settings::default();
        settings.set_from_text("TIME_ZONE", "Europe/Paris");
        OneOffSource::new(OneOffValues::AtRunTime, &settings)
    }

    /// The text Django 5.2 + psycopg 3 wrote in `sqlmigrate` with `TIME_ZONE = "Europe/Paris"`:
    /// an aware value in UTC, a naive one made aware in TIME_ZONE, microseconds as Python prints.
    #[test]
    fn datetimes_are_written_as_django_and_psycopg_write_them() {
        let source = paris();
        let instant: Timestamp = "2026-12-01T23:46:20.203263Z".parse().unwrap();
        assert_eq!(
            source.datetime_literal(Moment::Aware(instant)),
            Ok(("2026-12-01 23:46:20.203263+00:00".into(), "timestamptz"))
        );
        let naive = jiff::civil::date(2026, 12, 2).at(0, 46, 20, 209_698_000);
        assert_eq!(
            source.datetime_literal(Moment::Naive(naive)),
            Ok(("2026-12-02 00:46:20.209698+01:00".into(), "timestamptz"))
        );
        assert_eq!(
            source.date_of(Moment::Aware(instant)).unwrap().to_string(),
            "2026-12-02"
        );
        assert_eq!(time_text(jiff::civil::time(0, 46, 20, 0)), "00:46:20");
    }

    #[test]
    fn without_use_tz_the_values_are_naive_local_time() {
        let mut settings = Settings::default();
        settings.set_from_text("USE_TZ", "False");
        settings.set_from_text("TIME_ZONE", "UTC");
        let source = OneOffSource::new(OneOffValues::AtRunTime, &settings);
        let Ok(Moment::Naive(now)) = source.timezone_now() else {
            panic!("timezone.now() is naive without USE_TZ");
        };
        let (text, cast) = source.datetime_literal(Moment::Naive(now)).unwrap();
        assert_eq!(cast, "timestamp");
        assert!(!text.contains('+'), "{text}");
    }

    #[test]
    fn a_time_zone_that_is_not_known_is_said() {
        let mut settings = Settings::default();
        settings.set(
            "TIME_ZONE",
            Value::Unknown {
                source: "env('TZ')".into(),
                reason: "a call".into(),
                span: Default::default(),
            },
        );
        let source = OneOffSource::new(OneOffValues::AtRunTime, &settings);
        assert_eq!(
            source.local_now(),
            Err("TIME_ZONE is not statically known".to_string())
        );
        // Pinned values do not depend on the settings.
        let pinned = OneOffSource::new(OneOffValues::Pinned, &settings);
        assert_eq!(pinned.local_now(), Ok(PINNED_NOW));
    }

    #[test]
    fn pinned_uuids_count_up_and_run_time_ones_are_random() {
        let settings = Settings::default();
        let mut pinned = OneOffSource::new(OneOffValues::Pinned, &settings);
        assert_eq!((pinned.uuid4(), pinned.uuid4()), (1, 2));
        let mut fresh = OneOffSource::new(OneOffValues::AtRunTime, &settings);
        assert_ne!(fresh.uuid4(), fresh.uuid4());
    }
}
