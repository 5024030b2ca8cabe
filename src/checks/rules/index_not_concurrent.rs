//! `index-not-concurrent`: an index built without `CONCURRENTLY` on a table with traffic.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level, Release, StagedFix};
use super::super::fix::{self, staged_statements_fix, Edit};
use super::super::python::Imports;
use super::{matching_statements, starts_with_words, statement_finding};
use crate::locks::Form;

const RULE: &str = "index-not-concurrent";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let builds = matching_statements(facts, |s| {
        s.has_form(Form::CreateIndex) && !starts_with_words(s.text(), &["CREATE", "UNIQUE"])
    });
    for (operation, statements) in builds {
        let table = statements[0].table().unwrap_or_default();
        let count = statements.len();
        let what = if count == 1 {
            "an index".to_string()
        } else {
            format!("{count} indexes")
        };
        let mut finding = statement_finding(
            facts,
            RULE,
            Level::Warning,
            &[Category::BlocksWrites],
            operation,
            &statements,
            format!("builds {what} on {table} without CONCURRENTLY: SHARE lock blocks every INSERT, UPDATE and DELETE of the table while the index is built"),
        );
        finding.help = Some("build it with CONCURRENTLY in a migration with atomic = False (AddIndexConcurrently for AddIndex)".into());
        finding.fix = native_fix(facts, operation, "AddIndex", "AddIndexConcurrently")
            .or_else(|| staged_statements_fix(facts, operation, "build the index CONCURRENTLY"));
        out.push(finding);
    }
}

/// The operation's own text with its class replaced by the `contrib.postgres` concurrent
/// operation (same arguments), in a non-atomic migration.
pub(crate) fn native_fix(
    facts: &MigrationFacts<'_>,
    index: usize,
    class: &str,
    concurrent: &str,
) -> Option<StagedFix> {
    let operation = facts.operation(index)?;
    if operation.kind.class_name() != class || operation.subclass.is_some() {
        return None;
    }
    let text = facts.text(operation.span);
    let open = text.find('(')?;
    let mut imports = Imports::default();
    imports.add(format!(
        "from django.contrib.postgres.operations import {concurrent}"
    ));
    let mut edits = vec![Edit {
        start: operation.span.start as usize,
        end: operation.span.start as usize + open,
        text: concurrent.to_string(),
    }];
    if facts.migration.atomic {
        edits.push(fix::non_atomic_edit(facts)?);
    }
    edits.extend(fix::imports_edit(facts.source, &imports));
    let file = fix::edited_migration(facts, edits)?;
    Some(StagedFix {
        title: format!("{concurrent} in a migration with atomic = False"),
        replaces: facts.path.to_path_buf(),
        releases: vec![Release {
            title: "one release: CONCURRENTLY cannot run in a transaction, so the migration is not atomic".into(),
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
    fn add_index_blocks_writes_and_becomes_concurrent() {
        let findings = check_change(&migration(
            "        migrations.AddIndex(model_name=\"order\", index=models.Index(fields=[\"total\"], name=\"order_total_idx\")),",
        ));
        assert_eq!(rules(&findings), ["index-not-concurrent"]);
        let contents = &findings[0].fix.as_ref().expect("fix").releases[0].files[0].contents;
        assert!(
            contents.contains("AddIndexConcurrently(model_name=\"order\""),
            "{contents}"
        );
        assert!(contents.contains("atomic = False"), "{contents}");
        assert_eq!(
            rules(&check_change(contents)),
            Vec::<&str>::new(),
            "{contents}"
        );
    }

    #[test]
    fn db_index_on_a_new_field_is_staged_through_run_sql() {
        let findings = check_change(&migration(
            "        migrations.AddField(model_name=\"order\", name=\"ref\", field=models.IntegerField(db_index=True, null=True)),",
        ));
        assert!(
            rules(&findings).contains(&"index-not-concurrent"),
            "{findings:#?}"
        );
        let finding = findings
            .iter()
            .find(|f| f.rule == "index-not-concurrent")
            .unwrap();
        let contents = &finding.fix.as_ref().expect("fix").releases[0].files[0].contents;
        assert!(contents.contains("CREATE INDEX CONCURRENTLY"), "{contents}");
        assert_eq!(
            rules(&check_change(contents)),
            Vec::<&str>::new(),
            "{contents}"
        );
    }

    #[test]
    fn concurrent_builds_in_non_atomic_migrations_are_safe() {
        let findings = check_change(
            &migration("        AddIndexConcurrently(model_name=\"order\", index=models.Index(fields=[\"total\"], name=\"order_total_idx\")),")
                .replace("from django.db import", "from django.contrib.postgres.operations import AddIndexConcurrently\nfrom django.db import")
                .replace("    dependencies", "    atomic = False\n\n    dependencies"),
        );
        assert_eq!(rules(&findings), Vec::<&str>::new());
    }
}
