//! Classes a migration file defines besides `Migration`, read for what they override.
//!
//! Packages fix their own history with small operation subclasses defined next to the
//! migration: `class FakeAddIndex(migrations.AddIndex)` whose `database_forwards` does nothing,
//! `class TryRemoveIndex(migrations.RemoveIndex)` that swallows a failing drop. Such a class is
//! its base operation with a known change to the database work; anything else it overrides
//! (`__init__`, `state_forwards`, `describe`, a `database_forwards` with real code) keeps it
//! unknown, with the override named.

use std::collections::HashMap;

use rustpython_parser::ast;

use super::syntax::{is_docstring, statement_super_call};
use crate::ir::DatabaseWork;

/// Local classes by name.
pub type LocalClasses = HashMap<String, LocalClass>;

/// A class statement of the module (other than `Migration`).
#[derive(Debug, Clone)]
pub struct LocalClass {
    /// Base classes as resolved dotted names (`django.db.migrations.AddIndex`) or local names.
    pub bases: Vec<String>,
    pub members: Vec<Member>,
}

/// A method or class attribute the class body defines.
#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub line: u32,
    pub body: MethodBody,
}

/// The shape of a method body, as far as it matters for overriding an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodBody {
    /// Only a docstring and/or `pass`.
    Empty,
    /// A single `super().<same method>(...)` call (or `return` of it).
    CallsSuper,
    /// That call inside `try:`, every handler only `pass`.
    CallsSuperIgnoringErrors,
    /// Anything else, including class attributes.
    Other,
}

/// Methods of `Operation` that do not change what the forward migration does to the state or
/// the database (`sqlmigrate` and `migrate` never call them going forward).
const INERT_METHODS: &[&str] = &[
    "database_backwards",
    "deconstruct",
    "reduce",
    "references_model",
    "references_field",
    "allow_migrate_model",
    "migration_name_fragment",
    "__repr__",
    "__str__",
];

/// Class attributes that do not change the forward work.
const INERT_ATTRIBUTES: &[&str] = &["reversible", "category", "serialization_expand_args"];

/// How deep a chain of local subclasses is followed.
const MAX_DEPTH: usize = 16;

impl LocalClass {
    /// Reads a class statement whose bases are already resolved.
    pub fn read(
        class: &ast::StmtClassDef,
        bases: Vec<String>,
        line_of: impl Fn(&ast::Stmt) -> u32,
    ) -> LocalClass {
        let members = class
            .body
            .iter()
            .filter(|statement| !is_docstring(statement))
            .filter_map(|statement| {
                let (name, body) = match statement {
                    ast::Stmt::FunctionDef(function) => {
                        let name = function.name.as_str();
                        (name.to_string(), method_body(name, &function.body))
                    }
                    ast::Stmt::AsyncFunctionDef(function) => {
                        (function.name.to_string(), MethodBody::Other)
                    }
                    ast::Stmt::Assign(assign) => match assign.targets.as_slice() {
                        [ast::Expr::Name(target)] => (target.id.to_string(), MethodBody::Other),
                        _ => ("<assignment>".to_string(), MethodBody::Other),
                    },
                    ast::Stmt::Pass(_) => return None,
                    _ => ("<statement>".to_string(), MethodBody::Other),
                };
                Some(Member {
                    name,
                    line: line_of(statement),
                    body,
                })
            })
            .collect();
        LocalClass { bases, members }
    }
}

/// The built-in operation a local class stands for, and what it changes in the database work;
/// `None` if `name` is not a local class; `Err` with the reason when an override is not
/// understood. `is_builtin` tells whether a dotted base is a built-in operation class.
pub fn resolve_operation(
    name: &str,
    classes: &LocalClasses,
    is_builtin: impl Fn(&str) -> bool,
) -> Option<Result<(String, DatabaseWork), String>> {
    let mut class = classes.get(name)?;
    let mut database: Option<DatabaseWork> = None;
    for _ in 0..MAX_DEPTH {
        for member in &class.members {
            if let Err(reason) = apply_member(member, &mut database) {
                return Some(Err(reason));
            }
        }
        let Some(base) = class.bases.first() else {
            return Some(Err("its base class is not statically known".to_string()));
        };
        if let Some(parent) = classes.get(base.as_str()) {
            class = parent;
            continue;
        }
        if !is_builtin(base) {
            return Some(Err(format!(
                "its base {base} is not an operation of django.db.migrations or django.contrib.postgres.operations"
            )));
        }
        return Some(Ok((
            base.clone(),
            database.unwrap_or(DatabaseWork::Inherited),
        )));
    }
    Some(Err(
        "its chain of base classes is too deep to follow".to_string()
    ))
}

/// Folds one member into what is known; the subclass's own override wins over its bases'.
fn apply_member(member: &Member, database: &mut Option<DatabaseWork>) -> Result<(), String> {
    let name = member.name.as_str();
    if INERT_METHODS.contains(&name) || INERT_ATTRIBUTES.contains(&name) {
        return Ok(());
    }
    let work = match (name, member.body) {
        ("database_forwards", MethodBody::Empty) => DatabaseWork::Nothing,
        ("database_forwards", MethodBody::CallsSuper) => DatabaseWork::Inherited,
        ("database_forwards", MethodBody::CallsSuperIgnoringErrors) => {
            DatabaseWork::InheritedIgnoringErrors
        }
        (_, MethodBody::CallsSuper) => return Ok(()),
        _ => {
            return Err(format!(
                "it overrides {name} (line {}), which migguard does not analyse",
                member.line
            ))
        }
    };
    database.get_or_insert(work);
    Ok(())
}

fn method_body(method: &str, body: &[ast::Stmt]) -> MethodBody {
    let statements: Vec<&ast::Stmt> = body
        .iter()
        .filter(|statement| !is_docstring(statement) && !matches!(statement, ast::Stmt::Pass(_)))
        .collect();
    match statements.as_slice() {
        [] => MethodBody::Empty,
        [statement] if statement_super_call(statement, method).is_some() => MethodBody::CallsSuper,
        [ast::Stmt::Try(block)]
            if block.orelse.is_empty()
                && block.finalbody.is_empty()
                && matches!(block.body.as_slice(), [statement] if statement_super_call(statement, method).is_some())
                && block.handlers.iter().all(|handler| {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    handler.body.iter().all(|statement| {
                        matches!(statement, ast::Stmt::Pass(_)) || is_docstring(statement)
                    })
                }) =>
        {
            MethodBody::CallsSuperIgnoringErrors
        }
        _ => MethodBody::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustpython_parser::{ast, Parse};

    fn classes(source: &str) -> LocalClasses {
        let suite = ast::Suite::parse(source, "<test>").expect("valid python");
        suite
            .iter()
            .filter_map(|statement| match statement {
                ast::Stmt::ClassDef(class) => {
                    let bases = class
                        .bases
                        .iter()
                        .filter_map(|base| match base {
                            ast::Expr::Name(name) => Some(name.id.to_string()),
                            ast::Expr::Attribute(attribute) => {
                                Some(format!("django.db.migrations.{}", attribute.attr))
                            }
                            _ => None,
                        })
                        .collect();
                    Some((
                        class.name.to_string(),
                        LocalClass::read(class, bases, |_| 1),
                    ))
                }
                _ => None,
            })
            .collect()
    }

    fn resolve(source: &str, name: &str) -> Result<(String, DatabaseWork), String> {
        resolve_operation(name, &classes(source), |base| {
            base.starts_with("django.db.migrations.")
        })
        .expect("a local class")
    }

    #[test]
    fn empty_database_forwards_is_state_only() {
        let source = "class Fake(migrations.AddIndex):\n    \"\"\"doc\"\"\"\n    def database_forwards(self, *a, **k):\n        \"\"\"Nothing\"\"\"\n    def database_backwards(self, *a, **k):\n        pass\n";
        assert_eq!(
            resolve(source, "Fake"),
            Ok((
                "django.db.migrations.AddIndex".into(),
                DatabaseWork::Nothing
            ))
        );
    }

    #[test]
    fn super_call_in_try_keeps_the_sql() {
        let source = "class Try(migrations.RemoveIndex):\n    def database_forwards(self, *a, **k):\n        try:\n            super().database_forwards(*a, **k)\n        except DatabaseError:\n            pass\n        except Exception:\n            pass\n";
        assert_eq!(
            resolve(source, "Try"),
            Ok((
                "django.db.migrations.RemoveIndex".into(),
                DatabaseWork::InheritedIgnoringErrors
            ))
        );
    }

    #[test]
    fn a_subclass_of_a_local_subclass_inherits_its_override() {
        let source = "class Fake(migrations.AddIndex):\n    def database_forwards(self, *a):\n        pass\nclass Faker(Fake):\n    reversible = True\n";
        assert_eq!(
            resolve(source, "Faker"),
            Ok((
                "django.db.migrations.AddIndex".into(),
                DatabaseWork::Nothing
            ))
        );
    }

    #[test]
    fn other_overrides_stay_unknown_and_are_named() {
        let source = "class Odd(migrations.AddField):\n    def state_forwards(self, app, state):\n        state.x = 1\n";
        let reason = resolve(source, "Odd").expect_err("not understood");
        assert!(reason.contains("state_forwards (line 1)"), "{reason}");
        let source = "class Odd(migrations.AddField):\n    def database_forwards(self, *a):\n        schema_editor.execute('DROP TABLE x')\n";
        assert!(resolve(source, "Odd").is_err());
        let source = "class Odd(migrations.RunSQL):\n    atomic = False\n";
        assert!(resolve(source, "Odd").is_err());
    }

    #[test]
    fn a_base_outside_django_is_named() {
        let source = "class Odd(Base):\n    pass\n";
        let reason = resolve(source, "Odd").expect_err("not an operation");
        assert!(reason.contains("Base"), "{reason}");
    }
}
