//! `drop-table`: a model's table dropped while the old code still uses it.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level, StagedFix};
use super::super::fix;
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
    fix::state_first_then_drop(
        facts,
        index,
        fix::Contract {
            kind: "table",
            name: model,
            release_1_sql: None,
        },
    )
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
