//! `run-sql-irreversible`: `RunSQL` without `reverse_sql`.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level};
use crate::ir::OperationKind;

const RULE: &str = "run-sql-irreversible";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    for (index, operation) in facts.migration.operations.iter().enumerate() {
        let OperationKind::RunSQL {
            reverse_sql: None, ..
        } = &operation.kind
        else {
            continue;
        };
        let mut finding = facts.finding(
            RULE,
            Level::Warning,
            &[Category::Irreversible],
            index,
            "RunSQL has no reverse_sql: this migration cannot be unapplied, so a failed release cannot be rolled back with `migrate`",
        );
        finding.help =
            Some("pass reverse_sql (migrations.RunSQL.noop when there is nothing to undo)".into());
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn run_sql_without_reverse() {
        let text = migration("        migrations.RunSQL(\"SELECT 1\"),");
        assert_eq!(rules(&check_change(&text)), ["run-sql-irreversible"]);
        let text = text.replace(
            "\"SELECT 1\")",
            "\"SELECT 1\", reverse_sql=migrations.RunSQL.noop)",
        );
        assert_eq!(rules(&check_change(&text)), Vec::<&str>::new());
    }
}
