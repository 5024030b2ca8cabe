//! `run-python-irreversible`: `RunPython` without `reverse_code`.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level};
use crate::ir::OperationKind;

const RULE: &str = "run-python-irreversible";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    for (index, operation) in facts.migration.operations.iter().enumerate() {
        let OperationKind::RunPython {
            reverse_code: None, ..
        } = &operation.kind
        else {
            continue;
        };
        let mut finding = facts.finding(
            RULE,
            Level::Warning,
            &[Category::Irreversible],
            index,
            "RunPython has no reverse_code: this migration cannot be unapplied, so a failed release cannot be rolled back with `migrate`",
        );
        finding.help = Some(
            "pass reverse_code (migrations.RunPython.noop when there is nothing to undo)".into(),
        );
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn run_python_without_reverse() {
        let text = migration("        migrations.RunPython(forwards),").replace(
            "class Migration",
            "def forwards(apps, schema_editor):\n    pass\n\n\nclass Migration",
        );
        assert_eq!(rules(&check_change(&text)), ["run-python-irreversible"]);
        let text = text.replace(
            "RunPython(forwards)",
            "RunPython(forwards, migrations.RunPython.noop)",
        );
        assert_eq!(rules(&check_change(&text)), Vec::<&str>::new());
    }
}
