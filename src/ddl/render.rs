//! `manage.py sqlmigrate` text, and psycopg's client-side parameter merging for
//! `RunSQL((sql, params))`.

use super::expressions::literal;
use super::{MigrationSql, Statement};
use crate::ir::Value;

/// Merges parameters into SQL as psycopg's `mogrify` does (`%s`, `%(name)s`, `%%`).
pub fn mogrify(sql: &str, params: &Value) -> Result<String, String> {
    let positional = params.as_sequence();
    let named = match params.resolved() {
        Value::Dict(items) => Some(items),
        _ => None,
    };
    let mut output = String::new();
    let mut chars = sql.char_indices().peekable();
    let mut next_positional = 0;
    while let Some((index, c)) = chars.next() {
        if c != '%' {
            output.push(c);
            continue;
        }
        match chars.peek().map(|(_, next)| *next) {
            Some('%') => {
                chars.next();
                output.push('%');
            }
            Some('s') => {
                chars.next();
                let items = positional.ok_or("%s placeholder with named parameters")?;
                let value = items
                    .get(next_positional)
                    .ok_or("fewer parameters than placeholders")?;
                next_positional += 1;
                output.push_str(&literal(value)?);
            }
            Some('(') => {
                let rest = &sql[index + 2..];
                let end = rest.find(")s").ok_or("unterminated %(name)s placeholder")?;
                let name = &rest[..end];
                let items = named.ok_or("%(name)s placeholder with positional parameters")?;
                let value = items
                    .iter()
                    .find(|(key, _)| key.as_str() == Some(name))
                    .map(|(_, v)| v)
                    .ok_or("missing named parameter")?;
                output.push_str(&literal(value)?);
                for _ in 0..end + 2 {
                    chars.next();
                }
            }
            _ => return Err("stray % in SQL with parameters".into()),
        }
    }
    Ok(output)
}

/// The text of one statement as `sqlmigrate` collects it (with its `;`).
fn statement_lines(statement: &Statement) -> Option<String> {
    let text = match statement {
        Statement::Sql(sql) => sql.clone(),
        Statement::RunSql { sql, params: None } => sql.clone(),
        Statement::RunSql {
            sql,
            params: Some(params),
        } => match mogrify(sql, params) {
            Ok(merged) => merged,
            Err(reason) => {
                return Some(format!(
                    "-- migguard: not translated: parameters of RunSQL: {reason}"
                ))
            }
        },
        Statement::RunPython { .. } => return None,
        Statement::NotTranslated { reason } => {
            return Some(format!("-- migguard: not translated: {reason}"))
        }
    };
    let ending = if text.trim_end().ends_with(';') {
        ""
    } else {
        ";"
    };
    Some(format!("{text}{ending}"))
}

/// Exactly `manage.py sqlmigrate` text.
pub fn render_sqlmigrate(migration: &MigrationSql) -> String {
    let mut lines: Vec<String> = Vec::new();
    for operation in &migration.operations {
        lines.push("--".into());
        lines.push(format!("-- {}", operation.description));
        lines.push("--".into());
        if operation.class_name == "RunPython" {
            lines.push("-- THIS OPERATION CANNOT BE WRITTEN AS SQL".into());
            continue;
        }
        let rendered: Vec<String> = operation
            .statements
            .iter()
            .filter_map(statement_lines)
            .collect();
        if rendered.is_empty() {
            lines.push("-- (no-op)".into());
        }
        lines.extend(rendered);
    }
    lines.extend(
        migration
            .deferred
            .iter()
            .filter_map(|deferred| statement_lines(&deferred.statement)),
    );
    if lines.is_empty() {
        return String::new();
    }
    let body = lines.join("\n");
    if migration.atomic {
        format!("BEGIN;\n{body}\nCOMMIT;\n")
    } else {
        format!("{body}\n")
    }
}
