//! `rename-column`: a column renamed while the old code still uses the old name.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level, Release, StagedFix};
use super::super::fix;
use super::super::python::{self, Imports};
use super::{matching_statements, statement_finding};
use crate::ir::OperationKind;
use crate::locks::Form;

const RULE: &str = "rename-column";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let renames = matching_statements(facts, |s| s.has_form(Form::RenameColumn));
    for (operation, statements) in renames {
        let table = statements[0].table().unwrap_or_default();
        let mut finding = statement_finding(
            facts,
            RULE,
            Level::Error,
            &[Category::BreaksOldCode],
            operation,
            &statements,
            format!("renames a column of {table}: the old code still selects and writes the old name, and fails from the moment the migration commits"),
        );
        finding.help = Some("keep the column's name: rename the field in the state only and pin the old column with db_column".into());
        finding.fix = keep_column_fix(facts, operation);
        out.push(finding);
    }
}

/// `RenameField` in the state only, plus an `AlterField` pinning `db_column` to the old name:
/// the code gets its new name, the database keeps the column as it is.
fn keep_column_fix(facts: &MigrationFacts<'_>, index: usize) -> Option<StagedFix> {
    let operation = facts.operation(index)?;
    let OperationKind::RenameField {
        model_name,
        old_name,
        new_name,
    } = &operation.kind
    else {
        return None;
    };
    let field = facts
        .model_changes(index)
        .iter()
        .find_map(|change| change.after.as_ref()?.field(new_name).cloned())?;
    let old_column = match field.arg("db_column").and_then(|v| v.as_str()) {
        Some(_) => return None,
        None if matches!(
            field.class,
            crate::ir::FieldClass::Known(
                crate::ir::FieldType::ForeignKey | crate::ir::FieldType::OneToOneField
            )
        ) =>
        {
            format!("{old_name}_id")
        }
        None => old_name.to_string(),
    };
    let mut imports = Imports::default();
    let rendered = python::field(
        &field,
        &[("db_column", python::string(&old_column))],
        &mut imports,
    )?;
    let indent = fix::indentation_at(facts.source, operation.span.start as usize);
    let rename = fix::operation_text(facts, index, indent + 8)?;
    let pin = format!(
        "migrations.AlterField(model_name={}, name={}, field={rendered})",
        python::string(model_name),
        python::string(new_name)
    );
    let replacement = fix::separate_database_and_state(&[rename, pin], &[], indent);
    let file = fix::replace_operation(facts, index, &replacement, &imports, false)?;
    Some(StagedFix {
        title: format!(
            "rename the field, keep the column: db_column={}",
            python::string(&old_column)
        ),
        replaces: facts.path.to_path_buf(),
        releases: vec![Release {
            title: format!(
                "one release: add db_column={} to the field in models.py too",
                python::string(&old_column)
            ),
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
    fn rename_field_breaks_old_code_and_the_fix_keeps_the_column() {
        let findings = check_change(&migration(
            "        migrations.RenameField(model_name=\"order\", old_name=\"note\", new_name=\"comment\"),",
        ));
        assert_eq!(rules(&findings), ["rename-column"]);
        let fix = findings[0].fix.as_ref().expect("fix");
        let contents = &fix.releases[0].files[0].contents;
        assert!(contents.contains("db_column='note'"), "{contents}");
        assert_eq!(
            rules(&check_change(contents)),
            Vec::<&str>::new(),
            "{contents}"
        );
    }
}
