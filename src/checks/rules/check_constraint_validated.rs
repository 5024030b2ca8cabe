//! `check-constraint-validated`: a CHECK constraint validated under ACCESS EXCLUSIVE.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level};
use super::super::fix::staged_statements_fix;
use super::{matching_statements, statement_finding};
use crate::locks::Form;

const RULE: &str = "check-constraint-validated";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let found = matching_statements(facts, |s| s.has_form(Form::AddCheck));
    for (operation, statements) in found {
        let table = statements[0].table().unwrap_or_default();
        let mut finding = statement_finding(
            facts,
            RULE,
            Level::Warning,
            &[Category::BlocksReads, Category::BlocksWrites],
            operation,
            &statements,
            format!("adds a CHECK constraint on {table} and validates every row under ACCESS EXCLUSIVE: reads and writes wait for the scan"),
        );
        finding.help = Some("add it NOT VALID (AddConstraintNotValid), then ValidateConstraint in a later step: validation takes only SHARE UPDATE EXCLUSIVE".into());
        finding.fix = staged_statements_fix(
            facts,
            operation,
            "add the CHECK constraint NOT VALID, then VALIDATE it",
        );
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn a_check_constraint_blocks_reads_and_writes_and_is_staged_in_the_fix() {
        let findings = check_change(&migration(
            "        migrations.AddConstraint(model_name=\"order\", constraint=models.CheckConstraint(condition=models.Q(total__gte=0), name=\"order_total_gte_0\")),",
        ));
        assert_eq!(
            rules(&findings),
            ["check-constraint-validated"],
            "{findings:#?}"
        );
        let contents = &findings[0].fix.as_ref().expect("fix").releases[0].files[0].contents;
        assert!(contents.contains("NOT VALID"), "{contents}");
        assert_eq!(
            rules(&check_change(contents)),
            Vec::<&str>::new(),
            "{contents}"
        );
    }
}
