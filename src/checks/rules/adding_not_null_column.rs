//! `adding-not-null-column`: a NOT NULL column added without a database default.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level, Release, StagedFix};
use super::super::fix::{self, Edit};
use super::super::python::{self, Imports};
use super::super::staging::{add_column, drop_default, unquote};
use super::{has_word, lock_note};
use crate::ir::{OperationKind, Value};
use crate::locks::Form;

const RULE: &str = "adding-not-null-column";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let statements: Vec<_> = facts.statements().collect();
    for (position, statement) in statements.iter().enumerate() {
        let Some(table) = facts.busy_table(statement) else {
            continue;
        };
        let Some((_, column)) = add_column(statement.text()) else {
            continue;
        };
        if !has_word(statement.text(), "NOT") || statement.has_form(Form::AddColumnGeneratedStored)
        {
            continue;
        }
        let no_default = statement.has_form(Form::AddColumnNotNullNoDefault);
        let default_dropped = statements[position + 1..].iter().any(|later| {
            later.operation == statement.operation
                && drop_default(later.text())
                    .is_some_and(|(t, c)| unquote(&t) == table && c == column)
        });
        if !no_default && !default_dropped {
            continue; // the column keeps a database default: old code's INSERTs get it
        }
        let column = unquote(&column);
        let (categories, message): (&[Category], String) = if no_default {
            (
                &[Category::BreaksOldCode, Category::RuntimeFailure],
                format!("adds NOT NULL column {table}.{column} with no default: `migrate` fails on a table that has rows, and old code's INSERTs fail"),
            )
        } else {
            (
                &[Category::BreaksOldCode],
                format!("adds NOT NULL column {table}.{column} without a database default: Django drops the default right after adding the column, so INSERTs from the old code (which doesn't know the column) fail"),
            )
        };
        let mut finding =
            facts.finding(RULE, Level::Error, categories, statement.operation, message);
        finding.statement = Some(statement.text().to_string());
        finding.table = Some(table.to_string());
        finding.notes.extend(lock_note(facts, statement));
        finding.help = Some(
            "give the field a database default (`db_default=`, Django 5.0+) so the column keeps it, or add it with null=True".into(),
        );
        finding.fix = db_default_fix(facts, statement.operation);
        out.push(finding);
    }
}

/// The user's migration with `db_default=` beside the field's constant default.
fn db_default_fix(facts: &MigrationFacts<'_>, index: usize) -> Option<StagedFix> {
    let operation = facts.operation(index)?;
    let OperationKind::AddField { field, .. } = &operation.kind else {
        return None;
    };
    let mut imports = Imports::default();
    let db_default = match field.arg("default")? {
        Value::Ref(callable) if callable == "django.utils.timezone.now" => {
            imports.add("from django.db.models.functions import Now");
            "Now()".to_string()
        }
        constant @ (Value::Str(_)
        | Value::Int(_)
        | Value::Float(_)
        | Value::Bool(_)
        | Value::BigInt(_)) => python::value(constant, &mut imports)?,
        _ => return None,
    };
    let field_text = facts.text(field.span);
    let open = field_text.find('(')? + 1;
    let mut edits = vec![Edit::insert(
        field.span.start as usize + open,
        format!("db_default={db_default}, "),
    )];
    edits.extend(fix::imports_edit(facts.source, &imports));
    let file = fix::edited_migration(facts, edits)?;
    Some(StagedFix {
        title: format!("keep the default in the database: db_default={db_default}"),
        replaces: facts.path.to_path_buf(),
        releases: vec![Release {
            title: "one release: the column is added with a database default that stays, so old code's INSERTs get it (Django 5.0+)".into(),
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
    fn python_default_only_breaks_old_inserts_and_the_fix_is_db_default() {
        let findings = check_change(&migration(
            r#"        migrations.AddField(
            model_name="order",
            name="status",
            field=models.CharField(default="new", max_length=10),
        ),"#,
        ));
        assert_eq!(rules(&findings), ["adding-not-null-column"]);
        let finding = &findings[0];
        assert_eq!(finding.categories, [super::Category::BreaksOldCode]);
        assert_eq!(finding.table.as_deref(), Some("shop_order"));
        let fix = finding.fix.as_ref().expect("a fix");
        let contents = &fix.releases[0].files[0].contents;
        assert!(
            contents.contains("models.CharField(db_default='new', default=\"new\", max_length=10)"),
            "{contents}"
        );
        // The fix itself is clean.
        assert_eq!(rules(&check_change(contents)), Vec::<&str>::new());
    }

    #[test]
    fn nullable_and_db_default_columns_are_safe() {
        for field in [
            r#"models.CharField(max_length=10, null=True)"#,
            r#"models.CharField(db_default="new", max_length=10)"#,
        ] {
            let findings = check_change(&migration(&format!(
                "        migrations.AddField(model_name=\"order\", name=\"status\", field={field}),"
            )));
            assert_eq!(rules(&findings), Vec::<&str>::new(), "{field}");
        }
    }

    #[test]
    fn no_default_at_all_also_fails_at_runtime() {
        let findings = check_change(&migration(
            "        migrations.AddField(model_name=\"order\", name=\"count\", field=models.IntegerField(), preserve_default=False),",
        ));
        assert_eq!(rules(&findings), ["adding-not-null-column"]);
        assert!(findings[0]
            .categories
            .contains(&super::Category::RuntimeFailure));
    }

    #[test]
    fn a_table_created_in_the_same_migration_carries_no_traffic() {
        let findings = check_change(&migration(
            r#"        migrations.CreateModel(name="Tag", fields=[("id", models.BigAutoField(primary_key=True, serialize=False))]),
        migrations.AddField(model_name="tag", name="label", field=models.CharField(default="x", max_length=10)),"#,
        ));
        assert_eq!(rules(&findings), Vec::<&str>::new());
    }
}
