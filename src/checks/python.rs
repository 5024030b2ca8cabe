//! Python source for staged fixes: string literals, values and fields written back as a
//! migration would spell them, with the imports they need.

use std::collections::BTreeSet;

use crate::ir::{Field, FieldClass, Value};

/// A Python string literal for `text` (single quotes; SQL keeps its double quotes readable).
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Imports a rendering needs besides `from django.db import migrations, models`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imports(pub BTreeSet<String>);

impl Imports {
    pub fn add(&mut self, line: impl Into<String>) {
        self.0.insert(line.into());
    }
}

/// The Python expression for a statically known value; `None` when it has no faithful
/// spelling (an unknown value, a lambda).
pub fn value(value: &Value, imports: &mut Imports) -> Option<String> {
    Some(match value {
        Value::None => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(n) => n.to_string(),
        Value::BigInt(text) => text.clone(),
        Value::Float(x) if x.is_finite() => {
            let text = x.to_string();
            if text.contains('.') || text.contains('e') {
                text
            } else {
                format!("{text}.0")
            }
        }
        Value::Float(_) => return None,
        Value::Str(text) => string(text),
        Value::Bytes(bytes) => {
            let mut out = String::from("b'");
            for byte in bytes {
                match byte {
                    b'\\' => out.push_str("\\\\"),
                    b'\'' => out.push_str("\\'"),
                    0x20..=0x7e => out.push(*byte as char),
                    _ => out.push_str(&format!("\\x{byte:02x}")),
                }
            }
            out.push('\'');
            out
        }
        Value::List(items) => format!("[{}]", sequence(items, imports)?),
        Value::Tuple(items) if items.len() == 1 => format!("({},)", sequence(items, imports)?),
        Value::Tuple(items) => format!("({})", sequence(items, imports)?),
        Value::Set(items) if items.is_empty() => "set()".into(),
        Value::Set(items) => format!("{{{}}}", sequence(items, imports)?),
        Value::Dict(pairs) => {
            let mut parts = Vec::with_capacity(pairs.len());
            for (key, item) in pairs {
                parts.push(format!(
                    "{}: {}",
                    self::value(key, imports)?,
                    self::value(item, imports)?
                ));
            }
            format!("{{{}}}", parts.join(", "))
        }
        Value::Setting { name, .. } => {
            imports.add("from django.conf import settings");
            format!("settings.{name}")
        }
        Value::Ref(dotted) => reference(dotted, imports),
        Value::Call(call) => {
            let callee = match &call.receiver {
                Some(receiver) => format!("{}.{}", self::value(receiver, imports)?, call.func),
                None => reference(&call.func, imports),
            };
            let mut parts = sequence_parts(&call.args, imports)?;
            for (key, item) in &call.kwargs {
                parts.push(format!("{key}={}", self::value(item, imports)?));
            }
            format!("{callee}({})", parts.join(", "))
        }
        Value::BinOp { op, left, right } => format!(
            "{} {op} {}",
            self::value(left, imports)?,
            self::value(right, imports)?
        ),
        Value::UnaryOp { op, operand } => {
            let space = if op.chars().all(char::is_alphabetic) {
                " "
            } else {
                ""
            };
            format!("{op}{space}{}", self::value(operand, imports)?)
        }
        Value::Lambda(_) | Value::Unknown { .. } => return None,
    })
}

fn sequence_parts(items: &[Value], imports: &mut Imports) -> Option<Vec<String>> {
    items.iter().map(|item| value(item, imports)).collect()
}

fn sequence(items: &[Value], imports: &mut Imports) -> Option<String> {
    Some(sequence_parts(items, imports)?.join(", "))
}

/// A dotted reference as a migration spells it: `django.db.models.X` as `models.X` (Django
/// re-exports its fields, deletion handlers and expressions there), anything else through an
/// import of its module.
pub fn reference(dotted: &str, imports: &mut Imports) -> String {
    if let Some(rest) = dotted.strip_prefix("django.db.models.") {
        let last = rest.rsplit('.').next().unwrap_or(rest);
        let exported = rest.starts_with("deletion.")
            || rest.starts_with("fields.")
            || rest.starts_with("functions.")
            || rest.starts_with("expressions.")
            || rest.starts_with("indexes.")
            || rest.starts_with("constraints.")
            || rest.starts_with("query_utils.")
            || !rest.contains('.');
        if exported {
            imports.add("from django.db import models");
            return format!("models.{last}");
        }
    }
    match dotted.rsplit_once('.') {
        Some((module, _)) => {
            imports.add(format!("import {module}"));
            dotted.to_string()
        }
        None => dotted.to_string(),
    }
}

/// A field call (`models.CharField(max_length=20, null=True)`), with `overrides` replacing or
/// adding arguments; `None` when the class or an argument has no faithful spelling.
pub fn field(field: &Field, overrides: &[(&str, String)], imports: &mut Imports) -> Option<String> {
    let class = match (&field.custom_class, &field.class) {
        (Some(custom), _) => reference(custom, imports),
        (None, FieldClass::Known(known)) => {
            reference(&format!("{}.{}", known.package(), known.name()), imports)
        }
        (None, FieldClass::Unknown(_)) => return None,
    };
    let mut parts = Vec::with_capacity(field.args.len() + overrides.len());
    for (name, argument) in &field.args {
        if overrides.iter().any(|(key, _)| key == name) {
            continue;
        }
        parts.push(format!("{name}={}", value(argument, imports)?));
    }
    for (name, text) in overrides {
        parts.push(format!("{name}={text}"));
    }
    Some(format!("{class}({})", parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_backslashes_and_newlines() {
        assert_eq!(
            string(r#"ALTER TABLE "t" ADD 'x'"#),
            r#"'ALTER TABLE "t" ADD \'x\''"#
        );
        assert_eq!(string("a\\b\nc"), r"'a\\b\nc'");
    }

    #[test]
    fn django_references_use_the_models_module() {
        let mut imports = Imports::default();
        assert_eq!(
            reference("django.db.models.deletion.CASCADE", &mut imports),
            "models.CASCADE"
        );
        assert_eq!(
            reference("django.db.models.CharField", &mut imports),
            "models.CharField"
        );
        assert_eq!(reference("uuid.uuid4", &mut imports), "uuid.uuid4");
        assert_eq!(
            imports.0.iter().collect::<Vec<_>>(),
            ["from django.db import models", "import uuid"]
        );
    }

    #[test]
    fn values_round_trip_as_python() {
        let mut imports = Imports::default();
        let list = Value::List(vec![
            Value::Int(1),
            Value::Str("a".into()),
            Value::None,
            Value::Bool(true),
        ]);
        assert_eq!(
            value(&list, &mut imports).as_deref(),
            Some("[1, 'a', None, True]")
        );
        assert_eq!(
            value(&Value::Tuple(vec![Value::Int(1)]), &mut imports).as_deref(),
            Some("(1,)")
        );
        assert_eq!(
            value(&Value::Float(2.0), &mut imports).as_deref(),
            Some("2.0")
        );
        let unknown = Value::Unknown {
            source: "f()".into(),
            reason: "call".into(),
            span: Default::default(),
        };
        assert_eq!(value(&unknown, &mut imports), None);
    }
}
