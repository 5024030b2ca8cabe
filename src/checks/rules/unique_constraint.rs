//! `unique-constraint`: a unique constraint or index built under a lock on a table with traffic.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level};
use super::super::fix::staged_statements_fix;
use super::{has_word, matching_statements, starts_with_words, statement_finding};
use crate::locks::Form;

const RULE: &str = "unique-constraint";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let found = matching_statements(facts, |s| {
        s.has_form(Form::AddUnique)
            || s.has_form(Form::AddPrimaryKey)
            || (s.has_form(Form::CreateIndex) && starts_with_words(s.text(), &["CREATE", "UNIQUE"]))
            || (super::super::staging::add_column(s.text()).is_some()
                && has_word(s.text(), "UNIQUE"))
    });
    for (operation, statements) in found {
        let table = statements[0].table().unwrap_or_default();
        let mut finding = statement_finding(
            facts,
            RULE,
            Level::Warning,
            &[Category::BlocksReads, Category::BlocksWrites, Category::RuntimeFailure],
            operation,
            &statements,
            format!("builds a unique index on {table} under a lock that blocks writes (ADD CONSTRAINT: reads too) while every row is read, and fails if existing rows have duplicates"),
        );
        finding.help = Some("check for duplicates first; build the unique index CONCURRENTLY (atomic = False), then attach it with ADD CONSTRAINT ... UNIQUE USING INDEX".into());
        finding.fix = staged_statements_fix(
            facts,
            operation,
            "build the unique index CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX",
        );
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn unique_constraint_is_built_concurrently_in_the_fix() {
        let findings = check_change(&migration(
            "        migrations.AddConstraint(model_name=\"order\", constraint=models.UniqueConstraint(fields=[\"total\", \"note\"], name=\"order_total_note_uniq\")),",
        ));
        assert_eq!(rules(&findings), ["unique-constraint"], "{findings:#?}");
        let contents = &findings[0].fix.as_ref().expect("fix").releases[0].files[0].contents;
        assert!(
            contents.contains("CREATE UNIQUE INDEX CONCURRENTLY"),
            "{contents}"
        );
        assert!(contents.contains("UNIQUE USING INDEX"), "{contents}");
        assert_eq!(
            rules(&check_change(contents)),
            Vec::<&str>::new(),
            "{contents}"
        );
    }
}
