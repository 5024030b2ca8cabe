//! `concurrently-in-atomic`: a statement PostgreSQL refuses inside a transaction block, in an
//! atomic migration.

use super::super::facts::{MigrationFacts, StatementRef};
use super::super::finding::{Category, Finding, Level, Release, StagedFix};
use super::super::fix;
use super::statement_finding;
use crate::locks::transaction::TransactionProblem;

const RULE: &str = "concurrently-in-atomic";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let statements: Vec<StatementRef<'_>> = facts.statements().collect();
    let mut grouped: std::collections::BTreeMap<usize, Vec<StatementRef<'_>>> = Default::default();
    for problem in &facts.locks.problems {
        let TransactionProblem::NotAllowedInTransaction { statement } = problem;
        if let Some(statement) = statements.get(*statement) {
            grouped
                .entry(statement.operation)
                .or_default()
                .push(*statement);
        }
    }
    for (operation, statements) in grouped {
        let mut finding = statement_finding(
            facts,
            RULE,
            Level::Error,
            &[Category::RuntimeFailure],
            operation,
            &statements,
            "runs a statement that cannot run inside a transaction block (CONCURRENTLY, VACUUM, ...) in an atomic migration: `migrate` fails with \"cannot run inside a transaction block\"".to_string(),
        );
        finding.help = Some("set `atomic = False` on the migration (and keep other operations out of it, since each statement then commits on its own)".into());
        finding.fix = non_atomic_fix(facts);
        out.push(finding);
    }
}

fn non_atomic_fix(facts: &MigrationFacts<'_>) -> Option<StagedFix> {
    let file = fix::edited_migration(facts, vec![fix::non_atomic_edit(facts)?])?;
    Some(StagedFix {
        title: "atomic = False".into(),
        replaces: facts.path.to_path_buf(),
        releases: vec![Release {
            title: "one release: the migration runs outside a transaction".into(),
            deploy_after: None,
            files: vec![file],
        }],
        leaves: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn concurrent_index_in_an_atomic_migration_fails_and_the_fix_is_non_atomic() {
        let text = migration("        AddIndexConcurrently(model_name=\"order\", index=models.Index(fields=[\"total\"], name=\"order_total_idx\")),")
            .replace("from django.db import", "from django.contrib.postgres.operations import AddIndexConcurrently\nfrom django.db import");
        let findings = check_change(&text);
        assert_eq!(rules(&findings), ["concurrently-in-atomic"]);
        let contents = &findings[0].fix.as_ref().expect("fix").releases[0].files[0].contents;
        assert!(contents.contains("    atomic = False\n"), "{contents}");
        assert_eq!(
            rules(&check_change(contents)),
            Vec::<&str>::new(),
            "{contents}"
        );
    }
}
