//! `volatile-default`: an added column whose default or generation expression rewrites the table.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level};
use super::super::staging::{add_column, unquote};
use super::{matching_statements, statement_finding};
use crate::locks::Form;

const RULE: &str = "volatile-default";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let rewriting_adds = matching_statements(facts, |statement| {
        add_column(statement.text()).is_some() && statement.classified().is_some_and(|c| c.rewrite)
    });
    for (operation, statements) in rewriting_adds {
        let first = &statements[0];
        let column = add_column(first.text())
            .map(|(_, c)| unquote(&c).to_string())
            .unwrap_or_default();
        let table = first.table().unwrap_or_default();
        let why = if first.has_form(Form::AddColumnGeneratedStored) {
            "a stored generated column is computed for every existing row"
        } else {
            "its default is volatile, so PostgreSQL computes it for every existing row instead of storing it once in the catalog"
        };
        let mut finding = statement_finding(
            facts,
            RULE,
            Level::Error,
            &[
                Category::Rewrite,
                Category::BlocksReads,
                Category::BlocksWrites,
            ],
            operation,
            &statements,
            format!(
                "adding {table}.{column} rewrites the whole table under ACCESS EXCLUSIVE: {why}"
            ),
        );
        finding.help = Some(
            "add the column without the default (null=True), backfill it in batches, then set the default for new rows".into(),
        );
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn random_uuid_db_default_rewrites() {
        let findings = check_change(&migration(
            "        migrations.AddField(model_name=\"order\", name=\"token\", field=models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID())),",
        ).replace("from django.db import", "import django.contrib.postgres.functions\nfrom django.db import"));
        assert!(
            rules(&findings).contains(&"volatile-default"),
            "{findings:#?}"
        );
    }

    #[test]
    fn now_is_stable_and_does_not_rewrite() {
        let findings = check_change(&migration(
            "        migrations.AddField(model_name=\"order\", name=\"created\", field=models.DateTimeField(db_default=django.db.models.functions.Now())),",
        ).replace("from django.db import", "import django.db.models.functions\nfrom django.db import"));
        assert_eq!(rules(&findings), Vec::<&str>::new(), "{findings:#?}");
    }
}
