//! PostgreSQL table-level lock modes and their conflict matrix
//! (PostgreSQL docs, "Explicit Locking", table 13.2).

use std::fmt;
use std::str::FromStr;

/// A PostgreSQL table-level lock mode, ordered from weakest to strongest.
///
/// The order is PostgreSQL's own numbering (`AccessShareLock` = 1 ...
/// `AccessExclusiveLock` = 8); "strongest" in this crate means highest in that order,
/// which is how PostgreSQL picks the lock for an `ALTER TABLE` with several subcommands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LockMode {
    /// `ACCESS SHARE`: taken by `SELECT`.
    AccessShare,
    /// `ROW SHARE`: taken by `SELECT ... FOR UPDATE/SHARE`.
    RowShare,
    /// `ROW EXCLUSIVE`: taken by `INSERT`, `UPDATE`, `DELETE`, `MERGE`.
    RowExclusive,
    /// `SHARE UPDATE EXCLUSIVE`: `VACUUM`, `CREATE INDEX CONCURRENTLY`, `VALIDATE CONSTRAINT`, ...
    ShareUpdateExclusive,
    /// `SHARE`: `CREATE INDEX` (non-concurrent).
    Share,
    /// `SHARE ROW EXCLUSIVE`: `CREATE TRIGGER`, `ADD FOREIGN KEY`.
    ShareRowExclusive,
    /// `EXCLUSIVE`: `REFRESH MATERIALIZED VIEW CONCURRENTLY`.
    Exclusive,
    /// `ACCESS EXCLUSIVE`: most `ALTER TABLE` forms, `DROP`, `TRUNCATE`.
    AccessExclusive,
}

/// What a lock mode blocks, in terms a migration reviewer cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Blocking {
    /// Blocks plain `SELECT` (which needs `ACCESS SHARE`).
    pub reads: bool,
    /// Blocks `SELECT ... FOR UPDATE/SHARE` (which needs `ROW SHARE`).
    pub locking_reads: bool,
    /// Blocks `INSERT`/`UPDATE`/`DELETE`/`MERGE` (which need `ROW EXCLUSIVE`).
    pub writes: bool,
    /// Conflicts with itself: two sessions cannot hold it at once.
    pub self_conflicting: bool,
}

impl Blocking {
    /// What this lock stops other sessions doing, as a report says it.
    pub fn summary(&self) -> &'static str {
        match (self.reads, self.writes) {
            (true, _) => "blocks reads and writes",
            (false, true) => "blocks writes",
            (false, false) if self.locking_reads => "blocks SELECT FOR UPDATE/SHARE",
            (false, false) => "blocks no reads or writes",
        }
    }
}

impl LockMode {
    /// All modes, weakest first.
    pub const ALL: [LockMode; 8] = [
        LockMode::AccessShare,
        LockMode::RowShare,
        LockMode::RowExclusive,
        LockMode::ShareUpdateExclusive,
        LockMode::Share,
        LockMode::ShareRowExclusive,
        LockMode::Exclusive,
        LockMode::AccessExclusive,
    ];

    /// The SQL spelling, as in `LOCK TABLE t IN <name> MODE`.
    pub fn sql_name(self) -> &'static str {
        match self {
            LockMode::AccessShare => "ACCESS SHARE",
            LockMode::RowShare => "ROW SHARE",
            LockMode::RowExclusive => "ROW EXCLUSIVE",
            LockMode::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            LockMode::Share => "SHARE",
            LockMode::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            LockMode::Exclusive => "EXCLUSIVE",
            LockMode::AccessExclusive => "ACCESS EXCLUSIVE",
        }
    }

    /// The spelling used in the `mode` column of `pg_locks` (e.g. `AccessExclusiveLock`).
    pub fn pg_locks_name(self) -> &'static str {
        match self {
            LockMode::AccessShare => "AccessShareLock",
            LockMode::RowShare => "RowShareLock",
            LockMode::RowExclusive => "RowExclusiveLock",
            LockMode::ShareUpdateExclusive => "ShareUpdateExclusiveLock",
            LockMode::Share => "ShareLock",
            LockMode::ShareRowExclusive => "ShareRowExclusiveLock",
            LockMode::Exclusive => "ExclusiveLock",
            LockMode::AccessExclusive => "AccessExclusiveLock",
        }
    }

    /// Parses the `pg_locks.mode` spelling; `None` for non-table modes (e.g. `SIReadLock`).
    pub fn from_pg_locks_name(name: &str) -> Option<LockMode> {
        LockMode::ALL
            .into_iter()
            .find(|m| m.pg_locks_name() == name)
    }

    /// The modes this mode conflicts with (PostgreSQL's conflict table).
    pub fn conflicts(self) -> &'static [LockMode] {
        use LockMode::*;
        match self {
            AccessShare => &[AccessExclusive],
            RowShare => &[Exclusive, AccessExclusive],
            RowExclusive => &[Share, ShareRowExclusive, Exclusive, AccessExclusive],
            ShareUpdateExclusive => &[
                ShareUpdateExclusive,
                Share,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ],
            Share => &[
                RowExclusive,
                ShareUpdateExclusive,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ],
            ShareRowExclusive => &[
                RowExclusive,
                ShareUpdateExclusive,
                Share,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ],
            Exclusive => &[
                RowShare,
                RowExclusive,
                ShareUpdateExclusive,
                Share,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ],
            AccessExclusive => &LockMode::ALL,
        }
    }

    /// Whether a session holding `self` makes a request for `other` wait.
    pub fn conflicts_with(self, other: LockMode) -> bool {
        self.conflicts().contains(&other)
    }

    /// What holding this mode blocks.
    pub fn blocking(self) -> Blocking {
        Blocking {
            reads: self.conflicts_with(LockMode::AccessShare),
            locking_reads: self.conflicts_with(LockMode::RowShare),
            writes: self.conflicts_with(LockMode::RowExclusive),
            self_conflicting: self.conflicts_with(self),
        }
    }
}

impl fmt::Display for LockMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.sql_name())
    }
}

/// Error for a lock-mode name that is not one of PostgreSQL's eight table lock modes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown lock mode {0:?} (expected e.g. \"ACCESS EXCLUSIVE\", \"SHARE UPDATE EXCLUSIVE\")")]
pub struct UnknownLockMode(pub String);

impl FromStr for LockMode {
    type Err = UnknownLockMode;

    /// Parses the SQL spelling (`"SHARE ROW EXCLUSIVE"`), case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.split_whitespace().collect::<Vec<_>>().join(" ");
        LockMode::ALL
            .into_iter()
            .find(|m| m.sql_name().eq_ignore_ascii_case(&wanted))
            .ok_or_else(|| UnknownLockMode(s.to_string()))
    }
}

impl<'de> serde::Deserialize<'de> for LockMode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::LockMode::{self, *};

    #[test]
    fn conflict_matrix_is_symmetric() {
        for a in LockMode::ALL {
            for b in LockMode::ALL {
                assert_eq!(a.conflicts_with(b), b.conflicts_with(a), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn documented_rows_of_the_conflict_table() {
        assert!(!AccessShare.conflicts_with(Exclusive));
        assert!(AccessShare.conflicts_with(AccessExclusive));
        assert!(!ShareUpdateExclusive.conflicts_with(RowExclusive));
        assert!(ShareUpdateExclusive.conflicts_with(ShareUpdateExclusive));
        assert!(!Share.conflicts_with(Share));
        assert!(Share.conflicts_with(RowExclusive));
        assert!(ShareRowExclusive.conflicts_with(ShareRowExclusive));
        assert!(!ShareRowExclusive.conflicts_with(RowShare));
        assert!(Exclusive.conflicts_with(RowShare));
    }

    #[test]
    fn only_access_exclusive_blocks_plain_reads() {
        let blocking_reads: Vec<_> = LockMode::ALL
            .into_iter()
            .filter(|m| m.blocking().reads)
            .collect();
        assert_eq!(blocking_reads, vec![AccessExclusive]);
    }

    #[test]
    fn writes_are_blocked_from_share_upwards_except_share_update_exclusive() {
        let blocking_writes: Vec<_> = LockMode::ALL
            .into_iter()
            .filter(|m| m.blocking().writes)
            .collect();
        assert_eq!(
            blocking_writes,
            vec![Share, ShareRowExclusive, Exclusive, AccessExclusive]
        );
        assert!(!ShareUpdateExclusive.blocking().writes);
        assert!(ShareUpdateExclusive.blocking().self_conflicting);
    }

    #[test]
    fn names_round_trip() {
        for m in LockMode::ALL {
            assert_eq!(m.sql_name().parse::<LockMode>(), Ok(m));
            assert_eq!(LockMode::from_pg_locks_name(m.pg_locks_name()), Some(m));
        }
        assert_eq!(
            "share  update exclusive".parse::<LockMode>(),
            Ok(ShareUpdateExclusive)
        );
        assert!("EXCLUSIVE ACCESS".parse::<LockMode>().is_err());
        assert_eq!(LockMode::from_pg_locks_name("SIReadLock"), None);
    }

    #[test]
    fn strongest_is_highest_in_postgres_order() {
        assert_eq!(
            [Share, ShareUpdateExclusive, RowExclusive]
                .into_iter()
                .max(),
            Some(Share)
        );
        assert!(AccessExclusive > Exclusive);
    }
}
