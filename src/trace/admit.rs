//! Which statements a rehearsal may run: only those a `ROLLBACK` undoes completely.
//!
//! Never run: `RunPython` (arbitrary Python), operations migguard could not translate,
//! statements the classifier does not recognise, transaction control (a `COMMIT` in a
//! `RunSQL` would end the rehearsal's transaction), statements PostgreSQL refuses in a
//! transaction block in a migration Django runs outside one (`atomic = False`: CONCURRENTLY,
//! VACUUM), sequence functions and INSERTs (sequence values are not returned by a rollback),
//! and `RunSQL` with parameters. In an atomic migration a statement PostgreSQL refuses in a
//! transaction block is sent as Django sends it: PostgreSQL rejects it before doing anything
//! (SQLSTATE 25001), which is exactly how `migrate` fails.

use crate::ddl::{MigrationSql, Statement};
use crate::locks::transaction::{StatementOrigin, TimedStatement};
use crate::locks::{Classifier, Form, TargetRole, TransactionControl, TransactionUse};

/// `Ok` when the statement may be rehearsed, else why not.
pub fn admit(
    statement: &TimedStatement,
    migration: &MigrationSql,
    classifier: &Classifier<'_>,
) -> Result<(), String> {
    match statement.origin {
        StatementOrigin::RunPython => {
            return Err("RunPython: trace never runs Python code".to_string())
        }
        StatementOrigin::NotTranslated => {
            return Err(format!(
                "migguard could not translate this operation ({})",
                statement.text.trim_start_matches("-- ")
            ))
        }
        StatementOrigin::RunSql if has_params(migration, statement.operation) => {
            return Err("RunSQL with parameters: trace does not substitute them".to_string())
        }
        _ => {}
    }
    let Some(classified) = &statement.classified else {
        return Err("no SQL to run".to_string());
    };
    if let Some(unclassified) = &classified.unclassified {
        return Err(format!(
            "the lock classifier does not recognise this statement ({unclassified:?}), so trace cannot tell that a rollback undoes it"
        ));
    }
    // `SET CONSTRAINTS` (Django runs it around foreign keys) only moves the checks of
    // deferred constraints within the transaction: it is rehearsed.
    let ends_or_splits = !matches!(
        classified.transaction_control,
        None | Some(TransactionControl::SetConstraints { .. })
    );
    if ends_or_splits {
        return Err(
            "transaction control: it would end or change the rehearsal's transaction".to_string(),
        );
    }
    if classified.transaction == Some(TransactionUse::Forbidden) && !migration.atomic {
        return Err(format!(
            "PostgreSQL refuses it inside a transaction block, and Django runs it outside one (atomic = False): it cannot be rolled back{}",
            plain_form_note(&statement.text, classifier)
        ));
    }
    let lowered = statement.text.to_ascii_lowercase();
    if ["nextval", "setval"]
        .iter()
        .any(|name| lowered.contains(name))
    {
        return Err(
            "it calls a sequence function: sequence values are not returned by a rollback"
                .to_string(),
        );
    }
    if classified
        .forms
        .iter()
        .any(|form| matches!(form, Form::Insert | Form::InsertSelect))
    {
        return Err(
            "an INSERT may draw values from a sequence (serial or identity default), which a rollback does not return"
                .to_string(),
        );
    }
    Ok(())
}

fn has_params(migration: &MigrationSql, operation: usize) -> bool {
    migration.operations.get(operation).is_some_and(|op| {
        op.statements.iter().any(|statement| {
            matches!(
                statement,
                Statement::RunSql {
                    params: Some(_),
                    ..
                }
            )
        })
    })
}

/// "; without CONCURRENTLY it would take SHARE on t": what the plain form would lock.
fn plain_form_note(text: &str, classifier: &Classifier<'_>) -> String {
    let lowered = text.to_ascii_lowercase();
    let Some(start) = lowered.find(" concurrently") else {
        return String::new();
    };
    let plain = format!(
        "{}{}",
        &text[..start],
        &text[start + " concurrently".len()..]
    );
    let Some(classified) = classifier.classify(&plain).into_iter().next() else {
        return String::new();
    };
    let locks: Vec<String> = classified
        .locks
        .iter()
        .filter(|lock| lock.condition.is_none() && lock.role == TargetRole::Table)
        .map(|lock| format!("{} on {}", lock.mode.sql_name(), lock.relation))
        .collect();
    if locks.is_empty() {
        String::new()
    } else {
        format!(
            "; without CONCURRENTLY it would take {} for the whole build",
            locks.join(", ")
        )
    }
}
