//! Staged fixes as migration files: edits of the user's own migration (its text reused from
//! the source spans) and new migration files in Django 4.2–5.2 idioms.

use std::path::{Path, PathBuf};

use super::facts::MigrationFacts;
use super::finding::FixFile;
use super::python;
use crate::ir::Span;

/// Replace `start..end` of a file's text with `text`.
#[derive(Debug, Clone)]
pub(crate) struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Edit {
    pub fn replace(span: Span, text: impl Into<String>) -> Edit {
        Edit {
            start: span.start as usize,
            end: span.end as usize,
            text: text.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit {
            start: at,
            end: at,
            text: text.into(),
        }
    }
}

/// The text with the edits applied (they must not overlap; applied from the end).
pub(crate) fn apply(source: &str, mut edits: Vec<Edit>) -> Option<String> {
    edits.sort_by_key(|edit| (edit.start, edit.end));
    for pair in edits.windows(2) {
        if pair[0].end > pair[1].start {
            return None;
        }
    }
    let mut out = source.to_string();
    for edit in edits.iter().rev() {
        if edit.end > out.len()
            || !out.is_char_boundary(edit.start)
            || !out.is_char_boundary(edit.end)
        {
            return None;
        }
        out.replace_range(edit.start..edit.end, &edit.text);
    }
    Some(out)
}

/// The column (0-based) where the line holding `offset` starts its text.
pub(crate) fn indentation_at(source: &str, offset: usize) -> usize {
    let line_start = source[..offset.min(source.len())]
        .rfind('\n')
        .map_or(0, |at| at + 1);
    source[line_start..]
        .chars()
        .take_while(|c| *c == ' ')
        .count()
}

/// Moves every line after the first by `to - from` columns (text inside brackets keeps its
/// meaning whatever its indentation; this keeps it readable).
pub(crate) fn reindent(text: &str, from: usize, to: usize) -> String {
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or("").to_string();
    for line in lines {
        out.push('\n');
        if to >= from {
            out.push_str(&" ".repeat(to - from));
            out.push_str(line);
        } else {
            let strip = line
                .chars()
                .take(from - to)
                .take_while(|c| *c == ' ')
                .count();
            out.push_str(&line[strip..]);
        }
    }
    out
}

/// Whether the file already binds `models` from `django.db` (`from django.db import migrations, models`).
fn imports_django_models(source: &str) -> bool {
    source.lines().any(|line| {
        line.trim_start()
            .strip_prefix("from django.db import ")
            .is_some_and(|names| names.split(',').any(|name| name.trim() == "models"))
    })
}

/// An edit inserting `imports` after the file's last top-level import line.
pub(crate) fn imports_edit(source: &str, imports: &python::Imports) -> Option<Edit> {
    let missing: Vec<&String> = imports
        .0
        .iter()
        .filter(|line| {
            !source
                .lines()
                .any(|existing| existing.trim() == line.as_str())
        })
        .filter(|line| {
            line.as_str() != "from django.db import models" || !imports_django_models(source)
        })
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut offset = 0;
    let mut insert_at = 0;
    for line in source.split_inclusive('\n') {
        if line.starts_with("import ") || line.starts_with("from ") {
            insert_at = offset + line.len();
        }
        offset += line.len();
    }
    let mut text: String = missing.iter().map(|line| format!("{line}\n")).collect();
    if insert_at == 0 {
        text.push('\n');
    }
    Some(Edit::insert(insert_at, text))
}

/// An edit making the migration non-atomic: `atomic = True` becomes `False`, or the line is
/// added as the first line of the class body.
pub(crate) fn non_atomic_edit(facts: &MigrationFacts<'_>) -> Option<Edit> {
    let class = facts.migration.span;
    let body = facts.source.get(class.start as usize..class.end as usize)?;
    if let Some(at) = body.find("atomic = True") {
        let start = class.start as usize + at;
        return Some(Edit {
            start,
            end: start + "atomic = True".len(),
            text: "atomic = False".into(),
        });
    }
    let header_end = class.start as usize + body.find(":\n")? + 2;
    let indent = facts.source[header_end..]
        .lines()
        .find(|line| !line.trim().is_empty())
        .map_or(4, |line| line.chars().take_while(|c| *c == ' ').count());
    // Keep the file's spacing: one blank line after the attribute if the body starts with one.
    let separator = if facts.source[header_end..].starts_with('\n') {
        ""
    } else {
        "\n"
    };
    Some(Edit::insert(
        header_end,
        format!("{}atomic = False\n{separator}", " ".repeat(indent)),
    ))
}

/// The user's migration file with `edits` applied, as a fix file at the same path.
pub(crate) fn edited_migration(facts: &MigrationFacts<'_>, edits: Vec<Edit>) -> Option<FixFile> {
    Some(FixFile {
        path: facts.path.to_path_buf(),
        contents: apply(facts.source, edits)?,
    })
}

/// The file replacing the user's migration: operation `index` replaced by `replacement`
/// (written at the operation's indentation), the migration made non-atomic if asked, and the
/// imports added.
pub(crate) fn replace_operation(
    facts: &MigrationFacts<'_>,
    index: usize,
    replacement: &str,
    imports: &python::Imports,
    non_atomic: bool,
) -> Option<FixFile> {
    let operation = facts.operation(index)?;
    let mut edits = vec![Edit::replace(operation.span, replacement)];
    if non_atomic && facts.migration.atomic {
        edits.push(non_atomic_edit(facts)?);
    }
    edits.extend(imports_edit(facts.source, imports));
    edited_migration(facts, edits)
}

/// The user's text of operation `index`, moved to `indent`.
pub(crate) fn operation_text(
    facts: &MigrationFacts<'_>,
    index: usize,
    indent: usize,
) -> Option<String> {
    let operation = facts.operation(index)?;
    let text = facts.text(operation.span);
    if text.is_empty() {
        return None;
    }
    let from = indentation_at(facts.source, operation.span.start as usize);
    Some(reindent(text, from, indent))
}

/// A new migration file in the same migrations package.
pub(crate) fn new_migration(
    beside: &Path,
    name: &str,
    dependencies: &[(String, String)],
    operations: &[String],
    imports: &python::Imports,
    atomic: bool,
) -> FixFile {
    let mut text = String::from("from django.db import migrations, models\n");
    for line in &imports.0 {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("\n\nclass Migration(migrations.Migration):\n");
    if !atomic {
        text.push_str("    atomic = False\n\n");
    }
    text.push_str("    dependencies = [\n");
    for (app, migration) in dependencies {
        text.push_str(&format!(
            "        ({}, {}),\n",
            python::string(app),
            python::string(migration)
        ));
    }
    text.push_str("    ]\n\n    operations = [\n");
    for operation in operations {
        text.push_str("        ");
        text.push_str(operation);
        text.push_str(",\n");
    }
    text.push_str("    ]\n");
    let path: PathBuf = beside
        .parent()
        .map(|dir| dir.join(format!("{name}.py")))
        .unwrap_or_else(|| PathBuf::from(format!("{name}.py")));
    FixFile {
        path,
        contents: text,
    }
}

/// `migrations.RunSQL(sql=[...], reverse_sql=[...])` at `indent`.
pub(crate) fn run_sql(forward: &[String], reverse: Option<&[String]>, indent: usize) -> String {
    let pad = " ".repeat(indent + 4);
    let list = |statements: &[String]| {
        let mut out = String::from("[\n");
        for statement in statements {
            out.push_str(&format!("{pad}    {},\n", python::string(statement)));
        }
        out.push_str(&pad);
        out.push(']');
        out
    };
    let reverse = match reverse {
        Some(reverse) => list(reverse),
        None => "migrations.RunSQL.noop".to_string(),
    };
    format!(
        "migrations.RunSQL(\n{pad}sql={},\n{pad}reverse_sql={reverse},\n{})",
        list(forward),
        " ".repeat(indent)
    )
}

/// `migrations.SeparateDatabaseAndState(state_operations=[...], database_operations=[...])`
/// at `indent`; each operation text is already indented for its place in the list.
pub(crate) fn separate_database_and_state(
    state: &[String],
    database: &[String],
    indent: usize,
) -> String {
    let pad = " ".repeat(indent + 4);
    let list = |operations: &[String]| {
        if operations.is_empty() {
            return "[]".to_string();
        }
        let mut out = String::from("[\n");
        for operation in operations {
            out.push_str(&format!("{pad}    {operation},\n"));
        }
        out.push_str(&pad);
        out.push(']');
        out
    };
    format!(
        "migrations.SeparateDatabaseAndState(\n{pad}state_operations={},\n{pad}database_operations={},\n{})",
        list(state),
        list(database),
        " ".repeat(indent)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_from_the_end_and_refuse_overlaps() {
        let text = "abcdef";
        assert_eq!(
            apply(
                text,
                vec![
                    Edit::insert(0, "X"),
                    Edit {
                        start: 2,
                        end: 4,
                        text: "Y".into()
                    }
                ]
            )
            .as_deref(),
            Some("XabYef")
        );
        assert_eq!(
            apply(
                text,
                vec![
                    Edit {
                        start: 1,
                        end: 3,
                        text: String::new()
                    },
                    Edit {
                        start: 2,
                        end: 4,
                        text: String::new()
                    }
                ]
            ),
            None
        );
    }

    #[test]
    fn reindent_moves_following_lines_only() {
        assert_eq!(
            reindent("a(\n    b,\n)", 0, 8),
            "a(\n            b,\n        )"
        );
        assert_eq!(
            reindent("a(\n            b,\n        )", 8, 4),
            "a(\n        b,\n    )"
        );
    }

    #[test]
    fn run_sql_is_valid_python_shape() {
        let text = run_sql(
            &["CREATE INDEX CONCURRENTLY \"i\" ON \"t\" (\"c\")".into()],
            None,
            8,
        );
        assert!(text.starts_with("migrations.RunSQL(\n            sql=[\n"));
        assert!(text.contains("'CREATE INDEX CONCURRENTLY \"i\" ON \"t\" (\"c\")',"));
        assert!(text.contains("reverse_sql=migrations.RunSQL.noop,"));
        assert!(text.ends_with("\n        )"));
    }
}

/// The fix for an operation whose statements have a lock-safe staged form: the operation is
/// kept for the state and its SQL runs staged (`CONCURRENTLY`, `NOT VALID` + `VALIDATE`, ...)
/// in a non-atomic migration, each statement committing on its own.
pub(crate) fn staged_statements_fix(
    facts: &MigrationFacts<'_>,
    index: usize,
    title: &str,
) -> Option<super::finding::StagedFix> {
    use crate::ir::OperationKind;
    use crate::locks::transaction::StatementOrigin;

    let operation = facts.operation(index)?;
    let sql = facts.operation_sql(index)?;
    if sql.statements.iter().any(|statement| {
        matches!(
            statement,
            crate::ddl::Statement::NotTranslated { .. }
                | crate::ddl::Statement::RunPython { .. }
                | crate::ddl::Statement::RunSql {
                    params: Some(_),
                    ..
                }
        )
    }) {
        return None;
    }
    let statements: Vec<_> = facts.statements_of(index).collect();
    if statements.iter().any(|s| {
        matches!(
            s.timed.origin,
            StatementOrigin::RunPython | StatementOrigin::NotTranslated
        )
    }) {
        return None;
    }
    let texts: Vec<&str> = statements.iter().map(|s| s.text()).collect();
    let (forward, reverse, changed) = super::staging::stage_all(&texts);
    if !changed {
        return None;
    }
    let indent = indentation_at(facts.source, operation.span.start as usize);
    let replacement = match &operation.kind {
        OperationKind::RunSQL {
            state_operations, ..
        } if state_operations.is_empty() => run_sql(&forward, reverse.as_deref(), indent),
        OperationKind::RunSQL { .. } | OperationKind::SeparateDatabaseAndState { .. } => {
            return None
        }
        _ => {
            let state = operation_text(facts, index, indent + 8)?;
            separate_database_and_state(
                &[state],
                &[run_sql(&forward, reverse.as_deref(), indent + 8)],
                indent,
            )
        }
    };
    let file = replace_operation(
        facts,
        index,
        &replacement,
        &python::Imports::default(),
        true,
    )?;
    Some(super::finding::StagedFix {
        title: title.to_string(),
        replaces: facts.path.to_path_buf(),
        releases: vec![super::finding::Release {
            title: "one release: the same change, staged so no statement holds a blocking lock for long (atomic = False: each statement commits on its own)".into(),
            deploy_after: None,
            files: vec![file],
        }],
        leaves: Vec::new(),
    })
}
