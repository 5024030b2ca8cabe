//! Runs a settings module symbolically (never imported): its statements through the
//! migration parser's executor, following `from .base import *` and `from .base import NAME`
//! into the project's own modules, and turns what it binds into setting values.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use rustpython_parser::ast;

use crate::ir::{Span, Value};
use crate::parse::eval::{is_constant_name, ConstantSource, Scope};
use crate::parse::exec::{Executor, ModuleImporter};
use crate::parse::syntax_tree::read_module_file;
use crate::parse::SourceText;
use crate::python_path::{absolute_name, locate_module, package_of};

use super::Settings;

/// How many modules deep a chain of settings imports is followed.
const MAX_IMPORT_DEPTH: usize = 16;

/// Why a module could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    NotFound,
    /// Unreadable file, not UTF-8, or a syntax error: with the reason.
    Unreadable(String),
}

/// Reads modules of the project (found on `search_paths`, each once), with the names each binds.
pub struct ModuleReader<'p> {
    search_paths: &'p [PathBuf],
    /// What `settings.X` reads in the modules: nothing for settings modules themselves.
    settings: Option<&'p Settings>,
    /// Whether imports are left unread: imported names stay references, and upper-case ones
    /// are read through `constants` when used.
    lazy: bool,
    constants: Option<&'p dyn ConstantSource>,
    read: RefCell<HashMap<String, Result<Rc<Scope>, ReadError>>>,
    /// The functions each module read defines at its top level.
    functions: RefCell<HashMap<String, Arc<ModuleFunctions>>>,
    /// The modules being read, innermost last (an import cycle stops there).
    reading: RefCell<Vec<String>>,
    /// Imports of the project's own modules that could not be read, with the reason.
    pub problems: RefCell<Vec<String>>,
    /// Why a module read may bind names migguard does not see (`globals().update(...)`).
    pub unseen_names: RefCell<Vec<String>>,
}

/// What a module's text may use to bind names no statement shows: `globals()[...] = `,
/// `locals().update(...)`, `vars()`, `exec(...)`, `setattr(module, ...)`, and
/// django-split-settings' `include(...)`, which runs other files into the module.
const NAME_BINDING_CODE: &[&str] = &[
    "globals()",
    "locals()",
    "vars(",
    "exec(",
    "setattr(",
    "split_settings",
    "__dict__",
];

impl<'p> ModuleReader<'p> {
    pub fn new(search_paths: &'p [PathBuf]) -> Self {
        ModuleReader {
            search_paths,
            settings: None,
            lazy: false,
            constants: None,
            read: RefCell::default(),
            functions: RefCell::default(),
            reading: RefCell::default(),
            problems: RefCell::default(),
            unseen_names: RefCell::default(),
        }
    }

    /// A reader of library and app modules, where `settings.X` and `getattr(settings, "X",
    /// default)` read the project's `settings`.
    pub fn with_settings(search_paths: &'p [PathBuf], settings: &'p Settings) -> Self {
        ModuleReader {
            settings: Some(settings),
            ..ModuleReader::new(search_paths)
        }
    }

    /// A reader of library and app modules for their functions: what a module imports is not
    /// read (its names stay references); the constants it uses are read through `constants`.
    pub fn lazy(
        search_paths: &'p [PathBuf],
        settings: &'p Settings,
        constants: &'p dyn ConstantSource,
    ) -> Self {
        ModuleReader {
            lazy: true,
            constants: Some(constants),
            ..ModuleReader::with_settings(search_paths, settings)
        }
    }

    /// The file of a module of the project, if it is one.
    pub fn locate(&self, module: &str) -> Option<PathBuf> {
        locate_module(module, self.search_paths).map(|found| found.path)
    }

    /// The names module `module` (absolute) binds once run, each value that is not statically
    /// known marked with its file and line.
    pub fn read(&self, module: &str) -> Result<Rc<Scope>, ReadError> {
        if let Some(done) = self.read.borrow().get(module) {
            return done.clone();
        }
        if self.reading.borrow().iter().any(|m| m == module)
            || self.reading.borrow().len() >= MAX_IMPORT_DEPTH
        {
            return Err(ReadError::Unreadable(format!(
                "{module} is imported again while it is being read (an import cycle or a chain deeper than {MAX_IMPORT_DEPTH})"
            )));
        }
        self.reading.borrow_mut().push(module.to_string());
        let result = self.run(module);
        self.reading.borrow_mut().pop();
        self.read
            .borrow_mut()
            .insert(module.to_string(), result.clone());
        result
    }

    fn run(&self, module: &str) -> Result<Rc<Scope>, ReadError> {
        let found = locate_module(module, self.search_paths).ok_or(ReadError::NotFound)?;
        let (text, suite) = read_module_file(&found.path).map_err(ReadError::Unreadable)?;
        let source = SourceText::new(&text);
        // A settings module reads no settings of its own: `settings.X` stays unresolved.
        let no_settings = Settings::default();
        let package = package_of(module, found.is_package).to_string();
        let importer = Importer {
            reader: self,
            package: package.clone(),
        };
        let lazy_importer = LazyImporter { package };
        let mut executor = Executor::new(&source, self.settings.unwrap_or(&no_settings));
        executor.importer = Some(if self.lazy { &lazy_importer } else { &importer });
        executor.constants = self.constants;
        let (scope, _) = executor.run_module(&suite);
        if let Some(code) = NAME_BINDING_CODE.iter().find(|code| text.contains(*code)) {
            self.unseen_names.borrow_mut().push(format!(
                "{} uses {code}, which can bind names no statement shows",
                found.path.display()
            ));
        }
        if let Some(Value::Ref(star)) = scope.get("*") {
            self.unseen_names.borrow_mut().push(format!(
                "{} imports every name of {}, which is not read",
                found.path.display(),
                star.trim_end_matches(".*")
            ));
        }
        let definitions: HashMap<String, ast::StmtFunctionDef> = suite
            .iter()
            .filter_map(|statement| match statement {
                ast::Stmt::FunctionDef(function) => {
                    Some((function.name.to_string(), function.clone()))
                }
                _ => None,
            })
            .collect();
        let classes: HashMap<String, ast::StmtClassDef> = suite
            .iter()
            .filter_map(|statement| match statement {
                ast::Stmt::ClassDef(class) => Some((class.name.to_string(), class.clone())),
                _ => None,
            })
            .collect();
        let mut located = Scope::default();
        for (name, value) in scope.iter() {
            let value = match instance_of_local_class(value, module, &classes) {
                Some(instance) => instance,
                None => locate_value(value, &found.path),
            };
            located.bind(name, value);
        }
        if !definitions.is_empty() || !classes.is_empty() {
            self.functions.borrow_mut().insert(
                module.to_string(),
                Arc::new(ModuleFunctions {
                    path: found.path.clone(),
                    package: package_of(module, found.is_package).to_string(),
                    text: Arc::from(text.as_str()),
                    definitions,
                    classes,
                }),
            );
        }
        Ok(Rc::new(located))
    }

    /// The functions module `module` (read before) defines at its top level.
    pub fn functions(&self, module: &str) -> Option<Arc<ModuleFunctions>> {
        self.functions.borrow().get(module).cloned()
    }
}

/// The importer of a module whose imports are not read: imported names are references to
/// their absolute module paths.
pub struct LazyImporter {
    /// The package relative imports start from.
    pub package: String,
}

impl ModuleImporter for LazyImporter {
    fn import(&self, _module: &str) -> Option<Rc<Scope>> {
        None
    }

    fn absolute(&self, module: &str) -> String {
        absolute_name(&self.package, module)
    }
}

/// The top-level functions and classes of a module, with the text their positions refer to.
#[derive(Debug)]
pub struct ModuleFunctions {
    pub path: PathBuf,
    /// The package relative imports in the functions start from.
    pub package: String,
    pub text: Arc<str>,
    pub definitions: HashMap<String, ast::StmtFunctionDef>,
    /// The classes, whose instances the module may bind (`_app_settings = AppSettings("X_")`).
    pub classes: HashMap<String, ast::StmtClassDef>,
}

/// A module-level instance of a class the module defines (`AppSettings("ALLAUTH_")`), kept as
/// the call of the class by its absolute name (`allauth.app_settings.AppSettings`) so that its
/// properties can be read later; `None` for any other value.
fn instance_of_local_class(
    value: &Value,
    module: &str,
    classes: &HashMap<String, ast::StmtClassDef>,
) -> Option<Value> {
    let Value::Call(call) = value else {
        return None;
    };
    if call.receiver.is_some() || !classes.contains_key(&call.func) {
        return None;
    }
    Some(Value::Call(Box::new(crate::ir::Call {
        func: format!("{module}.{}", call.func),
        ..(**call).clone()
    })))
}

/// The importer of one module: its relative imports start from `package`.
struct Importer<'r, 'p> {
    reader: &'r ModuleReader<'p>,
    package: String,
}

impl ModuleImporter for Importer<'_, '_> {
    fn absolute(&self, module: &str) -> String {
        absolute_name(&self.package, module)
    }

    fn import(&self, module: &str) -> Option<Rc<Scope>> {
        let absolute = absolute_name(&self.package, module);
        // Django's own modules are what migguard models: their names stay references
        // (`from django.conf import settings`), wherever Django is installed.
        if is_django_module(&absolute) {
            return None;
        }
        match self.reader.read(&absolute) {
            Ok(scope) => Some(scope),
            // An absolute import not found is a library (`from pathlib import Path`): its
            // names stay references.
            Err(ReadError::NotFound) if !module.starts_with('.') => None,
            // A relative import of a module that does not exist fails before binding
            // anything (inside `try: ... except ImportError`, the usual `local.py` idiom).
            Err(ReadError::NotFound) => Some(Rc::new(Scope::default())),
            // The project's own code that can't be read: what it would bind is not known.
            Err(ReadError::Unreadable(reason)) => {
                self.reader.problems.borrow_mut().push(reason);
                None
            }
        }
    }
}

pub fn is_django_module(module: &str) -> bool {
    module == "django" || module.starts_with("django.")
}

/// An `Unknown` read at a line of `file`, with `file:line` put in front of its reason; `None`
/// for any other value.
pub fn locate_unknown(value: &Value, file: &Path) -> Option<Value> {
    match value {
        Value::Unknown {
            source,
            reason,
            span,
        } if span.line > 0 => Some(Value::Unknown {
            source: source.clone(),
            reason: format!("{}:{}: {reason}", file.display(), span.line),
            span: Span::default(),
        }),
        _ => None,
    }
}

/// `value` with what is not statically known marked with `file` and its line there: a call
/// made at import time (`os.environ.get(...)`) becomes an `Unknown` saying so.
pub fn locate_value(value: &Value, file: &Path) -> Value {
    if let Some(located) = locate_unknown(value, file) {
        return located;
    }
    match value {
        Value::Call(call) => Value::Unknown {
            source: format!("{}(...)", call.func),
            reason: format!(
                "{}:{}: computed when the module is imported (calls {})",
                file.display(),
                call.span.line,
                call.func
            ),
            span: Span::default(),
        },
        Value::List(items) => Value::List(items.iter().map(|v| locate_value(v, file)).collect()),
        Value::Tuple(items) => Value::Tuple(items.iter().map(|v| locate_value(v, file)).collect()),
        Value::Set(items) => Value::Set(items.iter().map(|v| locate_value(v, file)).collect()),
        Value::Dict(entries) => Value::Dict(
            entries
                .iter()
                .map(|(k, v)| (locate_value(k, file), locate_value(v, file)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A value of the settings module as a setting: literals as they are, anything else (a
/// reference, an operation that could not be folded) an `Unknown` naming `name` and `file`.
pub fn setting_value(name: &str, value: &Value, file: &Path) -> Value {
    let unknown = |what: &str| Value::Unknown {
        source: format!("settings.{name}"),
        reason: format!(
            "{name} in {} is {what}, which is not statically known",
            file.display()
        ),
        span: Span::default(),
    };
    match value {
        Value::None
        | Value::Bool(_)
        | Value::Int(_)
        | Value::BigInt(_)
        | Value::Float(_)
        | Value::Str(_)
        | Value::Bytes(_)
        | Value::Unknown { .. } => value.clone(),
        Value::List(items) => {
            Value::List(items.iter().map(|v| setting_value(name, v, file)).collect())
        }
        Value::Tuple(items) => {
            Value::Tuple(items.iter().map(|v| setting_value(name, v, file)).collect())
        }
        Value::Set(items) => {
            Value::Set(items.iter().map(|v| setting_value(name, v, file)).collect())
        }
        Value::Dict(entries) => Value::Dict(
            entries
                .iter()
                .map(|(k, v)| (setting_value(name, k, file), setting_value(name, v, file)))
                .collect(),
        ),
        Value::Ref(target) => unknown(&format!("a reference to {target}")),
        Value::Setting { name: other, .. } => unknown(&format!("read from settings.{other}")),
        Value::Call(call) => unknown(&format!("computed by {}(...)", call.func)),
        Value::Lambda(_) => unknown("a lambda"),
        Value::BinOp { op, .. } => unknown(&format!("an operation ({op}) on values")),
        Value::UnaryOp { op, .. } => unknown(&format!("an operation ({op}) on a value")),
    }
}

/// Django's rule for what a settings module defines: its names that are upper case.
pub fn is_setting_name(name: &str) -> bool {
    is_constant_name(name)
}
