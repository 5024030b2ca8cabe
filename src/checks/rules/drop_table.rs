//! `drop-table`: a model's table dropped while the old code still uses it.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level, Release, StagedFix};
use super::super::fix;
use super::super::python::Imports;
use super::{lock_note, matching_statements};
use crate::ir::OperationKind;
use crate::locks::Form;

const RULE: &str = "drop-table";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    for (index, operation) in facts.migration.operations.iter().enumerate() {
        let OperationKind::DeleteModel { name } = &operation.kind else {
            continue;
        };
        let Some(statement) = facts
            .statements_of(index)
            .find(|s| facts.busy_table(s).is_some() && s.has_form(Form::DropTable))
        else {
            continue;
        };
        let table = statement.table().unwrap_or_default();
        let mut finding = facts.finding(
            RULE,
            Level::Error,
            &[Category::BreaksOldCode, Category::Irreversible],
            index,
            format!("deletes model {name}, dropping table {table} while the old code still queries it; its rows cannot be brought back"),
        );
        finding.statement = Some(statement.text().to_string());
        finding.table = Some(table.to_string());
        finding.notes.extend(lock_note(facts, &statement));
        finding.help = Some("remove the model from the state first (SeparateDatabaseAndState, state only), deploy the code without it, then drop the table in a later release".into());
        finding.fix = two_release_fix(facts, index, name);
        out.push(finding);
    }
    let raw = matching_statements(facts, |s| s.is_run_sql() && s.has_form(Form::DropTable));
    for (operation, statements) in raw {
        let table = statements[0].table().unwrap_or_default();
        let mut finding = super::statement_finding(
            facts,
            RULE,
            Level::Info,
            &[Category::BreaksOldCode, Category::Irreversible],
            operation,
            &statements,
            format!("RunSQL drops table {table}: migguard cannot see which code uses it; make sure no running release does"),
        );
        finding.help = Some("safe as the contract step of an expand/contract change, after the model left the state in an earlier release".into());
        out.push(finding);
    }
}

fn two_release_fix(facts: &MigrationFacts<'_>, index: usize, model: &str) -> Option<StagedFix> {
    let operation = facts.operation(index)?;
    let statements: Vec<String> = facts
        .statements_of(index)
        .map(|s| s.text().to_string())
        .collect();
    let indent = fix::indentation_at(facts.source, operation.span.start as usize);
    let state = fix::operation_text(facts, index, indent + 8)?;
    let release_1 = fix::replace_operation(
        facts,
        index,
        &fix::separate_database_and_state(&[state], &[], indent),
        &Imports::default(),
        false,
    )?;
    let release_2 = fix::new_migration(
        facts.path,
        &format!("{}_drop_{}", facts.key.name, model.to_lowercase()),
        &[(facts.key.app.clone(), facts.key.name.clone())],
        &[fix::run_sql(&statements, None, 8)],
        &Imports::default(),
        true,
    );
    Some(StagedFix {
        title: format!("remove {model} from the state first, drop its table a release later"),
        replaces: facts.path.to_path_buf(),
        releases: vec![
            Release {
                title: "release 1: the model leaves the state; the table stays".into(),
                deploy_after: Some(format!("deploy the code without {model} everywhere")),
                files: vec![release_1],
            },
            Release {
                title: "release 2: drop the table nobody uses any more".into(),
                deploy_after: None,
                files: vec![release_2],
            },
        ],
        leaves: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn delete_model_breaks_old_code() {
        let findings = check_change(&migration(
            "        migrations.DeleteModel(name=\"Order\"),",
        ));
        assert_eq!(rules(&findings), ["drop-table"]);
        let fix = findings[0].fix.as_ref().expect("fix");
        assert!(fix.releases[0].files[0]
            .contents
            .contains("state_operations=["));
        assert!(fix.releases[1].files[0].contents.contains("DROP TABLE"));
        assert_eq!(
            rules(&check_change(&fix.releases[0].files[0].contents)),
            Vec::<&str>::new()
        );
    }
}
