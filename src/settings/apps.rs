//! `INSTALLED_APPS` as Django's `AppConfig.create` reads each entry, statically: an app
//! module (whose `apps.py` may hold the default `AppConfig`) or the dotted path of an
//! `AppConfig` class, with the class's `name` and `label`; then `MIGRATION_MODULES`.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::rc::Rc;

use rustpython_parser::ast;

use crate::ir::Value;
use crate::parse::eval::{Evaluator, Scope};
use crate::parse::exec::Executor;
use crate::parse::syntax_tree::read_module_file;
use crate::parse::SourceText;
use crate::python_path::{absolute_name, locate_module, package_of, ModuleFile};

use super::Settings;

/// Django's `AppConfig` class, as the modules defining configs import it.
const APP_CONFIG_PATHS: &[&str] = &["django.apps.AppConfig", "django.apps.config.AppConfig"];

/// An installed app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledApp {
    /// The `INSTALLED_APPS` entry.
    pub entry: String,
    /// The app module (`AppConfig.name`).
    pub name: String,
    pub label: String,
    /// Where its migrations live: `MIGRATION_MODULES[label]`, else `<name>.migrations`;
    /// `None` when `MIGRATION_MODULES` maps the label to `None` (migrations disabled).
    pub migrations_module: Option<String>,
}

/// Where an app's migrations live, by label, from `MIGRATION_MODULES`.
#[derive(Debug, Default)]
pub struct MigrationModules {
    modules: BTreeMap<String, Option<String>>,
}

impl MigrationModules {
    /// Reads `MIGRATION_MODULES` (a dict of label to module name or `None`); the entries that
    /// are not statically known are returned with the reason.
    pub fn read(value: Option<&Value>) -> Result<MigrationModules, String> {
        let mut modules = BTreeMap::new();
        let Some(value) = value else {
            return Ok(MigrationModules { modules });
        };
        let Value::Dict(entries) = value else {
            return Err(unknown_reason(value, "is not a literal dict"));
        };
        for (key, module) in entries {
            let (Some(label), Some(module)) = (key.as_str(), module_name(module)) else {
                return Err(unknown_reason(
                    module,
                    "has an entry that is not statically known",
                ));
            };
            modules.insert(label.to_string(), module);
        }
        Ok(MigrationModules { modules })
    }

    fn for_app(&self, name: &str, label: &str) -> Option<String> {
        match self.modules.get(label) {
            Some(module) => module.clone(),
            None => Some(format!("{name}.migrations")),
        }
    }
}

fn module_name(value: &Value) -> Option<Option<String>> {
    match value {
        Value::None => Some(None),
        Value::Str(name) => Some(Some(name.clone())),
        _ => None,
    }
}

fn unknown_reason(value: &Value, otherwise: &str) -> String {
    match value {
        Value::Unknown { reason, .. } => reason.clone(),
        _ => otherwise.to_string(),
    }
}

/// The `INSTALLED_APPS` entries, when the setting is a known list of strings.
pub fn entries(settings: &Settings) -> Result<Vec<String>, String> {
    let Some(value) = settings.get("INSTALLED_APPS") else {
        // Django's default is an empty list.
        return Ok(Vec::new());
    };
    let Some(items) = value.as_sequence() else {
        return Err(unknown_reason(&value, "is not a list or tuple"));
    };
    items
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_string)
                .ok_or_else(|| unknown_reason(item, "has an item that is not a string"))
        })
        .collect()
}

/// The `AppConfig.name` of an `INSTALLED_APPS` entry naming one of Django's own apps
/// (`django.contrib.auth`, `django.contrib.admin.apps.SimpleAdminConfig`): in Django 5.2 every
/// config of `django.contrib` names its app module. `None` for any other entry.
pub fn django_app_name(entry: &str) -> Option<String> {
    let module = entry.strip_prefix("django.contrib.")?;
    let app = match module.split_once(".apps.") {
        Some((app, class)) if class.ends_with("Config") && !class.contains('.') => app,
        Some(_) => return None,
        None => module,
    };
    let plain = !app.is_empty()
        && app.split('.').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        });
    plain.then(|| format!("django.contrib.{app}"))
}

/// Each entry as Django's `AppConfig.create` makes it; entries that can't be followed
/// (module not found, a config whose `name` is not a literal) are returned with the reason.
pub fn installed_apps(
    entries: &[String],
    migration_modules: &MigrationModules,
    search_paths: &[PathBuf],
) -> (Vec<InstalledApp>, Vec<String>) {
    let mut apps = Vec::new();
    let mut problems = Vec::new();
    for entry in entries {
        match app_config(entry, search_paths) {
            Ok(config) => {
                let label = config.label.unwrap_or_else(|| {
                    config
                        .name
                        .rsplit('.')
                        .next()
                        .unwrap_or(&config.name)
                        .to_string()
                });
                apps.push(InstalledApp {
                    entry: entry.clone(),
                    migrations_module: migration_modules.for_app(&config.name, &label),
                    name: config.name,
                    label,
                });
            }
            Err(reason) => problems.push(format!("{entry}: {reason}")),
        }
    }
    (apps, problems)
}

/// The `name` and `label` an app config gives an app.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ConfigOfApp {
    name: String,
    label: Option<String>,
}

fn app_config(entry: &str, search_paths: &[PathBuf]) -> Result<ConfigOfApp, String> {
    if locate_module(entry, search_paths).is_some() {
        // An app module: the default config of its `apps` submodule, else a plain AppConfig.
        let configs = match locate_module(&format!("{entry}.apps"), search_paths) {
            Some(apps) => {
                let module = format!("{entry}.apps");
                ConfigReader::new(search_paths).module_configs(&module, &apps)?
            }
            None => Vec::new(),
        };
        return match default_config(&configs)? {
            Some(config) => config_of_app(config, &format!("{entry}.apps")),
            None => Ok(ConfigOfApp {
                name: entry.to_string(),
                label: None,
            }),
        };
    }
    let Some((module, class_name)) = entry.rsplit_once('.') else {
        return Err("no module by that name on the scanned or external paths".into());
    };
    let Some(found) = locate_module(module, search_paths) else {
        return Err("no module by that name on the scanned or external paths".into());
    };
    let configs = ConfigReader::new(search_paths).module_configs(module, &found)?;
    match configs
        .iter()
        .find(|config| config.class_name == class_name)
    {
        Some(config) => config_of_app(config, module),
        None => Err(format!(
            "{} defines no AppConfig subclass {class_name}",
            found.path.display()
        )),
    }
}

/// Django's choice among an `apps` module's configs: the only one not marked
/// `default = False`, else the only one marked `default = True`, else none.
fn default_config(configs: &[AppConfigClass]) -> Result<Option<&AppConfigClass>, String> {
    let candidates: Vec<&AppConfigClass> = configs
        .iter()
        .filter(|config| config.default != Some(false))
        .collect();
    if let [only] = candidates.as_slice() {
        return Ok(Some(only));
    }
    let marked: Vec<&AppConfigClass> = candidates
        .into_iter()
        .filter(|config| config.default == Some(true))
        .collect();
    match marked.as_slice() {
        [] => Ok(None),
        [only] => Ok(Some(only)),
        several => Err(format!(
            "several AppConfig classes are marked default = True: {}",
            several
                .iter()
                .map(|config| config.class_name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn config_of_app(config: &AppConfigClass, module: &str) -> Result<ConfigOfApp, String> {
    let name = match &config.name {
        Some(Value::Str(name)) => name.clone(),
        Some(other) => {
            return Err(format!(
                "{module}.{}.name {}",
                config.class_name,
                unknown_reason(other, "is not a string")
            ))
        }
        None => {
            return Err(format!(
                "{module}.{} does not set name (Django requires it)",
                config.class_name
            ))
        }
    };
    let label = match &config.label {
        None => None,
        Some(Value::Str(label)) => Some(label.clone()),
        Some(other) => {
            return Err(format!(
                "{module}.{}.label {}",
                config.class_name,
                unknown_reason(other, "is not a string")
            ))
        }
    };
    Ok(ConfigOfApp { name, label })
}

/// How many imports deep a config's base class is followed (`OscarConfig`, imported from
/// `oscar.core.application`, is one); deeper chains are reported, not guessed.
const MAX_IMPORT_DEPTH: usize = 8;

/// What one module contributes: the config classes it defines, and the names it binds to
/// other modules' objects (a re-exported config class, say).
struct ModuleConfigs {
    defined: Vec<AppConfigClass>,
    references: BTreeMap<String, String>,
}

/// Reads the `AppConfig` subclasses of modules, following base classes imported from other
/// modules on the search paths (a package's own `AppConfig` base, say). Each module is read
/// once.
struct ConfigReader<'a> {
    search_paths: &'a [PathBuf],
    read: RefCell<HashMap<String, Rc<ModuleConfigs>>>,
    /// The modules being read, innermost last: an import cycle between base classes stops here.
    reading: RefCell<Vec<String>>,
}

impl<'a> ConfigReader<'a> {
    fn new(search_paths: &'a [PathBuf]) -> Self {
        ConfigReader {
            search_paths,
            read: RefCell::default(),
            reading: RefCell::default(),
        }
    }

    /// The config classes Django's `AppConfig.create` sees as members of `module`: the
    /// subclasses it defines (a subclass of a config inherits its attributes), then, sorted by
    /// name as `inspect.getmembers` lists them, the config classes it imports.
    fn module_configs(
        &self,
        module: &str,
        found: &ModuleFile,
    ) -> Result<Vec<AppConfigClass>, String> {
        let read = self.module(module, found)?;
        let mut members = read.defined.clone();
        for (name, path) in &read.references {
            if members.iter().any(|config| &config.class_name == name) {
                continue;
            }
            // An import that can't be followed is not taken for a config class: imports of
            // other kinds (functions, translations) are the rule.
            if let Ok(Some(config)) = self.imported_config(path, 0) {
                members.push(AppConfigClass {
                    class_name: name.clone(),
                    ..config
                });
            }
        }
        Ok(members)
    }

    /// The config class `path` (`pkg.core.application.PkgConfig`) names, following
    /// re-exports, if it is one.
    fn imported_config(&self, path: &str, depth: usize) -> Result<Option<AppConfigClass>, String> {
        if depth >= MAX_IMPORT_DEPTH {
            return Err(format!(
                "{path}: an AppConfig base class imported more than {MAX_IMPORT_DEPTH} modules deep"
            ));
        }
        let Some((module, class_name)) = path.rsplit_once('.') else {
            return Ok(None);
        };
        // Django's own config classes are all in `django.contrib.<app>.apps`; the other Django
        // modules an apps.py imports from (translations, signals, checks) hold none, and are
        // not read.
        if super::module::is_django_module(module) && !module.ends_with(".apps") {
            return Ok(None);
        }
        let Some(found) = locate_module(module, self.search_paths) else {
            return Ok(None);
        };
        let read = self.module(module, &found)?;
        if let Some(config) = read.defined.iter().find(|c| c.class_name == class_name) {
            return Ok(Some(config.clone()));
        }
        match read.references.get(class_name) {
            Some(target) => self.imported_config(target, depth + 1),
            None => Ok(None),
        }
    }

    fn module(&self, module: &str, found: &ModuleFile) -> Result<Rc<ModuleConfigs>, String> {
        if let Some(read) = self.read.borrow().get(module) {
            return Ok(Rc::clone(read));
        }
        if self.reading.borrow().iter().any(|m| m == module) {
            return Ok(Rc::new(ModuleConfigs {
                defined: Vec::new(),
                references: BTreeMap::new(),
            }));
        }
        self.reading.borrow_mut().push(module.to_string());
        let read = self.read_module(module, found);
        self.reading.borrow_mut().pop();
        let read = Rc::new(read?);
        self.read
            .borrow_mut()
            .insert(module.to_string(), Rc::clone(&read));
        Ok(read)
    }

    fn read_module(&self, module_name: &str, found: &ModuleFile) -> Result<ModuleConfigs, String> {
        let path = &found.path;
        let (text, suite) = read_module_file(path)?;
        let package = package_of(module_name, found.is_package);
        let source = SourceText::new(&text);
        let no_settings = Settings::default();
        let mut executor = Executor::new(&source, &no_settings);
        let (module, _) = executor.run_module(&suite);
        if let Some((exceeded, _)) = executor.budget.exceeded() {
            return Err(format!("{}: {}", path.display(), exceeded.message()));
        }
        let module_evaluator = Evaluator {
            source: &source,
            settings: &no_settings,
            module: &module,
            class: None,
            budget: &executor.budget,
            constants: None,
            raised: None,
        };
        let mut configs: Vec<(AppConfigClass, Scope)> = Vec::new();
        for statement in &suite {
            let ast::Stmt::ClassDef(class) = statement else {
                continue;
            };
            let mut inherited: Option<(AppConfigClass, Scope)> = None;
            let mut is_config = false;
            for base in &class.bases {
                let Value::Ref(base) = module_evaluator.eval(base) else {
                    continue;
                };
                if APP_CONFIG_PATHS.contains(&base.as_str()) {
                    is_config = true;
                } else if let Some(found) = configs.iter().find(|(c, _)| c.class_name == base) {
                    is_config = true;
                    inherited.get_or_insert_with(|| found.clone());
                } else if let Some(config) =
                    self.imported_config(&absolute_name(package, &base), 0)?
                {
                    is_config = true;
                    inherited.get_or_insert_with(|| (config, Scope::default()));
                }
            }
            if !is_config {
                continue;
            }
            let (mut config, mut scope) = inherited.unwrap_or_default();
            config.class_name = class.name.to_string();
            for item in &class.body {
                let ast::Stmt::Assign(assign) = item else {
                    continue;
                };
                let [ast::Expr::Name(target)] = assign.targets.as_slice() else {
                    continue;
                };
                let value = Evaluator {
                    class: Some(&scope),
                    ..module_evaluator
                }
                .eval(&assign.value);
                match target.id.as_str() {
                    "name" => config.name = Some(value.clone()),
                    "label" => config.label = Some(value.clone()),
                    "default" => config.default = value.truthiness(),
                    _ => {}
                }
                scope.bind(target.id.as_str(), value);
            }
            configs.push((config, scope));
        }
        let defined: Vec<AppConfigClass> = configs.into_iter().map(|(config, _)| config).collect();
        let references = module
            .iter()
            .filter_map(|(name, value)| match value {
                Value::Ref(path) if !APP_CONFIG_PATHS.contains(&path.as_str()) => {
                    Some((name.to_string(), absolute_name(package, path)))
                }
                _ => None,
            })
            .filter(|(name, _)| !defined.iter().any(|c| &c.class_name == name))
            .collect();
        Ok(ModuleConfigs {
            defined,
            references,
        })
    }
}

/// An `AppConfig` subclass defined in a module, with the attributes that decide the app.
#[derive(Debug, Clone, Default)]
struct AppConfigClass {
    class_name: String,
    name: Option<Value>,
    label: Option<Value>,
    default: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::tests::write;

    #[test]
    fn django_contrib_entries_name_their_app_module() {
        let name = |entry: &str| django_app_name(entry);
        assert_eq!(
            name("django.contrib.sites").as_deref(),
            Some("django.contrib.sites")
        );
        assert_eq!(
            name("django.contrib.admin.apps.SimpleAdminConfig").as_deref(),
            Some("django.contrib.admin")
        );
        assert_eq!(name("shop.apps.ShopConfig"), None);
        assert_eq!(name("django.contrib.admin.apps.Config.Inner"), None);
        assert_eq!(name("django.contrib."), None);
    }

    #[test]
    fn entries_follow_app_configs_as_django_does() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        write(root, "shop/__init__.py", "");
        write(
            root,
            "shop/apps.py",
            "from django.apps import AppConfig\nclass Base(AppConfig):\n    name = 'shop'\n    label = 'store'\nclass Shop(Base):\n    default = True\nclass Other(AppConfig):\n    name = 'shop'\n",
        );
        write(root, "plain/__init__.py", "");
        write(root, "billing/__init__.py", "");
        write(
            root,
            "billing/apps.py",
            "from django.apps import AppConfig\nclass BillingConfig(AppConfig):\n    name = 'billing'\n    label = 'payments'\n",
        );
        let entries: Vec<String> = ["shop", "plain", "billing.apps.BillingConfig", "missing"]
            .map(String::from)
            .to_vec();
        let mut modules = Settings::default();
        modules.set(
            "MIGRATION_MODULES",
            Value::Dict(vec![
                (Value::Str("plain".into()), Value::None),
                (
                    Value::Str("payments".into()),
                    Value::Str("billing.db".into()),
                ),
            ]),
        );
        let modules =
            MigrationModules::read(modules.get("MIGRATION_MODULES").as_ref()).expect("known");
        let (apps, problems) = installed_apps(&entries, &modules, &[root.to_path_buf()]);
        let summary: Vec<(&str, &str, Option<&str>)> = apps
            .iter()
            .map(|app| {
                (
                    app.name.as_str(),
                    app.label.as_str(),
                    app.migrations_module.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("shop", "store", Some("shop.migrations")),
                ("plain", "plain", None),
                ("billing", "payments", Some("billing.db")),
            ]
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("missing: "), "{problems:?}");
    }

    /// A package's own `AppConfig` base class, imported from another module (as django-oscar's
    /// `OscarConfig`): expectations from Django 5.2's `AppConfig.create` on the same files.
    #[test]
    fn config_bases_imported_from_other_modules_are_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for package in [
            "kit",
            "kit/core",
            "kit/apps",
            "kit/apps/basket",
            "kit/apps/wishlist",
            "kit/apps/gifts",
        ] {
            write(root, &format!("{package}/__init__.py"), "");
        }
        write(
            root,
            "kit/core/application.py",
            "from django.apps import AppConfig\nclass KitConfig(AppConfig):\n    default = False\n",
        );
        write(
            root,
            "kit/apps/basket/apps.py",
            "from kit.core.application import KitConfig\nclass BasketConfig(KitConfig):\n    name = 'kit.apps.basket'\n    label = 'kit_basket'\n    default = True\nclass OtherConfig(KitConfig):\n    name = 'kit.apps.basket'\n    label = 'other'\n    default = True\n",
        );
        write(
            root,
            "kit/apps/wishlist/apps.py",
            "from ...core.application import KitConfig\nclass WishlistConfig(KitConfig):\n    name = 'kit.apps.wishlist'\n    label = 'kit_wishlist'\n    default = True\n",
        );
        // `default = False` is inherited: no candidate, so Django uses a plain AppConfig.
        write(
            root,
            "kit/apps/gifts/apps.py",
            "from kit.core import application\nclass GiftsConfig(application.KitConfig):\n    name = 'kit.apps.gifts'\n    label = 'kit_gifts'\n",
        );
        let entries: Vec<String> = [
            "kit.apps.basket.apps.BasketConfig",
            "kit.apps.wishlist",
            "kit.apps.gifts",
            "kit.apps.basket",
        ]
        .map(String::from)
        .to_vec();
        let (apps, problems) = installed_apps(
            &entries,
            &MigrationModules::default(),
            &[root.to_path_buf()],
        );
        let labels: Vec<(&str, &str)> = apps
            .iter()
            .map(|app| (app.entry.as_str(), app.label.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                ("kit.apps.basket.apps.BasketConfig", "kit_basket"),
                ("kit.apps.wishlist", "kit_wishlist"),
                ("kit.apps.gifts", "gifts"),
            ]
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("several AppConfig classes are marked default = True"),
            "{problems:?}"
        );
    }

    /// An `apps.py` beyond the parser's limits is a reported problem, as a migration would be,
    /// not a crash of the settings reading.
    #[test]
    fn an_apps_module_beyond_the_limits_is_reported() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        write(root, "deep/__init__.py", "");
        let nested = format!("X = {}1{}\n", "(".repeat(5_000), ")".repeat(5_000));
        write(root, "deep/apps.py", &nested);
        let entries = vec!["deep".to_string()];
        let (apps, problems) = installed_apps(
            &entries,
            &MigrationModules::default(),
            &[root.to_path_buf()],
        );
        assert!(apps.is_empty(), "{apps:?}");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("apps.py"), "{problems:?}");
    }
}
