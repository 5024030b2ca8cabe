//! Static evaluation of Python expressions into [`Value`]s: literals are folded, names resolved
//! through the file's imports and constants, settings looked up; anything that needs running
//! code becomes [`Value::Unknown`].

use std::cell::Cell;
use std::collections::HashMap;

use rustpython_parser::ast::{self, Ranged};

use super::limits::{text_units, Budget};
use super::source::SourceText;
use crate::ir::{Call, Settings, Value};

/// Names bound in a module or class body.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    bindings: HashMap<String, Value>,
}

impl Scope {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.bindings.get(name)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.bindings.get_mut(name)
    }

    pub fn bind(&mut self, name: impl Into<String>, value: Value) {
        self.bindings.insert(name.into(), value);
    }

    pub fn unbind(&mut self, name: &str) {
        self.bindings.remove(name);
    }

    /// Every name bound, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.bindings
            .iter()
            .map(|(name, value)| (name.as_str(), value))
    }
}

/// Builtins that migrations use; they resolve to `builtins.NAME` references.
const BUILTINS: &[&str] = &[
    "getattr",
    "hasattr",
    "list",
    "tuple",
    "dict",
    "set",
    "frozenset",
    "str",
    "int",
    "float",
    "bool",
    "len",
    "range",
    "sorted",
    "reversed",
    "min",
    "max",
    "isinstance",
    "print",
    "object",
    "bytes",
    "Exception",
];

/// The settings module object of Django.
pub const DJANGO_SETTINGS: &str = "django.conf.settings";

/// Constants of other modules the evaluated code imports (`from shop.settings import
/// USE_JSON`, `shop_settings.TEAMS_MODEL`), read from their source with the project's settings.
pub trait ConstantSource: std::fmt::Debug + Send + Sync {
    /// The value module `module` binds to the upper-case `name`, or `None` when the module is
    /// not one that is read (Django, the standard library, not found) or binds no such name.
    fn constant(&self, module: &str, name: &str) -> Option<Value>;

    /// What calling `function` (the dotted path of a top-level function of a module that is
    /// read) with `args` returns, evaluated from its body; `None` when it is not such a
    /// function. A body that is not statically known gives an `Unknown` with the reason.
    fn call(&self, function: &str, args: &[Value]) -> Option<Value> {
        let _ = (function, args);
        None
    }

    /// `object.name` of an instance of a class of a module that is read (a property run with
    /// `self` bound, what `__init__` assigns); `None` when `object` is not such an instance.
    fn attribute(&self, object: &Value, name: &str) -> Option<Value> {
        let _ = (object, name);
        None
    }
}

/// An exception the evaluated code is known to raise: reading a setting that is not set
/// raises `AttributeError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    /// The exception's class name.
    pub exception: &'static str,
    pub reason: String,
    /// Whether it is certain; otherwise it may be raised (a setting that may not be set).
    pub certain: bool,
}

/// Django's app registry's `is_installed`, as `from django.apps import apps` names it.
const APPS_IS_INSTALLED: &str = "django.apps.apps.is_installed";
/// The same, through the module that defines the registry.
const REGISTRY_IS_INSTALLED: &str = "django.apps.registry.apps.is_installed";

/// Django's convention for constants (and settings): a name with no lower-case letter.
pub fn is_constant_name(name: &str) -> bool {
    crate::ir::is_constant_reference(name) && !name.contains('.')
}

/// Evaluates expressions against the module scope and, inside a class body, the class scope.
pub struct Evaluator<'a> {
    pub source: &'a SourceText<'a>,
    pub settings: &'a Settings,
    pub module: &'a Scope,
    pub class: Option<&'a Scope>,
    /// Reads imported module constants; `None`: they stay references.
    pub constants: Option<&'a dyn ConstantSource>,
    /// Bounds recursion and the work of building values for the file.
    pub budget: &'a Budget,
    /// Where an exception the code raises is recorded (the executor's `try` reads it); `None`:
    /// not recorded.
    pub raised: Option<&'a Cell<Option<Raised>>>,
}

impl Evaluator<'_> {
    fn unknown(&self, expr: &ast::Expr, reason: impl Into<String>) -> Value {
        let source = self.source.slice(expr.range());
        let span = || self.source.span(expr.range());
        if !self.budget.charge(text_units(source), span) {
            return self.over_budget(expr);
        }
        Value::Unknown {
            source: source.to_string(),
            reason: reason.into(),
            span: span(),
        }
    }

    /// What an expression evaluates to once the file's budget is spent (the file is reported).
    fn over_budget(&self, expr: &ast::Expr) -> Value {
        Value::Unknown {
            source: String::new(),
            reason: "beyond the evaluation budget".to_string(),
            span: self.source.span(expr.range()),
        }
    }

    fn lookup(&self, expr: &ast::Expr, name: &str) -> Option<Value> {
        let bound = self
            .class
            .and_then(|scope| scope.get(name))
            .or_else(|| self.module.get(name));
        if let Some(value) = bound {
            if !self
                .budget
                .charge_copy(value, || self.source.span(expr.range()))
            {
                return Some(self.over_budget(expr));
            }
            return Some(value.clone());
        }
        BUILTINS
            .contains(&name)
            .then(|| Value::Ref(format!("builtins.{name}")))
    }

    /// Evaluates an expression, within the file's [`Budget`].
    pub fn eval(&self, expr: &ast::Expr) -> Value {
        if !self.budget.enter(|| self.source.span(expr.range())) {
            return self.over_budget(expr);
        }
        let value = self.eval_expr(expr);
        self.budget.leave();
        value
    }

    fn eval_expr(&self, expr: &ast::Expr) -> Value {
        match expr {
            ast::Expr::Constant(constant) => constant_value(&constant.value),
            ast::Expr::Name(name) => match self.lookup(expr, name.id.as_str()) {
                // `from shop.settings import USE_JSON`: the constant, where the module is read.
                Some(Value::Ref(dotted)) => match dotted.rsplit_once('.') {
                    Some((module, name)) => self
                        .imported_constant(module, name)
                        .unwrap_or(Value::Ref(dotted)),
                    None => Value::Ref(dotted),
                },
                Some(value) => value,
                None => self.unknown(
                    expr,
                    format!("name '{}' is not defined in this file", name.id),
                ),
            },
            ast::Expr::Attribute(attribute) => self.eval_attribute(expr, attribute),
            ast::Expr::Call(call) => self.eval_call(expr, call),
            ast::Expr::List(list) => self
                .eval_items(expr, &list.elts)
                .map_or_else(|v| v, Value::List),
            ast::Expr::Tuple(tuple) => self
                .eval_items(expr, &tuple.elts)
                .map_or_else(|v| v, Value::Tuple),
            ast::Expr::Set(set) => self
                .eval_items(expr, &set.elts)
                .map_or_else(|v| v, Value::Set),
            ast::Expr::Dict(dict) => self.eval_dict(expr, dict),
            ast::Expr::BinOp(binop) => self.eval_binop(expr, binop),
            ast::Expr::UnaryOp(unary) => self.eval_unary(unary),
            ast::Expr::BoolOp(boolop) => self.eval_boolop(expr, boolop),
            ast::Expr::Compare(compare) => self.eval_compare(expr, compare),
            ast::Expr::IfExp(ifexp) => {
                let test = self.eval(&ifexp.test);
                match test.truthiness() {
                    Some(true) => self.eval(&ifexp.body),
                    Some(false) => self.eval(&ifexp.orelse),
                    None => self.unknown(
                        expr,
                        because(
                            "conditional expression on a value that is not statically known",
                            &test,
                        ),
                    ),
                }
            }
            ast::Expr::Lambda(_) => Value::Lambda(self.source.slice(expr.range()).to_string()),
            ast::Expr::JoinedStr(joined) => self.eval_fstring(expr, joined),
            ast::Expr::Subscript(subscript) => self.eval_subscript(expr, subscript),
            ast::Expr::ListComp(_)
            | ast::Expr::SetComp(_)
            | ast::Expr::DictComp(_)
            | ast::Expr::GeneratorExp(_) => {
                self.unknown(expr, "a comprehension is computed at import time")
            }
            _ => self.unknown(expr, "expression is not statically known"),
        }
    }

    /// Evaluates list items, spreading `*known_sequence`.
    fn eval_items(&self, expr: &ast::Expr, items: &[ast::Expr]) -> Result<Vec<Value>, Value> {
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            if let ast::Expr::Starred(starred) = item {
                match self.eval(&starred.value).as_sequence() {
                    Some(spread) => values.extend(spread.iter().cloned()),
                    None => {
                        return Err(
                            self.unknown(expr, "unpacks a value that is not statically known")
                        )
                    }
                }
            } else {
                values.push(self.eval(item));
            }
        }
        Ok(values)
    }

    fn eval_dict(&self, expr: &ast::Expr, dict: &ast::ExprDict) -> Value {
        let mut entries = Vec::with_capacity(dict.values.len());
        for (key, value) in dict.keys.iter().zip(&dict.values) {
            match key {
                Some(key) => entries.push((self.eval(key), self.eval(value))),
                None => match self.eval(value).resolved() {
                    Value::Dict(spread) => entries.extend(spread.iter().cloned()),
                    _ => {
                        return self.unknown(expr, "unpacks a mapping that is not statically known")
                    }
                },
            }
        }
        Value::Dict(entries)
    }

    fn eval_attribute(&self, expr: &ast::Expr, attribute: &ast::ExprAttribute) -> Value {
        let attr = attribute.attr.as_str();
        match self.eval(&attribute.value) {
            Value::Ref(object) if object == DJANGO_SETTINGS => self.setting(attr, None),
            Value::Ref(object) => match Settings::setting_of_object(&object, attr) {
                Some(name) => self.setting(&name, None),
                None => self
                    .imported_constant(&object, attr)
                    .unwrap_or_else(|| Value::Ref(format!("{object}.{attr}"))),
            },
            Value::Unknown { .. } => {
                self.unknown(expr, "attribute of a value that is not statically known")
            }
            object => match self.instance_attribute(&object, attr) {
                Some(value) => value,
                None => self.unknown(expr, format!("attribute '{attr}' of a literal value")),
            },
        }
    }

    /// An attribute of an instance of a class of a module the [`ConstantSource`] reads.
    fn instance_attribute(&self, object: &Value, name: &str) -> Option<Value> {
        match object.resolved() {
            Value::Call(_) => self.constants?.attribute(object, name),
            _ => None,
        }
    }

    /// `module.NAME` for an upper-case name of a module the [`ConstantSource`] reads.
    fn imported_constant(&self, module: &str, name: &str) -> Option<Value> {
        if !is_constant_name(name) {
            return None;
        }
        self.constants?.constant(module, name)
    }

    /// A setting's value: configured, else `default` (from `getattr`), else Django's default.
    /// Reading a setting known not to be set raises `AttributeError`.
    fn setting(&self, name: &str, default: Option<Value>) -> Value {
        if default.is_none() && self.settings.is_absent(name) {
            let reason = format!(
                "settings.{name} is not set by the settings module, so reading it raises AttributeError (pass --setting {name}=VALUE if it is set elsewhere)"
            );
            if let Some(raised) = self.raised {
                raised.set(Some(Raised {
                    exception: "AttributeError",
                    reason: reason.clone(),
                    certain: true,
                }));
            }
            return Value::Unknown {
                source: format!("settings.{name}"),
                reason,
                span: Default::default(),
            };
        }
        let resolved = self.settings.get(name).or(default).unwrap_or_else(|| {
            let reason = format!("setting {name} is not configured (pass --setting {name}=VALUE)");
            // Whether the setting exists is not known: reading it may raise.
            if let Some(raised) = self.raised {
                let earlier = raised.take();
                raised.set(earlier.or_else(|| {
                    Some(Raised {
                        exception: "AttributeError",
                        reason: reason.clone(),
                        certain: false,
                    })
                }));
            }
            Value::Unknown {
                source: format!("settings.{name}"),
                reason,
                span: Default::default(),
            }
        });
        Value::Setting {
            name: name.to_string(),
            resolved: Box::new(resolved),
        }
    }

    /// `mapping.get(key[, default])` with a known key: the entry, else the default (`None`).
    fn dict_get(&self, expr: &ast::Expr, mapping: &Value, call: &ast::ExprCall) -> Value {
        let Value::Dict(entries) = mapping else {
            return self.unknown(expr, "get() of a value that is not a mapping");
        };
        if !call.keywords.is_empty() || call.args.is_empty() || call.args.len() > 2 {
            return self.unknown(expr, "get() with arguments that are not (key, default)");
        }
        let key = self.eval(&call.args[0]);
        if !key.is_literal_key() {
            return self.unknown(expr, "get() of a key that is not statically known");
        }
        if entries.iter().any(|(k, _)| !k.is_literal_key()) {
            return self.unknown(
                expr,
                "get() on a mapping whose keys are not statically known",
            );
        }
        match entry_position(entries, &key) {
            Some(position) => entries[position].1.clone(),
            None => call
                .args
                .get(1)
                .map_or(Value::None, |default| self.eval(default)),
        }
    }

    fn eval_call(&self, expr: &ast::Expr, call: &ast::ExprCall) -> Value {
        let mut receiver = None;
        let func = match &*call.func {
            // A method of a value: `F("views").desc(nulls_last=True)`, `Q(...).negate()`.
            ast::Expr::Attribute(attribute) => match self.eval(&attribute.value) {
                // `SETTINGS.get("KEY", default)` on a mapping that is known.
                mapping @ (Value::Dict(_) | Value::Setting { .. })
                    if attribute.attr.as_str() == "get"
                        && matches!(mapping.resolved(), Value::Dict(_)) =>
                {
                    return self.dict_get(expr, mapping.resolved(), call);
                }
                Value::Ref(_) | Value::Setting { .. } => match self.eval(&call.func) {
                    Value::Ref(func) => func,
                    _ => return self.unknown(expr, "calls something that is not statically known"),
                },
                Value::Unknown { .. } => {
                    return self.unknown(
                        expr,
                        "calls a method of a value that is not statically known",
                    )
                }
                value => {
                    receiver = Some(Box::new(value));
                    attribute.attr.to_string()
                }
            },
            _ => match self.eval(&call.func) {
                Value::Ref(func) => func,
                _ => return self.unknown(expr, "calls something that is not statically known"),
            },
        };
        let args = match self.eval_items(expr, &call.args) {
            Ok(args) => args,
            Err(unknown) => return unknown,
        };
        let mut kwargs = Vec::with_capacity(call.keywords.len());
        for keyword in &call.keywords {
            let value = self.eval(&keyword.value);
            match &keyword.arg {
                Some(name) => kwargs.push((name.as_str().to_string(), value)),
                None => match value.resolved() {
                    Value::Dict(entries) => {
                        for (key, value) in entries {
                            match key.as_str() {
                                Some(key) => kwargs.push((key.to_string(), value.clone())),
                                None => {
                                    return self.unknown(
                                        expr,
                                        "passes **kwargs with keys that are not strings",
                                    )
                                }
                            }
                        }
                    }
                    _ => {
                        return self.unknown(expr, "passes **kwargs that are not statically known")
                    }
                },
            }
        }
        if receiver.is_some() {
            return Value::Call(Box::new(Call {
                func,
                receiver,
                args,
                kwargs,
                span: self.source.span(expr.range()),
            }));
        }
        match func.as_str() {
            "builtins.getattr" => self.eval_getattr(expr, &args),
            "builtins.hasattr" if kwargs.is_empty() => self.eval_hasattr(expr, &args),
            APPS_IS_INSTALLED | REGISTRY_IS_INSTALLED if kwargs.is_empty() && args.len() == 1 => {
                match args[0].as_str() {
                    Some(name) => match self.settings.is_installed(name) {
                        Ok(installed) => Value::Bool(installed),
                        Err(reason) => self.unknown(expr, reason),
                    },
                    None => self.unknown(
                        expr,
                        "apps.is_installed() of a name that is not statically known",
                    ),
                }
            }
            // `import_string(settings.DEFAULT_AUTO_FIELD)`: the object the dotted path names.
            "django.utils.module_loading.import_string" if kwargs.is_empty() && args.len() == 1 => {
                match args[0].resolved() {
                    Value::Str(path) if path.contains('.') => Value::Ref(path.clone()),
                    Value::Str(path) => self.unknown(
                        expr,
                        format!("import_string({path:?}) names no module attribute"),
                    ),
                    _ => self.unknown(expr, "import_string of a path that is not statically known"),
                }
            }
            "builtins.list" | "builtins.tuple" if kwargs.is_empty() && args.len() <= 1 => {
                let items = match args.first() {
                    None => Some(Vec::new()),
                    Some(value) => value.as_sequence().map(<[Value]>::to_vec),
                };
                match items {
                    Some(items) if func == "builtins.list" => Value::List(items),
                    Some(items) => Value::Tuple(items),
                    None => self.unknown(expr, "converts a value that is not statically known"),
                }
            }
            "builtins.set" | "builtins.frozenset" if kwargs.is_empty() && args.len() <= 1 => {
                match args.first() {
                    None => Value::Set(Vec::new()),
                    Some(value) => match value.as_sequence() {
                        Some(items) => Value::Set(items.to_vec()),
                        None => self.unknown(expr, "converts a value that is not statically known"),
                    },
                }
            }
            "builtins.dict" if args.is_empty() => Value::Dict(
                kwargs
                    .into_iter()
                    .map(|(key, value)| (Value::Str(key), value))
                    .collect(),
            ),
            _ => Value::Call(Box::new(Call {
                func,
                receiver,
                args,
                kwargs,
                span: self.source.span(expr.range()),
            })),
        }
    }

    /// `getattr(object, name[, default])` of evaluated arguments: `getattr(settings, "NAME",
    /// default)` reads the setting.
    pub fn eval_getattr(&self, expr: &ast::Expr, args: &[Value]) -> Value {
        match args {
            [Value::Ref(object), name, rest @ ..] if rest.len() <= 1 => match name.as_str() {
                Some(name) if object == DJANGO_SETTINGS => {
                    self.setting(name, rest.first().cloned())
                }
                Some(name) => match Settings::setting_of_object(object, name) {
                    Some(setting) => self.setting(&setting, rest.first().cloned()),
                    None => self
                        .imported_constant(object, name)
                        .unwrap_or_else(|| Value::Ref(format!("{object}.{name}"))),
                },
                None => self.unknown(expr, "getattr with a name that is not statically known"),
            },
            // `getattr(_app_settings, name)` of an instance, with no default.
            [object, name] => match name
                .as_str()
                .and_then(|name| self.instance_attribute(object, name))
            {
                Some(value) => value,
                None => self.unknown(expr, "getattr on a value that is not statically known"),
            },
            _ => self.unknown(expr, "getattr on a value that is not statically known"),
        }
    }

    /// `hasattr(settings, "NAME")`: whether the setting exists, where that is known.
    fn eval_hasattr(&self, expr: &ast::Expr, args: &[Value]) -> Value {
        match args {
            [Value::Ref(object), name] if object == DJANGO_SETTINGS => match name.as_str() {
                Some(name) if self.settings.exists(name) => {
                    Value::Bool(true)
                }
                Some(name) if self.settings.is_absent(name) => Value::Bool(false),
                Some(name) => self.unknown(
                    expr,
                    format!("whether setting {name} is set is not known (the settings were not read whole)"),
                ),
                None => self.unknown(expr, "hasattr with a name that is not statically known"),
            },
            _ => self.unknown(expr, "hasattr on a value that is not statically known"),
        }
    }

    fn eval_binop(&self, expr: &ast::Expr, binop: &ast::ExprBinOp) -> Value {
        let left = self.eval(&binop.left);
        let right = self.eval(&binop.right);
        let span = || self.source.span(expr.range());
        let cost = |units: u64| self.budget.charge(units, span);
        let folded = match (binop.op, left.resolved(), right.resolved()) {
            (ast::Operator::Add, Value::List(a), Value::List(b)) => {
                cost((a.len() + b.len()) as u64).then(|| Value::List(concat(a, b)))
            }
            (ast::Operator::Add, Value::Tuple(a), Value::Tuple(b)) => {
                cost((a.len() + b.len()) as u64).then(|| Value::Tuple(concat(a, b)))
            }
            (ast::Operator::Add, Value::Str(a), Value::Str(b)) => {
                cost(text_units(a) + text_units(b)).then(|| Value::Str(format!("{a}{b}")))
            }
            (ast::Operator::Mult, Value::Str(text), Value::Int(times))
            | (ast::Operator::Mult, Value::Int(times), Value::Str(text)) => {
                let times = usize::try_from(*times).unwrap_or(0);
                let per_copy = if text.is_empty() { 0 } else { text_units(text) };
                cost(per_copy.saturating_mul(times as u64)).then(|| Value::Str(text.repeat(times)))
            }
            (ast::Operator::Mult, Value::List(items) | Value::Tuple(items), Value::Int(times))
            | (ast::Operator::Mult, Value::Int(times), Value::List(items) | Value::Tuple(items)) => {
                let times = usize::try_from(*times).unwrap_or(0);
                let tuple = matches!(left.resolved(), Value::Tuple(_))
                    || matches!(right.resolved(), Value::Tuple(_));
                let repeated = self
                    .budget
                    .charge_copies(items, times as u64, span)
                    .then(|| {
                        items
                            .iter()
                            .cycle()
                            .take(items.len() * times)
                            .cloned()
                            .collect()
                    });
                repeated.map(|items| match tuple {
                    true => Value::Tuple(items),
                    false => Value::List(items),
                })
            }
            (ast::Operator::Pow, Value::Int(base), Value::Int(exponent)) => {
                u32::try_from(*exponent)
                    .ok()
                    .and_then(|exponent| base.checked_pow(exponent))
                    .map(Value::Int)
            }
            (ast::Operator::Add, Value::Int(a), Value::Int(b)) => a.checked_add(*b).map(Value::Int),
            (ast::Operator::Sub, Value::Int(a), Value::Int(b)) => a.checked_sub(*b).map(Value::Int),
            (ast::Operator::Mult, Value::Int(a), Value::Int(b)) => {
                a.checked_mul(*b).map(Value::Int)
            }
            _ => None,
        };
        folded.unwrap_or_else(|| Value::BinOp {
            op: operator_symbol(binop.op).to_string(),
            left: Box::new(left),
            right: Box::new(right),
        })
    }

    fn eval_unary(&self, unary: &ast::ExprUnaryOp) -> Value {
        let operand = self.eval(&unary.operand);
        match (unary.op, operand.resolved()) {
            (ast::UnaryOp::Not, value) if value.truthiness().is_some() => {
                Value::Bool(value.truthiness() == Some(false))
            }
            (ast::UnaryOp::USub, Value::Int(number)) => {
                number.checked_neg().map_or(operand.clone(), Value::Int)
            }
            (ast::UnaryOp::USub, Value::Float(number)) => Value::Float(-number),
            (ast::UnaryOp::UAdd, Value::Int(_) | Value::Float(_)) => operand.resolved().clone(),
            (op, _) => {
                let symbol = match op {
                    ast::UnaryOp::Invert => "~",
                    ast::UnaryOp::Not => "not",
                    ast::UnaryOp::UAdd => "+",
                    ast::UnaryOp::USub => "-",
                };
                Value::UnaryOp {
                    op: symbol.to_string(),
                    operand: Box::new(operand),
                }
            }
        }
    }

    fn eval_boolop(&self, expr: &ast::Expr, boolop: &ast::ExprBoolOp) -> Value {
        // Python returns the first operand that decides the result.
        let mut last = Value::None;
        for operand in &boolop.values {
            let value = self.eval(operand);
            let Some(truth) = value.truthiness() else {
                return self.unknown(
                    expr,
                    because(
                        "boolean expression on a value that is not statically known",
                        &value,
                    ),
                );
            };
            let decides = match boolop.op {
                ast::BoolOp::And => !truth,
                ast::BoolOp::Or => truth,
            };
            if decides {
                return value;
            }
            last = value;
        }
        last
    }

    fn eval_compare(&self, expr: &ast::Expr, compare: &ast::ExprCompare) -> Value {
        let mut left = self.eval(&compare.left);
        for (op, right) in compare.ops.iter().zip(&compare.comparators) {
            let right = self.eval(right);
            let outcome = match op {
                ast::CmpOp::Eq => known_equal(&left, &right),
                ast::CmpOp::NotEq => known_equal(&left, &right).map(|equal| !equal),
                ast::CmpOp::Is if right.is_none() => known(&left).map(|left| left.is_none()),
                ast::CmpOp::IsNot if right.is_none() => known(&left).map(|left| !left.is_none()),
                ast::CmpOp::In | ast::CmpOp::NotIn => right.as_sequence().and_then(|items| {
                    let mut found = Some(false);
                    for item in items {
                        match known_equal(&left, item) {
                            Some(true) => return Some(matches!(op, ast::CmpOp::In)),
                            Some(false) => {}
                            None => found = None,
                        }
                    }
                    found.map(|_| matches!(op, ast::CmpOp::NotIn))
                }),
                ast::CmpOp::Lt | ast::CmpOp::LtE | ast::CmpOp::Gt | ast::CmpOp::GtE => {
                    match (left.resolved(), right.resolved()) {
                        (Value::Int(a), Value::Int(b)) => Some(match op {
                            ast::CmpOp::Lt => a < b,
                            ast::CmpOp::LtE => a <= b,
                            ast::CmpOp::Gt => a > b,
                            _ => a >= b,
                        }),
                        _ => None,
                    }
                }
                _ => None,
            };
            match outcome {
                Some(true) => left = right,
                Some(false) => return Value::Bool(false),
                None => {
                    return self.unknown(expr, "comparison of values that are not statically known")
                }
            }
        }
        Value::Bool(true)
    }

    fn eval_fstring(&self, expr: &ast::Expr, joined: &ast::ExprJoinedStr) -> Value {
        let mut text = String::new();
        for part in &joined.values {
            let value = match part {
                ast::Expr::FormattedValue(formatted) if formatted.format_spec.is_none() => {
                    self.eval(&formatted.value)
                }
                other => self.eval(other),
            };
            match value.resolved() {
                Value::Str(piece) => text.push_str(piece),
                Value::Int(number) => text.push_str(&number.to_string()),
                _ => {
                    return self.unknown(expr, "f-string with a value that is not statically known")
                }
            }
        }
        Value::Str(text)
    }

    fn eval_subscript(&self, expr: &ast::Expr, subscript: &ast::ExprSubscript) -> Value {
        let container = self.eval(&subscript.value);
        let index = self.eval(&subscript.slice);
        let found = match (container.resolved(), index.resolved()) {
            (Value::List(items) | Value::Tuple(items), Value::Int(position)) => {
                let position = if *position < 0 {
                    items.len() as i64 + position
                } else {
                    *position
                };
                usize::try_from(position)
                    .ok()
                    .and_then(|position| items.get(position))
                    .cloned()
            }
            (Value::Dict(entries), key) => {
                entry_position(entries, key).map(|position| entries[position].1.clone())
            }
            // A member of an enum class by name: `Deferrable["DEFERRED"]` is `Deferrable.DEFERRED`.
            (Value::Ref(class), Value::Str(member))
                if class
                    .rsplit('.')
                    .next()
                    .is_some_and(|name| name.starts_with(char::is_uppercase)) =>
            {
                Some(Value::Ref(format!("{class}.{member}")))
            }
            _ => None,
        };
        found.unwrap_or_else(|| {
            let why = match (container.resolved(), index.resolved()) {
                (Value::Unknown { reason, .. }, _) => format!(": the container is not ({reason})"),
                (_, Value::Unknown { reason, .. }) => format!(": the key is not ({reason})"),
                (Value::Dict(_), _) => ": the mapping has no such key".to_string(),
                _ => String::new(),
            };
            self.unknown(expr, format!("subscript that is not statically known{why}"))
        })
    }
}

/// `what`, followed by why `value`'s truthiness is not known where that can be said.
fn because(what: &str, value: &Value) -> String {
    match value.unknown_truth_reason() {
        Some(why) => format!("{what} ({why})"),
        None => what.to_string(),
    }
}

fn concat(a: &[Value], b: &[Value]) -> Vec<Value> {
    a.iter().chain(b).cloned().collect()
}

fn known(value: &Value) -> Option<&Value> {
    match value.resolved() {
        Value::Unknown { .. } | Value::BinOp { .. } | Value::UnaryOp { .. } | Value::Call(_) => {
            None
        }
        other => Some(other),
    }
}

/// Equality of two values where both are statically known.
/// Where `key` is among a dict's `entries`, compared as Python compares keys (`1 == True`):
/// what `d[key]`, `d.get(key)` and `d.update(...)` find.
pub fn entry_position(entries: &[(Value, Value)], key: &Value) -> Option<usize> {
    entries
        .iter()
        .position(|(existing, _)| known_equal(existing, key) == Some(true))
}

fn known_equal(a: &Value, b: &Value) -> Option<bool> {
    let (a, b) = (known(a)?, known(b)?);
    Some(match (a, b) {
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => (*x as f64) == *y,
        (Value::Bool(x), Value::Int(y)) | (Value::Int(y), Value::Bool(x)) => i64::from(*x) == *y,
        _ => a == b,
    })
}

fn operator_symbol(op: ast::Operator) -> &'static str {
    match op {
        ast::Operator::Add => "+",
        ast::Operator::Sub => "-",
        ast::Operator::Mult => "*",
        ast::Operator::MatMult => "@",
        ast::Operator::Div => "/",
        ast::Operator::Mod => "%",
        ast::Operator::Pow => "**",
        ast::Operator::LShift => "<<",
        ast::Operator::RShift => ">>",
        ast::Operator::BitOr => "|",
        ast::Operator::BitXor => "^",
        ast::Operator::BitAnd => "&",
        ast::Operator::FloorDiv => "//",
    }
}

/// The value of a Python literal.
pub fn constant_value(constant: &ast::Constant) -> Value {
    match constant {
        ast::Constant::None | ast::Constant::Ellipsis => Value::None,
        ast::Constant::Bool(flag) => Value::Bool(*flag),
        ast::Constant::Str(text) => Value::Str(text.clone()),
        ast::Constant::Bytes(bytes) => Value::Bytes(bytes.clone()),
        ast::Constant::Int(number) => {
            let text = number.to_string();
            text.parse::<i64>()
                .map(Value::Int)
                .unwrap_or(Value::BigInt(text))
        }
        ast::Constant::Float(number) => Value::Float(*number),
        ast::Constant::Complex { real, imag } => Value::Str(format!("({real}+{imag}j)")),
        ast::Constant::Tuple(items) => Value::Tuple(items.iter().map(constant_value).collect()),
    }
}
