//! Compiling query expressions (`F`, `Value`, database functions, `Case/When`, arithmetic)
//! to PostgreSQL, as `Query(model, alias_cols=False).get_compiler().compile()` does for
//! indexes, constraints, `db_default` and generated columns.

use super::context::ModelInfo;
use super::fields::FieldInfo;
use super::literal::{python_float_repr, quote_text};
use super::lookups::compile_q;
use super::sql::SqlText;
use crate::ir::{Call, Value};

/// Functions compiled as `NAME(args, ...)`.
const SIMPLE_FUNCTIONS: &[(&str, &str)] = &[
    ("Lower", "LOWER"),
    ("Upper", "UPPER"),
    ("Length", "LENGTH"),
    ("Trim", "TRIM"),
    ("LTrim", "LTRIM"),
    ("RTrim", "RTRIM"),
    ("Abs", "ABS"),
    ("Coalesce", "COALESCE"),
    ("Greatest", "GREATEST"),
    ("Least", "LEAST"),
    ("MD5", "MD5"),
    ("Reverse", "REVERSE"),
    ("Ceil", "CEILING"),
    ("Floor", "FLOOR"),
    ("Round", "ROUND"),
    ("NullIf", "NULLIF"),
    // django.contrib.postgres.functions.RandomUUID
    ("RandomUUID", "GEN_RANDOM_UUID"),
];

/// Compiles an expression argument: strings name fields (`Lower("title")`).
pub fn compile(model: &ModelInfo, value: &Value) -> Result<SqlText, String> {
    match value.resolved() {
        Value::Str(name) => column_ref(model, name),
        Value::Call(call) => compile_call(model, call),
        Value::BinOp { op, left, right }
            if matches!(op.as_str(), "+" | "-" | "*" | "/" | "%" | "**") =>
        {
            let connector = if op == "**" { "^" } else { op.as_str() };
            let left = compile_operand(model, left)?;
            let right = compile_operand(model, right)?;
            Ok(SqlText::new()
                .text("(")
                .append(left)
                .text(&format!(" {connector} "))
                .append(right)
                .text(")"))
        }
        Value::BinOp { .. } | Value::UnaryOp { .. } => compile_q(model, value),
        other => Err(format!(
            "expression {} cannot be compiled",
            describe_value(other)
        )),
    }
}

/// An operand of arithmetic: plain Python values become parameters.
fn compile_operand(model: &ModelInfo, value: &Value) -> Result<SqlText, String> {
    match value.resolved() {
        Value::Str(text) => Ok(SqlText::from(quote_text(text))),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None => {
            literal(value).map(SqlText::from)
        }
        _ => compile(model, value),
    }
}

/// A Python value as a quoted parameter.
pub fn literal(value: &Value) -> Result<String, String> {
    Ok(match value.resolved() {
        Value::None => "NULL".into(),
        Value::Bool(flag) => if *flag { "true" } else { "false" }.into(),
        Value::Int(number) => {
            if *number < 0 {
                format!(" {number}")
            } else {
                number.to_string()
            }
        }
        Value::BigInt(text) => text.clone(),
        Value::Float(number) => python_float_repr(*number),
        Value::Str(text) => quote_text(text),
        other => return Err(format!("value {} is not a literal", describe_value(other))),
    })
}

/// `F("name")` with `alias_cols=False`: the quoted column; `F("json__key")` a key transform.
pub fn column_ref(model: &ModelInfo, path: &str) -> Result<SqlText, String> {
    let mut parts = path.split("__");
    let head = parts.next().unwrap_or(path);
    let field = lookup_field(model, head)?;
    let mut sql = SqlText::new().piece(super::sql::Piece::Column {
        table: model.db_table.clone(),
        column: field.known_column()?.to_string(),
    });
    for key in parts {
        if !field.is(crate::ir::FieldType::JSONField) {
            return Err(format!("transform {key} on {head} is not translated"));
        }
        let key_sql = match key.parse::<i64>() {
            Ok(index) => index.to_string(),
            Err(_) => quote_text(key),
        };
        sql = SqlText::new()
            .text("(")
            .append(sql)
            .text(&format!(" -> {key_sql})"));
    }
    Ok(sql)
}

/// A field by name or attname (`author` or `author_id`).
pub fn lookup_field<'m>(model: &'m ModelInfo, name: &str) -> Result<&'m FieldInfo, String> {
    if name == "pk" {
        return model
            .pk()
            .ok_or_else(|| format!("{} has no primary key", model.key));
    }
    model
        .field(name)
        .or_else(|| {
            model
                .local_fields()
                .find(|field| field.is_foreign_key() && format!("{}_id", field.name) == name)
        })
        .ok_or_else(|| format!("{} has no field {name}", model.key))
}

fn compile_args(model: &ModelInfo, args: &[Value]) -> Result<Vec<SqlText>, String> {
    args.iter().map(|arg| compile(model, arg)).collect()
}

fn join(parts: Vec<SqlText>, separator: &str) -> SqlText {
    let mut sql = SqlText::new();
    for (index, part) in parts.into_iter().enumerate() {
        if index > 0 {
            sql.push_text(separator);
        }
        sql = sql.append(part);
    }
    sql
}

fn compile_call(model: &ModelInfo, call: &Call) -> Result<SqlText, String> {
    let name = call.func_name();
    if let Some(receiver) = &call.receiver {
        return match name {
            "desc" | "asc" => order_by(model, receiver, name == "desc", call),
            _ => Err(format!(
                "method {name}() on an expression is not translated"
            )),
        };
    }
    if let Some((_, sql_name)) = SIMPLE_FUNCTIONS.iter().find(|(class, _)| *class == name) {
        let args = compile_args(model, &call.args)?;
        return Ok(SqlText::new()
            .text(&format!("{sql_name}("))
            .append(join(args, ", "))
            .text(")"));
    }
    match name {
        "F" => match call.args.first().and_then(Value::as_str) {
            Some(path) => column_ref(model, path),
            None => Err("F() without a field name".into()),
        },
        "Value" => call
            .args
            .first()
            .map(literal)
            .transpose()?
            .map(SqlText::from)
            .ok_or_else(|| "Value() without a value".into()),
        "Now" => Ok(SqlText::from("STATEMENT_TIMESTAMP()")),
        "Func" => {
            let function = call
                .kwarg("function")
                .and_then(Value::as_str)
                .ok_or("Func() without function=")?;
            if call.kwarg("template").is_some() {
                return Err("Func(template=...) is not translated".into());
            }
            let args = compile_args(model, &call.args)?;
            Ok(SqlText::new()
                .text(&format!("{function}("))
                .append(join(args, ", "))
                .text(")"))
        }
        "CombinedExpression" => {
            let [left, connector, right] = call.args.as_slice() else {
                return Err("CombinedExpression needs three arguments".into());
            };
            let connector = connector
                .as_str()
                .ok_or("CombinedExpression connector is not static")?;
            let connector = if connector == "^" { "^" } else { connector };
            let (left, right) = (
                compile_operand(model, left)?,
                compile_operand(model, right)?,
            );
            Ok(SqlText::new()
                .text("(")
                .append(left)
                .text(&format!(" {connector} "))
                .append(right)
                .text(")"))
        }
        "ExpressionWrapper" => compile(
            model,
            call.args
                .first()
                .ok_or("ExpressionWrapper() without an expression")?,
        ),
        "OrderBy" => order_by(
            model,
            call.args.first().ok_or("OrderBy() without an expression")?,
            call.kwarg("descending")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            call,
        ),
        "OpClass" => {
            let inner = wrap_index_expression(
                compile(
                    model,
                    call.args.first().ok_or("OpClass() without an expression")?,
                )?,
                call.args.first(),
            );
            let opclass = call
                .kwarg("name")
                .and_then(Value::as_str)
                .ok_or("OpClass() without name=")?;
            Ok(inner.text(&format!(" {opclass}")))
        }
        "Collate" => {
            let inner = compile(
                model,
                call.args.first().ok_or("Collate() without an expression")?,
            )?;
            let collation = call
                .args
                .get(1)
                .or(call.kwarg("collation"))
                .and_then(Value::as_str)
                .ok_or("Collate() without a collation")?;
            Ok(inner.text(&format!(" COLLATE {}", super::names::quote_name(collation))))
        }
        "RangeBoundary" => {
            let lower = if call
                .kwarg("inclusive_lower")
                .and_then(Value::as_bool)
                .unwrap_or(true)
            {
                "["
            } else {
                "("
            };
            let upper = if call
                .kwarg("inclusive_upper")
                .and_then(Value::as_bool)
                .unwrap_or(false)
            {
                "]"
            } else {
                ")"
            };
            Ok(SqlText::from(format!("'{lower}{upper}'")))
        }
        "Case" => compile_case(model, call),
        "Q" => compile_q(model, &Value::Call(Box::new(call.clone()))),
        "SearchVector" => search_vector(model, call),
        _ => Err(format!("expression {} is not translated", call.func)),
    }
}

fn order_by(
    model: &ModelInfo,
    expression: &Value,
    descending: bool,
    call: &Call,
) -> Result<SqlText, String> {
    let inner = wrap_index_expression(compile(model, expression)?, Some(expression));
    let mut sql = inner.text(if descending { " DESC" } else { " ASC" });
    if call.kwarg("nulls_last").and_then(Value::as_bool) == Some(true) {
        sql.push_text(" NULLS LAST");
    } else if call.kwarg("nulls_first").and_then(Value::as_bool) == Some(true) {
        sql.push_text(" NULLS FIRST");
    }
    Ok(sql)
}

/// `IndexExpression` wraps everything but plain columns in parentheses.
pub fn wrap_index_expression(sql: SqlText, source: Option<&Value>) -> SqlText {
    let is_column = match source.map(Value::resolved) {
        Some(Value::Str(_)) => true,
        Some(Value::Call(call)) if call.func_name() == "F" && call.receiver.is_none() => {
            // A key transform (`F("data__key")`) is parenthesized once more.
            if call
                .args
                .first()
                .and_then(Value::as_str)
                .is_some_and(|path| path.contains("__"))
            {
                return SqlText::new().text("(").append(sql).text(")");
            }
            true
        }
        _ => false,
    };
    if is_column {
        sql
    } else {
        SqlText::new().text("(").append(sql).text(")")
    }
}

fn compile_case(model: &ModelInfo, call: &Call) -> Result<SqlText, String> {
    let mut sql = SqlText::from("CASE");
    for when in &call.args {
        let when = when
            .as_call()
            .filter(|c| c.func_name() == "When")
            .ok_or("Case() argument is not When()")?;
        let condition = match (
            when.args.first(),
            when.kwargs.iter().filter(|(k, _)| k != "then").count(),
        ) {
            (Some(condition), _) => compile_q(model, condition)?,
            (None, _) => {
                let lookups: Vec<(String, Value)> = when
                    .kwargs
                    .iter()
                    .filter(|(k, _)| k != "then")
                    .cloned()
                    .collect();
                let q = Value::Call(Box::new(Call {
                    func: "django.db.models.Q".into(),
                    receiver: None,
                    args: Vec::new(),
                    kwargs: lookups,
                    span: when.span,
                }));
                compile_q(model, &q)?
            }
        };
        let then = when.kwarg("then").ok_or("When() without then=")?;
        sql = sql
            .text(" WHEN ")
            .append(condition)
            .text(" THEN ")
            .append(compile_operand(model, then)?);
    }
    let default = call
        .kwarg("default")
        .map(|d| compile_operand(model, d))
        .transpose()?
        .unwrap_or_else(|| SqlText::from("NULL"));
    Ok(sql.text(" ELSE ").append(default).text(" END"))
}

fn search_vector(model: &ModelInfo, call: &Call) -> Result<SqlText, String> {
    if call.args.len() != 1 || call.kwarg("weight").is_some() {
        return Err("SearchVector with several fields or a weight is not translated".into());
    }
    let column = compile(model, &call.args[0])?;
    let coalesced = SqlText::new()
        .text("COALESCE(")
        .append(column)
        .text(", '')");
    let mut sql = SqlText::from("to_tsvector(");
    if let Some(config) = call.kwarg("config") {
        sql = sql.text(&format!("{}::regconfig, ", literal(config)?));
    }
    Ok(sql.append(coalesced).text(")"))
}

/// `db_default`: literals become `Value(...)` (`%s`), expressions are wrapped in parentheses.
pub fn compile_db_default(
    model: &ModelInfo,
    field: &FieldInfo,
    value: &Value,
) -> Result<String, String> {
    let _ = field;
    match value.resolved() {
        Value::Call(call) if call.func_name() == "Value" => Ok(compile_call(model, call)?.render()),
        Value::Call(_) | Value::BinOp { .. } => {
            Ok(format!("({})", compile(model, value)?.render()))
        }
        other => literal(other),
    }
}

/// `GENERATED ALWAYS AS (...) STORED` of a `GeneratedField`.
pub fn compile_generated(model: &ModelInfo, field: &FieldInfo) -> Result<String, String> {
    let expression = field
        .field
        .arg("expression")
        .ok_or("GeneratedField without expression")?;
    let sql = compile(model, expression)?.render();
    let persist = if field.field.flag("db_persist", false) {
        "STORED"
    } else {
        "VIRTUAL"
    };
    Ok(format!("GENERATED ALWAYS AS ({sql}) {persist}"))
}

/// Python's `str()` of an expression, as `describe()` prints index expressions.
pub fn describe_value(value: &Value) -> String {
    match value.resolved() {
        Value::Str(text) => format!("F({text})"),
        Value::Int(number) => number.to_string(),
        Value::Bool(flag) => if *flag { "True" } else { "False" }.into(),
        Value::Call(call) => {
            let name = call.func_name();
            if let Some(receiver) = &call.receiver {
                return format!(
                    "OrderBy({}, descending={})",
                    describe_value(receiver),
                    if name == "desc" { "True" } else { "False" }
                );
            }
            if name == "F" {
                return format!(
                    "F({})",
                    call.args.first().and_then(Value::as_str).unwrap_or("")
                );
            }
            if name == "Value" {
                return format!(
                    "Value({})",
                    call.args.first().map(python_repr).unwrap_or_default()
                );
            }
            let mut parts: Vec<String> = call.args.iter().map(describe_value).collect();
            let extras: Vec<String> = call
                .kwargs
                .iter()
                .filter(|(key, _)| {
                    matches!(name, "OpClass" | "OrderBy" | "Collate") || key == "descending"
                })
                .map(|(key, value)| {
                    format!(
                        "{key}={}",
                        value
                            .as_str()
                            .map_or_else(|| describe_value(value), str::to_string)
                    )
                })
                .collect();
            parts.extend(extras);
            format!("{name}({})", parts.join(", "))
        }
        other => format!("{other:?}"),
    }
}

fn python_repr(value: &Value) -> String {
    match value.resolved() {
        Value::Str(text) => format!("'{text}'"),
        other => describe_value(other),
    }
}
