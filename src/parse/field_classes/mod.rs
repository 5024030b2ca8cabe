//! Field classes outside Django (`oauth2_provider.models.ClientSecretField`,
//! `timezone_field.TimeZoneField`, a project's own `MoneyField`): which built-in field each
//! behaves as for the schema, so its column and constraints can be translated.
//!
//! A class is resolved, in this order, from
//! 1. a declaration: `[field-classes]` in the project's configuration, then migguard's table of
//!    well-known packages (`known.toml`), for classes whose code can't be read for it;
//! 2. its source, found on the project's paths and in the installed packages (never imported):
//!    a subclass of a Django field that overrides nothing the schema editor calls is that field;
//!    `get_internal_type()` returning a literal and `kwargs.setdefault("max_length", 63)` in
//!    `__init__` are understood ([`reader`]).
//!
//! Anything else stays unresolved with the reason (the override that decides the column), and
//! the field is reported and left untranslated.

mod declared;
mod reader;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub use declared::FieldClassDeclaration;

use crate::ir::{FieldType, Settings, Value};
use crate::parse::eval::ConstantSource;

/// How a custom field class behaves for the schema, or why that is not known.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    Resolved(ResolvedClass),
    /// The class was found but what it does to the schema can't be read.
    Unresolved(String),
    /// No class by that name: its module was not found, it does not define the name, or the
    /// name leads back to itself.
    Missing(String),
}

impl Resolution {
    /// Why the class is not resolved.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Resolution::Resolved(_) => None,
            Resolution::Unresolved(reason) | Resolution::Missing(reason) => Some(reason),
        }
    }
}

/// A custom class that behaves as a built-in field.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedClass {
    pub behaves_as: FieldType,
    /// Arguments the class supplies: `kwargs.setdefault(...)` (a default the call may override)
    /// or `kwargs[...] = ...` (forced).
    pub implied: Vec<ImpliedArg>,
    /// Where this came from, for messages: a source location or a declaration.
    pub origin: String,
    /// A method that changes how values (so a `default`) are stored, with its location.
    pub value_preparation: Option<String>,
    /// `__init__` takes named positional parameters of its own.
    pub own_positional_parameters: bool,
}

/// An argument a custom field's `__init__` supplies.
#[derive(Debug, Clone, PartialEq)]
pub struct ImpliedArg {
    pub name: String,
    pub value: Value,
    /// `kwargs[name] = value` rather than `kwargs.setdefault(name, value)`.
    pub forced: bool,
}

/// Resolves custom field classes, each once, for every file parsed (shared across threads).
#[derive(Debug, Default)]
pub struct FieldClasses {
    /// Directories a dotted module path is looked up under (like `sys.path`).
    search_paths: Vec<PathBuf>,
    declared: HashMap<String, FieldClassDeclaration>,
    /// The project's settings, which a class's `__init__` may read.
    settings: Settings,
    /// Constants the classes' modules import.
    constants: Option<Arc<dyn ConstantSource>>,
    resolved: Mutex<HashMap<String, Arc<Resolution>>>,
}

/// How many classes deep a chain of custom bases or re-exports is followed.
const MAX_DEPTH: usize = 12;

impl FieldClasses {
    /// `declared` are the project's `[field-classes]`; migguard's own table fills in the rest.
    pub fn new(
        search_paths: Vec<PathBuf>,
        declared: impl IntoIterator<Item = (String, FieldClassDeclaration)>,
    ) -> FieldClasses {
        let mut all = declared::known_packages();
        all.extend(declared);
        FieldClasses {
            search_paths,
            declared: all,
            settings: Settings::default(),
            constants: None,
            resolved: Mutex::default(),
        }
    }

    /// The project's settings, for `getattr(settings, "X", default)` in a class's `__init__`
    /// (dj-stripe's `StripeForeignKey` takes `to_field` from a setting).
    pub fn with_settings(mut self, settings: Settings) -> FieldClasses {
        self.settings = settings;
        self
    }

    /// Constants the classes' modules import (`if USE_JSON: DataField = JSONField` with
    /// `USE_JSON` from the app's settings module).
    pub fn with_constants(mut self, constants: Arc<dyn ConstantSource>) -> FieldClasses {
        self.constants = Some(constants);
        self
    }

    /// The field `dotted` behaves as when it is a declared function wrapping a field
    /// (`wraps-field = true`).
    pub fn field_wrapper(&self, dotted: &str) -> Option<FieldType> {
        let declaration = self.declared.get(dotted).filter(|d| d.wraps_field)?;
        match declaration.resolution() {
            Resolution::Resolved(resolved) => Some(resolved.behaves_as),
            _ => None,
        }
    }

    /// How the class named `dotted` (as the migration's imports resolve it) behaves.
    pub fn resolve(&self, dotted: &str) -> Arc<Resolution> {
        self.resolve_within(dotted, &[])
    }

    /// `chain`: the classes being resolved that led here (bases, re-exports), to stop cycles.
    fn resolve_within(&self, dotted: &str, chain: &[&str]) -> Arc<Resolution> {
        if let Some(found) = self.cached(dotted) {
            return found;
        }
        if chain.contains(&dotted) {
            // Not cached: only this path through the cycle is cut short.
            return Arc::new(Resolution::Missing(format!(
                "{dotted} is reached again through its own bases or imports"
            )));
        }
        let resolution = if let Some(declaration) = self.declared.get(dotted) {
            declaration.resolution()
        } else if let Some(builtin) = FieldType::from_qualified_name(dotted) {
            // Reached through an alias or a re-export (`DataField = JSONField`): Django's own
            // class, which migguard models rather than reads.
            Resolution::Resolved(ResolvedClass {
                behaves_as: builtin,
                implied: Vec::new(),
                origin: format!("Django's {}", builtin.name()),
                value_preparation: None,
                own_positional_parameters: false,
            })
        } else if chain.len() >= MAX_DEPTH {
            Resolution::Unresolved(format!(
                "its chain of base classes and imports is deeper than {MAX_DEPTH}"
            ))
        } else {
            let mut longer = chain.to_vec();
            longer.push(dotted);
            let surroundings = reader::Surroundings {
                search_paths: &self.search_paths,
                settings: &self.settings,
                constants: self.constants.as_deref(),
            };
            reader::read_class(dotted, &surroundings, &|base| {
                self.resolve_within(base, &longer)
            })
        };
        let resolution = Arc::new(resolution);
        if let Ok(mut resolved) = self.resolved.lock() {
            resolved.insert(dotted.to_string(), Arc::clone(&resolution));
        }
        resolution
    }

    fn cached(&self, dotted: &str) -> Option<Arc<Resolution>> {
        self.resolved.lock().ok()?.get(dotted).cloned()
    }
}
