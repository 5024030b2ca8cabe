//! `run-python-with-schema-change`: a data migration in the same transaction as schema changes.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Label, Level};
use crate::ir::OperationKind;
use crate::locks::transaction::StatementOrigin;

const RULE: &str = "run-python-with-schema-change";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    if !facts.migration.atomic {
        return;
    }
    let schema: Vec<usize> = facts
        .statements()
        .filter(|s| s.timed.origin == StatementOrigin::Generated && facts.busy_table(s).is_some())
        .map(|s| s.operation)
        .collect();
    let Some(&first_schema) = schema.first() else {
        return;
    };
    for (index, operation) in facts.migration.operations.iter().enumerate() {
        let OperationKind::RunPython { atomic, .. } = &operation.kind else {
            continue;
        };
        if *atomic == Some(false) {
            continue;
        }
        let mut finding = facts.finding(
            RULE,
            Level::Warning,
            &[Category::DataChange],
            index,
            "RunPython runs in the same transaction as schema changes: the rows it touches and the locks of the schema changes are held together until the migration commits, and on failure both roll back",
        );
        if let Some(schema_operation) = facts.operation(first_schema) {
            finding.labels.push(Label {
                span: schema_operation.span,
                message: "schema change in the same transaction".into(),
            });
        }
        finding.help = Some(
            "put the data migration in a migration of its own, between the schema changes it needs"
                .into(),
        );
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn run_python_beside_add_field() {
        let text = migration(
            "        migrations.AddField(model_name=\"order\", name=\"flag\", field=models.BooleanField(null=True)),\n        migrations.RunPython(forwards, migrations.RunPython.noop),",
        )
        .replace("class Migration", "def forwards(apps, schema_editor):\n    pass\n\n\nclass Migration");
        let findings = check_change(&text);
        assert!(
            rules(&findings).contains(&"run-python-with-schema-change"),
            "{findings:#?}"
        );
    }
}
