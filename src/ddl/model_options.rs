//! `Meta.indexes` and `Meta.constraints`: `Index.create_sql/remove_sql` (with the
//! `contrib.postgres` index classes) and `UniqueConstraint`, `CheckConstraint`,
//! `ExclusionConstraint` `constraint_sql/create_sql/remove_sql`.

use super::catalog::{ConstraintKind, Effect};
use super::context::ModelInfo;
use super::editor::Editor;
use super::expressions::{compile, wrap_index_expression};
use super::lookups::compile_q;
use super::names::quote_name;
use super::schema::{field_indexes, together_columns};
use super::sql::{Piece, SqlText};
use super::statements::{
    create_index, create_unique, delete_constraint, delete_index, index_tablespace, IndexSpec,
};
use crate::ir::{Call, Value};

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_sequence)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn columns_of(model: &ModelInfo, names: &[String]) -> Result<Vec<String>, String> {
    together_columns(model, names)
}

/// A condition (`Q`) compiled for `WHERE`.
fn condition_sql(model: &ModelInfo, call: &Call) -> Result<Option<String>, String> {
    match call.kwarg("condition").or(call.kwarg("check")) {
        Some(condition) if !condition.is_none() => Ok(Some(compile_q(model, condition)?.render())),
        _ => Ok(None),
    }
}

/// Index expressions, each wrapped as `IndexExpression` does.
fn index_expressions(model: &ModelInfo, expressions: &[Value]) -> Result<SqlText, String> {
    let mut sql = SqlText::new();
    for (index, expression) in expressions.iter().enumerate() {
        if index > 0 {
            sql.push_text(", ");
        }
        sql = sql.append(index_expression(model, expression)?);
    }
    Ok(sql)
}

fn index_expression(model: &ModelInfo, expression: &Value) -> Result<SqlText, String> {
    let is_wrapper = expression.as_call().is_some_and(|c| {
        c.receiver.is_some() || matches!(c.func_name(), "OrderBy" | "OpClass" | "Collate")
    });
    let compiled = compile(model, expression)?;
    Ok(if is_wrapper {
        compiled
    } else {
        wrap_index_expression(compiled, Some(expression))
    })
}

fn on_off(value: &Value) -> Option<String> {
    value
        .as_bool()
        .map(|flag| if flag { "on" } else { "off" }.to_string())
        .or_else(|| value.as_int().map(|n| n.to_string()))
}

/// `get_with_params()` of the `contrib.postgres` index classes.
fn with_params(call: &Call) -> String {
    let class = call.func_name();
    let keys: &[&str] = match class {
        "BrinIndex" => &["autosummarize", "pages_per_range"],
        "BTreeIndex" => &["fillfactor", "deduplicate_items"],
        "GinIndex" => &["fastupdate", "gin_pending_list_limit"],
        "GistIndex" => &["buffering", "fillfactor"],
        "HashIndex" | "SpGistIndex" => &["fillfactor"],
        "BloomIndex" => &["length"],
        _ => &[],
    };
    let mut params: Vec<String> = keys
        .iter()
        .filter_map(|key| {
            call.kwarg(key)
                .filter(|v| !v.is_none())
                .and_then(on_off)
                .map(|value| format!("{key} = {value}"))
        })
        .collect();
    if class == "BloomIndex" {
        if let Some(columns) = call.kwarg("columns").and_then(Value::as_sequence) {
            params.extend(
                columns
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.as_int().map(|n| format!("col{} = {n}", i + 1))),
            );
        }
    }
    if params.is_empty() {
        String::new()
    } else {
        format!(" WITH ({})", params.join(", "))
    }
}

/// `Index.create_sql(model, schema_editor, concurrently)`.
pub fn index_create_sql(
    model: &ModelInfo,
    index: &Value,
    concurrently: bool,
) -> Result<(SqlText, Effect), String> {
    let call = index.as_call().ok_or("index is not a call")?;
    let class = call.func_name();
    let using = match class {
        "Index" => String::new(),
        "GinIndex" | "GistIndex" | "BrinIndex" | "HashIndex" | "BloomIndex" => {
            format!(" USING {}", class.trim_end_matches("Index").to_lowercase())
        }
        "BTreeIndex" => " USING btree".into(),
        "SpGistIndex" => " USING spgist".into(),
        other => return Err(format!("index class {other} is not translated")),
    };
    let name = call
        .kwarg("name")
        .and_then(Value::as_str)
        .ok_or("index without a name")?;
    let fields = strings(call.kwarg("fields"));
    let mut spec = IndexSpec {
        name: Some(name.to_string()),
        using,
        concurrently,
        condition: condition_sql(model, call)?,
        include: columns_of(model, &strings(call.kwarg("include")))?,
        opclasses: strings(call.kwarg("opclasses")),
        extra: with_params(call),
        ..Default::default()
    };
    let explicit_tablespace = call.kwarg("db_tablespace").and_then(Value::as_str);
    if !call.args.is_empty() {
        spec.expressions = Some(index_expressions(model, &call.args)?);
        spec.tablespace = index_tablespace(model, &[], explicit_tablespace);
    } else {
        let mut infos = Vec::new();
        for field in &fields {
            let (name, order) = match field.strip_prefix('-') {
                Some(name) => (name, "DESC"),
                None => (field.as_str(), ""),
            };
            let info = model
                .field(name)
                .ok_or_else(|| format!("{} has no field {name}", model.key))?;
            spec.columns.push(info.known_column()?.to_string());
            spec.col_suffixes.push(order.to_string());
            infos.push(info);
        }
        spec.tablespace = index_tablespace(model, &infos, explicit_tablespace);
    }
    Ok(create_index(model, &spec))
}

/// `Index.remove_sql`.
pub fn index_remove_sql(
    editor: &mut Editor<'_>,
    model: &ModelInfo,
    name: &str,
    concurrently: bool,
) -> (String, Effect) {
    editor.forget_deferred_index(&model.db_table, name);
    delete_index(name, concurrently)
}

/// `_model_indexes_sql`: field indexes and `Meta.indexes` (Django 5.2 models have no
/// `index_together`; `CreateModel` creates those indexes itself).
pub fn model_index_statements(
    editor: &mut Editor<'_>,
    model: &ModelInfo,
) -> Vec<(SqlText, Option<Effect>)> {
    let mut output = Vec::new();
    if !model.can_migrate {
        return output;
    }
    for field in model.local_fields() {
        output.extend(
            field_indexes(editor, model, field)
                .into_iter()
                .map(|(sql, effect)| (sql, Some(effect))),
        );
    }
    for index in &model.options.indexes {
        match index_create_sql(model, index, false) {
            Ok((sql, effect)) => output.push((sql, Some(effect))),
            Err(reason) => editor.not_translated(format!("index of {}: {reason}", model.key)),
        }
    }
    output
}

fn deferrable_sql(call: &Call) -> String {
    let reference = match call.kwarg("deferrable").map(Value::resolved) {
        Some(Value::Ref(name)) => name.clone(),
        Some(Value::Call(inner)) => inner
            .args
            .first()
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    };
    if reference.ends_with("DEFERRED") {
        " DEFERRABLE INITIALLY DEFERRED".into()
    } else if reference.ends_with("IMMEDIATE") {
        " DEFERRABLE INITIALLY IMMEDIATE".into()
    } else {
        String::new()
    }
}

/// What a unique constraint needs: an index (conditions, expressions, ...) or a constraint.
fn unique_needs_index(call: &Call) -> bool {
    call.kwarg("condition").is_some_and(|c| !c.is_none())
        || !strings(call.kwarg("include")).is_empty()
        || !strings(call.kwarg("opclasses")).is_empty()
        || !call.args.is_empty()
}

/// `constraint.create_sql(model, schema_editor)`.
pub fn constraint_create_sql(
    model: &ModelInfo,
    constraint: &Value,
) -> Result<(SqlText, Effect), String> {
    let call = constraint.as_call().ok_or("constraint is not a call")?;
    let name = call
        .kwarg("name")
        .and_then(Value::as_str)
        .ok_or("constraint without a name")?
        .to_string();
    match call.func_name() {
        "UniqueConstraint" => {
            let columns = columns_of(model, &strings(call.kwarg("fields")))?;
            let nulls_distinct = call.kwarg("nulls_distinct").and_then(Value::as_bool);
            if unique_needs_index(call) {
                let spec = IndexSpec {
                    name: Some(name),
                    columns,
                    opclasses: strings(call.kwarg("opclasses")),
                    expressions: if call.args.is_empty() {
                        None
                    } else {
                        Some(index_expressions(model, &call.args)?)
                    },
                    condition: condition_sql(model, call)?,
                    include: columns_of(model, &strings(call.kwarg("include")))?,
                    unique: true,
                    nulls_distinct,
                    ..Default::default()
                };
                Ok(create_index(model, &spec))
            } else {
                Ok(create_unique(
                    model,
                    &columns,
                    Some(&name),
                    &deferrable_sql(call),
                    nulls_distinct,
                ))
            }
        }
        "CheckConstraint" => {
            let check = condition_sql(model, call)?.ok_or("CheckConstraint without a condition")?;
            let (sql, effect) =
                super::statements::create_check(&model.db_table, &name, &check, Vec::new());
            Ok((SqlText::from(sql), effect))
        }
        "ExclusionConstraint" => {
            let sql = exclusion_sql(model, call, &name)?;
            let sql = format!(
                "ALTER TABLE {} ADD CONSTRAINT {}",
                quote_name(&model.db_table),
                sql
            );
            let effect = Effect::AddConstraint {
                table: model.db_table.clone(),
                name: Piece::Text(name),
                columns: Vec::new(),
                kind: ConstraintKind::Check,
            };
            Ok((SqlText::from(sql), effect))
        }
        other => Err(format!("constraint class {other} is not translated")),
    }
}

/// `constraint.remove_sql(model, schema_editor)`.
pub fn constraint_remove_sql(
    model: &ModelInfo,
    constraint: &Value,
) -> Result<(String, Effect), String> {
    let call = constraint.as_call().ok_or("constraint is not a call")?;
    let name = call
        .kwarg("name")
        .and_then(Value::as_str)
        .ok_or("constraint without a name")?;
    if call.func_name() == "UniqueConstraint" && unique_needs_index(call) {
        return Ok(delete_index(name, false));
    }
    match call.func_name() {
        "UniqueConstraint" | "CheckConstraint" | "ExclusionConstraint" => {
            Ok(delete_constraint(&model.db_table, name))
        }
        other => Err(format!("constraint class {other} is not translated")),
    }
}

/// `constraint.constraint_sql(model, schema_editor)` inside `CREATE TABLE`; unique constraints
/// that need an index are deferred instead.
pub fn constraint_sql_inline(
    editor: &mut Editor<'_>,
    model: &ModelInfo,
    constraint: &Value,
) -> Result<Option<(String, Option<Effect>)>, String> {
    let call = constraint.as_call().ok_or("constraint is not a call")?;
    let name = call
        .kwarg("name")
        .and_then(Value::as_str)
        .ok_or("constraint without a name")?
        .to_string();
    let table_constraint = |kind| Effect::AddConstraint {
        table: model.db_table.clone(),
        name: Piece::Text(name.clone()),
        columns: Vec::new(),
        kind,
    };
    match call.func_name() {
        "UniqueConstraint" => {
            if unique_needs_index(call)
                || call.kwarg("nulls_distinct").is_some_and(|v| !v.is_none())
            {
                let (sql, effect) = constraint_create_sql(model, constraint)?;
                editor.defer(sql, Some(effect));
                return Ok(None);
            }
            let columns = columns_of(model, &strings(call.kwarg("fields")))?;
            let quoted: Vec<String> = columns.iter().map(|c| quote_name(c)).collect();
            let sql = format!(
                "CONSTRAINT {} UNIQUE ({}){}",
                quote_name(&name),
                quoted.join(", "),
                deferrable_sql(call)
            );
            let effect = Effect::AddConstraint {
                table: model.db_table.clone(),
                name: Piece::Text(name),
                columns,
                kind: ConstraintKind::Unique,
            };
            Ok(Some((sql, Some(effect))))
        }
        "CheckConstraint" => {
            let check = condition_sql(model, call)?.ok_or("CheckConstraint without a condition")?;
            Ok(Some((
                format!("CONSTRAINT {} CHECK ({check})", quote_name(&name)),
                Some(table_constraint(ConstraintKind::Check)),
            )))
        }
        "ExclusionConstraint" => Ok(Some((
            format!("CONSTRAINT {}", exclusion_sql(model, call, &name)?),
            Some(table_constraint(ConstraintKind::Check)),
        ))),
        other => Err(format!("constraint class {other} is not translated")),
    }
}

/// The operator of an `ExclusionConstraint` expression (`RangeOperators.OVERLAPS` → `&&`).
fn exclusion_operator(value: &Value) -> Result<String, String> {
    if let Some(text) = value.as_str() {
        return Ok(text.to_string());
    }
    let Value::Ref(name) = value.resolved() else {
        return Err("exclusion operator is not static".into());
    };
    let operator = match name.rsplit('.').next().unwrap_or("") {
        "EQUAL" => "=",
        "NOT_EQUAL" => "<>",
        "CONTAINS" => "@>",
        "CONTAINED_BY" => "<@",
        "OVERLAPS" => "&&",
        "FULLY_LT" => "<<",
        "FULLY_GT" => ">>",
        "NOT_LT" => "&>",
        "NOT_GT" => "&<",
        "ADJACENT_TO" => "-|-",
        other => return Err(format!("exclusion operator {other} is not translated")),
    };
    Ok(operator.to_string())
}

fn exclusion_sql(model: &ModelInfo, call: &Call, name: &str) -> Result<String, String> {
    let index_type = call
        .kwarg("index_type")
        .and_then(Value::as_str)
        .unwrap_or("GIST");
    let pairs = call
        .kwarg("expressions")
        .and_then(Value::as_sequence)
        .ok_or("ExclusionConstraint without expressions")?;
    let mut parts = Vec::new();
    for pair in pairs {
        let items = pair
            .as_sequence()
            .filter(|items| items.len() == 2)
            .ok_or("exclusion expression is not a pair")?;
        let expression = index_expression(model, &items[0])?.render();
        parts.push(format!(
            "{expression} WITH {}",
            exclusion_operator(&items[1])?
        ));
    }
    let include = columns_of(model, &strings(call.kwarg("include")))?;
    let include = if include.is_empty() {
        String::new()
    } else {
        format!(
            " INCLUDE ({})",
            include
                .iter()
                .map(|c| quote_name(c))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let condition = condition_sql(model, call)?
        .map(|c| format!(" WHERE ({c})"))
        .unwrap_or_default();
    Ok(format!(
        "{} EXCLUDE USING {index_type} ({}){include}{condition}{}",
        quote_name(name),
        parts.join(", "),
        deferrable_sql(call)
    ))
}
