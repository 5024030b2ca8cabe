//! Lock rules as data: loading and validating `lock_rules/<engine>.toml`.
//!
//! File format (one file per engine):
//!
//! ```toml
//! engine = "postgresql"          # which engine the file describes
//! format_version = 1
//! versions = { min = 12, max = 18 }   # major versions the file covers
//!
//! [fixture.basic]                # named setup SQL shared by examples
//! sql = "CREATE TABLE t (...); INSERT INTO t ..."
//!
//! [[rule]]
//! id = "pg.add_column.nullable"  # unique
//! form = "alter_table.add_column.nullable"   # a classifier form key (see `Form`)
//! versions = { min = 12, max = 18 }          # inclusive; within the file's range
//! summary = "..."
//! locks = [ { target = "table", mode = "ACCESS EXCLUSIVE" },
//!           { target = "referenced_table", mode = "SHARE ROW EXCLUSIVE", condition = "..." } ]
//! rewrite = false                # rewrites the table's rows into a new file
//! scan = false                   # reads all existing rows
//! transaction = "allowed"        # or "forbidden" (cannot run inside a transaction block)
//! source = "https://www.postgresql.org/docs/15/sql-altertable.html"
//! notes = "..."                  # optional
//! live = "..."                   # optional: what the live check on PostgreSQL showed
//! [rule.example]                 # run by tests/lock_rules_live.rs
//! fixture = "basic"              # optional fixture name
//! setup = "..."                  # optional extra setup SQL (committed)
//! before = "..."                 # optional SQL run just before `sql` in its transaction
//! sql = "ALTER TABLE t ADD COLUMN c integer NULL"
//! cleanup = "..."               # optional SQL run before the setup and after the example
//!                                # (idempotent; for objects outside the test schema)
//! column_types = { "t.name" = "varchar(10)" }   # optional, for the offline classifier test
//! observe = { new_relfilenode = true, scan_counter = true, why = "..." }  # optional override
//! ```
//!
//! Unknown keys, unknown forms, bad lock modes, bad version ranges, duplicate ids, unknown
//! fixtures and two rules for the same form with overlapping versions are all errors.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

use super::forms::Form;
use super::modes::LockMode;

/// The lowest and highest PostgreSQL major versions any rule may cover.
pub const SUPPORTED_PG_MAJORS: VersionRange = VersionRange { min: 12, max: 18 };

/// An inclusive range of major versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct VersionRange {
    /// First major version covered.
    pub min: u32,
    /// Last major version covered (inclusive).
    pub max: u32,
}

impl VersionRange {
    /// Whether `major` is in the range.
    pub fn contains(self, major: u32) -> bool {
        self.min <= major && major <= self.max
    }

    /// Whether two ranges share at least one version.
    pub fn overlaps(self, other: VersionRange) -> bool {
        self.min <= other.max && other.min <= self.max
    }

    fn within(self, outer: VersionRange) -> bool {
        outer.min <= self.min && self.max <= outer.max
    }
}

impl fmt::Display for VersionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.min, self.max)
    }
}

/// Which relation of a statement a lock applies to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum TargetRole {
    /// The table the statement acts on (named, or the table owning a named index).
    Table,
    /// A table referenced by a foreign key the statement adds, drops or validates
    /// (named in a REFERENCES clause, or found through the schema).
    ReferencedTable,
    /// With `DROP TABLE ... CASCADE`: tables whose foreign keys reference the dropped table.
    ReferencingTable,
    /// A table only read by the statement (`INSERT ... SELECT`, `UPDATE ... FROM`, `SELECT`).
    SourceTable,
    /// The index the statement names.
    Index,
    /// The sequence the statement names.
    Sequence,
    /// The partition an `ALTER TABLE ... DETACH PARTITION` detaches.
    Partition,
}

/// Whether a statement may run inside a transaction block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransactionUse {
    /// Runs inside a transaction block (so inside an atomic Django migration).
    Allowed,
    /// PostgreSQL refuses it inside a transaction block (`CONCURRENTLY` forms).
    Forbidden,
}

/// One lock a rule says the statement takes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct LockSpec {
    /// Which relation.
    pub target: TargetRole,
    /// The strongest mode held on it until the end of the transaction.
    pub mode: LockMode,
    /// When the lock applies only in some cases (e.g. "if the constraint is a foreign key").
    #[serde(default)]
    pub condition: Option<String>,
}

/// Overrides of what the live test expects to observe, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ObserveOverride {
    /// Expect `pg_class.relfilenode` of the table to change (or not), instead of `rewrite`.
    #[serde(default)]
    pub new_relfilenode: Option<bool>,
    /// Expect the transaction's scan counter on the table to move (or not), instead of `scan`.
    #[serde(default)]
    pub scan_counter: Option<bool>,
    /// Why the observation differs from the rule's meaning.
    pub why: String,
}

/// An example statement with the setup it needs, used to verify the rule.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Name of a `[fixture.<name>]` whose SQL runs first.
    #[serde(default)]
    pub fixture: Option<String>,
    /// Extra setup SQL, run (and committed) after the fixture.
    #[serde(default)]
    pub setup: String,
    /// SQL run just before the example inside the same transaction, not committed (e.g.
    /// `SAVEPOINT sp` for `RELEASE SAVEPOINT sp`). Only for rules allowed in a transaction.
    #[serde(default)]
    pub before: String,
    /// The statement the rule describes.
    pub sql: String,
    /// SQL run outside any transaction before the setup and after the example, for objects
    /// outside the test schema (`DROP DATABASE IF EXISTS ...`); it must be idempotent.
    #[serde(default)]
    pub cleanup: String,
    /// Column types (`"table.column" = "type"`) the classifier needs for this example.
    #[serde(default)]
    pub column_types: BTreeMap<String, String>,
    /// Deviations between what the rule means and what the live test can observe.
    #[serde(default)]
    pub observe: Option<ObserveOverride>,
}

/// One rule: the locking behaviour of one statement form over a version range.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique identifier, e.g. `pg.add_column.nullable`.
    pub id: String,
    /// The statement form this rule describes.
    pub form: Form,
    /// Major versions this rule holds for.
    pub versions: VersionRange,
    /// One-line description.
    pub summary: String,
    /// The locks taken, each on one relation of the statement.
    pub locks: Vec<LockSpec>,
    /// Whether the table's rows are rewritten into a new file.
    pub rewrite: bool,
    /// Whether all existing rows are read (validation, index build, rewrite).
    pub scan: bool,
    /// Whether the statement may run inside a transaction block.
    pub transaction: TransactionUse,
    /// Where the facts come from (documentation URL or page name).
    pub source: String,
    /// Free-form caveats.
    #[serde(default)]
    pub notes: Option<String>,
    /// What the live verification on a real server showed, for facts that were disputed.
    #[serde(default)]
    pub live: Option<String>,
    /// Example used to verify the rule.
    pub example: Example,
}

/// Named setup SQL shared by examples.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// SQL run before an example's own setup.
    pub sql: String,
}

/// The raw file layout (validated into a [`RuleSet`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    engine: String,
    format_version: u32,
    versions: VersionRange,
    #[serde(default)]
    fixture: BTreeMap<String, Fixture>,
    rule: Vec<Rule>,
}

/// Why a rule file was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// TOML syntax error, unknown key, unknown form, bad lock mode or wrong value type.
    #[error("invalid rule file: {0}")]
    Syntax(String),
    /// The file is for an engine this crate has no classifier for.
    #[error("unsupported engine {0:?} (supported: \"postgresql\")")]
    UnsupportedEngine(String),
    /// The format version is not 1.
    #[error("unsupported format_version {0} (expected 1)")]
    UnsupportedFormatVersion(u32),
    /// A version range is empty or outside the supported/declared range.
    #[error("{owner}: bad version range {range} (must have min <= max, within {allowed})")]
    BadVersionRange {
        /// The rule id, or "file" for the file header.
        owner: String,
        /// The offending range.
        range: VersionRange,
        /// The range it must lie within.
        allowed: VersionRange,
    },
    /// Two rules share an id.
    #[error("duplicate rule id {0:?}")]
    DuplicateId(String),
    /// Two rules for the same form cover a common version.
    #[error("rules {first:?} and {second:?} both match form {form} on versions {first_range} and {second_range}")]
    Overlap {
        /// The form both rules describe.
        form: String,
        /// First rule id.
        first: String,
        /// Its versions.
        first_range: VersionRange,
        /// Second rule id.
        second: String,
        /// Its versions.
        second_range: VersionRange,
    },
    /// An example names a fixture the file does not define.
    #[error("rule {rule:?}: unknown fixture {fixture:?}")]
    UnknownFixture {
        /// The rule id.
        rule: String,
        /// The fixture name.
        fixture: String,
    },
    /// `example.before` is given for a statement that cannot run in a transaction block.
    #[error("rule {rule:?}: `example.before` needs a transaction, but the rule's statement is forbidden in one")]
    BeforeOutsideTransaction {
        /// The rule id.
        rule: String,
    },
    /// A required text field is empty.
    #[error("rule {rule:?}: field `{field}` must not be empty")]
    EmptyField {
        /// The rule id (may itself be empty).
        rule: String,
        /// The field name.
        field: &'static str,
    },
}

/// A validated set of rules for one engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet {
    engine: String,
    versions: VersionRange,
    fixtures: BTreeMap<String, Fixture>,
    rules: Vec<Rule>,
}

static BUILTIN_POSTGRESQL: OnceLock<Result<RuleSet, RuleError>> = OnceLock::new();

/// The text of the built-in PostgreSQL rule file.
pub const POSTGRESQL_RULES_TOML: &str = include_str!("../../lock_rules/postgresql.toml");

impl RuleSet {
    /// Parses and validates a rule file.
    pub fn from_toml(text: &str) -> Result<RuleSet, RuleError> {
        let file: RuleFile = toml::from_str(text).map_err(|e| RuleError::Syntax(e.to_string()))?;
        if file.engine != "postgresql" {
            return Err(RuleError::UnsupportedEngine(file.engine));
        }
        if file.format_version != 1 {
            return Err(RuleError::UnsupportedFormatVersion(file.format_version));
        }
        check_range("file", file.versions, SUPPORTED_PG_MAJORS)?;
        let mut seen_ids = std::collections::HashSet::new();
        for rule in &file.rule {
            validate_rule(rule, &file)?;
            if !seen_ids.insert(rule.id.as_str()) {
                return Err(RuleError::DuplicateId(rule.id.clone()));
            }
        }
        for (i, a) in file.rule.iter().enumerate() {
            for b in &file.rule[i + 1..] {
                if a.form == b.form && a.versions.overlaps(b.versions) {
                    return Err(RuleError::Overlap {
                        form: a.form.key().to_string(),
                        first: a.id.clone(),
                        first_range: a.versions,
                        second: b.id.clone(),
                        second_range: b.versions,
                    });
                }
            }
        }
        Ok(RuleSet {
            engine: file.engine,
            versions: file.versions,
            fixtures: file.fixture,
            rules: file.rule,
        })
    }

    /// The built-in PostgreSQL rules (`lock_rules/postgresql.toml`), parsed once.
    pub fn postgresql() -> Result<&'static RuleSet, RuleError> {
        BUILTIN_POSTGRESQL
            .get_or_init(|| RuleSet::from_toml(POSTGRESQL_RULES_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The engine the rules describe (`"postgresql"`).
    pub fn engine(&self) -> &str {
        &self.engine
    }

    /// The major versions the file covers.
    pub fn versions(&self) -> VersionRange {
        self.versions
    }

    /// All rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule for `form` on major version `pg_major`, if any.
    pub fn find(&self, form: Form, pg_major: u32) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.form == form && r.versions.contains(pg_major))
    }

    /// The rule with the given id.
    pub fn by_id(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The SQL of a named fixture.
    pub fn fixture_sql(&self, name: &str) -> Option<&str> {
        self.fixtures.get(name).map(|f| f.sql.as_str())
    }
}

fn check_range(owner: &str, range: VersionRange, allowed: VersionRange) -> Result<(), RuleError> {
    if range.min > range.max || !range.within(allowed) {
        return Err(RuleError::BadVersionRange {
            owner: owner.to_string(),
            range,
            allowed,
        });
    }
    Ok(())
}

fn validate_rule(rule: &Rule, file: &RuleFile) -> Result<(), RuleError> {
    let non_empty = [
        ("id", rule.id.as_str()),
        ("summary", rule.summary.as_str()),
        ("source", rule.source.as_str()),
        ("example.sql", rule.example.sql.as_str()),
    ];
    for (field, value) in non_empty {
        if value.trim().is_empty() {
            return Err(RuleError::EmptyField {
                rule: rule.id.clone(),
                field,
            });
        }
    }
    if let Some(observe) = &rule.example.observe {
        if observe.why.trim().is_empty() {
            return Err(RuleError::EmptyField {
                rule: rule.id.clone(),
                field: "example.observe.why",
            });
        }
    }
    if rule.transaction == TransactionUse::Forbidden && !rule.example.before.trim().is_empty() {
        return Err(RuleError::BeforeOutsideTransaction {
            rule: rule.id.clone(),
        });
    }
    check_range(&rule.id, rule.versions, file.versions)?;
    if let Some(fixture) = &rule.example.fixture {
        if !file.fixture.contains_key(fixture) {
            return Err(RuleError::UnknownFixture {
                rule: rule.id.clone(),
                fixture: fixture.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
