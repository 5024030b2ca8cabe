//! `migguard locks` for people: each statement with its locks, then each table with what its
//! strongest lock blocks and for how long.

use std::fmt::Write as _;

use crate::locks::transaction::{MigrationLocks, StatementOrigin, TransactionProblem};

/// The report of one migration.
pub fn text(title: &str, pg_major: u32, locks: &MigrationLocks) -> String {
    let mut out = String::new();
    let transaction = if locks.atomic {
        "atomic: one transaction, every lock held until it commits"
    } else {
        "atomic = False: each statement commits on its own"
    };
    let _ = writeln!(out, "{title}  (PostgreSQL {pg_major}; {transaction})\n");
    for (index, statement) in locks.statements.iter().enumerate() {
        let number = index + 1;
        let text = statement
            .text
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(out, "{number:>3}  {text}");
        match (&statement.origin, &statement.classified) {
            (StatementOrigin::RunPython, _) => {
                let transaction = if statement.transaction.is_some() {
                    "inside a transaction"
                } else {
                    "in autocommit mode"
                };
                let _ = writeln!(
                    out,
                    "     RunPython: its queries and locks are unknown; it runs {transaction}"
                );
            }
            (StatementOrigin::NotTranslated, _) => {
                let _ = writeln!(out, "     not analysed: the locks it takes are unknown");
            }
            (_, Some(classified)) => {
                for lock in &classified.locks {
                    let condition = lock
                        .condition
                        .as_ref()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "     {} on {}{condition}: {}",
                        lock.mode.sql_name(),
                        lock.relation,
                        lock.mode.blocking().summary()
                    );
                }
                let mut facts = Vec::new();
                if classified.rewrite {
                    facts.push("rewrites the table".to_string());
                }
                if classified.scan {
                    facts.push("scans every row".to_string());
                }
                if let Some(reason) = &classified.unclassified {
                    // Without a table to assume the worst on, the assumption line says so.
                    facts.push(match classified.locks.is_empty() {
                        true => format!("unclassified ({reason})"),
                        false => format!("unclassified ({reason}): worst case assumed"),
                    });
                }
                if !classified.rule_ids.is_empty() {
                    facts.push(format!("rule {}", classified.rule_ids.join(", ")));
                }
                if !facts.is_empty() {
                    let _ = writeln!(out, "     {}", facts.join("; "));
                }
                for assumption in &classified.assumptions {
                    let _ = writeln!(out, "     assumes: {assumption}");
                }
            }
            (_, None) => {}
        }
    }
    if !locks.tables.is_empty() {
        let _ = writeln!(out, "\nTables:");
    }
    for table in &locks.tables {
        let held = if locks.atomic {
            format!(
                "taken by statement {}, held until the migration commits",
                table.taken_by + 1
            )
        } else if table.held_until == table.taken_by {
            format!(
                "taken by statement {}, released when it commits",
                table.taken_by + 1
            )
        } else {
            format!(
                "taken by statement {}, held until statement {} commits",
                table.taken_by + 1,
                table.held_until + 1
            )
        };
        let new = if table.new_table {
            "  [created in this change: no traffic yet]"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {}  {}: {held}; {}{new}",
            table.table,
            table.mode.sql_name(),
            table.blocks.summary()
        );
        if !table.slow_while_held.is_empty() {
            let slow: Vec<String> = table
                .slow_while_held
                .iter()
                .map(|index| (index + 1).to_string())
                .collect();
            let _ = writeln!(
                out,
                "      slow work while it is held: statement {}",
                slow.join(", ")
            );
        }
    }
    for problem in &locks.problems {
        match problem {
            TransactionProblem::NotAllowedInTransaction { statement } => {
                let _ = writeln!(
                    out,
                    "\nerror: statement {} cannot run inside a transaction block, and this migration is atomic: `migrate` fails. Set `atomic = False` on the migration.",
                    statement + 1
                );
            }
        }
    }
    out
}
