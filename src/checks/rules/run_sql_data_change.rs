//! `run-sql-data-change`: `RunSQL` that changes rows without a bound.

use super::super::facts::MigrationFacts;
use super::super::finding::{Category, Finding, Level};
use super::{has_word, statement_finding};
use crate::locks::Form;

const RULE: &str = "run-sql-data-change";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let mut grouped: std::collections::BTreeMap<usize, Vec<_>> = Default::default();
    for statement in facts.statements().filter(|s| s.is_run_sql()) {
        let unbounded = ((statement.has_form(Form::Update) || statement.has_form(Form::Delete))
            && !has_word(statement.text(), "WHERE"))
            || statement.has_form(Form::InsertSelect);
        if unbounded && facts.busy_table(&statement).is_some() {
            grouped
                .entry(statement.operation)
                .or_default()
                .push(statement);
        }
    }
    for (operation, statements) in grouped {
        let table = statements[0].table().unwrap_or_default();
        let mut finding = statement_finding(
            facts,
            RULE,
            Level::Warning,
            &[Category::DataChange],
            operation,
            &statements,
            format!("RunSQL changes every row of {table} in one statement: each row stays locked until the migration commits, blocking the old code's updates of them"),
        );
        finding.help = Some("update in batches (bounded by a key range) in a migration of its own, or from a management command outside the deploy".into());
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn update_without_where_is_reported_and_with_where_it_is_not() {
        let text = migration("        migrations.RunSQL(\"UPDATE shop_order SET total = 0\", reverse_sql=migrations.RunSQL.noop),");
        assert_eq!(rules(&check_change(&text)), ["run-sql-data-change"]);
        let bounded = text.replace("total = 0", "total = 0 WHERE id < 1000");
        assert_eq!(rules(&check_change(&bounded)), Vec::<&str>::new());
    }
}
