//! `column-type-change`: `ALTER COLUMN ... TYPE` that rewrites the table.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level};
use super::{matching_statements, statement_finding};
use crate::locks::Form;

const RULE: &str = "column-type-change";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let rewrites = matching_statements(facts, |statement| {
        statement.has_form(Form::AlterColumnTypeRewrite)
    });
    for (operation, statements) in rewrites {
        let tables: Vec<&str> = statements.iter().filter_map(|s| s.table()).collect();
        let mut unique_tables = tables.clone();
        unique_tables.dedup();
        let message = if unique_tables.len() > 1 {
            format!(
                "changes a column type that rewrites {} tables ({}) under ACCESS EXCLUSIVE: the key and every foreign key column referencing it",
                unique_tables.len(),
                unique_tables.join(", ")
            )
        } else {
            format!(
                "changes the type of a column of {} in a way that rewrites the table (and rebuilds its indexes) under ACCESS EXCLUSIVE",
                unique_tables.first().copied().unwrap_or_default()
            )
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
            message,
        );
        for assumption in statements
            .iter()
            .filter_map(|s| s.classified())
            .flat_map(|c| c.assumptions.iter())
        {
            finding.notes.push(assumption.clone());
        }
        finding.help = Some("expand/contract: add a new column of the new type, write both from the code, backfill in batches, switch reads, then drop the old column; widening varchar, varchar -> text and raising numeric precision need no rewrite".into());
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn integer_to_bigint_rewrites() {
        let findings = check_change(&migration(
            "        migrations.AlterField(model_name=\"order\", name=\"total\", field=models.BigIntegerField()),",
        ));
        assert_eq!(rules(&findings), ["column-type-change"]);
    }

    #[test]
    fn varchar_widening_and_to_text_do_not_rewrite() {
        for field in [
            "models.CharField(max_length=200, null=True)",
            "models.TextField(null=True)",
        ] {
            let findings = check_change(&migration(&format!(
                "        migrations.AlterField(model_name=\"order\", name=\"note\", field={field}),"
            )));
            assert_eq!(
                rules(&findings),
                Vec::<&str>::new(),
                "{field}: {findings:#?}"
            );
        }
    }
}
