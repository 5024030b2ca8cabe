//! `rename-table`: a table renamed while the old code still uses the old name.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level, Release, StagedFix};
use super::super::fix;
use super::super::python::{self, Imports};
use super::super::staging::{rename_table, unquote};
use super::{matching_statements, statement_finding};
use crate::ir::OperationKind;
use crate::locks::Form;

const RULE: &str = "rename-table";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let renames = matching_statements(facts, |s| s.has_form(Form::RenameTable));
    for (operation, statements) in renames {
        let table = statements[0].table().unwrap_or_default();
        let mut finding = statement_finding(
            facts,
            RULE,
            Level::Error,
            &[Category::BreaksOldCode],
            operation,
            &statements,
            format!("renames table {table}: the old code still queries it by its old name and fails from the moment the migration commits"),
        );
        finding.help = Some("keep the table's name: rename the model in the state only and pin db_table to the old name".into());
        finding.fix = keep_table_fix(facts, operation, statements[0].text());
        out.push(finding);
    }
}

fn keep_table_fix(facts: &MigrationFacts<'_>, index: usize, statement: &str) -> Option<StagedFix> {
    let operation = facts.operation(index)?;
    let OperationKind::RenameModel { new_name, .. } = &operation.kind else {
        return None;
    };
    let (old_table, _) = rename_table(statement)?;
    let old_table = unquote(&old_table).to_string();
    let indent = fix::indentation_at(facts.source, operation.span.start as usize);
    let rename = fix::operation_text(facts, index, indent + 8)?;
    let pin = format!(
        "migrations.AlterModelTable(name={}, table={})",
        python::string(new_name),
        python::string(&old_table)
    );
    let replacement = fix::separate_database_and_state(&[rename, pin], &[], indent);
    let file = fix::replace_operation(facts, index, &replacement, &Imports::default(), false)?;
    Some(StagedFix {
        title: format!("rename the model, keep the table: db_table={}", python::string(&old_table)),
        replaces: facts.path.to_path_buf(),
        releases: vec![Release {
            title: format!("one release: add db_table = {} to the model's Meta too (and db_table to its many-to-many fields, whose tables Django would rename as well)", python::string(&old_table)),
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
    fn rename_model_breaks_old_code_and_the_fix_keeps_the_table() {
        let findings = check_change(&migration(
            "        migrations.RenameModel(old_name=\"Order\", new_name=\"Purchase\"),",
        ));
        assert_eq!(rules(&findings), ["rename-table"], "{findings:#?}");
        let contents = &findings[0].fix.as_ref().expect("fix").releases[0].files[0].contents;
        assert!(contents.contains("table='shop_order'"), "{contents}");
        assert_eq!(
            rules(&check_change(contents)),
            Vec::<&str>::new(),
            "{contents}"
        );
    }
}
