//! Column type changes: PostgreSQL's `_alter_column_type_sql` (identity columns, sequences,
//! `USING` casts, collations, comments) and `_field_should_be_altered`.

use super::catalog::{mentions, Effect};
use super::context::{Ctx, ModelInfo};
use super::editor::Editor;
use super::fields::FieldInfo;
use super::names::{create_index_name, quote_name};
use super::schema::column_comment_sql;
use crate::ir::{FieldClass, FieldType, Value};

/// Arguments that never change the database (`Field.non_db_attrs`), and Django's defaults of
/// arguments that `deconstruct()` leaves out.
const NON_DB_ATTRS: &[&str] = &[
    "blank",
    "choices",
    "db_column",
    "editable",
    "error_messages",
    "help_text",
    "limit_choices_to",
    "on_delete",
    "related_name",
    "related_query_name",
    "validators",
    "verbose_name",
];

fn is_default_arg(field: &FieldInfo, name: &str, value: &Value) -> bool {
    let fk = field.is_foreign_key();
    match (name, value.resolved()) {
        ("null" | "primary_key" | "unique" | "auto_now" | "auto_now_add", Value::Bool(false)) => {
            true
        }
        ("db_index", Value::Bool(flag)) => *flag == (fk || field.is(FieldType::SlugField)),
        ("db_constraint" | "serialize", Value::Bool(true)) => true,
        _ => false,
    }
}

/// Span-insensitive equality of Python values.
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a.resolved(), b.resolved()) {
        (Value::Call(x), Value::Call(y)) => {
            x.func == y.func
                && x.args.len() == y.args.len()
                && x.args.iter().zip(&y.args).all(|(p, q)| same_value(p, q))
                && x.kwargs.len() == y.kwargs.len()
                && x.kwargs
                    .iter()
                    .all(|(k, v)| y.kwarg(k).is_some_and(|w| same_value(v, w)))
                && match (&x.receiver, &y.receiver) {
                    (Some(p), Some(q)) => same_value(p, q),
                    (None, None) => true,
                    _ => false,
                }
        }
        (Value::List(x) | Value::Tuple(x), Value::List(y) | Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (Value::Dict(x), Value::Dict(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| same_value(k1, k2) && same_value(v1, v2))
        }
        (
            Value::BinOp {
                op: o1,
                left: l1,
                right: r1,
            },
            Value::BinOp {
                op: o2,
                left: l2,
                right: r2,
            },
        ) => o1 == o2 && same_value(l1, l2) && same_value(r1, r2),
        (
            Value::UnaryOp {
                op: o1,
                operand: a1,
            },
            Value::UnaryOp {
                op: o2,
                operand: a2,
            },
        ) => o1 == o2 && same_value(a1, a2),
        (Value::Unknown { source: s1, .. }, Value::Unknown { source: s2, .. }) => s1 == s2,
        (Value::Str(x), Value::Str(y)) if x.contains('.') && y.contains('.') => {
            x.to_lowercase() == y.to_lowercase()
        }
        (x, y) => x == y,
    }
}

/// `_field_should_be_altered(old_field, new_field, ignore)`: Django compares the fields'
/// `deconstruct()`, so a change of class path alters the field even when the class behaves as
/// the same built-in one (a custom subclass with the same arguments). The path compared is the
/// one the migration names, resolved through its imports; a class reached through two
/// different spellings (a re-export) counts as two.
pub fn should_be_altered(old: &FieldInfo, new: &FieldInfo, ignore: &[&str]) -> bool {
    if old.column != new.column
        || old.field.class != new.field.class
        || old.field.custom_class != new.field.custom_class
    {
        return true;
    }
    let same_target_table = match (&old.relation, &new.relation) {
        (Some(a), Some(b)) => !new.is_m2m() && a.target_table == b.target_table,
        _ => false,
    };
    let relevant = |field: &FieldInfo| -> Vec<(String, Value)> {
        field
            .field
            .args
            .iter()
            .filter(|(name, value)| {
                !NON_DB_ATTRS.contains(&name.as_str())
                    && !ignore.contains(&name.as_str())
                    && !is_default_arg(field, name, value)
            })
            .filter(|(name, _)| !(same_target_table && name == "to"))
            .filter(|(name, _)| {
                !(name == "to_field" && field.relation.as_ref().is_some_and(|r| r.to_primary_key))
            })
            .cloned()
            .collect()
    };
    let (old_args, new_args) = (relevant(old), relevant(new));
    if old_args.len() != new_args.len() {
        return true;
    }
    !old_args.iter().all(|(name, value)| {
        new_args
            .iter()
            .any(|(other, other_value)| other == name && same_value(value, other_value))
    })
}

/// `_field_data_type`: the `data_types` entry (a template for parametrised types) or the
/// relation's type; equal entries need no `USING` cast.
fn field_data_type(field: &FieldInfo) -> String {
    if field.is_foreign_key() {
        return field.db_type.clone().ok().flatten().unwrap_or_default();
    }
    let internal = field.internal_type();
    match internal.as_str() {
        "CharField" => "<varchar>".into(),
        "DecimalField" => "numeric(%(max_digits)s, %(decimal_places)s)".into(),
        "FileField" | "FilePathField" | "SlugField" => "varchar(%(max_length)s)".into(),
        "OneToOneField" => "integer".into(),
        "ArrayField" => match super::column_types::nested_field(&field.field, "base_field") {
            Ok(base) => format!("array:{:?}", super::column_types::base_db_type(&base)),
            Err(_) => String::new(),
        },
        _ => field.db_type.clone().ok().flatten().unwrap_or_default(),
    }
}

fn is_auto(field: &FieldInfo) -> bool {
    matches!(
        field.field.class,
        FieldClass::Known(
            FieldType::AutoField | FieldType::BigAutoField | FieldType::SmallAutoField
        )
    )
}

/// PostgreSQL's `_is_changing_type_of_indexed_text_column`.
pub fn changing_indexed_text_type(old: &FieldInfo, old_type: &str, new_type: &str) -> bool {
    (old.db_index || old.unique)
        && ["varchar", "text", "citext"]
            .iter()
            .any(|prefix| old_type.starts_with(prefix) && !new_type.starts_with(prefix))
}

/// Records, for a `RunSQL` statement that may change a column's type (it has `ALTER` and
/// `TYPE`), the current type of each column it names of each table it names, so the lock
/// analysis can tell a rewrite from a catalog-only change instead of assuming the worst.
pub fn remember_types_for_raw_sql(editor: &mut Editor<'_>, ctx: &Ctx<'_>, sql: &str) {
    let upper = sql.to_ascii_uppercase();
    if !(upper.contains("ALTER") && upper.contains("TYPE")) {
        return;
    }
    for (key, model) in ctx.view.models() {
        let table = ctx.db_table(model);
        if !mentions(sql, &table) {
            continue;
        }
        let Some(info) = ctx.model_info(key) else {
            continue;
        };
        for field in info.fields.iter().filter(|f| mentions(sql, &f.column)) {
            if let Ok(Some(db_type)) = &field.db_type {
                editor.remember_column_type(&table, &field.column, db_type);
            }
        }
    }
}

/// `_alter_column_type_sql`: the `ALTER COLUMN ... TYPE` fragment and statements to run
/// after it. May execute statements right away (dropping `_like` indexes and identities).
pub fn alter_column_type(
    editor: &mut Editor<'_>,
    model: &ModelInfo,
    old: &FieldInfo,
    new: &FieldInfo,
    new_type: &str,
) -> (String, Vec<(String, Option<Effect>)>) {
    let table = &model.db_table;
    let old_type = old.db_type.clone().ok().flatten().unwrap_or_default();
    editor.remember_column_type(table, &old.column, &old_type);
    if changing_indexed_text_type(old, &old_type, new_type) {
        let name = create_index_name(table, std::slice::from_ref(&old.column), "_like");
        editor.forget_deferred_index(table, &name);
        editor.execute(
            format!("DROP INDEX IF EXISTS {}", quote_name(&name)),
            Some(Effect::DropIndex { name }),
        );
    }
    let column = quote_name(&new.column);
    let using = if !new.is_generated() && field_data_type(old) != field_data_type(new) {
        format!(" USING {column}::{new_type}")
    } else {
        String::new()
    };
    let fragment =
        |collation: &str| format!("ALTER COLUMN {column} TYPE {new_type}{collation}{using}");
    let (old_auto, new_auto) = (is_auto(old), is_auto(new));
    if new_auto && !old_auto {
        let add = format!(
            "ALTER TABLE {} ALTER COLUMN {column} ADD GENERATED BY DEFAULT AS IDENTITY",
            quote_name(table)
        );
        return (
            fragment(""),
            vec![(
                add,
                Some(Effect::AddIdentity {
                    table: table.clone(),
                    column: new.column.clone(),
                }),
            )],
        );
    }
    let collation = new
        .collation
        .as_ref()
        .map(|c| format!(" COLLATE {}", quote_name(c)))
        .unwrap_or_default();
    let mut other = Vec::new();
    if old_auto && !new_auto {
        editor.execute(
            format!(
                "ALTER TABLE {} ALTER COLUMN {column} DROP IDENTITY IF EXISTS",
                quote_name(table)
            ),
            Some(Effect::DropIdentity {
                table: table.clone(),
                column: new.column.clone(),
            }),
        );
        if let Some(sequence) = editor.catalog.sequence_name(table, &new.column) {
            other.push((
                format!("DROP SEQUENCE IF EXISTS {} CASCADE", quote_name(&sequence)),
                None,
            ));
        }
        return (fragment(&collation), other);
    }
    if old_auto && new_auto && old.field.class != new.field.class {
        if let Some(sequence) = editor.catalog.sequence_name(table, &new.column) {
            let sequence_type = match new.field.class {
                FieldClass::Known(FieldType::BigAutoField) => "bigint",
                FieldClass::Known(FieldType::SmallAutoField) => "smallint",
                _ => "integer",
            };
            other.push((
                format!(
                    "ALTER SEQUENCE IF EXISTS {} AS {sequence_type}",
                    quote_name(&sequence)
                ),
                None,
            ));
        }
        return (fragment(&collation), other);
    }
    if old.db_comment != new.db_comment && !new.is_m2m() {
        other.push((
            column_comment_sql(model, new, new.db_comment.as_deref()),
            None,
        ));
    }
    (fragment(&collation), other)
}
