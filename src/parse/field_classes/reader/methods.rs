//! What a field class body overrides, and what that means for the schema.

use rustpython_parser::ast;

use super::super::ResolvedClass;
use super::{init, ModuleFile};
use crate::ir::{FieldType, Value};
use crate::parse::syntax::{statement_super_call, without_docstring};

/// Methods the schema editor calls to build the column and its constraints.
const SCHEMA_METHODS: &[&str] = &[
    "db_type",
    "rel_db_type",
    "db_parameters",
    "db_type_parameters",
    "db_check",
    "db_type_suffix",
    "cast_db_type",
    "get_attname",
    "get_attname_column",
];

/// Methods that turn a value (a `default`) into what is stored.
const VALUE_METHODS: &[&str] = &[
    "get_prep_value",
    "get_db_prep_value",
    "get_db_prep_save",
    "get_default",
    "_get_default",
];

/// Class attributes the schema editor reads.
const SCHEMA_ATTRIBUTES: &[&str] = &[
    "empty_strings_allowed",
    "generated",
    "many_to_many",
    "many_to_one",
    "one_to_many",
    "one_to_one",
    "concrete",
];

/// Applies the class body to what it inherits (`None`: `models.Field` itself).
pub fn apply_members(
    module: &ModuleFile<'_>,
    class: &ast::StmtClassDef,
    base: Option<ResolvedClass>,
) -> Result<ResolvedClass, String> {
    let name = class.name.as_str();
    let attributes = class_attributes(module, class)?;
    let mut internal_type = None;
    let mut value_preparation = None;
    let mut init = None;
    for statement in &class.body {
        let ast::Stmt::FunctionDef(method) = statement else {
            continue;
        };
        let method_name = method.name.as_str();
        let body = without_docstring(&method.body);
        let location = module.location(statement);
        if method_name == "__init__" {
            init = Some(init::read(module, method, &attributes)?);
        } else if method_name == "get_internal_type" {
            internal_type = Some(literal_internal_type(body).ok_or_else(|| {
                format!(
                    "{name}.get_internal_type ({location}) does not return a literal field type"
                )
            })?);
        } else if method_name == "contribute_to_class" {
            if !installs_descriptor_only(&method.args, body) {
                return Err(format!(
                    "{name}.contribute_to_class ({location}) does more than install a descriptor \
                     after Django's, and migguard does not run it"
                ));
            }
        } else if SCHEMA_METHODS.contains(&method_name) {
            if !only_calls_super(method_name, &method.args, body) {
                return Err(format!(
                    "{name}.{method_name} ({location}) decides the column, and migguard does not run it"
                ));
            }
        } else if VALUE_METHODS.contains(&method_name)
            && !validates_then_calls_super(method_name, &method.args, body)
        {
            value_preparation.get_or_insert(format!("{name}.{method_name} ({location})"));
        }
    }
    let behaves_as = match (internal_type, &base) {
        (Some(internal), _) => internal,
        (None, Some(base)) => base.behaves_as,
        (None, None) => {
            return Err(format!(
                "{name} subclasses models.Field without a literal get_internal_type()"
            ))
        }
    };
    let base = base.unwrap_or(ResolvedClass {
        behaves_as,
        implied: Vec::new(),
        origin: String::new(),
        value_preparation: None,
        own_positional_parameters: false,
    });
    let (own_implied, own_positional) =
        init.unwrap_or((Vec::new(), base.own_positional_parameters));
    // The subclass's `__init__` runs first: its arguments win over the base's `setdefault`s,
    // the base's forced ones win over everything.
    let mut implied = own_implied;
    for inherited in base.implied {
        match implied.iter_mut().find(|arg| arg.name == inherited.name) {
            Some(existing) if inherited.forced => *existing = inherited,
            Some(_) => {}
            None => implied.push(inherited),
        }
    }
    Ok(ResolvedClass {
        behaves_as,
        implied,
        origin: format!("read from {}", module.location(class)),
        value_preparation: value_preparation.or(base.value_preparation),
        own_positional_parameters: own_positional,
    })
}

/// Constant class attributes (`default_max_length = 63`), for `self.X` in `__init__`.
fn class_attributes(
    module: &ModuleFile<'_>,
    class: &ast::StmtClassDef,
) -> Result<Vec<(String, Value)>, String> {
    let mut attributes = Vec::new();
    for statement in &class.body {
        let ast::Stmt::Assign(assign) = statement else {
            continue;
        };
        for target in &assign.targets {
            let ast::Expr::Name(target) = target else {
                continue;
            };
            if SCHEMA_ATTRIBUTES.contains(&target.id.as_str()) {
                return Err(format!(
                    "{} sets {} ({}), which changes how the schema editor treats it",
                    class.name,
                    target.id,
                    module.location(statement)
                ));
            }
            attributes.push((target.id.to_string(), module.evaluate(&assign.value)));
        }
    }
    Ok(attributes)
}

/// `return "CharField"`: a field type migguard knows.
fn literal_internal_type(body: &[ast::Stmt]) -> Option<FieldType> {
    let [ast::Stmt::Return(ast::StmtReturn {
        value: Some(value), ..
    })] = body
    else {
        return None;
    };
    let ast::Expr::Constant(constant) = &**value else {
        return None;
    };
    let ast::Constant::Str(name) = &constant.value else {
        return None;
    };
    FieldType::ALL
        .iter()
        .copied()
        .find(|field| field.name() == name.as_str())
}

/// The body is `return super().<method>(<the method's own parameters>)`.
fn only_calls_super(method: &str, parameters: &ast::Arguments, body: &[ast::Stmt]) -> bool {
    matches!(body, [statement] if returns_super_call(method, parameters, statement))
}

/// Validation (`if ...: raise ...`, `assert`) followed by the `super()` call with the same
/// arguments: the value is stored as the base stores it.
fn validates_then_calls_super(
    method: &str,
    parameters: &ast::Arguments,
    body: &[ast::Stmt],
) -> bool {
    let Some((last, checks)) = body.split_last() else {
        return false;
    };
    returns_super_call(method, parameters, last) && checks.iter().all(only_raises)
}

fn only_raises(statement: &ast::Stmt) -> bool {
    match statement {
        ast::Stmt::Raise(_) | ast::Stmt::Assert(_) | ast::Stmt::Pass(_) => true,
        ast::Stmt::If(branch) => branch.body.iter().chain(&branch.orelse).all(only_raises),
        _ => false,
    }
}

fn returns_super_call(method: &str, parameters: &ast::Arguments, statement: &ast::Stmt) -> bool {
    let ast::Stmt::Return(_) = statement else {
        return false;
    };
    statement_super_call(statement, method)
        .is_some_and(|call| passes_parameters_through(parameters, call))
}

/// `contribute_to_class` that lets Django's run (`super().contribute_to_class(<its own
/// parameters>)`), then only sets attributes on the model class (`setattr(cls, self.name,
/// Descriptor(self))`): a Python-side accessor, the column and its constraints are Django's.
fn installs_descriptor_only(parameters: &ast::Arguments, body: &[ast::Stmt]) -> bool {
    let Some((first, rest)) = body.split_first() else {
        return false;
    };
    let ast::Stmt::Expr(_) = first else {
        return false;
    };
    let Some(call) = statement_super_call(first, "contribute_to_class") else {
        return false;
    };
    // The model class is the first parameter after `self`.
    let Some(model_class) = parameters
        .posonlyargs
        .iter()
        .chain(&parameters.args)
        .nth(1)
        .map(|parameter| parameter.def.arg.as_str())
    else {
        return false;
    };
    passes_parameters_through(parameters, call)
        && rest
            .iter()
            .all(|statement| sets_attribute_on(model_class, statement))
}

/// `setattr(<model_class>, <name>, <value>)` as a statement.
fn sets_attribute_on(model_class: &str, statement: &ast::Stmt) -> bool {
    let ast::Stmt::Expr(expression) = statement else {
        return false;
    };
    let ast::Expr::Call(call) = &*expression.value else {
        return false;
    };
    matches!(&*call.func, ast::Expr::Name(func) if func.id.as_str() == "setattr")
        && call.keywords.is_empty()
        && call.args.len() == 3
        && matches!(&call.args[0], ast::Expr::Name(target) if target.id.as_str() == model_class)
}

/// The call passes the method's parameters after `self` on unchanged: by position, by name
/// (`private_only=private_only`), and `*args`/`**kwargs` as the method received them.
fn passes_parameters_through(parameters: &ast::Arguments, call: &ast::ExprCall) -> bool {
    let names: Vec<&str> = parameters
        .posonlyargs
        .iter()
        .chain(&parameters.args)
        .chain(&parameters.kwonlyargs)
        .skip(1)
        .map(|parameter| parameter.def.arg.as_str())
        .collect();
    let vararg = parameters.vararg.as_ref().map(|arg| arg.arg.as_str());
    let kwarg = parameters.kwarg.as_ref().map(|arg| arg.arg.as_str());
    let mut passed: Vec<&str> = Vec::new();
    let (mut vararg_passed, mut kwarg_passed) = (false, false);
    for arg in &call.args {
        match arg {
            ast::Expr::Name(name) if !vararg_passed => passed.push(name.id.as_str()),
            ast::Expr::Starred(starred) => match &*starred.value {
                ast::Expr::Name(name) if Some(name.id.as_str()) == vararg => vararg_passed = true,
                _ => return false,
            },
            _ => return false,
        }
    }
    if !names.starts_with(&passed) {
        return false;
    }
    for keyword in &call.keywords {
        match (&keyword.arg, &keyword.value) {
            (Some(name), ast::Expr::Name(value))
                if name.as_str() == value.id.as_str() && names.contains(&name.as_str()) =>
            {
                passed.push(name.as_str())
            }
            (None, ast::Expr::Name(value)) if Some(value.id.as_str()) == kwarg => {
                kwarg_passed = true
            }
            _ => return false,
        }
    }
    let mut distinct = passed.clone();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len() == passed.len()
        && passed.len() == names.len()
        && vararg_passed == vararg.is_some()
        && kwarg_passed == kwarg.is_some()
}
