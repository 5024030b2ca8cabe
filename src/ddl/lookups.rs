//! Compiling `Q` objects and lookups (`WhereNode.as_sql`) for check constraints, partial
//! indexes and `When` conditions: `field__lookup=value` with PostgreSQL's operators.

use super::context::ModelInfo;
use super::expressions::{column_ref, compile, literal, lookup_field};
use super::literal::quote_text;
use super::sql::SqlText;
use crate::ir::{FieldType, Value};

/// A `Q` tree as Django builds it (`tree.Node.add` flattening included).
#[derive(Debug, Clone)]
enum Node {
    Lookup(String, Value),
    Expression(Value),
    Tree {
        connector: String,
        negated: bool,
        children: Vec<Node>,
    },
}

fn add_child(children: &mut Vec<Node>, connector: &str, child: Node) {
    if let Node::Tree {
        connector: inner,
        negated: false,
        children: grandchildren,
    } = &child
    {
        if inner == connector || grandchildren.len() == 1 {
            children.extend(grandchildren.iter().cloned());
            return;
        }
    }
    children.push(child);
}

/// Builds the node of a `Q(...)`, `a & b`, `a | b`, `~a` or lookup expression value.
fn build(value: &Value) -> Result<Node, String> {
    match value.resolved() {
        Value::Call(call) if call.func_name() == "Q" && call.receiver.is_none() => {
            let connector = call
                .kwarg("_connector")
                .and_then(Value::as_str)
                .unwrap_or("AND")
                .to_string();
            let negated = call
                .kwarg("_negated")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let mut children = Vec::new();
            for arg in &call.args {
                match arg.resolved() {
                    Value::Tuple(pair) if pair.len() == 2 => match pair[0].as_str() {
                        Some(key) => children.push(Node::Lookup(key.to_string(), pair[1].clone())),
                        None => return Err("Q() tuple without a lookup name".into()),
                    },
                    _ => children.push(build(arg)?),
                }
            }
            let mut lookups: Vec<(String, Value)> = call
                .kwargs
                .iter()
                .filter(|(key, _)| !key.starts_with('_'))
                .cloned()
                .collect();
            lookups.sort_by(|a, b| a.0.cmp(&b.0));
            children.extend(
                lookups
                    .into_iter()
                    .map(|(key, value)| Node::Lookup(key, value)),
            );
            Ok(Node::Tree {
                connector,
                negated,
                children,
            })
        }
        Value::BinOp { op, left, right } if op == "&" || op == "|" => {
            let connector = if op == "&" { "AND" } else { "OR" };
            let mut children = Vec::new();
            add_child(&mut children, connector, build(left)?);
            add_child(&mut children, connector, build(right)?);
            Ok(Node::Tree {
                connector: connector.to_string(),
                negated: false,
                children,
            })
        }
        Value::UnaryOp { op, operand } if op == "~" => match build(operand)? {
            Node::Tree {
                connector,
                negated,
                children,
            } => Ok(Node::Tree {
                connector,
                negated: !negated,
                children,
            }),
            other => Ok(Node::Tree {
                connector: "AND".into(),
                negated: true,
                children: vec![other],
            }),
        },
        Value::Call(_) => Ok(Node::Expression(value.clone())),
        other => Err(format!("condition {other:?} is not translated")),
    }
}

/// Compiles a condition to SQL text (params inlined as `quote_value` does).
pub fn compile_q(model: &ModelInfo, value: &Value) -> Result<SqlText, String> {
    let node = build(value)?;
    compile_node(model, &node, false, true)
}

fn compile_node(
    model: &ModelInfo,
    node: &Node,
    negated_branch: bool,
    top: bool,
) -> Result<SqlText, String> {
    match node {
        Node::Lookup(key, value) => compile_lookup(model, key, value, negated_branch),
        Node::Expression(value) => compile_expression_condition(model, value),
        Node::Tree {
            connector,
            negated,
            children,
        } => {
            let branch_negated = negated_branch ^ negated;
            // `_add_q` flattens child Q objects into the clause it builds.
            let mut flattened = Vec::new();
            for child in children {
                add_child(&mut flattened, connector, child.clone());
            }
            let parts: Vec<SqlText> = flattened
                .iter()
                .map(|child| compile_node(model, child, branch_negated, false))
                .collect::<Result<_, _>>()?;
            let separator = format!(" {connector} ");
            let mut joined = SqlText::new();
            for (index, part) in parts.iter().enumerate() {
                if index > 0 {
                    joined.push_text(&separator);
                }
                joined = joined.append(part.clone());
            }
            let _ = top;
            if *negated {
                Ok(SqlText::new().text("NOT (").append(joined).text(")"))
            } else if parts.len() > 1 {
                Ok(SqlText::new().text("(").append(joined).text(")"))
            } else {
                Ok(joined)
            }
        }
    }
}

/// Lookup expressions used as conditions: `GreaterThan(F("a"), F("b"))`, ...
fn compile_expression_condition(model: &ModelInfo, value: &Value) -> Result<SqlText, String> {
    let call = value.as_call().ok_or("condition is not an expression")?;
    let operator = match call.func_name() {
        "Exact" => "=",
        "GreaterThan" => ">",
        "GreaterThanOrEqual" => ">=",
        "LessThan" => "<",
        "LessThanOrEqual" => "<=",
        other => return Err(format!("condition {other}(...) is not translated")),
    };
    let [lhs, rhs] = call.args.as_slice() else {
        return Err(format!("{}() needs two arguments", call.func_name()));
    };
    let left = compile(model, lhs)?;
    let right = wrap(compile_rhs_expression(model, rhs)?);
    Ok(left.text(&format!(" {operator} ")).append(right))
}

fn compile_rhs_expression(model: &ModelInfo, value: &Value) -> Result<SqlText, String> {
    match value.resolved() {
        Value::Call(_) | Value::BinOp { .. } => compile(model, value),
        other => literal(other).map(SqlText::from),
    }
}

/// `Lookup.process_rhs`: expressions on the right are parenthesized.
fn wrap(sql: SqlText) -> SqlText {
    if sql.render().starts_with('(') {
        sql
    } else {
        SqlText::new().text("(").append(sql).text(")")
    }
}

const LOOKUPS: &[&str] = &[
    "exact",
    "iexact",
    "gt",
    "gte",
    "lt",
    "lte",
    "in",
    "isnull",
    "range",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "regex",
    "iregex",
];

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn compile_lookup(
    model: &ModelInfo,
    key: &str,
    value: &Value,
    negated_branch: bool,
) -> Result<SqlText, String> {
    let mut parts: Vec<&str> = key.split("__").collect();
    let lookup = match parts.last() {
        Some(last) if parts.len() > 1 && LOOKUPS.contains(last) => parts.pop().unwrap_or("exact"),
        _ => "exact",
    };
    if parts.len() == 2 && parts[1] == "year" {
        return year_lookup(model, parts[0], lookup, value);
    }
    if parts.len() != 1 {
        return Err(format!(
            "lookup {key} goes through a relation or transform and is not translated"
        ));
    }
    let field = lookup_field(model, parts[0])?;
    let lhs = column_ref(model, parts[0])?;
    let internal = field.internal_type();
    let text_cast = |sql: SqlText| -> SqlText {
        if matches!(
            internal.as_str(),
            "GenericIPAddressField" | "IPAddressField"
        ) {
            SqlText::new().text("HOST(").append(sql).text(")")
        } else {
            sql.text("::text")
        }
    };
    let rhs_literal = |value: &Value| -> Result<String, String> {
        match value.resolved() {
            Value::Str(text) if field.is(FieldType::DateTimeField) && text.len() == 10 => {
                Ok(format!(
                    "{}::timestamptz",
                    quote_text(&format!("{text} 00:00:00+00:00"))
                ))
            }
            Value::Int(number) if field.is(FieldType::BooleanField) => {
                Ok(if *number != 0 { "true" } else { "false" }.into())
            }
            other => literal(other),
        }
    };
    let rhs_expression = |value: &Value| -> Result<Option<SqlText>, String> {
        match value.resolved() {
            Value::Call(_) | Value::BinOp { .. } => Ok(Some(wrap(compile(model, value)?))),
            _ => Ok(None),
        }
    };
    let mut sql = match lookup {
        "exact" if value.is_none() => lhs.text(" IS NULL"),
        "exact"
            if value.as_bool().is_some()
                && matches!(value.resolved(), Value::Bool(_))
                && field.is(FieldType::BooleanField) =>
        {
            if value.as_bool() == Some(true) {
                lhs
            } else {
                SqlText::new().text("NOT ").append(lhs)
            }
        }
        "exact" | "gt" | "gte" | "lt" | "lte" => {
            let operator = match lookup {
                "exact" => "=",
                "gt" => ">",
                "gte" => ">=",
                "lt" => "<",
                _ => "<=",
            };
            let rhs = match rhs_expression(value)? {
                Some(sql) => sql,
                None => SqlText::from(rhs_literal(value)?),
            };
            lhs.text(&format!(" {operator} ")).append(rhs)
        }
        "iexact" => SqlText::new()
            .text("UPPER(")
            .append(text_cast(lhs))
            .text(&format!(") = UPPER({})", rhs_literal(value)?)),
        "in" => {
            let items = value
                .as_sequence()
                .ok_or("__in with a value that is not a list")?;
            let rendered: Vec<String> = items.iter().map(&rhs_literal).collect::<Result<_, _>>()?;
            lhs.text(&format!(" IN ({})", rendered.join(", ")))
        }
        "isnull" => lhs.text(if value.truthiness() == Some(true) {
            " IS NULL"
        } else {
            " IS NOT NULL"
        }),
        "range" => {
            let items = value
                .as_sequence()
                .filter(|items| items.len() == 2)
                .ok_or("__range needs two values")?;
            lhs.text(&format!(
                " BETWEEN {} AND {}",
                rhs_literal(&items[0])?,
                rhs_literal(&items[1])?
            ))
        }
        "contains" | "icontains" | "startswith" | "istartswith" | "endswith" | "iendswith" => {
            let text = value
                .as_str()
                .ok_or_else(|| format!("__{lookup} with a value that is not a string"))?;
            let escaped = escape_like(text);
            let pattern = match lookup.trim_start_matches('i') {
                "contains" => format!("%{escaped}%"),
                "startswith" => format!("{escaped}%"),
                _ => format!("%{escaped}"),
            };
            if lookup.starts_with('i') {
                SqlText::new()
                    .text("UPPER(")
                    .append(text_cast(lhs))
                    .text(&format!(") LIKE UPPER({})", quote_text(&pattern)))
            } else {
                text_cast(lhs).text(&format!(" LIKE {}", quote_text(&pattern)))
            }
        }
        "regex" | "iregex" => {
            let operator = if lookup == "regex" { "~" } else { "~*" };
            text_cast(lhs).text(&format!(" {operator} {}", rhs_literal(value)?))
        }
        other => return Err(format!("lookup __{other} is not translated")),
    };
    // A negated lookup on a nullable column also requires the column to be non-null.
    let rhs_is_none = value.is_none();
    if negated_branch && lookup != "isnull" && !rhs_is_none && field.null {
        sql = SqlText::new()
            .text("(")
            .append(sql)
            .text(" AND ")
            .append(column_ref(model, parts[0])?)
            .text(" IS NOT NULL)");
    }
    Ok(sql)
}

/// `field__year__<lookup>` on a date or datetime column: Django compares against the year's
/// bounds (`YearLookup.year_lookup_bounds`, in UTC).
fn year_lookup(
    model: &ModelInfo,
    name: &str,
    lookup: &str,
    value: &Value,
) -> Result<SqlText, String> {
    let field = lookup_field(model, name)?;
    let year = value
        .as_int()
        .ok_or("__year with a value that is not an integer")?;
    let (start, end, cast) = if field.is(FieldType::DateTimeField) {
        (
            format!("{year:04}-01-01 00:00:00+00:00"),
            format!("{year:04}-12-31 23:59:59.999999+00:00"),
            "timestamptz",
        )
    } else if field.is(FieldType::DateField) {
        (
            format!("{year:04}-01-01"),
            format!("{year:04}-12-31"),
            "date",
        )
    } else {
        return Err(format!("__year on {name} is not translated"));
    };
    let literal = |text: &str| format!("{}::{cast}", quote_text(text));
    let lhs = column_ref(model, name)?;
    Ok(match lookup {
        "exact" => lhs.text(&format!(
            " BETWEEN {} AND {}",
            literal(&start),
            literal(&end)
        )),
        "gt" => lhs.text(&format!(" > {}", literal(&end))),
        "gte" => lhs.text(&format!(" >= {}", literal(&start))),
        "lt" => lhs.text(&format!(" < {}", literal(&start))),
        "lte" => lhs.text(&format!(" <= {}", literal(&end))),
        other => return Err(format!("__year__{other} is not translated")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    use crate::ddl::context::{Ctx, DdlSettings};
    use crate::ddl::model_cache::ModelCache;
    use crate::ir::{Call, Field, FieldClass, Span};
    use crate::state::{ModelKey, ProjectState, StateView};

    fn call(func: &str, args: Vec<Value>, kwargs: Vec<(&str, Value)>) -> Value {
        Value::Call(Box::new(Call {
            func: func.into(),
            receiver: None,
            args,
            kwargs: kwargs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            span: Span::default(),
        }))
    }

    fn model() -> Rc<ModelInfo> {
        let field = |kind: FieldType, args: Vec<(&str, Value)>| Field {
            class: FieldClass::Known(kind),
            args: args.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            span: Span::default(),
            custom_class: None,
        };
        let mut state = ProjectState::default();
        let mut journal = crate::state::Journal::default();
        let fields = vec![
            (
                "id".into(),
                field(
                    FieldType::BigAutoField,
                    vec![("primary_key", Value::Bool(true))],
                ),
            ),
            ("price".into(), field(FieldType::IntegerField, vec![])),
            (
                "name".into(),
                field(
                    FieldType::CharField,
                    vec![("max_length", Value::Int(10)), ("null", Value::Bool(true))],
                ),
            ),
            ("live".into(), field(FieldType::BooleanField, vec![])),
        ];
        let operation = crate::ir::Operation {
            kind: crate::ir::OperationKind::CreateModel {
                name: "Item".into(),
                fields,
                options: vec![],
                bases: vec![],
                managers: vec![],
            },
            span: Span::default(),
            subclass: None,
        };
        crate::state::apply_operation(&mut state, "shop", &operation, &mut journal)
            .expect("create");
        let settings = DdlSettings {
            default_auto_field: FieldType::BigAutoField,
            auth_user_model: "auth.User".into(),
        };
        let models = ModelCache::default();
        let ctx = Ctx::new(StateView::current(&state), &settings, &models);
        ctx.model_info(&ModelKey::new("shop", "item"))
            .expect("model")
    }

    fn q(args: Vec<Value>, kwargs: Vec<(&str, Value)>) -> Value {
        call("django.db.models.Q", args, kwargs)
    }

    #[test]
    fn compiles_lookups_and_connectors() {
        let model = model();
        let pair = |key: &str, value: Value| Value::Tuple(vec![Value::Str(key.into()), value]);
        let range = q(
            vec![
                pair("price__gte", Value::Int(0)),
                pair("price__lte", Value::Int(5)),
            ],
            vec![],
        );
        assert_eq!(
            compile_q(&model, &range).map(|s| s.render()),
            Ok("(\"price\" >= 0 AND \"price\" <= 5)".into())
        );
        let either = Value::BinOp {
            op: "|".into(),
            left: Box::new(q(vec![], vec![("price__gt", Value::Int(0))])),
            right: Box::new(q(
                vec![],
                vec![("price", Value::Int(0)), ("live", Value::Bool(true))],
            )),
        };
        assert_eq!(
            compile_q(&model, &either).map(|s| s.render()),
            Ok("(\"price\" > 0 OR (\"live\" AND \"price\" = 0))".into())
        );
        let listed = q(
            vec![],
            vec![(
                "name__in",
                Value::List(vec![Value::Str("a".into()), Value::Str("b".into())]),
            )],
        );
        assert_eq!(
            compile_q(&model, &listed).map(|s| s.render()),
            Ok("\"name\" IN ('a', 'b')".into())
        );
        let pattern = q(vec![], vec![("name__istartswith", Value::Str("x_".into()))]);
        assert_eq!(
            compile_q(&model, &pattern).map(|s| s.render()),
            Ok("UPPER(\"name\"::text) LIKE UPPER( E'x\\\\_%')".into())
        );
        let column = q(
            vec![],
            vec![(
                "price__lt",
                call("django.db.models.F", vec![Value::Str("id".into())], vec![]),
            )],
        );
        assert_eq!(
            compile_q(&model, &column).map(|s| s.render()),
            Ok("\"price\" < (\"id\")".into())
        );
        let negated = Value::UnaryOp {
            op: "~".into(),
            operand: Box::new(q(vec![], vec![("live", Value::Bool(false))])),
        };
        assert_eq!(
            compile_q(&model, &negated).map(|s| s.render()),
            Ok("NOT (NOT \"live\")".into())
        );
        assert!(compile_q(
            &model,
            &q(vec![], vec![("name__unaccent", Value::Str("x".into()))])
        )
        .is_err());
    }
}
