//! Runs a settings module symbolically (never imported): its statements through the
//! migration parser's executor, following `from .base import *` and `from .base import NAME`
//! into the project's own modules, and turns what it binds into setting values.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex, OnceLock};

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
    read: RefCell<HashMap<String, Result<Rc<Scope>, ReadError>>>,
    /// The modules being read, innermost last (an import cycle stops there).
    reading: RefCell<Vec<String>>,
    /// Imports of the project's own modules that could not be read, with the reason.
    pub problems: RefCell<Vec<String>>,
}

impl<'p> ModuleReader<'p> {
    pub fn new(search_paths: &'p [PathBuf]) -> Self {
        ModuleReader {
            search_paths,
            settings: None,
            read: RefCell::default(),
            reading: RefCell::default(),
            problems: RefCell::default(),
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
        let importer = Importer {
            reader: self,
            package: package_of(module, found.is_package).to_string(),
        };
        let mut executor = Executor::new(&source, self.settings.unwrap_or(&no_settings));
        executor.importer = Some(&importer);
        let (scope, _) = executor.run_module(&suite);
        let mut located = Scope::default();
        for (name, value) in scope.iter() {
            located.bind(name, locate_value(value, &found.path));
        }
        Ok(Rc::new(located))
    }
}

/// The importer of one module: its relative imports start from `package`.
struct Importer<'r, 'p> {
    reader: &'r ModuleReader<'p>,
    package: String,
}

impl ModuleImporter for Importer<'_, '_> {
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

fn is_django_module(module: &str) -> bool {
    module == "django" || module.starts_with("django.")
}

/// The upper-case names a module binds, with their values.
type Constants = HashMap<String, Value>;

/// Constants of the modules migrations import from apps and libraries (`from
/// helpdesk.settings import TEAMS_MODEL`), each module read once from its source with the
/// project's settings and shared by the parsing threads.
#[derive(Debug)]
pub struct PackageConstants {
    search_paths: Vec<PathBuf>,
    settings: Settings,
    /// Each module's constants, read once: a thread asking for a module another thread is
    /// reading waits for it (reading a module asks no other module of this cache).
    modules: Mutex<HashMap<String, Arc<ModuleCell>>>,
}

/// A module's constants once read (`None`: not read), filled by the first thread to ask.
type ModuleCell = OnceLock<Option<Arc<Constants>>>;

impl PackageConstants {
    pub fn new(search_paths: Vec<PathBuf>, settings: Settings) -> PackageConstants {
        PackageConstants {
            search_paths,
            settings,
            modules: Mutex::default(),
        }
    }

    /// The upper-case names `module` binds, `None` when it is not read.
    fn module_constants(&self, module: &str) -> Option<Arc<Constants>> {
        let cell = match self.modules.lock() {
            Ok(mut modules) => Arc::clone(modules.entry(module.to_string()).or_default()),
            // A thread panicked holding the lock: read the module without the cache.
            Err(_) => Arc::default(),
        };
        cell.get_or_init(|| self.read_constants(module)).clone()
    }

    fn read_constants(&self, module: &str) -> Option<Arc<Constants>> {
        let reader = ModuleReader::with_settings(&self.search_paths, &self.settings);
        reader.read(module).ok().map(|scope| {
            Arc::new(
                scope
                    .iter()
                    .filter(|(name, _)| is_constant_name(name))
                    .map(|(name, value)| (name.to_string(), value.clone()))
                    .collect(),
            )
        })
    }
}

impl ConstantSource for PackageConstants {
    fn constant(&self, module: &str, name: &str) -> Option<Value> {
        if is_django_module(module) || module.starts_with('.') {
            return None;
        }
        self.module_constants(module)?.get(name).cloned()
    }
}

/// `value` with what is not statically known marked with `file` and its line there: a call
/// made at import time (`os.environ.get(...)`) becomes an `Unknown` saying so.
fn locate_value(value: &Value, file: &Path) -> Value {
    match value {
        Value::Unknown {
            source,
            reason,
            span,
        } if span.line > 0 => Value::Unknown {
            source: source.clone(),
            reason: format!("{}:{}: {reason}", file.display(), span.line),
            span: Span::default(),
        },
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
