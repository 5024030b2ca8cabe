//! `set-not-null`: `ALTER COLUMN ... SET NOT NULL` on a table with traffic.

use super::super::facts::{MigrationFacts, StatementRef};
use super::super::finding::{Category, Finding, Level};
use super::super::fix::staged_statements_fix;
use super::super::staging::{set_not_null, unquote};
use super::{matching_statements, statement_finding};
use crate::locks::Form;

const RULE: &str = "set-not-null";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let all: Vec<StatementRef<'_>> = facts.statements().collect();
    let found = matching_statements(facts, |statement| {
        statement.has_form(Form::SetNotNull) && !proven_by_validated_check(&all, statement)
    });
    for (operation, statements) in found {
        let table = statements[0].table().unwrap_or_default();
        let column = set_not_null(statements[0].text())
            .map(|(_, c)| unquote(&c).to_string())
            .unwrap_or_else(|| "a column".into());
        let mut finding = statement_finding(
            facts,
            RULE,
            Level::Error,
            &[Category::BlocksReads, Category::BlocksWrites, Category::BreaksOldCode],
            operation,
            &statements,
            format!("SET NOT NULL on {table}.{column} scans the whole table under ACCESS EXCLUSIVE, and old code that still writes NULL to it fails"),
        );
        finding.help = Some("deploy code that never writes NULL first; then add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it (no blocking lock), and SET NOT NULL uses the check instead of scanning (PostgreSQL 12+)".into());
        finding.fix = staged_statements_fix(
            facts,
            operation,
            "SET NOT NULL behind a validated CHECK constraint",
        );
        out.push(finding);
    }
}

/// PostgreSQL 12+ skips the scan when a valid `CHECK (col IS NOT NULL)` exists: an earlier
/// statement added it on the same table and another validated it.
fn proven_by_validated_check(all: &[StatementRef<'_>], statement: &StatementRef<'_>) -> bool {
    let Some((table, column)) = set_not_null(statement.text()) else {
        return false;
    };
    let check = format!("CHECK ({column} IS NOT NULL)");
    let earlier = &all[..statement.index];
    let added = earlier
        .iter()
        .any(|s| s.table() == Some(unquote(&table)) && s.text().contains(&check));
    let validated = earlier
        .iter()
        .any(|s| s.table() == Some(unquote(&table)) && s.has_form(Form::ValidateConstraint));
    added && validated
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn set_not_null_on_an_existing_column_and_its_staged_fix() {
        let findings = check_change(&migration(
            "        migrations.AlterField(model_name=\"order\", name=\"note\", field=models.CharField(max_length=20)),",
        ));
        assert_eq!(rules(&findings), ["set-not-null"], "{findings:#?}");
        let fix = findings[0].fix.as_ref().expect("fix");
        let contents = &fix.releases[0].files[0].contents;
        assert!(contents.contains("atomic = False"), "{contents}");
        assert!(contents.contains("NOT VALID"), "{contents}");
        assert_eq!(
            rules(&check_change(contents)),
            Vec::<&str>::new(),
            "{contents}"
        );
    }
}
