//! What migrations take from apps' and libraries' own modules, read from source (never
//! imported) with the project's settings: upper-case constants (`from helpdesk.settings import
//! TEAMS_MODEL`), and what a module's function returns when Django calls it (a callable
//! `default=helpdesk.models.mk_secret`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rustpython_parser::ast;

use crate::ir::{Call, Span, Value};
use crate::parse::eval::{is_constant_name, ConstantSource, Scope};
use crate::parse::exec::Executor;
use crate::parse::SourceText;

use super::module::{
    is_django_module, locate_unknown, LazyImporter, ModuleFunctions, ModuleReader,
};
use super::Settings;

mod instances;

/// How many calls deep a function's call of another function is followed (module
/// `__getattr__`, properties and methods included).
const MAX_CALL_DEPTH: usize = 16;

/// A module as far as migrations use it.
#[derive(Debug)]
struct ReadModule {
    /// Every name the module binds once run.
    scope: Scope,
    /// Its top-level functions, if it defines any.
    functions: Option<Arc<ModuleFunctions>>,
}

/// Constants and functions of the modules migrations import from apps and libraries, each
/// module read once from its source with the project's settings and shared by the parsing
/// threads.
#[derive(Debug)]
pub struct PackageConstants {
    search_paths: Vec<PathBuf>,
    settings: Settings,
    /// Modules read whole (what they import is read too), for their constants.
    modules: ModuleCache,
    /// Modules read for their functions, their imports left unread.
    function_modules: ModuleCache,
    /// For each module asked for a function, the names its text defines with `def` (at any
    /// depth); `None` when the module was not found or its text not read.
    defined_names: Mutex<HashMap<String, Arc<Option<HashSet<String>>>>>,
}

impl PackageConstants {
    pub fn new(search_paths: Vec<PathBuf>, settings: Settings) -> PackageConstants {
        PackageConstants {
            search_paths,
            settings,
            modules: Mutex::default(),
            function_modules: Mutex::default(),
            defined_names: Mutex::default(),
        }
    }

    /// `module` read whole, `None` when it is not one that is read.
    fn module(&self, module: &str) -> Option<Arc<ReadModule>> {
        cached_read(&self.modules, module, || {
            ModuleReader::with_settings(&self.search_paths, &self.settings)
        })
    }

    /// `module` read for its functions: its imports are not read (a library's models module
    /// imports the whole library); the constants its functions use are read when used.
    fn function_module(&self, module: &str) -> Option<Arc<ReadModule>> {
        // Reading a module asks for the constants of others; one that comes back to a module
        // being read on this thread (whose first read is not finished) is not read again.
        let _reading = ReadingFunctions::enter(module)?;
        cached_read(&self.function_modules, module, || {
            ModuleReader::lazy(&self.search_paths, &self.settings, self)
        })
    }

    /// What calling `function` with `args` returns, evaluated from its source; `None` when it
    /// is not a top-level function of a module that is read.
    fn call_in(&self, function: &str, arguments: Arguments<'_>) -> Option<Value> {
        let (module, name) = function.rsplit_once('.')?;
        if !self.may_define_function(module, name) {
            return None;
        }
        let read = self.function_module(module)?;
        let functions = read.functions.as_ref()?;
        let definition = functions.definitions.get(name)?;
        let body = Body {
            label: function,
            module,
            functions,
            definition,
        };
        Some(self.run_body(&body, read.scope.clone(), arguments))
    }

    /// Runs a function or method body with its parameters bound to `arguments` over `scope`
    /// (its module's names), then follows the calls in what it returns. Bodies nested more
    /// than [`MAX_CALL_DEPTH`] deep (on this thread, whatever the path) are not run.
    fn run_body(&self, body: &Body<'_>, mut scope: Scope, arguments: Arguments<'_>) -> Value {
        let Some(_nested) = Nesting::enter() else {
            return unknown_call(
                body.label,
                format!("calls nested more than {MAX_CALL_DEPTH} deep are not followed"),
            );
        };
        let source = SourceText::new(&body.functions.text);
        let importer = LazyImporter {
            package: body.functions.package.clone(),
        };
        let mut executor = Executor::new(&source, &self.settings);
        executor.importer = Some(&importer);
        executor.constants = Some(self);
        if let Err(reason) = bind_parameters(&executor, body.definition, arguments, &mut scope) {
            return unknown_call(body.label, reason);
        }
        let returned = executor.run_function(&body.definition.body, &mut scope);
        let context = CallContext {
            module: body.module,
            file: &body.functions.path,
        };
        self.resolve_calls(&returned, &context)
    }

    /// `value` (what a function returned) with the calls of functions of modules that are
    /// read replaced by what they return, and its unknown parts located in the function's file.
    fn resolve_calls(&self, value: &Value, context: &CallContext<'_>) -> Value {
        let resolve = |item: &Value| self.resolve_calls(item, context);
        match value {
            Value::Call(call) if call.receiver.is_none() => {
                let args: Vec<Value> = call.args.iter().map(resolve).collect();
                let target = if call.func.contains('.') {
                    call.func.clone()
                } else {
                    format!("{}.{}", context.module, call.func)
                };
                let kwargs: Vec<(String, Value)> = call
                    .kwargs
                    .iter()
                    .map(|(key, item)| (key.clone(), resolve(item)))
                    .collect();
                let arguments = Arguments {
                    args: &args,
                    kwargs: &kwargs,
                };
                if let Some(result) = self.call_in(&target, arguments) {
                    return result;
                }
                Value::Call(Box::new(Call {
                    args,
                    kwargs,
                    ..(**call).clone()
                }))
            }
            // `self._setting(name, default)`: a method of an instance of a class read.
            Value::Call(call) => {
                let args: Vec<Value> = call.args.iter().map(resolve).collect();
                let kwargs: Vec<(String, Value)> = call
                    .kwargs
                    .iter()
                    .map(|(key, item)| (key.clone(), resolve(item)))
                    .collect();
                let receiver = call.receiver.as_deref().unwrap_or(&Value::None);
                let arguments = Arguments {
                    args: &args,
                    kwargs: &kwargs,
                };
                self.call_method(receiver, &call.func, arguments)
                    .unwrap_or_else(|| {
                        Value::Call(Box::new(Call {
                            args,
                            kwargs,
                            ..(**call).clone()
                        }))
                    })
            }
            Value::List(items) => Value::List(items.iter().map(resolve).collect()),
            Value::Tuple(items) => Value::Tuple(items.iter().map(resolve).collect()),
            Value::Set(items) => Value::Set(items.iter().map(resolve).collect()),
            Value::Dict(entries) => Value::Dict(
                entries
                    .iter()
                    .map(|(key, item)| (resolve(key), resolve(item)))
                    .collect(),
            ),
            other => locate_unknown(other, context.file).unwrap_or_else(|| other.clone()),
        }
    }
}

/// A module once read (`None`: not one that is read), filled by the first thread to ask: a
/// thread asking for a module another thread is reading waits for it.
type ModuleCell = OnceLock<Option<Arc<ReadModule>>>;

/// Modules by name, each read once.
type ModuleCache = Mutex<HashMap<String, Arc<ModuleCell>>>;

/// `module` from `cache`, read with the reader `reader` makes the first time. Reading a
/// module of one cache may ask the other (a function module's constants), never its own.
fn cached_read<'p>(
    cache: &ModuleCache,
    module: &str,
    reader: impl FnOnce() -> ModuleReader<'p>,
) -> Option<Arc<ReadModule>> {
    if is_django_module(module) || module.starts_with('.') {
        return None;
    }
    let cell = match cache.lock() {
        Ok(mut modules) => Arc::clone(modules.entry(module.to_string()).or_default()),
        // A thread panicked holding the lock: read the module without the cache.
        Err(_) => Arc::default(),
    };
    cell.get_or_init(|| {
        let reader = reader();
        reader.read(module).ok().map(|scope| {
            Arc::new(ReadModule {
                scope: (*scope).clone(),
                functions: reader.functions(module),
            })
        })
    })
    .clone()
}

impl PackageConstants {
    /// Whether `module`'s text has a `def name(` (or `async def`) anywhere: a look at the text
    /// before the module is read and run, so that a call of a class (a field's constructor,
    /// most calls in a migration) does not make migguard parse the library's models module.
    /// Where the text can't be read, the module is read as before.
    fn may_define_function(&self, module: &str, name: &str) -> bool {
        if is_django_module(module) || module.starts_with('.') {
            return false;
        }
        let cached = self
            .defined_names
            .lock()
            .ok()
            .and_then(|names| names.get(module).cloned());
        let names = cached.unwrap_or_else(|| {
            let names = Arc::new(defined_names(module, &self.search_paths));
            if let Ok(mut cache) = self.defined_names.lock() {
                cache.insert(module.to_string(), Arc::clone(&names));
            }
            names
        });
        names
            .as_ref()
            .as_ref()
            .is_none_or(|names| names.contains(name))
    }
}

/// The names `module`'s source defines with `def` or `async def`, at any indentation.
fn defined_names(module: &str, search_paths: &[PathBuf]) -> Option<HashSet<String>> {
    let found = crate::python_path::locate_module(module, search_paths)?;
    let bytes = std::fs::read(&found.path).ok()?;
    let text = crate::parse::encoding::decode_source(&bytes).ok()?;
    Some(
        text.lines()
            .filter_map(|line| {
                let line = line.trim_start();
                let line = line.strip_prefix("async").map_or(line, str::trim_start);
                let rest = line.strip_prefix("def")?;
                let rest = rest.strip_prefix(char::is_whitespace)?.trim_start();
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                (end > 0).then(|| rest[..end].to_string())
            })
            .collect(),
    )
}

/// Where the calls a function makes are followed from.
struct CallContext<'r> {
    /// The module of the function: its unqualified calls are of that module's functions.
    module: &'r str,
    file: &'r Path,
}

/// A function or method body to run, and where it comes from.
struct Body<'r> {
    /// Its dotted name, for the reasons given.
    label: &'r str,
    /// The module defining it.
    module: &'r str,
    functions: &'r ModuleFunctions,
    definition: &'r ast::StmtFunctionDef,
}

thread_local! {
    /// How many bodies are being run on this thread, one inside the other.
    static NESTING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// The function modules being asked for on this thread, innermost last.
    static READING_FUNCTIONS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A function module asked for on this thread, until dropped.
struct ReadingFunctions;

impl ReadingFunctions {
    /// `None` when `module` is already being asked for on this thread.
    fn enter(module: &str) -> Option<ReadingFunctions> {
        READING_FUNCTIONS.with(|reading| {
            let mut reading = reading.borrow_mut();
            if reading.iter().any(|m| m == module) {
                return None;
            }
            reading.push(module.to_string());
            Some(ReadingFunctions)
        })
    }
}

impl Drop for ReadingFunctions {
    fn drop(&mut self) {
        READING_FUNCTIONS.with(|reading| {
            reading.borrow_mut().pop();
        });
    }
}

/// One more body being run on this thread, until dropped.
struct Nesting;

impl Nesting {
    /// `None` when [`MAX_CALL_DEPTH`] bodies are already being run.
    fn enter() -> Option<Nesting> {
        NESTING.with(|depth| {
            (depth.get() < MAX_CALL_DEPTH).then(|| {
                depth.set(depth.get() + 1);
                Nesting
            })
        })
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        NESTING.with(|depth| depth.set(depth.get().saturating_sub(1)));
    }
}

impl ConstantSource for PackageConstants {
    fn constant(&self, module: &str, name: &str) -> Option<Value> {
        if !is_constant_name(name) {
            return None;
        }
        let read = self.module(module)?;
        if let Some(value) = read.scope.get(name) {
            return Some(value.clone());
        }
        self.module_getattr(module, read.functions.as_deref()?, name)
    }

    fn call(&self, function: &str, args: &[Value]) -> Option<Value> {
        let arguments = Arguments { args, kwargs: &[] };
        self.call_in(function, arguments)
    }

    fn attribute(&self, object: &Value, name: &str) -> Option<Value> {
        self.instance_attribute(object, name)
    }
}

/// The arguments of a call.
#[derive(Clone, Copy)]
struct Arguments<'a> {
    args: &'a [Value],
    kwargs: &'a [(String, Value)],
}

/// Binds the function's parameters in `scope`: the arguments by position or name, else the
/// defaults.
fn bind_parameters(
    executor: &Executor<'_>,
    definition: &ast::StmtFunctionDef,
    Arguments { args, kwargs }: Arguments<'_>,
    scope: &mut Scope,
) -> Result<(), String> {
    let parameters = &definition.args;
    if parameters.vararg.is_some() || parameters.kwarg.is_some() {
        return Err("it takes *args or **kwargs, which migguard does not bind".into());
    }
    let positional: Vec<&ast::ArgWithDefault> = parameters
        .posonlyargs
        .iter()
        .chain(&parameters.args)
        .collect();
    if args.len() > positional.len() {
        return Err(format!(
            "it is called with {} arguments and takes {}",
            args.len(),
            positional.len()
        ));
    }
    let keyword_parameters = || positional.iter().copied().chain(&parameters.kwonlyargs);
    if let Some((unexpected, _)) = kwargs
        .iter()
        .find(|(key, _)| !keyword_parameters().any(|p| p.def.arg.as_str() == key))
    {
        return Err(format!("it takes no parameter {unexpected}"));
    }
    for (position, parameter) in keyword_parameters().enumerate() {
        let name = parameter.def.arg.as_str();
        let by_name = kwargs.iter().find(|(key, _)| key == name).map(|(_, v)| v);
        let value = match (args.get(position), by_name, &parameter.default) {
            (Some(_), Some(_), _) => return Err(format!("it is given its parameter {name} twice")),
            (Some(arg), None, _) | (None, Some(arg), _) => arg.clone(),
            (None, None, Some(default)) => executor.eval(scope, default),
            (None, None, None) => return Err(format!("it is called without its parameter {name}")),
        };
        scope.bind(name, value);
    }
    Ok(())
}

fn unknown_call(function: &str, reason: String) -> Value {
    Value::Unknown {
        source: format!("{function}()"),
        reason: format!("{function}: {reason}"),
        span: Span::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::defined_names;

    #[test]
    fn the_names_a_module_defines_are_found_in_its_text_at_any_depth() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("pkg")).expect("package");
        std::fs::write(dir.path().join("pkg/__init__.py"), "").expect("init");
        std::fs::write(
            dir.path().join("pkg/gen.py"),
            "def make_token(n=8):\n    return 'x' * n\n\nif True:\n    async def  later (x): pass\n\nclass Field:\n    def deconstruct(self): pass\n\nundefined = 1\n",
        )
        .expect("module");
        let roots = [dir.path().to_path_buf()];
        let names = defined_names("pkg.gen", &roots).expect("found");
        for name in ["make_token", "later", "deconstruct"] {
            assert!(names.contains(name), "{name} in {names:?}");
        }
        assert!(!names.contains("undefined") && !names.contains("Field"));
        assert_eq!(defined_names("pkg.missing", &roots), None);
    }
}
