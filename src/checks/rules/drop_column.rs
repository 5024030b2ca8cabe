//! `drop-column`: a column dropped while the old code still selects it.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level, StagedFix};
use super::super::fix;
use super::{has_word, lock_note, matching_statements, starts_with_words};
use crate::ir::OperationKind;
use crate::locks::Form;

const RULE: &str = "drop-column";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    for (index, operation) in facts.migration.operations.iter().enumerate() {
        let OperationKind::RemoveField { model_name, name } = &operation.kind else {
            continue;
        };
        let Some(statement) = facts.statements_of(index).find(|s| {
            facts.busy_table(s).is_some()
                && (s.has_form(Form::DropColumn) || s.has_form(Form::DropTable))
        }) else {
            continue;
        };
        let table = statement.table().unwrap_or_default();
        let what = if statement.has_form(Form::DropTable) {
            format!("removes many-to-many field {model_name}.{name}, dropping its table {table}")
        } else {
            format!("drops column {table}.{name}")
        };
        let mut finding = facts.finding(
            RULE,
            Level::Error,
            &[Category::BreaksOldCode, Category::Irreversible],
            index,
            format!("{what} while the old code still selects it: every query of the old release on this model fails until it is gone, and the data cannot be brought back"),
        );
        finding.statement = Some(statement.text().to_string());
        finding.table = Some(table.to_string());
        finding.notes.extend(lock_note(facts, &statement));
        finding.help = Some("expand/contract: remove the field from the models and the state first (SeparateDatabaseAndState, state only), deploy that code, then drop the column in a later release".into());
        finding.fix = two_release_fix(facts, index, name);
        out.push(finding);
    }
    report_raw_drops(facts, out);
}

/// `RunSQL` drops change no model: whether code still reads the column can't be known, so
/// they are reported for a person to confirm, not as errors.
fn report_raw_drops(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let raw = matching_statements(facts, |s| {
        s.is_run_sql()
            && starts_with_words(s.text(), &["ALTER", "TABLE"])
            && has_word(s.text(), "DROP")
            && s.has_form(Form::DropColumn)
    });
    for (operation, statements) in raw {
        let table = statements[0].table().unwrap_or_default();
        let mut finding = super::statement_finding(
            facts,
            RULE,
            Level::Info,
            &[Category::BreaksOldCode, Category::Irreversible],
            operation,
            &statements,
            format!("RunSQL drops a column of {table}: migguard cannot see which code reads it; make sure no running release does"),
        );
        finding.help = Some("this is safe as the contract step of an expand/contract change, after the field left the models in an earlier release".into());
        out.push(finding);
    }
}

/// Release 1 removes the field from the state only (making the column nullable if it is NOT
/// NULL without a database default, so the new code's INSERTs succeed); release 2 drops it.
fn two_release_fix(
    facts: &MigrationFacts<'_>,
    index: usize,
    field_name: &str,
) -> Option<StagedFix> {
    let table = facts
        .statements_of(index)
        .find_map(|s| s.table().map(str::to_string))?;
    let field = facts
        .model_changes(index)
        .iter()
        .find_map(|change| change.before.as_ref()?.field(field_name).cloned())?;
    let column = match field.arg("db_column").and_then(|v| v.as_str()) {
        Some(column) => column.to_string(),
        None if matches!(
            field.class,
            crate::ir::FieldClass::Known(
                crate::ir::FieldType::ForeignKey | crate::ir::FieldType::OneToOneField
            )
        ) =>
        {
            format!("{field_name}_id")
        }
        None => field_name.to_string(),
    };
    let is_m2m = matches!(
        field.class,
        crate::ir::FieldClass::Known(crate::ir::FieldType::ManyToManyField)
    );
    let needs_nullable = !is_m2m && !field.flag("null", false) && field.arg("db_default").is_none();
    let release_1_sql = needs_nullable.then(|| {
        (
            vec![format!(
                "ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" DROP NOT NULL"
            )],
            vec![format!(
                "ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" SET NOT NULL"
            )],
        )
    });
    let kind = if is_m2m { "table" } else { "column" };
    fix::state_first_then_drop(
        facts,
        index,
        fix::Contract {
            kind,
            name: field_name,
            release_1_sql,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, check_files, migration, rules, INITIAL};

    #[test]
    fn remove_field_breaks_old_code_and_the_fix_is_two_releases() {
        let findings = check_change(&migration(
            "        migrations.RemoveField(model_name=\"order\", name=\"total\"),",
        ));
        assert_eq!(rules(&findings), ["drop-column"]);
        let fix = findings[0].fix.as_ref().expect("fix");
        assert_eq!(fix.releases.len(), 2);
        let release_1 = &fix.releases[0].files[0].contents;
        assert!(release_1.contains("DROP NOT NULL"), "{release_1}");
        let release_2 = &fix.releases[1].files[0];
        assert!(
            release_2.contents.contains("DROP COLUMN"),
            "{}",
            release_2.contents
        );
        let drop_name = release_2
            .path
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let after = check_files(
            &[
                ("0001_initial", INITIAL),
                ("0002_change", release_1),
                (drop_name.as_str(), &release_2.contents),
            ],
            "0002_change",
        );
        assert_eq!(rules(&after), Vec::<&str>::new(), "{release_1}");
        let after = check_files(
            &[
                ("0001_initial", INITIAL),
                ("0002_change", release_1),
                (drop_name.as_str(), &release_2.contents),
            ],
            &drop_name,
        );
        assert!(
            after.iter().all(|f| f.severity < super::Level::Warning),
            "{after:#?}"
        );
    }
}
