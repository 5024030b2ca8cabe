//! The checks stage: deploy-hazard rules over the facts the earlier stages computed.
//!
//! Each rule (one file in [`rules`], registered in one line of [`registry::RULES`]) reads a
//! [`MigrationFacts`]: the parsed operations with their source spans, the models each operation
//! changed (before and after it), the statements Django runs for it, and each statement's lock
//! effects and transaction from [`crate::locks`]. A rule never derives SQL or locks itself.
//! It reports [`Finding`]s, each with the hazard [`Category`]s it stands for and, where a safe
//! alternative exists, a [`StagedFix`]: complete migration files split into releases.

mod facts;
pub mod finding;
mod fix;
pub mod python;
pub mod registry;
pub mod rules;
mod run;
pub mod sizing;
mod staging;
pub mod suppress;
mod third_party;

pub use facts::{MigrationFacts, StatementRef};
pub use finding::{Category, Finding, FixFile, Label, Level, Release, StagedFix};
pub use registry::{rule, Rule, RULES};
pub use run::{check_plan, check_project, CheckOptions, CheckOutcome, RuleSelection};
pub use sizing::{SizeClass, SizeThresholds, TableSize};
