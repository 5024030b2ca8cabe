//! `unique-with-callable-default`: a unique column whose callable default is evaluated once.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level};
use crate::ir::{OperationKind, Value};

const RULE: &str = "unique-with-callable-default";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    for (index, operation) in facts.migration.operations.iter().enumerate() {
        let OperationKind::AddField { field, name, .. } = &operation.kind else {
            continue;
        };
        if !(field.flag("unique", false) || field.flag("primary_key", false)) {
            continue;
        }
        let Some(callable) = field.arg("default").and_then(callable_name) else {
            continue;
        };
        let Some(statement) = facts
            .statements_of(index)
            .find(|statement| facts.busy_table(statement).is_some())
        else {
            continue;
        };
        let table = statement.table().unwrap_or_default();
        let mut finding = facts.finding(
            RULE,
            Level::Error,
            &[Category::RuntimeFailure],
            index,
            format!("unique field {table}.{name} has the callable default {callable}: Django calls it once for the migration, so every existing row gets the same value and the unique constraint fails on a table with more than one row"),
        );
        finding.statement = Some(statement.text().to_string());
        finding.table = Some(table.to_string());
        finding.help = Some(format!(
            "add the field with null=True and without unique, fill each row with its own value ({callable}() per row in a RunPython), then make it unique (and NOT NULL) in a later migration"
        ));
        out.push(finding);
    }
}

fn callable_name(value: &Value) -> Option<String> {
    match value {
        Value::Ref(dotted) => Some(dotted.clone()),
        Value::Lambda(source) => Some(source.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn uuid4_on_a_unique_field_gives_every_row_one_value() {
        let findings = check_change(&migration(
            "        migrations.AddField(model_name=\"order\", name=\"code\", field=models.UUIDField(default=uuid.uuid4, unique=True)),",
        ).replace("from django.db import", "import uuid\nfrom django.db import"));
        assert!(
            rules(&findings).contains(&"unique-with-callable-default"),
            "{findings:#?}"
        );
    }

    #[test]
    fn a_callable_default_without_unique_is_not_this_hazard() {
        let findings = check_change(&migration(
            "        migrations.AddField(model_name=\"order\", name=\"code\", field=models.UUIDField(default=uuid.uuid4, null=True)),",
        ).replace("from django.db import", "import uuid\nfrom django.db import"));
        assert!(!rules(&findings).contains(&"unique-with-callable-default"));
    }
}
