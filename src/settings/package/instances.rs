//! What packages expose through objects rather than plain constants, read from source: a
//! module's PEP 562 `__getattr__` (`allauth.app_settings.SITES_ENABLED`), and the attributes of
//! a module-level instance of a class the module defines (`_app_settings =
//! AppSettings("ALLAUTH_")`): its `@property` methods run with `self` bound to the instance,
//! what its `__init__` assigns to `self`, its class attributes, and calls of its methods.
//! Anything more (a base class, a body migguard does not run) is an `Unknown` with file:line.

use rustpython_parser::ast::{self, Ranged};

use crate::ir::{Span, Value};
use crate::parse::SourceText;

use super::{Arguments, Body, ModuleFunctions, PackageConstants};

/// The decorators that make a method a property (read as an attribute, not called).
const PROPERTY_DECORATORS: &[&str] = &["property", "cached_property"];

/// An instance of a class of a module that is read, and that class.
struct Instance<'r> {
    /// The class's dotted name (`allauth.app_settings.AppSettings`).
    class_path: &'r str,
    module: &'r str,
    /// The call that made it: the arguments `__init__` is given.
    call: &'r crate::ir::Call,
}

impl PackageConstants {
    /// PEP 562: `module.NAME` for a name the module does not bind, when the module defines
    /// `__getattr__`: what its body returns for `name`.
    pub(super) fn module_getattr(
        &self,
        module: &str,
        functions: &ModuleFunctions,
        name: &str,
    ) -> Option<Value> {
        if !functions.definitions.contains_key("__getattr__") {
            return None;
        }
        let args = [Value::Str(name.to_string())];
        let arguments = Arguments {
            args: &args,
            kwargs: &[],
        };
        self.call_in(&format!("{module}.__getattr__"), arguments)
    }

    /// `object.name` (or `getattr(object, "name")`) of an instance of a class of a module that
    /// is read; `None` when `object` is not such an instance or `name` is a plain method.
    pub(super) fn instance_attribute(&self, object: &Value, name: &str) -> Option<Value> {
        let instance = instance(object)?;
        let read = self.function_module(instance.module)?;
        let functions = read.functions.as_deref()?;
        let class_name = instance.class_path.rsplit('.').next()?;
        let class = functions.classes.get(class_name)?;
        let label = format!("{}.{name}", instance.class_path);
        let body = |definition| Body {
            label: &label,
            module: instance.module,
            functions,
            definition,
        };
        let myself = std::slice::from_ref(object);
        if let Some(method) = method(class, name) {
            if !is_property(method) {
                return None;
            }
            let arguments = Arguments {
                args: myself,
                kwargs: &[],
            };
            return Some(self.run_body(&body(method), read.scope.clone(), arguments));
        }
        if let Some(value) = class_attribute(class, name) {
            let getter = returning(&empty_function(class), value, Vec::new());
            let arguments = Arguments {
                args: &[],
                kwargs: &[],
            };
            return Some(self.run_body(&body(&getter), read.scope.clone(), arguments));
        }
        let unknown = |reason: String| {
            let line = SourceText::new(&functions.text).span(class.range()).line;
            Some(Value::Unknown {
                source: label.clone(),
                reason: format!("{}:{line}: {label}: {reason}", functions.path.display()),
                span: Span::default(),
            })
        };
        let Some(init) = method(class, "__init__") else {
            return unknown(not_defined(class, name));
        };
        let Some(first) = init.args.args.first() else {
            return unknown("__init__ takes no self".to_string());
        };
        let myself_name = first.def.arg.as_str();
        let Some(assigned) = init_assignment(init, myself_name, name) else {
            return unknown(not_defined(class, name));
        };
        // `__init__`'s body up to the assignment (without the assignments to `self`), then a
        // return of the value assigned.
        let prelude: Vec<ast::Stmt> = init.body[..assigned.position]
            .iter()
            .filter(|statement| assigns_to(statement, myself_name).is_none())
            .cloned()
            .collect();
        let getter = returning(init, assigned.value, prelude);
        let mut args = vec![object.clone()];
        args.extend(instance.call.args.iter().cloned());
        let arguments = Arguments {
            args: &args,
            kwargs: &instance.call.kwargs,
        };
        Some(self.run_body(&body(&getter), read.scope.clone(), arguments))
    }

    /// `object.method(...)` of an instance of a class of a module that is read: what the
    /// method's body returns, with `self` bound; `None` when it is not such a call.
    pub(super) fn call_method(
        &self,
        object: &Value,
        name: &str,
        arguments: Arguments<'_>,
    ) -> Option<Value> {
        let instance = instance(object)?;
        let read = self.function_module(instance.module)?;
        let functions = read.functions.as_deref()?;
        let class = functions
            .classes
            .get(instance.class_path.rsplit('.').next()?)?;
        let method = method(class, name).filter(|method| method.decorator_list.is_empty())?;
        let label = format!("{}.{name}", instance.class_path);
        let body = Body {
            label: &label,
            module: instance.module,
            functions,
            definition: method,
        };
        let mut args = vec![object.clone()];
        args.extend(arguments.args.iter().cloned());
        let arguments = Arguments {
            args: &args,
            kwargs: arguments.kwargs,
        };
        Some(self.run_body(&body, read.scope.clone(), arguments))
    }
}

/// `object` as an instance of a class of a module (the call of the class by its dotted
/// name, as the module reader keeps it).
fn instance(object: &Value) -> Option<Instance<'_>> {
    let Value::Call(call) = object.resolved() else {
        return None;
    };
    if call.receiver.is_some() {
        return None;
    }
    let (module, _) = call.func.rsplit_once('.')?;
    Some(Instance {
        class_path: &call.func,
        module,
        call,
    })
}

/// The method `name` the class body defines.
fn method<'c>(class: &'c ast::StmtClassDef, name: &str) -> Option<&'c ast::StmtFunctionDef> {
    class
        .body
        .iter()
        .rev()
        .find_map(|statement| match statement {
            ast::Stmt::FunctionDef(function) if function.name.as_str() == name => Some(function),
            _ => None,
        })
}

fn is_property(method: &ast::StmtFunctionDef) -> bool {
    method.decorator_list.iter().any(|decorator| {
        let name = match decorator {
            ast::Expr::Name(name) => name.id.as_str(),
            ast::Expr::Attribute(attribute) => attribute.attr.as_str(),
            _ => return false,
        };
        PROPERTY_DECORATORS.contains(&name)
    })
}

/// The value the class body assigns to `name` (`NAME = value`), the last one.
fn class_attribute<'c>(class: &'c ast::StmtClassDef, name: &str) -> Option<&'c ast::Expr> {
    class
        .body
        .iter()
        .rev()
        .find_map(|statement| match statement {
            ast::Stmt::Assign(assign)
                if assign.targets.iter().any(
                    |target| matches!(target, ast::Expr::Name(n) if n.id.as_str() == name),
                ) =>
            {
                Some(&*assign.value)
            }
            ast::Stmt::AnnAssign(ast::StmtAnnAssign {
                target,
                value: Some(value),
                ..
            }) if matches!(&**target, ast::Expr::Name(n) if n.id.as_str() == name) => Some(value),
            _ => None,
        })
}

/// Why the class has no attribute `name` migguard can read.
fn not_defined(class: &ast::StmtClassDef, name: &str) -> String {
    let bases = class
        .bases
        .iter()
        .filter(|base| !matches!(base, ast::Expr::Name(n) if n.id.as_str() == "object"))
        .count();
    if bases > 0 {
        format!("{name} is not defined by the class itself, and its base classes are not read")
    } else {
        format!("the class defines no attribute {name} (reading it raises AttributeError)")
    }
}

/// The last `self.name = value` of `__init__`'s body, and where it is.
struct InitAssignment<'i> {
    position: usize,
    value: &'i ast::Expr,
}

fn init_assignment<'i>(
    init: &'i ast::StmtFunctionDef,
    myself: &str,
    name: &str,
) -> Option<InitAssignment<'i>> {
    init.body
        .iter()
        .enumerate()
        .rev()
        .find_map(|(position, statement)| {
            let (attribute, value) = assigns_to(statement, myself)?;
            (attribute == name).then_some(InitAssignment { position, value })
        })
}

/// `self.attribute = value` (a single target): the attribute and the value.
fn assigns_to<'s>(statement: &'s ast::Stmt, myself: &str) -> Option<(&'s str, &'s ast::Expr)> {
    let (target, value) = match statement {
        ast::Stmt::Assign(assign) if assign.targets.len() == 1 => {
            (&assign.targets[0], &*assign.value)
        }
        ast::Stmt::AnnAssign(ast::StmtAnnAssign {
            target,
            value: Some(value),
            ..
        }) => (&**target, &**value),
        _ => return None,
    };
    match target {
        ast::Expr::Attribute(attribute) if matches!(&*attribute.value, ast::Expr::Name(n) if n.id.as_str() == myself) => {
            Some((attribute.attr.as_str(), value))
        }
        _ => None,
    }
}

/// A function with no parameters, where a class attribute is evaluated (the module's names,
/// as a class body sees them).
fn empty_function(class: &ast::StmtClassDef) -> ast::StmtFunctionDef {
    ast::StmtFunctionDef {
        range: class.range,
        name: class.name.clone(),
        args: Box::new(ast::Arguments {
            range: Default::default(),
            posonlyargs: Vec::new(),
            args: Vec::new(),
            vararg: None,
            kwonlyargs: Vec::new(),
            kwarg: None,
        }),
        body: Vec::new(),
        decorator_list: Vec::new(),
        returns: None,
        type_comment: None,
        type_params: Vec::new(),
    }
}

/// `function` (its parameters) with the body `prelude` then `return value`.
fn returning(
    function: &ast::StmtFunctionDef,
    value: &ast::Expr,
    mut prelude: Vec<ast::Stmt>,
) -> ast::StmtFunctionDef {
    prelude.push(ast::Stmt::Return(ast::StmtReturn {
        range: value.range(),
        value: Some(Box::new(value.clone())),
    }));
    ast::StmtFunctionDef {
        body: prelude,
        decorator_list: Vec::new(),
        ..function.clone()
    }
}
