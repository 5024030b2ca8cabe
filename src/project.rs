//! Loads a project through the first pipeline stages: discover → parse (in parallel) → graph,
//! pulling in external apps (`auth`, `contenttypes`, ...) that the scanned migrations depend on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Settings;
use crate::diagnostics::{self, Diagnostic};
use crate::discover::{self, App, DiscoverOptions};
use crate::graph::{self, MigrationGraph};
use crate::ir::{MigrationKey, MigrationSource};
use crate::parse::field_classes::FieldClassDeclaration;
use crate::parse::{self, Environment, FieldClasses, ParsedMigration};

/// How to load a project.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub roots: Vec<PathBuf>,
    pub discover: DiscoverOptions,
    /// Where to look for apps the scanned migrations depend on.
    pub external: Vec<PathBuf>,
    pub settings: Settings,
    /// Custom field classes declared in the configuration (`[field-classes]`).
    pub field_classes: BTreeMap<String, FieldClassDeclaration>,
}

/// A project read up to its migration graph.
#[derive(Debug)]
pub struct Project {
    /// Scanned apps, then external apps that were needed.
    pub apps: Vec<App>,
    /// Every migration file read, scanned and external, sorted by key.
    pub migrations: Vec<ParsedMigration>,
    pub graph: MigrationGraph,
    /// Every problem found, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The Django settings the project was read with (`AUTH_USER_MODEL`, `DEFAULT_AUTO_FIELD`, ...).
    pub settings: Settings,
}

impl Project {
    pub fn load(options: &LoadOptions) -> Project {
        let environment = Environment {
            settings: options.settings.clone(),
            field_classes: FieldClasses::new(
                class_search_paths(options),
                options.field_classes.clone(),
            ),
        };
        // Each app's migrations are parsed as soon as discovery finds the app.
        let (found, mut diagnostics) =
            discover::discover_with(&options.roots, &options.discover, false, |app| {
                parse_apps(std::slice::from_ref(app), &environment)
            });
        let (mut apps, parsed): (Vec<App>, Vec<Vec<ParsedMigration>>) = found.into_iter().unzip();
        let mut migrations: Vec<ParsedMigration> = parsed.into_iter().flatten().collect();

        let external_searched = !options.external.is_empty();
        if external_searched {
            let external = discover::discover(&options.external, &DiscoverOptions::default(), true);
            let mut available: BTreeMap<String, App> = external
                .apps
                .into_iter()
                .map(|app| (app.label.clone(), app))
                .collect();
            // Pull in the apps depended upon, then the apps those depend upon.
            loop {
                let known: BTreeSet<&str> = apps.iter().map(|app| app.label.as_str()).collect();
                let wanted: BTreeSet<String> = referenced_apps(&migrations)
                    .into_iter()
                    .filter(|label| !known.contains(label.as_str()))
                    .collect();
                let found: Vec<App> = wanted
                    .iter()
                    .filter_map(|label| available.remove(label))
                    .collect();
                if found.is_empty() {
                    break;
                }
                migrations.extend(parse_apps(&found, &environment));
                apps.extend(found);
            }
        }
        migrations.sort_by(|a, b| a.source.key.cmp(&b.source.key));

        let context = graph::LoaderContext {
            migrated_apps: apps.iter().map(|app| app.label.clone()).collect(),
            external_searched,
        };
        let graph = graph::build_graph(&migrations, &context);
        diagnostics.extend(
            migrations
                .iter()
                .filter(|parsed| !parsed.source.external)
                .flat_map(|parsed| parsed.diagnostics.iter().cloned()),
        );
        diagnostics.extend(graph.diagnostics.iter().cloned());
        diagnostics::sort(&mut diagnostics);
        Project {
            apps,
            migrations,
            graph,
            diagnostics,
            settings: options.settings.clone(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn migration(&self, key: &MigrationKey) -> Option<&ParsedMigration> {
        self.migrations
            .binary_search_by(|parsed| parsed.source.key.cmp(key))
            .ok()
            .map(|index| &self.migrations[index])
    }
}

/// The site-packages of `$VIRTUAL_ENV`, else of `./.venv`, if either exists.
pub fn default_external_paths(project_dir: &Path) -> Vec<PathBuf> {
    let candidates = std::env::var_os("VIRTUAL_ENV")
        .map(PathBuf::from)
        .into_iter()
        .chain([project_dir.join(".venv")]);
    for venv in candidates {
        let lib = venv.join("lib");
        let Ok(entries) = std::fs::read_dir(&lib) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .map(|entry| entry.path().join("site-packages"))
            .filter(|path| path.is_dir())
            .collect();
        if !found.is_empty() {
            found.sort();
            return found;
        }
    }
    Vec::new()
}

/// Where custom field classes are looked up, like `sys.path`: each scanned root (and its
/// `src/`), or, when a root is itself inside a package, the directory that package is
/// importable from; then the external paths.
fn class_search_paths(options: &LoadOptions) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut add = |path: PathBuf| {
        if !paths.contains(&path) {
            paths.push(path);
        }
    };
    for root in &options.roots {
        let mut importable_from = root.clone();
        while importable_from.join("__init__.py").is_file() {
            match importable_from.parent() {
                Some(parent) if parent != importable_from => importable_from = parent.to_path_buf(),
                _ => break,
            }
        }
        add(importable_from);
        add(root.clone());
        let src = root.join("src");
        if src.is_dir() {
            add(src);
        }
    }
    for external in &options.external {
        add(external.clone());
    }
    paths
}

/// Reads every migration file of `apps`, in parallel.
fn parse_apps(apps: &[App], environment: &Environment) -> Vec<ParsedMigration> {
    let sources: Vec<MigrationSource> = apps
        .iter()
        .flat_map(|app| {
            app.migration_files.iter().map(move |path| MigrationSource {
                key: MigrationKey::new(app.label.clone(), module_name(path)),
                path: path.clone(),
                external: app.external,
            })
        })
        .collect();
    sources
        .into_par_iter()
        .map(|source| parse::parse_file(source, environment))
        .collect()
}

fn module_name(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Apps named in dependencies, `run_before` and `replaces`.
fn referenced_apps(migrations: &[ParsedMigration]) -> BTreeSet<String> {
    let mut apps = BTreeSet::new();
    for migration in migrations
        .iter()
        .filter_map(|parsed| parsed.migration.as_ref())
    {
        apps.extend(migration.dependencies.iter().map(|d| d.key.app.clone()));
        apps.extend(
            migration
                .run_before
                .iter()
                .chain(&migration.replaces)
                .map(|r| r.key.app.clone()),
        );
    }
    apps
}
