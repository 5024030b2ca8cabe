//! Small questions about Python syntax trees, shared by the readers of class bodies.

use rustpython_parser::ast;

/// A string literal on its own: a docstring.
pub fn is_docstring(statement: &ast::Stmt) -> bool {
    matches!(statement, ast::Stmt::Expr(expression)
        if matches!(&*expression.value, ast::Expr::Constant(constant) if constant.value.is_str()))
}

/// A body without its leading docstring.
pub fn without_docstring(body: &[ast::Stmt]) -> &[ast::Stmt] {
    match body.split_first() {
        Some((first, rest)) if is_docstring(first) => rest,
        _ => body,
    }
}

/// `super()`.
pub fn is_super(expression: &ast::Expr) -> bool {
    matches!(expression, ast::Expr::Call(call)
        if matches!(&*call.func, ast::Expr::Name(name) if name.id.as_str() == "super"))
}

/// The call, if `expression` is `super().<method>(...)`.
pub fn super_call<'a>(expression: &'a ast::Expr, method: &str) -> Option<&'a ast::ExprCall> {
    let ast::Expr::Call(call) = expression else {
        return None;
    };
    let ast::Expr::Attribute(attribute) = &*call.func else {
        return None;
    };
    (attribute.attr.as_str() == method && is_super(&attribute.value)).then_some(call)
}

/// The call, if `statement` is `super().<method>(...)` or `return super().<method>(...)`.
pub fn statement_super_call<'a>(
    statement: &'a ast::Stmt,
    method: &str,
) -> Option<&'a ast::ExprCall> {
    match statement {
        ast::Stmt::Expr(expression) => super_call(&expression.value, method),
        ast::Stmt::Return(ast::StmtReturn {
            value: Some(value), ..
        }) => super_call(value, method),
        _ => None,
    }
}
