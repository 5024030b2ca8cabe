//! Django settings, read statically from the project's settings module (never imported).
//!
//! The module is found as Django finds it ([`locate`]), run symbolically with its
//! `from .base import *` chains ([`module`]), and every upper-case name it binds becomes a
//! setting; `--setting` and the configuration's `[settings]` win over it. `INSTALLED_APPS`
//! and `MIGRATION_MODULES` decide which apps exist and where their migrations live
//! ([`apps`]). A value that can't be read stays `Unknown` with its reason; where no settings
//! module is found, the defaults assumed are said once.

pub mod apps;
pub mod locate;
pub mod module;
pub mod package;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use crate::ir::{
    django_global_settings, is_django_global_setting, InstalledAppNames, Settings,
};
pub use apps::InstalledApp;
pub use locate::{SettingsModule, SettingsOrigin};

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::ir::Value;
use module::{is_setting_name, setting_value, ModuleReader, ReadError};

/// Where to read the settings from.
#[derive(Debug, Clone, Copy)]
pub struct SettingsSearch<'a> {
    /// The module named by `--settings`, `DJANGO_SETTINGS_MODULE` or the configuration; if
    /// `None`, the default of a `manage.py` in `roots`.
    pub module: Option<&'a SettingsModule>,
    pub roots: &'a [PathBuf],
    /// Where the project's own modules are found: the settings module is one of them.
    pub project_paths: &'a [PathBuf],
    /// The project's paths and the external ones: where installed apps are found.
    pub all_paths: &'a [PathBuf],
    /// Settings given on the command line or in the configuration: they win.
    pub explicit: &'a Settings,
}

/// What the settings module gave.
#[derive(Debug, Default)]
pub struct ProjectSettings {
    /// The module read, and its file.
    pub module: Option<(String, PathBuf)>,
    /// The settings read, with the explicit ones over them.
    pub settings: Settings,
    /// The installed apps, when `INSTALLED_APPS` is known; otherwise every migrations
    /// package found is taken for an installed app.
    pub installed: Option<Vec<InstalledApp>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds and reads the project's settings module.
pub fn read_project_settings(search: SettingsSearch<'_>) -> ProjectSettings {
    let mut result = ProjectSettings {
        settings: search.explicit.clone(),
        ..ProjectSettings::default()
    };
    let named = search
        .module
        .cloned()
        .or_else(|| locate::from_manage_py(search.roots));
    let Some(named) = named else {
        let looked = "no --settings, DJANGO_SETTINGS_MODULE, settings-module in the configuration, nor manage.py in the scanned folder";
        result.diagnostics.push(assumed_defaults(search, looked));
        return result;
    };
    // The settings module is the project's; what it imports is followed wherever Python
    // finds it (`from oscar.defaults import *`).
    let path = ModuleReader::new(search.project_paths).locate(&named.name);
    let reader = ModuleReader::new(search.all_paths);
    let scope = match (reader.read(&named.name), &path) {
        (Ok(scope), Some(_)) => scope,
        (outcome, _) => {
            let why = match outcome {
                Err(ReadError::Unreadable(reason)) => reason,
                _ => format!(
                    "settings module {} (from {}) was not found on the scanned paths",
                    named.name, named.origin
                ),
            };
            let severity_error = named.origin.is_explicit();
            let diagnostic = if severity_error {
                Diagnostic::error(Code::SettingsUnreadable, why.clone())
            } else {
                Diagnostic::warning(Code::SettingsUnreadable, why.clone())
            };
            result
                .diagnostics
                .push(at_origin(diagnostic, &named.origin));
            result.diagnostics.push(assumed_defaults(
                search,
                "the settings module could not be read",
            ));
            return result;
        }
    };
    let path = path.clone().unwrap_or_default();
    let mut read = Settings::default();
    for (name, value) in scope.iter().filter(|(name, _)| is_setting_name(name)) {
        read.set(name, setting_value(name, value, &path));
    }
    read.overlay(search.explicit);
    let problems = reader.problems.borrow().clone();
    if problems.is_empty() && reader.unseen_names.borrow().is_empty() {
        read.mark_complete();
    }
    if !problems.is_empty() {
        result.diagnostics.push(
            problems.iter().fold(
                Diagnostic::warning(
                    Code::SettingsUnreadable,
                    format!(
                        "{} import(s) of the settings module's own modules could not be read: the names they bind are not known",
                        problems.len()
                    ),
                )
                .at_file(&path),
                |diagnostic, problem| diagnostic.note(problem.clone()),
            ),
        );
    }
    result.diagnostics.extend(unreadable_defaults(&read, &path));
    let (installed, problems) =
        installed_apps(&read, &path, search.all_paths, &mut result.diagnostics);
    if let Some(installed) = &installed {
        read.set_installed_apps(installed_app_names(installed, &problems));
    }
    result.installed = installed;
    result.settings = read;
    result.module = Some((named.name, path));
    result
}

/// The apps `INSTALLED_APPS` and `MIGRATION_MODULES` give, or `None` (with a warning) when
/// `INSTALLED_APPS` is not known; with the entries that could not be followed.
fn installed_apps(
    settings: &Settings,
    path: &Path,
    all_paths: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<Vec<InstalledApp>>, Vec<String>) {
    let entries = match apps::entries(settings) {
        Ok(entries) => entries,
        Err(reason) => {
            diagnostics.push(
                Diagnostic::warning(
                    Code::SettingsUnreadable,
                    "INSTALLED_APPS is not statically known: every migrations package found is taken for an installed app",
                )
                .at_file(path)
                .note(reason),
            );
            return (None, Vec::new());
        }
    };
    let modules = apps::MigrationModules::read(settings.get("MIGRATION_MODULES").as_ref())
        .unwrap_or_else(|reason| {
            diagnostics.push(
                Diagnostic::warning(
                    Code::SettingsUnreadable,
                    "MIGRATION_MODULES is not statically known: every app's migrations are taken from <app>.migrations",
                )
                .at_file(path)
                .note(reason),
            );
            apps::MigrationModules::default()
        });
    let (installed, problems) = apps::installed_apps(&entries, &modules, all_paths);
    if !problems.is_empty() {
        diagnostics.push(
            problems.iter().cloned().fold(
                Diagnostic::warning(
                    Code::InstalledAppNotFound,
                    "installed apps that could not be found or read: their migrations are left out",
                )
                .at_file(path)
                .note("apps installed from packages are looked up in --external PATH (a virtualenv's site-packages)"),
                |diagnostic, problem| diagnostic.note(problem),
            ),
        );
    }
    (Some(installed), problems)
}

/// The app names `apps.is_installed` compares with: those of the apps found, and those of
/// Django's own apps when Django is not on the paths; the other entries that could not be
/// followed (`problems`: `entry: reason`) are unresolved.
fn installed_app_names(installed: &[InstalledApp], problems: &[String]) -> InstalledAppNames {
    let mut names: Vec<String> = installed.iter().map(|app| app.name.clone()).collect();
    let mut unresolved = Vec::new();
    for problem in problems {
        let entry = problem.split(": ").next().unwrap_or(problem);
        match apps::django_app_name(entry) {
            Some(name) => names.push(name),
            None => unresolved.push(problem.clone()),
        }
    }
    InstalledAppNames { names, unresolved }
}

/// A warning for each setting that changes the DDL and could not be read.
fn unreadable_defaults(settings: &Settings, path: &Path) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if let Some(Value::Unknown { reason, .. }) = settings.get("DEFAULT_AUTO_FIELD") {
        diagnostics.push(
            Diagnostic::warning(
                Code::SettingsUnreadable,
                "DEFAULT_AUTO_FIELD is not statically known: Django's default django.db.models.AutoField is assumed for auto-created primary keys",
            )
            .at_file(path)
            .note(reason)
            .note("pass --setting DEFAULT_AUTO_FIELD=... or set it under [settings] in migguard.toml"),
        );
    }
    diagnostics
}

/// The note saying which defaults stand in for the settings.
fn assumed_defaults(search: SettingsSearch<'_>, why: &str) -> Diagnostic {
    let assumed: Vec<String> = search
        .explicit
        .assumed_defaults()
        .into_iter()
        .map(|(name, value)| format!("{name} = \"{value}\""))
        .collect();
    let mut diagnostic = Diagnostic::notice(
        Code::SettingsAssumed,
        format!("no Django settings module read ({why}): Django's defaults are assumed"),
    );
    if let Some(root) = search.roots.first() {
        diagnostic = diagnostic.at_file(root);
    }
    if !assumed.is_empty() {
        diagnostic = diagnostic.note(format!(
            "assumed: {} (startproject writes DEFAULT_AUTO_FIELD = \"django.db.models.BigAutoField\")",
            assumed.join(", ")
        ));
    }
    diagnostic
        .note("every migrations package found is taken for an installed app")
        .note("name the settings with --settings MODULE, DJANGO_SETTINGS_MODULE or settings-module in migguard.toml")
}

fn at_origin(diagnostic: Diagnostic, origin: &SettingsOrigin) -> Diagnostic {
    match origin {
        SettingsOrigin::ManagePy(path, line) => diagnostic.at(Location::new(path, *line, 1)),
        SettingsOrigin::Config(path) => diagnostic.at_file(path),
        SettingsOrigin::CommandLine | SettingsOrigin::Environment => diagnostic,
    }
}
