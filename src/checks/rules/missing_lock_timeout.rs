//! `missing-lock-timeout` (opt-in): an ACCESS EXCLUSIVE lock taken without `lock_timeout`.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level};
use super::{has_word, lock_note};
use crate::locks::{Form, LockMode};

const RULE: &str = "missing-lock-timeout";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let mut timeout_set = false;
    for statement in facts.statements() {
        if statement.has_form(Form::SessionSet) && has_word(statement.text(), "lock_timeout") {
            timeout_set = true;
            continue;
        }
        if timeout_set || statement.table_lock() != Some(LockMode::AccessExclusive) {
            continue;
        }
        let Some(table) = facts.busy_table(&statement) else {
            continue;
        };
        let mut finding = facts.finding(
            RULE,
            Level::Info,
            &[Category::BlocksReads, Category::BlocksWrites],
            statement.operation,
            format!("takes ACCESS EXCLUSIVE on {table} without lock_timeout: if a long query holds the table, this statement waits and every query behind it waits too"),
        );
        finding.statement = Some(statement.text().to_string());
        finding.table = Some(table.to_string());
        finding.notes.extend(lock_note(facts, &statement));
        finding.help = Some("start the migration with migrations.RunSQL(\"SET lock_timeout = '5s'\", migrations.RunSQL.noop) (or set it for the migrate role) and retry on timeout".into());
        out.push(finding);
        return;
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::rules::testing::{check_with_rules, migration, rules};

    #[test]
    fn opt_in_rule_reports_the_first_access_exclusive_lock() {
        let text = migration("        migrations.AddField(model_name=\"order\", name=\"flag\", field=models.BooleanField(null=True)),");
        assert_eq!(
            rules(&check_with_rules(&text, &["missing-lock-timeout"])),
            ["missing-lock-timeout"]
        );
        let with_timeout = migration("        migrations.RunSQL(\"SET lock_timeout = '5s'\", migrations.RunSQL.noop),\n        migrations.AddField(model_name=\"order\", name=\"flag\", field=models.BooleanField(null=True)),");
        assert_eq!(
            rules(&check_with_rules(&with_timeout, &["missing-lock-timeout"])),
            Vec::<&str>::new()
        );
    }
}
