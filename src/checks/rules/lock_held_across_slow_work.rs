//! `lock-held-across-slow-work`: a blocking lock taken by one operation and held while later
//! slow work runs in the same transaction.

use super::super::facts::{MigrationFacts, StatementRef};
use super::super::finding::{Category, Finding, Label, Level};
use super::one_line;
use crate::locks::transaction::StatementOrigin;
use crate::report::locks::blocked_traffic;

const RULE: &str = "lock-held-across-slow-work";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let statements: Vec<StatementRef<'_>> = facts.statements().collect();
    for table in &facts.locks.tables {
        if table.new_table || !(table.blocks.reads || table.blocks.writes) {
            continue;
        }
        let Some(taker) = statements.get(table.taken_by) else {
            continue;
        };
        if !facts.carries_traffic(taker, &table.table) {
            continue;
        }
        let later: Vec<&StatementRef<'_>> = table
            .slow_while_held
            .iter()
            .filter_map(|&index| statements.get(index))
            // Slow work of the taking operation is its own finding when that operation works
            // on this table slowly itself (a rewrite of both a key's table and its foreign
            // keys' tables); otherwise (the referenced table of a new foreign key, locked while
            // the new column's index is built) it is this one.
            // Work on a table created in this migration or the change is instant: it is empty.
            .filter(|slow| slow.table().is_none_or(|t| facts.carries_traffic(slow, t)))
            .filter(|slow| {
                slow.index > taker.index
                    && slow.index <= taker.timed.held_until
                    && (slow.operation != taker.operation || !own_slow_work(&statements, taker.operation, &table.table))
            })
            .collect();
        let Some(first) = later.first() else {
            continue;
        };
        let categories: &[Category] = if table.blocks.reads {
            &[Category::BlocksReads, Category::BlocksWrites]
        } else {
            &[Category::BlocksWrites]
        };
        let mut finding = facts.finding(
            RULE,
            Level::Error,
            categories,
            taker.operation,
            format!(
                "takes {} on {} and holds it until the migration commits, while {} after it: the table's traffic waits for all of it",
                table.mode.sql_name(),
                table.table,
                if later.len() == 1 { "a slow statement runs".to_string() } else { format!("{} slow statements run", later.len()) }
            ),
        );
        finding.statement = Some(taker.text().to_string());
        finding.table = Some(table.table.clone());
        finding.notes.push(format!(
            "{} on {} {}",
            table.mode.sql_name(),
            table.table,
            blocked_traffic(&table.blocks)
        ));
        for slow in &later {
            finding
                .notes
                .push(format!("while held: {}", describe(slow)));
            if let Some(operation) = facts.operation(slow.operation) {
                if !finding
                    .labels
                    .iter()
                    .any(|label| label.span == operation.span)
                {
                    finding.labels.push(Label {
                        span: operation.span,
                        message: format!("slow work under the lock: {}", describe(slow)),
                    });
                }
            }
        }
        let _ = first;
        finding.help = Some("move the slow work into its own migration (or make the migration atomic = False and build indexes CONCURRENTLY), so the lock is released first".into());
        out.push(finding);
    }
}

/// Whether `operation` itself does slow work on `table` (a rewrite, scan or index build).
fn own_slow_work(statements: &[StatementRef<'_>], operation: usize, table: &str) -> bool {
    statements.iter().any(|s| {
        s.operation == operation
            && s.table() == Some(table)
            && s.classified().is_some_and(|c| c.rewrite || c.scan)
    })
}

fn describe(statement: &StatementRef<'_>) -> String {
    match statement.timed.origin {
        StatementOrigin::RunPython => "RunPython".to_string(),
        StatementOrigin::NotTranslated => "an operation migguard could not translate".to_string(),
        _ => {
            let text = one_line(statement.text());
            if text.len() > 100 {
                format!(
                    "{}...",
                    &text[..text.char_indices().nth(97).map_or(text.len(), |(i, _)| i)]
                )
            } else {
                text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn access_exclusive_held_over_a_later_index_build() {
        let findings = check_change(&migration(
            r#"        migrations.AddField(model_name="order", name="flag", field=models.BooleanField(null=True)),
        migrations.AddIndex(model_name="order", index=models.Index(fields=["total"], name="order_total_idx")),"#,
        ));
        let names = rules(&findings);
        assert!(
            names.contains(&"lock-held-across-slow-work"),
            "{findings:#?}"
        );
        let finding = findings
            .iter()
            .find(|f| f.rule == "lock-held-across-slow-work")
            .unwrap();
        assert_eq!(finding.operation, Some(0));
        assert_eq!(finding.labels.len(), 1);
    }

    #[test]
    fn a_lone_brief_lock_is_not_a_finding() {
        let findings = check_change(&migration(
            "        migrations.AddField(model_name=\"order\", name=\"flag\", field=models.BooleanField(null=True)),",
        ));
        assert_eq!(rules(&findings), Vec::<&str>::new());
    }
}
