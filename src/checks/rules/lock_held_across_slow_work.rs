//! `lock-held-across-slow-work`: a blocking lock taken by one operation and held while later
//! slow work runs in the same transaction.

use super::super::facts::{MigrationFacts, StatementRef};
use super::super::finding::{Category, Finding, Label, Level};
use super::one_line;
use crate::locks::transaction::{StatementOrigin, TableLock};
use crate::locks::{Blocking, RelationRef, TargetRole};

const RULE: &str = "lock-held-across-slow-work";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let statements: Vec<StatementRef<'_>> = facts.statements().collect();
    let mut reported: Vec<String> = Vec::new();
    for table in strongest_first(facts) {
        if table.new_table || !(table.blocks.reads || table.blocks.writes) {
            continue;
        }
        let Some(taker) = statements.get(table.taken_by) else {
            continue;
        };
        // `DROP INDEX` names only the index: its table is the one the operation's model uses.
        let name = resolved_table(facts, &statements, taker, &table.table);
        if reported.contains(&name) || !facts.carries_traffic(taker, &name) {
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
                    && (slow.operation != taker.operation
                        || !own_slow_work(&statements, taker.operation, &name))
            })
            // Work on the same table that takes a lock blocking as much itself (an index build
            // under an earlier index build's SHARE) waits on nothing the held lock adds.
            .filter(|slow| !blocks_as_much_itself(slow, &name, table.blocks))
            .collect();
        if later.is_empty() {
            continue;
        }
        reported.push(name.clone());
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
                name,
                if later.len() == 1 { "a slow statement runs".to_string() } else { format!("{} slow statements run", later.len()) }
            ),
        );
        finding.statement = Some(taker.text().to_string());
        finding.table = Some(name.clone());
        finding.notes.push(format!(
            "{} on {} {}",
            table.mode.sql_name(),
            name,
            table.blocks.summary()
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
        finding.help = Some("move the slow work into its own migration (or make the migration atomic = False and build indexes CONCURRENTLY), so the lock is released first".into());
        out.push(finding);
    }
}

/// The migration's locked tables, strongest lock first, then earliest taken: when one table
/// appears under several names (each `DROP INDEX` locks "the table of index X"), the entry
/// reported is the one whose lock blocks the most for the longest.
fn strongest_first<'a>(facts: &'a MigrationFacts<'_>) -> Vec<&'a TableLock> {
    let mut tables: Vec<&TableLock> = facts.locks.tables.iter().collect();
    tables.sort_by(|a, b| b.mode.cmp(&a.mode).then(a.taken_by.cmp(&b.taken_by)));
    tables
}

/// The table a lock entry stands for: its name, or for "the table of index X" the table that
/// the statements of operations on the same model name.
fn resolved_table(
    facts: &MigrationFacts<'_>,
    statements: &[StatementRef<'_>],
    taker: &StatementRef<'_>,
    table: &str,
) -> String {
    let Some(RelationRef::TableOfIndex { .. }) = taker.classified().and_then(|c| {
        c.locks
            .iter()
            .find(|lock| lock.role == TargetRole::Table && lock.relation.to_string() == table)
            .map(|lock| &lock.relation)
    }) else {
        return table.to_string();
    };
    let models: Vec<_> = facts
        .model_changes(taker.operation)
        .iter()
        .map(|change| &change.key)
        .collect();
    statements
        .iter()
        .filter(|s| {
            facts
                .model_changes(s.operation)
                .iter()
                .any(|change| models.contains(&&change.key))
        })
        .find_map(|s| s.table())
        .unwrap_or(table)
        .to_string()
}

/// Whether `slow` works on `table` under a lock of its own that blocks everything `held` does.
fn blocks_as_much_itself(slow: &StatementRef<'_>, table: &str, held: Blocking) -> bool {
    slow.table() == Some(table)
        && slow.table_lock().is_some_and(|mode| {
            let own = mode.blocking();
            (own.reads || !held.reads) && (own.writes || !held.writes)
        })
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
    use super::super::testing::{check_change, check_files, migration, rules};

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
    #[test]
    fn index_builds_under_an_earlier_index_builds_share_lock_are_not_a_finding() {
        // django_celery_results 0004: AlterField db_index=True on two fields, then a third.
        let findings = check_change(&migration(
            r#"        migrations.AlterField(model_name="order", name="total", field=models.IntegerField(db_index=True)),
        migrations.AddIndex(model_name="order", index=models.Index(fields=["note"], name="order_note_idx")),"#,
        ));
        assert!(
            !rules(&findings).contains(&"lock-held-across-slow-work"),
            "{findings:#?}"
        );
        assert_eq!(
            rules(&findings),
            ["index-not-concurrent", "index-not-concurrent"]
        );
    }

    #[test]
    fn dropped_indexes_held_over_a_build_are_one_finding_naming_the_table() {
        // django_celery_results 0009: several db_index=True removed, then AddIndex.
        let initial = super::super::testing::INITIAL
            .replace(
                "models.IntegerField()",
                "models.IntegerField(db_index=True)",
            )
            .replace(
                "models.CharField(max_length=20, null=True)",
                "models.CharField(max_length=20, null=True, db_index=True)",
            );
        let change = migration(
            r#"        migrations.AlterField(model_name="order", name="total", field=models.IntegerField()),
        migrations.AlterField(model_name="order", name="note", field=models.CharField(max_length=20, null=True)),
        migrations.AddIndex(model_name="order", index=models.Index(fields=["total"], name="order_total_idx")),"#,
        );
        let findings = check_files(
            &[("0001_initial", &initial), ("0002_change", &change)],
            "0002_change",
        );
        let held: Vec<_> = findings
            .iter()
            .filter(|f| f.rule == "lock-held-across-slow-work")
            .collect();
        assert_eq!(held.len(), 1, "{findings:#?}");
        assert_eq!(held[0].table.as_deref(), Some("shop_order"));
        assert_eq!(held[0].operation, Some(0));
    }
}
