//! A custom field's `__init__`: which schema arguments it supplies through `kwargs`.
//!
//! Understood: `kwargs.setdefault("max_length", 63)`, `kwargs["max_length"] = 63` and
//! `kwargs["max_length"] = kwargs.get("max_length", 63)` (outside any condition, with a constant
//! or a class attribute), keywords given to `super().__init__(...)` or `Base.__init__(self, ...)`, and anything done to arguments the schema does not read
//! (`choices`, `help_text`, the class's own options popped from `kwargs`).

use rustpython_parser::ast;

use super::super::ImpliedArg;
use super::ModuleFile;
use crate::ir::Value;
use crate::parse::syntax::{is_super, without_docstring};

/// `Field.__init__` arguments that change the column, its constraints or its default.
const SCHEMA_ARGUMENTS: &[&str] = &[
    "primary_key",
    "max_length",
    "unique",
    "blank",
    "null",
    "db_index",
    "default",
    "db_default",
    "db_column",
    "db_tablespace",
    "db_comment",
    "db_collation",
    "max_digits",
    "decimal_places",
    "auto_now",
    "auto_now_add",
    "to",
    "to_field",
    "db_constraint",
    "base_field",
    "size",
    "expression",
    "output_field",
    "db_persist",
];

/// Calls that build a constant value (`Decimal("0.00")`), as migrations write defaults.
const VALUE_CONSTRUCTORS: &[&str] = &[
    "decimal.Decimal",
    "datetime.date",
    "datetime.datetime",
    "datetime.time",
    "datetime.timedelta",
    "uuid.UUID",
];

/// Reads `__init__`: the arguments it supplies, and whether it has positional parameters of
/// its own (then a migration's positional arguments can't be bound by the base's signature).
pub fn read(
    module: &ModuleFile<'_>,
    method: &ast::StmtFunctionDef,
    attributes: &[(String, Value)],
) -> Result<(Vec<ImpliedArg>, bool), String> {
    let parameters = &method.args;
    let own_positional = parameters.posonlyargs.len() + parameters.args.len() > 1;
    let Some(kwargs) = parameters.kwarg.as_ref().map(|kwarg| kwarg.arg.as_str()) else {
        return Err(format!(
            "its __init__ ({}) takes no **kwargs, so what it passes on is not followed",
            module.location(method)
        ));
    };
    let mut reader = InitReader {
        module,
        kwargs,
        attributes,
        implied: Vec::new(),
    };
    reader.block(without_docstring(&method.body), false)?;
    Ok((reader.implied, own_positional))
}

struct InitReader<'a> {
    module: &'a ModuleFile<'a>,
    kwargs: &'a str,
    attributes: &'a [(String, Value)],
    implied: Vec<ImpliedArg>,
}

impl InitReader<'_> {
    fn block(&mut self, body: &[ast::Stmt], conditional: bool) -> Result<(), String> {
        body.iter()
            .try_for_each(|statement| self.statement(statement, conditional))
    }

    fn statement(&mut self, statement: &ast::Stmt, conditional: bool) -> Result<(), String> {
        match statement {
            ast::Stmt::Assign(assign) => {
                for target in &assign.targets {
                    match target {
                        ast::Expr::Subscript(subscript) if self.is_kwargs(&subscript.value) => {
                            let key = literal_key(&subscript.slice);
                            // `kwargs[k] = kwargs.get(k, default)` is `kwargs.setdefault(k, default)`.
                            match self.get_with_default(&assign.value) {
                                Some((same, default)) if same == key => {
                                    self.supply(statement, key, default, false, conditional)?
                                }
                                _ => {
                                    self.supply(statement, key, &assign.value, true, conditional)?
                                }
                            }
                        }
                        ast::Expr::Name(name) if name.id.as_str() == self.kwargs => {
                            return Err(self.unfollowed(statement, "rebinds kwargs"));
                        }
                        _ => {}
                    }
                }
                self.expression(statement, &assign.value)
            }
            ast::Stmt::Delete(delete) => {
                for target in &delete.targets {
                    if let ast::Expr::Subscript(subscript) = target {
                        if self.is_kwargs(&subscript.value) {
                            self.removes(statement, literal_key(&subscript.slice))?;
                        }
                    }
                }
                Ok(())
            }
            ast::Stmt::Expr(expression) => self.expression(statement, &expression.value),
            ast::Stmt::If(branch) => {
                self.expression(statement, &branch.test)?;
                self.block(&branch.body, true)?;
                self.block(&branch.orelse, true)
            }
            ast::Stmt::For(block) => {
                self.block(&block.body, true)?;
                self.block(&block.orelse, true)
            }
            ast::Stmt::While(block) => {
                self.block(&block.body, true)?;
                self.block(&block.orelse, true)
            }
            ast::Stmt::With(block) => self.block(&block.body, conditional),
            ast::Stmt::Try(block) => {
                self.block(&block.body, true)?;
                for handler in &block.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    self.block(&handler.body, true)?;
                }
                self.block(&block.orelse, true)?;
                self.block(&block.finalbody, conditional)
            }
            _ => Ok(()),
        }
    }

    /// Calls on `kwargs` and to `super().__init__` anywhere in an expression.
    fn expression(&mut self, statement: &ast::Stmt, expression: &ast::Expr) -> Result<(), String> {
        let mut calls = Vec::new();
        collect_calls(expression, &mut calls);
        for call in calls {
            let ast::Expr::Attribute(attribute) = &*call.func else {
                continue;
            };
            let method = attribute.attr.as_str();
            if self.is_kwargs(&attribute.value) {
                let key = call.args.first().and_then(literal_key);
                match method {
                    "setdefault" => {
                        let Some(value) = call.args.get(1) else {
                            continue;
                        };
                        let conditional = !matches!(statement, ast::Stmt::Expr(_));
                        self.supply(statement, key, value, false, conditional)?;
                    }
                    "pop" => self.removes(statement, key)?,
                    "get" => {}
                    _ => return Err(self.unfollowed(statement, &format!("calls kwargs.{method}"))),
                }
            } else if method == "__init__"
                && (is_super(&attribute.value) || matches!(&*attribute.value, ast::Expr::Name(_)))
            {
                // `super().__init__(...)` or the base named: `CharField.__init__(self, ...)`.
                for keyword in &call.keywords {
                    if let Some(name) = &keyword.arg {
                        self.supply(
                            statement,
                            Some(name.to_string()),
                            &keyword.value,
                            true,
                            false,
                        )?;
                    }
                }
            }
        }
        Ok(())
    }

    /// `kwargs.get(<literal key>, <default>)`: the key and the default.
    fn get_with_default<'e>(
        &self,
        expression: &'e ast::Expr,
    ) -> Option<(Option<String>, &'e ast::Expr)> {
        let ast::Expr::Call(call) = expression else {
            return None;
        };
        let ast::Expr::Attribute(attribute) = &*call.func else {
            return None;
        };
        if attribute.attr.as_str() != "get" || !self.is_kwargs(&attribute.value) {
            return None;
        }
        match call.args.as_slice() {
            [key, default] if call.keywords.is_empty() => Some((literal_key(key), default)),
            _ => None,
        }
    }

    fn supply(
        &mut self,
        statement: &ast::Stmt,
        key: Option<String>,
        value: &ast::Expr,
        forced: bool,
        conditional: bool,
    ) -> Result<(), String> {
        let Some(key) = key else {
            return Err(self.unfollowed(statement, "sets a kwargs key that is not a literal"));
        };
        if !SCHEMA_ARGUMENTS.contains(&key.as_str()) {
            return Ok(());
        }
        if conditional {
            return Err(self.unfollowed(statement, &format!("sets {key} under a condition")));
        }
        let value = self.constant(value).ok_or_else(|| {
            self.unfollowed(
                statement,
                &format!("sets {key} to a value that is not a constant"),
            )
        })?;
        self.implied.retain(|arg| arg.name != key);
        self.implied.push(ImpliedArg {
            name: key,
            value,
            forced,
        });
        Ok(())
    }

    fn removes(&self, statement: &ast::Stmt, key: Option<String>) -> Result<(), String> {
        match key {
            Some(key) if !SCHEMA_ARGUMENTS.contains(&key.as_str()) => Ok(()),
            Some(key) => Err(self.unfollowed(statement, &format!("removes {key}"))),
            None => Err(self.unfollowed(statement, "removes a kwargs key that is not a literal")),
        }
    }

    /// A literal, a module constant, `self.X` / `cls.X` naming a class attribute, or a setting
    /// read with `getattr(settings, <one of those>, <default>)`.
    fn constant(&self, expression: &ast::Expr) -> Option<Value> {
        let value = match expression {
            ast::Expr::Call(call)
                if call.keywords.is_empty()
                    && matches!(&*call.func, ast::Expr::Name(func) if func.id.as_str() == "getattr") =>
            {
                let (object, rest) = call.args.split_first()?;
                let mut args = vec![self.module.evaluate(object)];
                for arg in rest {
                    args.push(self.constant(arg)?);
                }
                self.module.getattr(expression, &args)
            }
            ast::Expr::Attribute(attribute) if matches!(&*attribute.value, ast::Expr::Name(owner) if owner.id.as_str() == "self") => {
                self.attributes
                    .iter()
                    .find(|(name, _)| name == attribute.attr.as_str())
                    .map(|(_, value)| value.clone())?
            }
            _ => self.module.evaluate(expression),
        };
        match value.resolved() {
            Value::Call(call) if VALUE_CONSTRUCTORS.contains(&call.func.as_str()) => Some(value),
            Value::Unknown { .. } | Value::Ref(_) | Value::Call(_) => None,
            _ => Some(value),
        }
    }

    fn is_kwargs(&self, expression: &ast::Expr) -> bool {
        matches!(expression, ast::Expr::Name(name) if name.id.as_str() == self.kwargs)
    }

    fn unfollowed(&self, statement: &ast::Stmt, what: &str) -> String {
        format!(
            "its __init__ {what} ({}), which migguard does not follow",
            self.module.location(statement)
        )
    }
}

fn literal_key(expression: &ast::Expr) -> Option<String> {
    match expression {
        ast::Expr::Constant(constant) => match &constant.value {
            ast::Constant::Str(key) => Some(key.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Every call in an expression, outermost first.
fn collect_calls<'a>(expression: &'a ast::Expr, calls: &mut Vec<&'a ast::ExprCall>) {
    use ast::Expr;
    let children: Vec<&'a Expr> = match expression {
        Expr::Call(call) => {
            calls.push(call);
            std::iter::once(&*call.func)
                .chain(&call.args)
                .chain(call.keywords.iter().map(|keyword| &keyword.value))
                .collect()
        }
        Expr::Attribute(attribute) => vec![&*attribute.value],
        Expr::Subscript(subscript) => vec![&*subscript.value, &*subscript.slice],
        Expr::BinOp(operation) => vec![&*operation.left, &*operation.right],
        Expr::UnaryOp(operation) => vec![&*operation.operand],
        Expr::BoolOp(operation) => operation.values.iter().collect(),
        Expr::Compare(compare) => std::iter::once(&*compare.left)
            .chain(&compare.comparators)
            .collect(),
        Expr::IfExp(branch) => vec![&*branch.test, &*branch.body, &*branch.orelse],
        Expr::List(list) => list.elts.iter().collect(),
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        Expr::Set(set) => set.elts.iter().collect(),
        Expr::Dict(dict) => dict.keys.iter().flatten().chain(&dict.values).collect(),
        Expr::Starred(starred) => vec![&*starred.value],
        Expr::NamedExpr(named) => vec![&*named.value],
        Expr::ListComp(comprehension) => {
            comprehension_parts(&comprehension.elt, &comprehension.generators)
        }
        Expr::GeneratorExp(comprehension) => {
            comprehension_parts(&comprehension.elt, &comprehension.generators)
        }
        _ => Vec::new(),
    };
    for child in children {
        collect_calls(child, calls);
    }
}

/// The element and the iterated expressions of a comprehension.
fn comprehension_parts<'a>(
    element: &'a ast::Expr,
    generators: &'a [ast::Comprehension],
) -> Vec<&'a ast::Expr> {
    std::iter::once(element)
        .chain(generators.iter().map(|generator| &generator.iter))
        .collect()
}
