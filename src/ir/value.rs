//! Python values as written in a migration file, resolved as far as static reading allows.

use serde::Serialize;

use super::Span;

/// A Python expression from a migration, evaluated statically.
///
/// Names are resolved through the file's imports, so `models.CASCADE` becomes
/// `Ref("django.db.models.CASCADE")` whatever alias the file used. Anything that cannot be known
/// without running code stays an explicit [`Value::Unknown`] with its source text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    /// An integer too large for `i64`, kept as its decimal text.
    BigInt(String),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<Value>),
    Tuple(Vec<Value>),
    Set(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    /// A Django setting, with the value migguard resolved for it (from the configuration,
    /// `getattr(settings, NAME, default)`, or Django's default).
    Setting {
        name: String,
        resolved: Box<Value>,
    },
    /// A dotted reference to something importable or defined in the file: a callable such as
    /// `uuid.uuid4`, a constant such as `django.db.models.deletion.CASCADE`, a local function.
    Ref(String),
    /// A call of a known callable with evaluated arguments: `models.Q(...)`, `models.F("x")`,
    /// `Lower("name")`, `models.Index(...)`, `django.core.validators.MinValueValidator(1)`.
    Call(Box<Call>),
    /// A lambda (only its source is kept).
    Lambda(String),
    /// A binary operation on values that could not be folded (`F("a") + 1`).
    BinOp {
        op: String,
        left: Box<Value>,
        right: Box<Value>,
    },
    /// A unary operation that could not be folded (`~Q(...)`, `-F("x")`).
    UnaryOp {
        op: String,
        operand: Box<Value>,
    },
    /// Not statically known; `source` is the expression as written.
    Unknown {
        source: String,
        reason: String,
        span: Span,
    },
}

/// A call expression: the resolved dotted name of the callee and its arguments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Call {
    /// The callee's dotted name, or the method name when `receiver` is set.
    pub func: String,
    /// For a method call on a value (`F("views").desc()`), the value it is called on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receiver: Option<Box<Value>>,
    pub args: Vec<Value>,
    pub kwargs: Vec<(String, Value)>,
    pub span: Span,
}

impl Call {
    /// A keyword argument by name.
    pub fn kwarg(&self, name: &str) -> Option<&Value> {
        self.kwargs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    /// The last dotted component of the callee: `django.db.models.Q` → `Q`.
    pub fn func_name(&self) -> &str {
        self.func.rsplit('.').next().unwrap_or(&self.func)
    }
}

/// Whether a dotted reference names a constant by Python's convention: its last component has
/// letters and none of them lower case (`shop.flags.SOME_FLAG`).
pub fn is_constant_reference(dotted: &str) -> bool {
    let name = dotted.rsplit('.').next().unwrap_or(dotted);
    name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase)
}

impl Value {
    /// A value given in the configuration (`migguard.toml`): strings, numbers, booleans, arrays
    /// and tables as Python would have them; a TOML date-time as its text.
    pub fn from_toml(value: toml::Value) -> Value {
        match value {
            toml::Value::String(text) => Value::Str(text),
            toml::Value::Integer(number) => Value::Int(number),
            toml::Value::Float(number) => Value::Float(number),
            toml::Value::Boolean(flag) => Value::Bool(flag),
            toml::Value::Array(items) => {
                Value::List(items.into_iter().map(Value::from_toml).collect())
            }
            toml::Value::Table(table) => Value::Dict(
                table
                    .into_iter()
                    .map(|(key, value)| (Value::Str(key), Value::from_toml(value)))
                    .collect(),
            ),
            toml::Value::Datetime(datetime) => Value::Str(datetime.to_string()),
        }
    }

    /// A hashable literal (a string, number, boolean or `None`), as a dict key compares.
    pub fn is_literal_key(&self) -> bool {
        matches!(
            self.resolved(),
            Value::Str(_) | Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::None
        )
    }

    /// The value behind a setting, or the value itself.
    pub fn resolved(&self) -> &Value {
        match self {
            Value::Setting { resolved, .. } => resolved.resolved(),
            other => other,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.resolved() {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.resolved() {
            Value::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self.resolved() {
            Value::Int(number) => Some(*number),
            Value::Bool(flag) => Some(i64::from(*flag)),
            _ => None,
        }
    }

    /// The items of a list, tuple or set.
    pub fn as_sequence(&self) -> Option<&[Value]> {
        match self.resolved() {
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_call(&self) -> Option<&Call> {
        match self.resolved() {
            Value::Call(call) => Some(call),
            _ => None,
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self.resolved(), Value::None)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.resolved(), Value::Unknown { .. })
    }

    /// Python truthiness, where it is known. A reference to a function or class is truthy; a
    /// reference to a module constant (an upper-case name, as `app_settings.SITES_ENABLED`)
    /// that migguard could not read is not known.
    pub fn truthiness(&self) -> Option<bool> {
        match self.resolved() {
            Value::None => Some(false),
            Value::Bool(flag) => Some(*flag),
            Value::Int(number) => Some(*number != 0),
            Value::BigInt(_) => Some(true),
            Value::Float(number) => Some(*number != 0.0),
            Value::Str(text) => Some(!text.is_empty()),
            Value::Bytes(bytes) => Some(!bytes.is_empty()),
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => Some(!items.is_empty()),
            Value::Dict(items) => Some(!items.is_empty()),
            Value::Ref(name) if is_constant_reference(name) => None,
            // A reference to a function or class is truthy; what a call returns is not known.
            Value::Ref(_) | Value::Lambda(_) => Some(true),
            Value::Setting { .. }
            | Value::Call(_)
            | Value::BinOp { .. }
            | Value::UnaryOp { .. }
            | Value::Unknown { .. } => None,
        }
    }

    /// Why the truthiness of this value is not known, where a reason can be given: the
    /// constant reference or the unknown value it comes to.
    pub fn unknown_truth_reason(&self) -> Option<String> {
        match self {
            Value::Ref(name) if is_constant_reference(name) => Some(format!(
                "{name} is a module constant migguard could not read"
            )),
            Value::Unknown { reason, .. } => Some(reason.clone()),
            Value::Setting { resolved, .. } => resolved.unknown_truth_reason(),
            Value::UnaryOp { op, operand } if op == "not" => operand.unknown_truth_reason(),
            _ => None,
        }
    }

    /// The dotted name of a callable: a reference or a function whose body was read.
    pub fn callable_name(&self) -> Option<&str> {
        match self.resolved() {
            Value::Ref(name) => Some(name),
            _ => None,
        }
    }

    /// The first unknown part of this value, if any (searched depth-first). What a function
    /// returns is not part of it: the function itself is known.
    pub fn first_unknown(&self) -> Option<&Value> {
        match self {
            Value::Unknown { .. } => Some(self),
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                items.iter().find_map(Value::first_unknown)
            }
            Value::Dict(items) => items
                .iter()
                .find_map(|(k, v)| k.first_unknown().or_else(|| v.first_unknown())),
            Value::Setting { resolved, .. } => resolved.first_unknown(),
            Value::Call(call) => call
                .receiver
                .as_deref()
                .and_then(Value::first_unknown)
                .or_else(|| call.args.iter().find_map(Value::first_unknown))
                .or_else(|| call.kwargs.iter().find_map(|(_, v)| v.first_unknown())),
            Value::BinOp { left, right, .. } => {
                left.first_unknown().or_else(|| right.first_unknown())
            }
            Value::UnaryOp { operand, .. } => operand.first_unknown(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unread_constant_reference_has_no_known_truthiness() {
        let flag = Value::Ref("shop.flags.SITES_ENABLED".into());
        assert_eq!(flag.truthiness(), None);
        let reason = flag.unknown_truth_reason().expect("a reason");
        assert!(reason.contains("shop.flags.SITES_ENABLED"), "{reason}");
        let negated = Value::UnaryOp {
            op: "not".into(),
            operand: Box::new(flag),
        };
        assert!(negated
            .unknown_truth_reason()
            .is_some_and(|reason| reason.contains("SITES_ENABLED")));
    }

    #[test]
    fn references_to_functions_and_classes_are_truthy() {
        assert_eq!(Value::Ref("uuid.uuid4".into()).truthiness(), Some(true));
        assert_eq!(
            Value::Ref("django.db.models.CharField".into()).truthiness(),
            Some(true)
        );
        assert_eq!(Value::Ref("UUIDField".into()).truthiness(), Some(true));
        assert!(!is_constant_reference("shop.__version__"));
        assert!(is_constant_reference("shop.conf.MAX_2"));
    }
}
