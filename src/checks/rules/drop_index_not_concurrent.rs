//! `drop-index-not-concurrent`: `DROP INDEX` without `CONCURRENTLY` on a table with traffic.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level};
use super::super::fix::staged_statements_fix;
use super::index_not_concurrent::native_fix;
use super::statement_finding;
use crate::locks::Form;

const RULE: &str = "drop-index-not-concurrent";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let mut grouped: std::collections::BTreeMap<usize, Vec<_>> = Default::default();
    for statement in facts.statements().filter(|s| s.has_form(Form::DropIndex)) {
        // DROP INDEX names only the index: it locks the table the index belongs to, which
        // carries traffic unless this change created the index's table.
        let created_here = statement
            .table()
            .is_some_and(|table| !facts.carries_traffic(&statement, table));
        if !created_here && !index_created_in_migration(facts, statement.text()) {
            grouped
                .entry(statement.operation)
                .or_default()
                .push(statement);
        }
    }
    for (operation, statements) in grouped {
        let mut finding = statement_finding(
            facts,
            RULE,
            Level::Warning,
            &[Category::BlocksReads, Category::BlocksWrites],
            operation,
            &statements,
            "drops an index without CONCURRENTLY: ACCESS EXCLUSIVE on its table blocks reads and writes, and while it waits for running queries every new query queues behind it".to_string(),
        );
        finding.help = Some("drop it with CONCURRENTLY in a migration with atomic = False (RemoveIndexConcurrently for RemoveIndex)".into());
        finding.fix = native_fix(facts, operation, "RemoveIndex", "RemoveIndexConcurrently")
            .or_else(|| staged_statements_fix(facts, operation, "drop the index CONCURRENTLY"));
        out.push(finding);
    }
}

/// Whether an earlier statement of the migration created the index being dropped.
fn index_created_in_migration(facts: &MigrationFacts<'_>, drop: &str) -> bool {
    let Some(name) = drop.split_whitespace().last() else {
        return false;
    };
    facts.statements().any(|s| {
        (s.has_form(Form::CreateIndex) || s.has_form(Form::CreateIndexConcurrently))
            && s.text().contains(name)
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_files, rules, INITIAL};

    #[test]
    fn remove_index_blocks_and_becomes_concurrent() {
        let add = super::super::testing::migration(
            "        migrations.AddIndex(model_name=\"order\", index=models.Index(fields=[\"total\"], name=\"order_total_idx\")),",
        );
        let remove = super::super::testing::migration(
            "        migrations.RemoveIndex(model_name=\"order\", name=\"order_total_idx\"),",
        )
        .replace("0001_initial", "0002_change");
        let findings = check_files(
            &[
                ("0001_initial", INITIAL),
                ("0002_change", &add),
                ("0003_remove", &remove),
            ],
            "0003_remove",
        );
        assert_eq!(
            rules(&findings),
            ["drop-index-not-concurrent"],
            "{findings:#?}"
        );
        let contents = &findings[0].fix.as_ref().expect("fix").releases[0].files[0].contents;
        assert!(
            contents.contains("RemoveIndexConcurrently(model_name=\"order\""),
            "{contents}"
        );
        let after = check_files(
            &[
                ("0001_initial", INITIAL),
                ("0002_change", &add),
                ("0003_remove", contents),
            ],
            "0003_remove",
        );
        assert_eq!(rules(&after), Vec::<&str>::new(), "{contents}");
    }
}
