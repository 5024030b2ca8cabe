//! `modified-migration`: a migration of the change that already existed at its base and was
//! edited. It does not read the migration's facts: it fires for the migrations
//! [`CheckOptions::modified`](crate::checks::CheckOptions::modified) names (`check --base`
//! finds them with git).

use super::super::facts::MigrationFacts;
use super::super::finding::{Finding, Level};

pub const RULE: &str = "modified-migration";

/// Nothing from the facts alone: whether a migration was edited is known from the change.
pub fn check(_facts: &MigrationFacts<'_>, _out: &mut Vec<Finding>) {}

/// The finding for a migration the change edited.
pub fn finding(facts: &MigrationFacts<'_>) -> Finding {
    let mut finding = facts.migration_finding(
        RULE,
        Level::Warning,
        &[],
        format!(
            "migration {} existed before this change and was edited: databases that already applied it will not run the edit",
            facts.key
        ),
    );
    finding.notes.push(
        "Django records applied migrations by name in django_migrations and never runs them again"
            .to_string(),
    );
    finding.help = Some(
        "revert the edit and put the change in a new migration (`manage.py makemigrations`)"
            .to_string(),
    );
    finding
}
