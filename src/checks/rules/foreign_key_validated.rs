//! `foreign-key-validated`: a foreign key added and validated in one step on a table with traffic.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level};
use super::super::fix::staged_statements_fix;
use super::{matching_statements, statement_finding};
use crate::locks::Form;

const RULE: &str = "foreign-key-validated";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let found = matching_statements(facts, |s| s.has_form(Form::AddForeignKey));
    for (operation, statements) in found {
        let table = statements[0].table().unwrap_or_default();
        let mut finding = statement_finding(
            facts,
            RULE,
            Level::Warning,
            &[Category::BlocksWrites],
            operation,
            &statements,
            format!("adds a foreign key on {table} and validates every row at once: SHARE ROW EXCLUSIVE on it and on the referenced table blocks their writes during the scan"),
        );
        finding.help = Some("add the constraint NOT VALID (brief lock), then VALIDATE CONSTRAINT in its own statement, which blocks no writes".into());
        finding.fix = staged_statements_fix(
            facts,
            operation,
            "add the foreign key NOT VALID, then VALIDATE it",
        );
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn a_foreign_key_on_an_existing_column_is_validated_under_a_lock() {
        let findings = check_change(&migration(
            "        migrations.RunSQL('ALTER TABLE \"shop_order\" ADD CONSTRAINT \"shop_order_total_fk\" FOREIGN KEY (\"total\") REFERENCES \"shop_order\" (\"id\") DEFERRABLE INITIALLY DEFERRED', reverse_sql='ALTER TABLE \"shop_order\" DROP CONSTRAINT \"shop_order_total_fk\"'),",
        ));
        assert_eq!(rules(&findings), ["foreign-key-validated"], "{findings:#?}");
        let contents = &findings[0].fix.as_ref().expect("fix").releases[0].files[0].contents;
        assert!(contents.contains("NOT VALID"), "{contents}");
        assert!(contents.contains("VALIDATE CONSTRAINT"), "{contents}");
        assert_eq!(
            rules(&check_change(contents)),
            Vec::<&str>::new(),
            "{contents}"
        );
    }

    #[test]
    fn a_new_nullable_foreign_key_column_needs_no_validation() {
        let findings = check_change(&migration(
            r#"        migrations.CreateModel(name="Customer", fields=[("id", models.BigAutoField(primary_key=True, serialize=False))]),
        migrations.AddField(model_name="order", name="customer", field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, to="shop.customer")),"#,
        ).replace("from django.db import", "import django.db.models.deletion\nfrom django.db import"));
        assert!(
            !rules(&findings).contains(&"foreign-key-validated"),
            "{findings:#?}"
        );
        assert!(
            rules(&findings).contains(&"index-not-concurrent"),
            "the FK's index is the hazard"
        );
    }
}
