//! Reads a custom field class from its source file, without importing it.
//!
//! What the schema editor asks a field (`db_type`, `db_parameters`, `get_internal_type`,
//! `db_check`, ...) decides its column; how it prepares values (`get_prep_value`,
//! `get_db_prep_value`, `get_default`, ...) decides the SQL literal of a default. A class that
//! overrides neither behaves as its base. Overrides understood: `get_internal_type()` returning
//! a literal, `__init__` supplying constant arguments through `kwargs`, value methods that only
//! validate before calling `super()`, and any override that only calls `super()`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustpython_parser::ast::{self, Ranged};

use super::{Resolution, ResolvedClass};
use crate::ir::{FieldType, Settings, Value};
use crate::parse::eval::{ConstantSource, Evaluator, Scope};
use crate::parse::exec::Executor;
use crate::parse::limits::{Budget, MAX_FILE_BYTES};
use crate::parse::syntax_tree::{parse_module, Refusal};
use crate::parse::SourceText;

mod init;
mod methods;
mod outline;

/// What a field class's module is read with.
pub struct Surroundings<'a> {
    /// Where modules are found (like `sys.path`).
    pub search_paths: &'a [PathBuf],
    /// The project's settings (`getattr(settings, "X", default)` in an `__init__`).
    pub settings: &'a Settings,
    /// Constants the module imports (`if USE_JSON: DataField = JSONField`).
    pub constants: Option<&'a dyn ConstantSource>,
}

/// Reads the class `dotted` from the first module file found on the search paths;
/// `resolve` resolves other custom classes (bases, re-exports).
pub fn read_class(
    dotted: &str,
    surroundings: &Surroundings<'_>,
    resolve: &dyn Fn(&str) -> Arc<Resolution>,
) -> Resolution {
    let Surroundings {
        search_paths,
        settings,
        constants,
    } = *surroundings;
    let Some((module, class_name)) = dotted.rsplit_once('.') else {
        return Resolution::Unresolved(format!("{dotted} is not a dotted class path"));
    };
    let Some(found) = crate::python_path::locate_module(module, search_paths) else {
        return Resolution::Missing(format!(
            "module {module} was not found on the project's paths or in the installed packages \
             (--external, or declare the class under [field-classes] in migguard.toml)"
        ));
    };
    let (path, is_package) = (found.path, found.is_package);
    let bytes = std::fs::read(&path).unwrap_or_default();
    let text = match crate::parse::encoding::decode_source(&bytes) {
        Ok(text) if bytes.len() <= MAX_FILE_BYTES => text,
        _ => {
            return Resolution::Unresolved(format!(
                "{} could not be read as Python source text",
                path.display()
            ))
        }
    };
    let module = ModuleText {
        dotted,
        module,
        class_name,
        path: &path,
        is_package,
        settings,
        constants,
    };
    // The outline first: when it resolves the class, the whole module need not be parsed.
    if let Some(outline) = outline::class_outline(&text, class_name) {
        let quick = module.read(&outline, resolve);
        if matches!(quick, Resolution::Resolved(_)) {
            return quick;
        }
    }
    module.read(&text, resolve)
}

/// A module file found for a class, before it is parsed.
struct ModuleText<'a> {
    dotted: &'a str,
    module: &'a str,
    class_name: &'a str,
    path: &'a Path,
    is_package: bool,
    /// The project's settings (`getattr(settings, "X", default)` in an `__init__`).
    settings: &'a Settings,
    constants: Option<&'a dyn ConstantSource>,
}

impl ModuleText<'_> {
    /// Parses `text` (the module, or its outline) and reads the class from it.
    fn read(&self, text: &str, resolve: &dyn Fn(&str) -> Arc<Resolution>) -> Resolution {
        let ModuleText {
            dotted,
            module,
            class_name,
            path,
            is_package,
            settings,
            constants,
        } = *self;
        let suite = match parse_module(text, &path.to_string_lossy()) {
            Ok(suite) => suite,
            Err(Refusal::Syntax(..)) => {
                return Resolution::Unresolved(format!(
                    "{} has a Python syntax error",
                    path.display()
                ))
            }
            Err(Refusal::Limit(exceeded, _)) => {
                return Resolution::Unresolved(format!(
                    "{}: {}",
                    path.display(),
                    exceeded.message()
                ))
            }
        };
        let source = SourceText::new(text);
        let mut executor = Executor::new(&source, settings);
        executor.constants = constants;
        let (scope, _) = executor.run_module(&suite);
        if let Some((exceeded, _)) = executor.budget.exceeded() {
            return Resolution::Unresolved(format!("{}: {}", path.display(), exceeded.message()));
        }
        let package = crate::python_path::package_of(module, is_package);
        let module_file = ModuleFile {
            module,
            path,
            package,
            source: &source,
            settings,
            scope: &scope,
            budget: &executor.budget,
            suite: &suite,
        };
        let class = suite.iter().find_map(|statement| match statement {
            ast::Stmt::ClassDef(class) if class.name.as_str() == class_name => Some(class),
            _ => None,
        });
        match class {
            Some(class) => module_file.read(class, resolve),
            // A re-export: `from .fields import TimeZoneField` in a package's `__init__.py`.
            None => match scope.get(class_name) {
                Some(Value::Ref(target)) => {
                    let target = module_file.absolute(target);
                    if target == dotted {
                        Resolution::Missing(format!("{module} imports {class_name} from itself"))
                    } else {
                        (*resolve(&target)).clone()
                    }
                }
                _ => {
                    // The first star-imported module that defines the class decides.
                    let candidates: Vec<Arc<Resolution>> = module_file
                        .star_imports(&suite)
                        .into_iter()
                        .map(|from| resolve(&format!("{from}.{class_name}")))
                        .collect();
                    let defined = candidates
                        .iter()
                        .find(|found| !matches!(***found, Resolution::Missing(_)));
                    match defined {
                        Some(found) => (**found).clone(),
                        None => Resolution::Missing(format!(
                            "{} defines no class {class_name}",
                            path.display()
                        )),
                    }
                }
            },
        }
    }
}

/// A module being read, with what its statements bound.
pub(super) struct ModuleFile<'a> {
    /// The module's dotted name.
    pub module: &'a str,
    pub path: &'a Path,
    /// The package relative imports start from.
    pub package: &'a str,
    pub source: &'a SourceText<'a>,
    pub settings: &'a Settings,
    pub scope: &'a Scope,
    pub budget: &'a Budget,
    /// The module's statements (the classes it defines: a mixin beside a field class).
    pub suite: &'a [ast::Stmt],
}

impl ModuleFile<'_> {
    /// A dotted name from the module's imports, with relative imports made absolute; a bare
    /// name is a class the module defines.
    fn absolute(&self, name: &str) -> String {
        if name.starts_with('.') {
            crate::python_path::absolute_name(self.package, name)
        } else if name.contains('.') {
            name.to_string()
        } else {
            format!("{}.{name}", self.module)
        }
    }

    /// Modules the module star-imports (`from .fields import *`), made absolute.
    fn star_imports(&self, suite: &[ast::Stmt]) -> Vec<String> {
        suite
            .iter()
            .filter_map(|statement| match statement {
                ast::Stmt::ImportFrom(import)
                    if import.names.iter().any(|alias| alias.name.as_str() == "*") =>
                {
                    let level = import.level.as_ref().map_or(0, |level| level.to_u32()) as usize;
                    let module = import.module.as_ref().map_or("", |module| module.as_str());
                    Some(if level == 0 {
                        module.to_string()
                    } else {
                        self.absolute(&format!("{}{module}", ".".repeat(level)))
                    })
                }
                _ => None,
            })
            .filter(|module| module != self.module)
            .collect()
    }

    pub fn evaluate(&self, expression: &ast::Expr) -> Value {
        self.evaluator().eval(expression)
    }

    /// `getattr(...)` of arguments already evaluated (one may be a class attribute).
    pub fn getattr(&self, expression: &ast::Expr, args: &[Value]) -> Value {
        self.evaluator().eval_getattr(expression, args)
    }

    fn evaluator(&self) -> Evaluator<'_> {
        Evaluator {
            source: self.source,
            settings: self.settings,
            module: self.scope,
            class: None,
            budget: self.budget,
            constants: None,
            raised: None,
        }
    }

    pub fn location(&self, node: &impl Ranged) -> String {
        format!(
            "{}:{}",
            self.path.display(),
            self.source.span(node.range()).line
        )
    }

    fn read(
        &self,
        class: &ast::StmtClassDef,
        resolve: &dyn Fn(&str) -> Arc<Resolution>,
    ) -> Resolution {
        let base = match self.base(class, resolve) {
            Ok(base) => base,
            Err(reason) => return Resolution::Unresolved(reason),
        };
        match methods::apply_members(self, class, base) {
            Ok(resolved) => Resolution::Resolved(resolved),
            Err(reason) => Resolution::Unresolved(reason),
        }
    }

    /// What the class inherits: a Django field, a custom field resolved in turn, or
    /// `models.Field` itself (`None`: the column must come from `get_internal_type`).
    fn base(
        &self,
        class: &ast::StmtClassDef,
        resolve: &dyn Fn(&str) -> Arc<Resolution>,
    ) -> Result<Option<ResolvedClass>, String> {
        let bases: Vec<String> = class
            .bases
            .iter()
            .map(|base| match self.evaluate(base) {
                Value::Ref(name) => Ok(self.absolute(&name)),
                _ => Err(format!(
                    "its base {} is not statically known",
                    self.source.slice(base.range())
                )),
            })
            .collect::<Result<_, _>>()?;
        let bases: Vec<&String> = bases
            .iter()
            .filter(|name| !matches!(name.as_str(), "object" | "builtins.object"))
            .collect();
        let (first, mixins) = match bases.as_slice() {
            [only] => (*only, Vec::new()),
            [] => return Err(format!("{} has no field base class", class.name)),
            several => self.field_base_and_mixins(several)?,
        };
        let mut resolved = self.field_base(first, resolve)?;
        // `class F(Mixin, CharField)`: the MRO reaches the mixin's methods before the field's,
        // so the mixins apply over the field base, the one nearest to it first.
        for mixin in mixins.iter().rev() {
            resolved = Some(methods::apply_members(self, mixin, resolved)?);
        }
        Ok(resolved)
    }

    /// Of several bases, the one field class (last) and the mixins before it, which must be
    /// plain classes defined in this module: their methods are read like a field subclass's.
    fn field_base_and_mixins<'s>(
        &'s self,
        bases: &[&'s String],
    ) -> Result<(&'s String, Vec<&'s ast::StmtClassDef>), String> {
        let names = || {
            bases
                .iter()
                .map(|name| name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some((field, mixins)) = bases.split_last() else {
            return Err("it has no base class".into());
        };
        let mut classes = Vec::new();
        for mixin in mixins {
            let local = mixin
                .strip_prefix(self.module)
                .and_then(|rest| rest.strip_prefix('.'))
                .and_then(|name| self.local_plain_class(name));
            match local {
                Some(class) => classes.push(class),
                None => {
                    return Err(format!(
                        "it inherits from several classes ({}); migguard follows a mixin only when it is a plain class defined in the same module, before the field base",
                        names()
                    ))
                }
            }
        }
        Ok((*field, classes))
    }

    /// A class of this module with no base but `object`.
    fn local_plain_class(&self, name: &str) -> Option<&ast::StmtClassDef> {
        self.suite.iter().find_map(|statement| match statement {
            ast::Stmt::ClassDef(class)
                if class.name.as_str() == name
                    && class.bases.iter().all(|base| {
                        matches!(self.evaluate(base), Value::Ref(r) if r == "object" || r == "builtins.object")
                    }) =>
            {
                Some(class)
            }
            _ => None,
        })
    }

    /// The field class a custom class builds on (`None`: `models.Field` itself).
    fn field_base(
        &self,
        first: &str,
        resolve: &dyn Fn(&str) -> Arc<Resolution>,
    ) -> Result<Option<ResolvedClass>, String> {
        if is_django_field_base(first) {
            return Ok(None);
        }
        if let Some(field_type) = FieldType::from_qualified_name(first) {
            return Ok(Some(ResolvedClass {
                behaves_as: field_type,
                implied: Vec::new(),
                origin: String::new(),
                value_preparation: None,
                own_positional_parameters: false,
            }));
        }
        match &*resolve(first) {
            Resolution::Resolved(resolved) => Ok(Some(resolved.clone())),
            Resolution::Unresolved(reason) | Resolution::Missing(reason) => {
                Err(format!("its base {first}: {reason}"))
            }
        }
    }
}

/// `django.db.models.Field`, the root of every field class.
fn is_django_field_base(name: &str) -> bool {
    matches!(
        name,
        "django.db.models.Field" | "django.db.models.fields.Field"
    )
}
