//! Python default values as SQL literals: Django's `effective_default()` (with
//! `get_db_prep_save`) followed by psycopg's client-side quoting (`sql.quote`/`mogrify`).
//!
//! Callable defaults Django computes when it runs (`timezone.now`, `uuid.uuid4`, ...) come from
//! the [`OneOffSource`]: the run's own values, or pinned to the reference data's (see
//! `scripts/README.md`, "Determinism"). Any other callable is reported as not translated.

use super::fields::FieldInfo;
use super::one_off::{time_text, Moment, OneOffSource, ONE_OFF_CALLABLES};
use crate::ir::{FieldClass, FieldType, Value};

/// A Python value after `get_db_prep_save`, ready for quoting.
#[derive(Debug, Clone, PartialEq)]
pub enum DbValue {
    Null,
    Bool(bool),
    Int(String),
    Float(f64),
    /// A `Decimal`, as its text.
    Decimal(String),
    Text(String),
    Bytes(Vec<u8>),
    /// A typed literal: `'2000-01-01'::date`.
    Typed(String, &'static str),
    /// Preformatted SQL.
    Raw(String),
}

/// psycopg's quoting of a string: `'...'`, or ` E'...'` when it holds a backslash.
pub fn quote_text(text: &str) -> String {
    let escaped = text.replace('\'', "''");
    if text.contains('\\') {
        format!(" E'{}'", escaped.replace('\\', "\\\\"))
    } else {
        format!("'{escaped}'")
    }
}

impl DbValue {
    /// The literal psycopg writes for the value.
    pub fn quote(&self) -> String {
        match self {
            DbValue::Null => "NULL".to_string(),
            DbValue::Bool(flag) => if *flag { "true" } else { "false" }.to_string(),
            DbValue::Int(text) | DbValue::Decimal(text) => {
                if text.starts_with('-') {
                    format!(" {text}")
                } else {
                    text.clone()
                }
            }
            DbValue::Float(number) => {
                if number.is_nan() {
                    "'NaN'::float8".to_string()
                } else if number.is_infinite() {
                    if *number > 0.0 {
                        "'Infinity'::float8"
                    } else {
                        "'-Infinity'::float8"
                    }
                    .to_string()
                } else {
                    let text = python_float_repr(*number);
                    if *number < 0.0 {
                        format!(" {text}")
                    } else {
                        text
                    }
                }
            }
            DbValue::Text(text) => quote_text(text),
            DbValue::Bytes(bytes) => {
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                format!("'\\x{hex}'::bytea")
            }
            DbValue::Typed(text, cast) => format!("{}::{cast}", quote_text(text)),
            DbValue::Raw(sql) => sql.clone(),
        }
    }
}

/// Python's `repr(float)` for ordinary values.
pub fn python_float_repr(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e16 {
        format!("{number:.1}")
    } else {
        format!("{number}")
    }
}

/// `effective_default(field)`: `Ok(None)` when the column gets no default. A value computed
/// at migration time is recorded in `one_off`.
pub fn effective_default(
    field: &FieldInfo,
    one_off: &mut OneOffSource,
) -> Result<Option<DbValue>, String> {
    let kind = match &field.field.class {
        FieldClass::Known(kind) => *kind,
        FieldClass::Unknown(name) => {
            return Err(format!(
                "the default of custom field class {name} is prepared by its own code"
            ))
        }
    };
    let mut computed_by = None;
    let python = if let Some(default) = field.field.arg("default") {
        computed_by = match default.resolved() {
            Value::Ref(name) => ONE_OFF_CALLABLES.iter().find(|c| **c == name.as_str()),
            _ => None,
        }
        .copied();
        evaluate_default(default, one_off)?
    } else if field.is_generated() {
        return Ok(None);
    } else if !field.null && field.blank && empty_strings_allowed(kind) {
        if kind == FieldType::BinaryField {
            Py::Bytes(Vec::new())
        } else {
            Py::Str(String::new())
        }
    } else if field.field.flag("auto_now", false) || field.field.flag("auto_now_add", false) {
        computed_by = Some(if field.field.flag("auto_now", false) {
            "auto_now"
        } else {
            "auto_now_add"
        });
        match kind {
            FieldType::DateTimeField => Py::Moment(one_off.timezone_now()?),
            FieldType::DateField => Py::Date(one_off.local_now()?.date().to_string()),
            FieldType::TimeField => Py::Time(time_text(one_off.local_now()?.time())),
            _ => return Ok(None),
        }
    } else {
        return Ok(None);
    };
    let value = prep_save(kind, field, python, one_off)?;
    if let Some(callable) = computed_by {
        one_off.record(&field.name, callable, value.quote());
    }
    Ok(Some(value))
}

/// Whether `''` is a valid value of the field class (`Field.empty_strings_allowed`).
fn empty_strings_allowed(kind: FieldType) -> bool {
    use FieldType::*;
    !matches!(
        kind,
        AutoField
            | BigAutoField
            | SmallAutoField
            | BigIntegerField
            | IntegerField
            | SmallIntegerField
            | PositiveBigIntegerField
            | PositiveIntegerField
            | PositiveSmallIntegerField
            | BooleanField
            | NullBooleanField
            | DateField
            | DateTimeField
            | TimeField
            | DecimalField
            | DurationField
            | FloatField
            | UUIDField
            | JSONField
            | GenericIPAddressField
            | IPAddressField
            | ArrayField
            | IntegerRangeField
            | BigIntegerRangeField
            | DecimalRangeField
            | DateTimeRangeField
            | DateRangeField
            | ForeignKey
            | OneToOneField
            | GeneratedField
    )
}

/// A Python value as far as migguard evaluates defaults.
#[derive(Debug, Clone, PartialEq)]
enum Py {
    None,
    Bool(bool),
    Int(String),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    /// A `datetime` read from the clock.
    Moment(Moment),
    Date(String),
    Time(String),
    Decimal(String),
    Uuid(u128),
}

fn evaluate_default(value: &Value, one_off: &mut OneOffSource) -> Result<Py, String> {
    Ok(match value.resolved() {
        Value::None => Py::None,
        Value::Bool(flag) => Py::Bool(*flag),
        Value::Int(number) => Py::Int(number.to_string()),
        Value::BigInt(text) => Py::Int(text.clone()),
        Value::Float(number) => Py::Float(*number),
        Value::Str(text) => Py::Str(text.clone()),
        Value::Bytes(bytes) => Py::Bytes(bytes.clone()),
        Value::List(items) | Value::Tuple(items) => Py::List(items.clone()),
        Value::Dict(items) => Py::Dict(items.clone()),
        Value::Ref(function) => match known_callable(function, one_off) {
            Some(called) => called?,
            None => match one_off.returns_of(function) {
                Some(returned) => evaluate_returned(function, &returned, one_off)?,
                None => {
                    return Err(format!(
                    "callable default {function} is evaluated by Django when the SQL is generated"
                ))
                }
            },
        },
        Value::Call(call) => evaluate_constructor(call)?,
        Value::Lambda(source) => {
            return Err(format!(
                "lambda default {source} is evaluated by Django when the SQL is generated"
            ))
        }
        Value::UnaryOp { op, operand } if op == "-" => match evaluate_default(operand, one_off)? {
            Py::Int(text) => Py::Int(format!("-{text}")),
            Py::Float(number) => Py::Float(-number),
            _ => return Err("negated default that is not a number".to_string()),
        },
        Value::Unknown { source, reason, .. } => {
            return Err(format!(
                "default {source} is not statically known: {reason}"
            ))
        }
        other => return Err(format!("default {} is not statically known", short(other))),
    })
}

/// What calling `function`, a callable of the standard library or Django migguard knows,
/// with no arguments gives; `None` for any other callable.
fn known_callable(function: &str, one_off: &mut OneOffSource) -> Option<Result<Py, String>> {
    Some(match function {
        "django.utils.timezone.now" => one_off.timezone_now().map(Py::Moment),
        "datetime.datetime.now" => one_off
            .local_now()
            .map(|now| Py::Moment(Moment::Naive(now))),
        "datetime.datetime.utcnow" => Ok(Py::Moment(Moment::Naive(one_off.utc_now()))),
        "datetime.date.today" => one_off
            .local_now()
            .map(|now| Py::Date(now.date().to_string())),
        "uuid.uuid4" => Ok(Py::Uuid(one_off.uuid4())),
        "dict" | "builtins.dict" => Ok(Py::Dict(Vec::new())),
        "list" | "builtins.list" => Ok(Py::List(Vec::new())),
        "str" | "builtins.str" => Ok(Py::Str(String::new())),
        "int" | "builtins.int" => Ok(Py::Int("0".into())),
        "bool" | "builtins.bool" => Ok(Py::Bool(false)),
        "float" | "builtins.float" => Ok(Py::Float(0.0)),
        _ => return None,
    })
}

/// What Django gets from calling the callable default `function`, which returns `returned`
/// (read from its body): a value, or a call of a callable migguard evaluates (`str(uuid4())`).
fn evaluate_returned(
    function: &str,
    returned: &Value,
    one_off: &mut OneOffSource,
) -> Result<Py, String> {
    match returned.resolved() {
        Value::Unknown { reason, .. } => Err(format!("callable default {function}: {reason}")),
        Value::Ref(_) | Value::Lambda(_) => Err(format!(
            "callable default {function} returns a function, which Django would store as it is"
        )),
        Value::Call(call) if call.receiver.is_none() && call.kwargs.is_empty() => {
            match (call.func.as_str(), call.args.as_slice()) {
                ("builtins.str", [value]) => Ok(Py::Str(python_str(evaluate_returned(
                    function, value, one_off,
                )?)?)),
                // `timezone.now()`: what the callable default `timezone.now` gives, else a
                // constructor (`Decimal("1")`).
                (callee, []) => match known_callable(callee, one_off) {
                    Some(Ok(called)) => Ok(called),
                    _ => evaluate_default(returned, one_off),
                },
                _ => evaluate_default(returned, one_off),
            }
        }
        _ => evaluate_default(returned, one_off),
    }
}

fn short(value: &Value) -> String {
    match value {
        Value::Unknown { source, .. } => source.clone(),
        other => format!("{other:?}").chars().take(60).collect(),
    }
}

fn evaluate_constructor(call: &crate::ir::Call) -> Result<Py, String> {
    let ints: Vec<i64> = call.args.iter().filter_map(Value::as_int).collect();
    match call.func.as_str() {
        "decimal.Decimal" => match call.args.first().map(Value::resolved) {
            Some(Value::Str(text)) => Ok(Py::Decimal(text.clone())),
            Some(Value::Int(number)) => Ok(Py::Decimal(number.to_string())),
            _ => Err("Decimal default that is not a string or integer".into()),
        },
        "datetime.date" if ints.len() == 3 => Ok(Py::Date(format!(
            "{:04}-{:02}-{:02}",
            ints[0], ints[1], ints[2]
        ))),
        "datetime.time" if !ints.is_empty() => {
            let part = |i: usize| ints.get(i).copied().unwrap_or(0);
            Ok(Py::Time(format!(
                "{:02}:{:02}:{:02}",
                part(0),
                part(1),
                part(2)
            )))
        }
        _ => Err(format!(
            "default {}(...) is not evaluated by migguard",
            call.func
        )),
    }
}

fn json_dumps(value: &Value) -> Result<String, String> {
    Ok(match value.resolved() {
        Value::None => "null".into(),
        Value::Bool(flag) => if *flag { "true" } else { "false" }.into(),
        Value::Int(number) => number.to_string(),
        Value::Float(number) => python_float_repr(*number),
        Value::Str(text) => serde_json::to_string(text)
            .map_err(|e| e.to_string())?
            .chars()
            .flat_map(escape_non_ascii)
            .collect(),
        Value::List(items) | Value::Tuple(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(json_dumps)
                    .collect::<Result<Vec<_>, _>>()?
                    .join(", ")
            )
        }
        Value::Dict(items) => {
            let pairs: Result<Vec<String>, String> = items
                .iter()
                .map(|(key, value)| Ok(format!("{}: {}", json_dumps(key)?, json_dumps(value)?)))
                .collect();
            format!("{{{}}}", pairs?.join(", "))
        }
        other => {
            return Err(format!(
                "JSON default {} is not statically known",
                short(other)
            ))
        }
    })
}

/// `json.dumps` escapes non-ASCII characters (`ensure_ascii=True`).
fn escape_non_ascii(c: char) -> Vec<char> {
    if c.is_ascii() {
        return vec![c];
    }
    let mut units = [0u16; 2];
    c.encode_utf16(&mut units)
        .iter()
        .flat_map(|unit| format!("\\u{unit:04x}").chars().collect::<Vec<_>>())
        .collect()
}

fn uuid_hex(number: u128) -> String {
    // uuid.UUID(int=n, version=4) sets the version and variant bits.
    let mut value = number;
    value &= !(0xc000u128 << 48);
    value |= 0x8000u128 << 48;
    value &= !(0xf000u128 << 64);
    value |= 4u128 << 76;
    format!("{value:032x}")
}

/// `str(uuid.UUID(int=n, version=4))`: the hex digits grouped 8-4-4-4-12.
fn uuid_text(number: u128) -> String {
    let hex = uuid_hex(number);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `get_db_prep_save` of the field class, then the driver's adaptation.
fn prep_save(
    kind: FieldType,
    field: &FieldInfo,
    value: Py,
    one_off: &OneOffSource,
) -> Result<DbValue, String> {
    use FieldType::*;
    if value == Py::None {
        return Ok(DbValue::Null);
    }
    Ok(match (kind, value) {
        (JSONField, Py::Str(text)) => DbValue::Typed(json_dumps(&Value::Str(text))?, "jsonb"),
        (JSONField, Py::Dict(items)) => DbValue::Typed(json_dumps(&Value::Dict(items))?, "jsonb"),
        (JSONField, Py::List(items)) => DbValue::Typed(json_dumps(&Value::List(items))?, "jsonb"),
        (JSONField, Py::Int(text)) => DbValue::Typed(text, "jsonb"),
        (JSONField, Py::Bool(flag)) => {
            DbValue::Typed(if flag { "true" } else { "false" }.into(), "jsonb")
        }
        (BooleanField | NullBooleanField, Py::Bool(flag)) => DbValue::Bool(flag),
        (BooleanField | NullBooleanField, Py::Int(text)) => DbValue::Bool(text != "0"),
        (DateTimeField, Py::Moment(moment)) => {
            let (text, cast) = one_off.datetime_literal(moment)?;
            DbValue::Typed(text, cast)
        }
        (DateTimeField, Py::Date(date)) => {
            DbValue::Typed(format!("{date} 00:00:00+00:00"), "timestamptz")
        }
        (DateField, Py::Moment(moment)) => {
            DbValue::Typed(one_off.date_of(moment)?.to_string(), "date")
        }
        (DateField, Py::Date(date)) => DbValue::Typed(date, "date"),
        (TimeField, Py::Time(time)) => DbValue::Typed(time, "time"),
        (UUIDField, Py::Uuid(number)) => DbValue::Typed(uuid_hex(number), "uuid"),
        (UUIDField, Py::Str(text)) => DbValue::Typed(text.replace('-', "").to_lowercase(), "uuid"),
        (DecimalField, Py::Decimal(text) | Py::Int(text)) => DbValue::Decimal(text),
        (FloatField, Py::Float(number)) => DbValue::Float(number),
        (FloatField, Py::Int(text)) => DbValue::Float(text.parse::<f64>().unwrap_or(0.0)),
        (kind, Py::Int(text)) if kind.is_integer() => DbValue::Int(text),
        (kind, Py::Bool(flag)) if kind.is_integer() => {
            DbValue::Int(if flag { "1" } else { "0" }.into())
        }
        (ArrayField, Py::List(items)) if items.is_empty() => DbValue::Raw("'{}'".into()),
        (ArrayField, Py::List(items))
            if items
                .iter()
                .all(|item| item.as_str().is_some_and(plain_array_text)) =>
        {
            let texts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            DbValue::Raw(format!("'{{{}}}'", texts.join(",")))
        }
        (BinaryField, Py::Bytes(bytes)) => DbValue::Bytes(bytes),
        (GenericIPAddressField | IPAddressField, Py::Str(text)) if text.is_empty() => DbValue::Null,
        (GenericIPAddressField | IPAddressField, Py::Str(text)) => DbValue::Typed(text, "inet"),
        (
            CharField
            | TextField
            | SlugField
            | EmailField
            | URLField
            | FilePathField
            | FileField
            | ImageField
            | CommaSeparatedIntegerField
            | CICharField
            | CIEmailField
            | CITextField,
            value,
        ) => DbValue::Text(python_str(value)?),
        (kind, value) => {
            return Err(format!(
                "default {value:?} of {} {} is not translated",
                kind.name(),
                field.name
            ))
        }
    })
}

fn plain_array_text(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// `str(value)` for character fields (`CharField.to_python`).
fn python_str(value: Py) -> Result<String, String> {
    Ok(match value {
        Py::Str(text) => text,
        Py::Int(text) | Py::Decimal(text) => text,
        Py::Bool(flag) => if flag { "True" } else { "False" }.into(),
        Py::Float(number) => python_float_repr(number),
        Py::Uuid(number) => uuid_text(number),
        other => {
            return Err(format!(
                "default {other:?} of a character field is not translated"
            ))
        }
    })
}
