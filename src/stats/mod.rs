//! The database's sizes and sequences, as a versioned JSON file (`migguard stats`), and what
//! `check` does with it: size in the findings, severity by table size, sequences running out.
//!
//! [`collect`] reads the catalogs of a live PostgreSQL in one read-only transaction;
//! [`file`] is the file format (docs/stats-json.md); [`size`] parses and prints sizes.

pub mod collect;
pub mod file;
pub mod size;

pub use collect::{collect, collect_in};
pub use file::{
    ConstraintStats, DatabaseStats, IndexStats, SequenceOwner, SequenceStats, TableStats,
    STATS_VERSION,
};
