//! Runs the statements of a module or class body symbolically: imports, assignments,
//! `operations += [...]`, `operations.append(...)`, and `if` on settings, binding names in a
//! [`Scope`]. Nothing of the project is imported or executed.

use std::cell::Cell;
use std::rc::Rc;

use rustpython_parser::ast::{self, Ranged};

use super::eval::{entry_position, ConstantSource, Evaluator, Raised, Scope, DJANGO_SETTINGS};
use super::limits::{text_units, Budget};
use super::local_classes::{LocalClass, LocalClasses};
use super::source::SourceText;
use crate::ir::{Settings, Value};

/// Reads the modules a body imports from, where the imported values matter (a settings
/// module's `from .base import *`). Without one, imported names are references.
pub trait ModuleImporter {
    /// The names bound by the module imported as `module` (as written: `.base`, `shop.base`),
    /// or `None` when that module is not read.
    fn import(&self, module: &str) -> Option<Rc<Scope>>;

    /// The absolute name of `module` as written in the importing module (`.base` from
    /// `shop.settings` is `shop.base`): what a name imported from a module that is not read
    /// refers to.
    fn absolute(&self, module: &str) -> String {
        module.to_string()
    }
}

/// The body being run: the module, or a class body seen through the module scope.
pub struct Executor<'a> {
    pub source: &'a SourceText<'a>,
    pub settings: &'a Settings,
    /// The `class Migration` statement, handed back when the module body reaches it.
    pub migration_class: Option<&'a ast::StmtClassDef>,
    /// Methods a class body defines (a `Migration` class overriding `apply`, say).
    pub methods: Vec<(String, u32)>,
    /// Other classes the module defines, with their resolved base classes: a custom operation
    /// subclassing `migrations.AddIndex`, say.
    pub local_classes: LocalClasses,
    /// Reads imported modules; `None`: imported names stay references.
    pub importer: Option<&'a dyn ModuleImporter>,
    /// Reads constants of imported modules; `None`: they stay references.
    pub constants: Option<&'a dyn ConstantSource>,
    /// The file's evaluation budget; once exceeded, the file is not analysed.
    pub budget: Budget,
    /// An exception the statement being run raised, for the `try` around it.
    raised: Cell<Option<Raised>>,
}

impl<'a> Executor<'a> {
    pub fn new(source: &'a SourceText<'a>, settings: &'a Settings) -> Self {
        Executor {
            source,
            settings,
            migration_class: None,
            methods: Vec::new(),
            local_classes: Default::default(),
            importer: None,
            constants: None,
            budget: Budget::default(),
            raised: Cell::default(),
        }
    }

    /// Runs a module body; returns the module scope as it stands when `class Migration` is
    /// defined (Python evaluates the class body at that point), or at the end.
    pub fn run_module(&mut self, body: &'a [ast::Stmt]) -> (Scope, Option<Scope>) {
        let mut module = Scope::default();
        let mut class_scope = None;
        self.run_block(body, &mut module, None, &mut class_scope);
        (module, class_scope)
    }

    /// Runs a function body in `scope` (its module's names and its parameters) and evaluates what
    /// it returns. Bodies are read when they are a docstring, imports and assignments, then one
    /// `return`: anything else (a branch, a loop, a call made for its effect) is not run, and the
    /// result is an `Unknown` naming the statement.
    pub fn run_function(&mut self, body: &'a [ast::Stmt], scope: &mut Scope) -> Value {
        let mut unused = None;
        for (position, statement) in body.iter().enumerate() {
            match statement {
                ast::Stmt::Expr(docstring)
                    if position == 0 && matches!(&*docstring.value, ast::Expr::Constant(_)) => {}
                ast::Stmt::Import(_)
                | ast::Stmt::ImportFrom(_)
                | ast::Stmt::Assign(_)
                | ast::Stmt::AnnAssign(_) => {
                    self.run_statement(statement, scope, None, &mut unused)
                }
                ast::Stmt::Return(returned) => {
                    return match &returned.value {
                        Some(value) => self.evaluator(scope, None).eval(value),
                        None => Value::None,
                    }
                }
                _ => {
                    return self.unknown(
                        statement,
                        "the function's body has a statement migguard does not run (only imports, assignments and a return are)",
                    )
                }
            }
        }
        Value::None
    }

    fn run_block(
        &mut self,
        body: &'a [ast::Stmt],
        scope: &mut Scope,
        module: Option<&Scope>,
        class_scope: &mut Option<Scope>,
    ) {
        for statement in body {
            self.run_statement(statement, scope, module, class_scope);
        }
    }

    /// A `try` statement. Imports in it are assumed to succeed, as they do on a working install;
    /// a statement known to raise (reading a setting that is not set) has no effect when a
    /// handler catches its exception, and that handler runs, as Python does. Outside a `try`
    /// that catches it, what raises is an `Unknown` saying so.
    fn run_try(
        &mut self,
        block: &'a ast::StmtTry,
        scope: &mut Scope,
        module: Option<&Scope>,
        class_scope: &mut Option<Scope>,
    ) {
        for (position, statement) in block.body.iter().enumerate() {
            self.raised.set(None);
            let before = scope.clone();
            self.run_statement(statement, scope, module, class_scope);
            if let Some(raised) = self.raised.take() {
                match catching_handler(&block.handlers, raised.exception) {
                    Some(handler) if raised.certain => {
                        *scope = before;
                        self.run_block(&handler.body, scope, module, class_scope);
                    }
                    // Whether the handler or the rest of the `try` runs is not known.
                    Some(handler) => {
                        let reason = format!(
                            "assigned in a try statement whose outcome is not statically known ({})",
                            raised.reason
                        );
                        self.forget_assigned(&handler.body, scope, &reason);
                        self.forget_assigned(&block.body[position + 1..], scope, &reason);
                        self.forget_assigned(&block.orelse, scope, &reason);
                    }
                    // Not caught here: the enclosing `try`, if any, sees it; what the statement
                    // bound stays, `Unknown` with the reason.
                    None => self.raised.set(Some(raised)),
                }
                self.run_block(&block.finalbody, scope, module, class_scope);
                return;
            }
        }
        self.run_block(&block.orelse, scope, module, class_scope);
        self.run_block(&block.finalbody, scope, module, class_scope);
    }

    /// Evaluates `expr` against `scope` as a module scope.
    pub fn eval(&self, scope: &Scope, expr: &ast::Expr) -> Value {
        self.evaluator(scope, None).eval(expr)
    }

    fn evaluator<'s>(&'s self, scope: &'s Scope, module: Option<&'s Scope>) -> Evaluator<'s> {
        match module {
            Some(module) => Evaluator {
                source: self.source,
                settings: self.settings,
                module,
                class: Some(scope),
                budget: &self.budget,
                constants: self.constants,
                raised: Some(&self.raised),
            },
            None => Evaluator {
                source: self.source,
                settings: self.settings,
                module: scope,
                class: None,
                budget: &self.budget,
                constants: self.constants,
                raised: Some(&self.raised),
            },
        }
    }

    fn run_statement(
        &mut self,
        statement: &'a ast::Stmt,
        scope: &mut Scope,
        module: Option<&Scope>,
        class_scope: &mut Option<Scope>,
    ) {
        match statement {
            ast::Stmt::Import(import) => {
                for alias in &import.names {
                    let dotted = alias.name.as_str();
                    match &alias.asname {
                        Some(asname) => scope.bind(asname.as_str(), Value::Ref(dotted.to_string())),
                        None => {
                            let top = dotted.split('.').next().unwrap_or(dotted);
                            scope.bind(top, Value::Ref(top.to_string()));
                        }
                    }
                }
            }
            ast::Stmt::ImportFrom(import) => {
                let level = import.level.as_ref().map_or(0, |level| level.to_u32()) as usize;
                let module_name = format!(
                    "{}{}",
                    ".".repeat(level),
                    import.module.as_ref().map_or("", |m| m.as_str())
                );
                let imported = self
                    .importer
                    .and_then(|importer| importer.import(&module_name));
                for alias in &import.names {
                    let name = alias.name.as_str();
                    if let (Some(imported), "*") = (&imported, name) {
                        // Without `__all__`, a star import binds the names not starting with `_`.
                        for (name, value) in imported.iter().filter(|(n, _)| !n.starts_with('_')) {
                            scope.bind(name, value.clone());
                        }
                        continue;
                    }
                    let bound = alias.asname.as_ref().map_or(name, |asname| asname.as_str());
                    if let Some(imported) = &imported {
                        let value = imported.get(name).cloned().unwrap_or_else(|| {
                            self.unknown(
                                statement,
                                &format!("{module_name} was read and binds no name {name}"),
                            )
                        });
                        scope.bind(bound, value);
                        continue;
                    }
                    let target = if module_name.ends_with('.') || module_name.is_empty() {
                        format!("{module_name}{name}")
                    } else {
                        format!("{module_name}.{name}")
                    };
                    let target = match self.importer {
                        Some(importer) => importer.absolute(&target),
                        None => target,
                    };
                    scope.bind(bound, Value::Ref(target));
                }
            }
            ast::Stmt::Assign(assign) => {
                let value = self.evaluator(scope, module).eval(&assign.value);
                self.assign_targets(&assign.targets, value, statement, scope);
            }
            ast::Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    let value = self.evaluator(scope, module).eval(value);
                    self.assign(&assign.target, value, scope);
                }
            }
            ast::Stmt::AugAssign(assign) => {
                let current = self.evaluator(scope, module).eval(&assign.target);
                let added = self.evaluator(scope, module).eval(&assign.value);
                let span = || self.source.span(statement.range());
                let value = match (assign.op, current.resolved(), added.resolved()) {
                    (ast::Operator::Add, Value::List(a), Value::List(b) | Value::Tuple(b))
                        if self.budget.charge((a.len() + b.len()) as u64, span) =>
                    {
                        Value::List(a.iter().chain(b).cloned().collect())
                    }
                    (ast::Operator::Add, Value::Tuple(a), Value::Tuple(b))
                        if self.budget.charge((a.len() + b.len()) as u64, span) =>
                    {
                        Value::Tuple(a.iter().chain(b).cloned().collect())
                    }
                    _ => self.unknown(
                        statement,
                        "augmented assignment that is not statically known",
                    ),
                };
                self.assign(&assign.target, value, scope);
            }
            ast::Stmt::Expr(expression) => self.run_method_call(&expression.value, scope, module),
            ast::Stmt::If(branch) => {
                let test = self.evaluator(scope, module).eval(&branch.test);
                match test.truthiness() {
                    Some(true) => self.run_block(&branch.body, scope, module, class_scope),
                    Some(false) => self.run_block(&branch.orelse, scope, module, class_scope),
                    None => {
                        let why = test
                            .unknown_truth_reason()
                            .map(|why| format!(" ({why})"))
                            .unwrap_or_default();
                        let reason = format!(
                            "assigned under a condition that is not statically known: {}{why}",
                            self.source.slice(branch.test.range())
                        );
                        self.forget_assigned(&branch.body, scope, &reason);
                        self.forget_assigned(&branch.orelse, scope, &reason);
                    }
                }
            }
            ast::Stmt::Try(block) => self.run_try(block, scope, module, class_scope),
            ast::Stmt::With(block) => self.run_block(&block.body, scope, module, class_scope),
            ast::Stmt::For(block) => self.forget_assigned(&block.body, scope, "assigned in a loop"),
            ast::Stmt::While(block) => {
                self.forget_assigned(&block.body, scope, "assigned in a loop")
            }
            ast::Stmt::FunctionDef(function) => {
                self.bind_definition(function.name.as_str(), statement, scope, module);
            }
            ast::Stmt::AsyncFunctionDef(function) => {
                self.bind_definition(function.name.as_str(), statement, scope, module);
            }
            ast::Stmt::ClassDef(class) => {
                scope.bind(class.name.as_str(), Value::Ref(class.name.to_string()));
                if module.is_none() && class.name.as_str() == "Migration" {
                    self.migration_class = Some(class);
                    let mut body_scope = Scope::default();
                    let mut nested = None;
                    self.run_block(&class.body, &mut body_scope, Some(scope), &mut nested);
                    *class_scope = Some(body_scope);
                } else if module.is_none() {
                    let evaluator = self.evaluator(scope, None);
                    let bases = class
                        .bases
                        .iter()
                        .filter_map(|base| match evaluator.eval(base) {
                            Value::Ref(base) => Some(base),
                            _ => None,
                        })
                        .collect();
                    let source = self.source;
                    let class_info = LocalClass::read(class, bases, |statement| {
                        source.span(statement.range()).line
                    });
                    self.local_classes
                        .insert(class.name.to_string(), class_info);
                }
            }
            ast::Stmt::Delete(delete) => {
                for target in &delete.targets {
                    if let ast::Expr::Name(name) = target {
                        scope.unbind(name.id.as_str());
                    }
                }
            }
            _ => {}
        }
    }

    fn bind_definition(
        &mut self,
        name: &str,
        statement: &ast::Stmt,
        scope: &mut Scope,
        module: Option<&Scope>,
    ) {
        if module.is_some() {
            self.methods
                .push((name.to_string(), self.source.span(statement.range()).line));
        }
        scope.bind(name, Value::Ref(name.to_string()));
    }

    fn unknown(&self, statement: &ast::Stmt, reason: &str) -> Value {
        let source = self.source.slice(statement.range());
        let copied = self
            .budget
            .charge(text_units(source), || self.source.span(statement.range()));
        Value::Unknown {
            source: if copied { source } else { "" }.to_string(),
            reason: reason.to_string(),
            span: self.source.span(statement.range()),
        }
    }

    /// `a = b = value`: each target after the first is bound to a copy, charged to the budget
    /// (the last target takes the value itself).
    fn assign_targets(
        &self,
        targets: &[ast::Expr],
        value: Value,
        statement: &ast::Stmt,
        scope: &mut Scope,
    ) {
        let Some((last, others)) = targets.split_last() else {
            return;
        };
        let charge = || {
            self.budget
                .charge_copy(&value, || self.source.span(statement.range()))
        };
        for (position, target) in others.iter().enumerate() {
            if position > 0 && !charge() {
                return;
            }
            self.assign(target, value.clone(), scope);
        }
        if others.is_empty() || charge() {
            self.assign(last, value, scope);
        }
    }

    fn assign(&self, target: &ast::Expr, value: Value, scope: &mut Scope) {
        match target {
            ast::Expr::Name(name) => scope.bind(name.id.as_str(), value),
            ast::Expr::Tuple(ast::ExprTuple { elts, .. })
            | ast::Expr::List(ast::ExprList { elts, .. }) => {
                let items = value
                    .as_sequence()
                    .filter(|items| items.len() == elts.len())
                    .map(<[Value]>::to_vec);
                for (position, element) in elts.iter().enumerate() {
                    let item = match &items {
                        Some(items) => items[position].clone(),
                        None => Value::Unknown {
                            source: self.source.slice(element.range()).to_string(),
                            reason: "unpacking of a value that is not statically known".into(),
                            span: self.source.span(element.range()),
                        },
                    };
                    self.assign(element, item, scope);
                }
            }
            // `operations[0] = ...` or `x.attr = ...`: the container is no longer known.
            ast::Expr::Subscript(ast::ExprSubscript { value: base, .. })
            | ast::Expr::Attribute(ast::ExprAttribute { value: base, .. }) => {
                if let ast::Expr::Name(name) = base.as_ref() {
                    let reason = "modified by item or attribute assignment";
                    scope.bind(
                        name.id.as_str(),
                        Value::Unknown {
                            source: self.source.slice(target.range()).to_string(),
                            reason: reason.into(),
                            span: self.source.span(target.range()),
                        },
                    );
                }
            }
            _ => {}
        }
    }

    /// `operations.append(op)`, `operations.extend([...])`, `operations.insert(i, op)`.
    fn run_method_call(&self, expression: &ast::Expr, scope: &mut Scope, module: Option<&Scope>) {
        let ast::Expr::Call(call) = expression else {
            return;
        };
        let ast::Expr::Attribute(attribute) = call.func.as_ref() else {
            return;
        };
        let ast::Expr::Name(name) = attribute.value.as_ref() else {
            return;
        };
        let method = attribute.attr.as_str();
        let receiver = scope.get(name.id.as_str()).map(Value::resolved);
        if matches!(receiver, Some(Value::Dict(_) | Value::Set(_))) {
            return self.run_mapping_method(
                expression,
                call,
                name.id.as_str(),
                method,
                scope,
                module,
            );
        }
        if !matches!(
            method,
            "append" | "extend" | "insert" | "remove" | "pop" | "clear" | "sort" | "reverse"
        ) {
            return;
        }
        let args: Vec<Value> = {
            let evaluator = self.evaluator(scope, module);
            call.args.iter().map(|arg| evaluator.eval(arg)).collect()
        };
        let Some(Value::List(items)) = scope.get_mut(name.id.as_str()) else {
            return;
        };
        let done = match (method, args.as_slice()) {
            ("append", [item]) => {
                items.push(item.clone());
                true
            }
            ("extend", [more]) => match more.as_sequence() {
                Some(more) => {
                    items.extend(more.iter().cloned());
                    true
                }
                None => false,
            },
            ("insert", [Value::Int(position), item]) => {
                let len = items.len() as i64;
                let position = if *position < 0 {
                    (len + position).max(0)
                } else {
                    (*position).min(len)
                };
                items.insert(position as usize, item.clone());
                true
            }
            ("clear", []) => {
                items.clear();
                true
            }
            _ => false,
        };
        if !done {
            scope.bind(
                name.id.as_str(),
                Value::Unknown {
                    source: self.source.slice(expression.range()).to_string(),
                    reason: format!(
                        "list modified by .{method}() in a way that is not statically known"
                    ),
                    span: self.source.span(expression.range()),
                },
            );
        }
    }

    /// A method called on a name bound to a dict or a set: `update` with a known mapping and
    /// `setdefault` with a literal key are applied; any other method that changes it makes it
    /// unknown (django-helpdesk's `DEFAULT_USER_SETTINGS.update(settings.X)`).
    fn run_mapping_method(
        &self,
        expression: &ast::Expr,
        call: &ast::ExprCall,
        name: &str,
        method: &str,
        scope: &mut Scope,
        module: Option<&Scope>,
    ) {
        const MUTATING: &[&str] = &[
            "update",
            "setdefault",
            "pop",
            "popitem",
            "clear",
            "add",
            "discard",
            "remove",
            "difference_update",
            "intersection_update",
            "symmetric_difference_update",
        ];
        if !MUTATING.contains(&method) {
            return;
        }
        let args: Vec<Value> = {
            let evaluator = self.evaluator(scope, module);
            call.args.iter().map(|arg| evaluator.eval(arg)).collect()
        };
        let current = scope.get(name).map(|value| value.resolved().clone());
        let applied = match (current, method, args.as_slice()) {
            (Some(Value::Dict(mut entries)), "update", [more]) if call.keywords.is_empty() => {
                match more.resolved() {
                    Value::Dict(more) if more.iter().all(|(key, _)| key.is_literal_key()) => {
                        // An existing key keeps its place, as in a Python dict.
                        for (key, value) in more {
                            match entry_position(&entries, key) {
                                Some(position) => entries[position].1 = value.clone(),
                                None => entries.push((key.clone(), value.clone())),
                            }
                        }
                        Some(Value::Dict(entries))
                    }
                    _ => None,
                }
            }
            (Some(Value::Dict(mut entries)), "setdefault", [key, value])
                if key.is_literal_key() && call.keywords.is_empty() =>
            {
                if entry_position(&entries, key).is_none() {
                    entries.push((key.clone(), value.clone()));
                }
                Some(Value::Dict(entries))
            }
            _ => None,
        };
        let value = applied.unwrap_or_else(|| Value::Unknown {
            source: self.source.slice(expression.range()).to_string(),
            reason: format!(
                "{name} is changed by .{method}() in a way that is not statically known"
            ),
            span: self.source.span(expression.range()),
        });
        scope.bind(name, value);
    }

    /// Names assigned in a block that is not run, or run an unknown number of times.
    fn forget_assigned(&self, body: &[ast::Stmt], scope: &mut Scope, reason: &str) {
        for statement in body {
            let mut targets: Vec<&ast::Expr> = Vec::new();
            match statement {
                ast::Stmt::Assign(assign) => targets.extend(assign.targets.iter()),
                ast::Stmt::AugAssign(assign) => targets.push(&assign.target),
                ast::Stmt::AnnAssign(assign) => targets.push(&assign.target),
                ast::Stmt::Expr(expression) => {
                    if let ast::Expr::Call(call) = expression.value.as_ref() {
                        if let ast::Expr::Attribute(attribute) = call.func.as_ref() {
                            targets.push(&attribute.value);
                        }
                    }
                }
                ast::Stmt::If(branch) => {
                    self.forget_assigned(&branch.body, scope, reason);
                    self.forget_assigned(&branch.orelse, scope, reason);
                }
                ast::Stmt::For(block) => self.forget_assigned(&block.body, scope, reason),
                ast::Stmt::While(block) => self.forget_assigned(&block.body, scope, reason),
                ast::Stmt::Try(block) => self.forget_assigned(&block.body, scope, reason),
                ast::Stmt::With(block) => self.forget_assigned(&block.body, scope, reason),
                _ => {}
            }
            for target in targets {
                if let ast::Expr::Name(name) = target {
                    if scope
                        .get(name.id.as_str())
                        .is_some_and(|value| matches!(value, Value::Ref(r) if r == DJANGO_SETTINGS))
                    {
                        continue;
                    }
                    scope.bind(name.id.as_str(), self.unknown(statement, reason));
                }
            }
        }
    }
}

/// The handler of `handlers` that catches `exception` (a built-in exception class that
/// derives directly from `Exception`): `except exception`, `except Exception`, `except
/// BaseException`, a tuple naming one of them, or a bare `except:`.
fn catching_handler<'h>(
    handlers: &'h [ast::ExceptHandler],
    exception: &str,
) -> Option<&'h ast::ExceptHandlerExceptHandler> {
    let catches = |name: &ast::Expr| {
        matches!(name, ast::Expr::Name(name)
            if [exception, "Exception", "BaseException"].contains(&name.id.as_str()))
    };
    handlers.iter().find_map(|handler| {
        let ast::ExceptHandler::ExceptHandler(handler) = handler;
        let caught = match handler.type_.as_deref() {
            None => true,
            Some(ast::Expr::Tuple(names)) => names.elts.iter().any(catches),
            Some(name) => catches(name),
        };
        caught.then_some(handler)
    })
}
