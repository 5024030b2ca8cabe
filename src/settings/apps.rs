//! `INSTALLED_APPS` as Django's `AppConfig.create` reads each entry, statically: an app
//! module (whose `apps.py` may hold the default `AppConfig`) or the dotted path of an
//! `AppConfig` class, with the class's `name` and `label`; then `MIGRATION_MODULES`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rustpython_parser::{ast, Parse};

use crate::ir::Value;
use crate::parse::eval::{Evaluator, Scope};
use crate::parse::exec::Executor;
use crate::parse::SourceText;
use crate::python_path::locate_module;

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
            Some(apps) => read_configs(&apps.path)?,
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
    let configs = read_configs(&found.path)?;
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

/// An `AppConfig` subclass defined in a module, with the attributes that decide the app.
#[derive(Debug, Clone)]
struct AppConfigClass {
    class_name: String,
    name: Option<Value>,
    label: Option<Value>,
    default: Option<bool>,
}

/// The `AppConfig` subclasses `path` defines, in order (subclasses of a config defined there
/// inherit its attributes).
fn read_configs(path: &Path) -> Result<Vec<AppConfigClass>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let suite = ast::Suite::parse(&text, &path.to_string_lossy())
        .map_err(|error| format!("{}: Python syntax error: {error}", path.display()))?;
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
    };
    let mut configs: Vec<(AppConfigClass, Scope)> = Vec::new();
    for statement in &suite {
        let ast::Stmt::ClassDef(class) = statement else {
            continue;
        };
        let mut inherited: Option<(AppConfigClass, Scope)> = None;
        let mut is_config = false;
        for base in &class.bases {
            match module_evaluator.eval(base) {
                Value::Ref(base) if APP_CONFIG_PATHS.contains(&base.as_str()) => is_config = true,
                Value::Ref(base) => {
                    if let Some(found) = configs.iter().find(|(c, _)| c.class_name == base) {
                        is_config = true;
                        inherited.get_or_insert_with(|| found.clone());
                    }
                }
                _ => {}
            }
        }
        if !is_config {
            continue;
        }
        let (mut config, mut scope) = inherited.unwrap_or_else(|| {
            (
                AppConfigClass {
                    class_name: String::new(),
                    name: None,
                    label: None,
                    default: None,
                },
                Scope::default(),
            )
        });
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
    Ok(configs.into_iter().map(|(config, _)| config).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::tests::write;

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
}
