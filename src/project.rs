//! Loads a project through the first pipeline stages: discover → parse (in parallel) → graph,
//! pulling in external apps (`auth`, `contenttypes`, ...) that the scanned migrations depend on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{self, Diagnostic};
use crate::discover::{self, App, DiscoverOptions, LabelSource};
use crate::graph::{self, MigrationGraph};
use crate::ir::{MigrationKey, MigrationSource};
use crate::parse::eval::ConstantSource;
use crate::parse::field_classes::FieldClassDeclaration;
use crate::parse::{self, Environment, FieldClasses, ParsedMigration};
use crate::python_path::locate_package_dir;
use crate::settings::package::PackageConstants;
use crate::settings::{self, InstalledApp, Settings, SettingsModule, SettingsSearch};

/// How to load a project.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub roots: Vec<PathBuf>,
    pub discover: DiscoverOptions,
    /// Where to look for apps the scanned migrations depend on.
    pub external: Vec<PathBuf>,
    /// The settings module named by `--settings`, `DJANGO_SETTINGS_MODULE` or the
    /// configuration; `None`: the default a `manage.py` in the roots sets, if any.
    pub settings_module: Option<SettingsModule>,
    /// Settings given explicitly (the configuration's `[settings]`, `--setting`): they win
    /// over the settings module's.
    pub settings: Settings,
    /// Custom field classes declared in the configuration (`[field-classes]`).
    pub field_classes: BTreeMap<String, FieldClassDeclaration>,
    /// The apps as a running Django lists them (`--app LABEL=MIGRATIONS_DIR`): label and
    /// migrations package of each migrated app. When given, they are exactly the project's
    /// apps and no settings module is read: the settings come from `settings` alone.
    pub apps: Vec<(String, PathBuf)>,
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
    /// The settings module read, and its file.
    pub settings_module: Option<(String, PathBuf)>,
    /// App labels in `INSTALLED_APPS` order, when the settings give it (see
    /// [`graph::LoaderContext::app_order`]).
    pub app_order: Option<Vec<String>>,
    /// Reads the apps' and libraries' modules (their constants, what their functions return),
    /// for the stages after parsing: a callable default is called when the SQL needs it.
    pub constants: Arc<dyn ConstantSource>,
}

impl Project {
    pub fn load(options: &LoadOptions) -> Project {
        let project_paths = project_search_paths(&options.roots);
        let all_paths = class_search_paths(&project_paths, &options.external);
        let (read, installed) = if options.apps.is_empty() {
            let read = settings::read_project_settings(SettingsSearch {
                module: options.settings_module.as_ref(),
                roots: &options.roots,
                project_paths: &project_paths,
                all_paths: &all_paths,
                explicit: &options.settings,
            });
            let installed = read
                .installed
                .as_deref()
                .map(|apps| locate_installed(apps, &all_paths, &options.external));
            (read, installed)
        } else {
            let (given, diagnostics) = given_apps(&options.apps, &options.roots);
            let read = settings::ProjectSettings {
                settings: options.settings.clone(),
                diagnostics,
                ..Default::default()
            };
            (read, Some(given))
        };
        let settings = read.settings;
        let constants: Arc<dyn ConstantSource> =
            Arc::new(PackageConstants::new(all_paths.clone(), settings.clone()));
        let environment = Environment {
            settings: settings.clone(),
            constants: Some(Arc::clone(&constants)),
            field_classes: FieldClasses::new(all_paths, options.field_classes.clone())
                .with_settings(settings.clone())
                .with_constants(Arc::clone(&constants)),
        };
        let mut discover_options = options.discover.clone();
        discover_options.installed = installed.as_ref().map(|found| {
            found
                .iter()
                .map(|app| (app.migrations_dir.clone(), app.label.clone()))
                .collect()
        });
        // Each app's migrations are parsed as soon as discovery finds the app. The walk runs
        // on the parsing pool: a thread of another pool waiting for it would steal more of its
        // own work meanwhile, nesting one wait per app on its small stack.
        let (found, mut diagnostics) = parse::syntax_tree::on_parse_stack(|| {
            discover::discover_with(&options.roots, &discover_options, false, |app| {
                parse_apps(std::slice::from_ref(app), &environment)
            })
        });
        diagnostics.extend(read.diagnostics);
        let (mut apps, parsed): (Vec<App>, Vec<Vec<ParsedMigration>>) = found.into_iter().unzip();
        let mut migrations: Vec<ParsedMigration> = parsed.into_iter().flatten().collect();

        let external_searched = !options.external.is_empty();
        if let Some(installed) = &installed {
            // The apps are exactly the installed ones: those the walk did not find (installed
            // from packages, or with their migrations elsewhere) are read where they are.
            let (more, problems) = installed_apps_not_found(installed, &apps);
            diagnostics.extend(problems);
            migrations.extend(parse_apps(&more, &environment));
            apps.extend(more);
        } else if external_searched {
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

        let app_order: Option<Vec<String>> = installed
            .as_ref()
            .map(|found| found.iter().map(|app| app.label.clone()).collect());
        let context = graph::LoaderContext {
            migrated_apps: apps.iter().map(|app| app.label.clone()).collect(),
            external_searched,
            keep_replaced: false,
            app_order: app_order.clone(),
            applied: None,
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
            settings,
            settings_module: read.module,
            app_order,
            constants,
        }
    }

    /// The graph with squashed migrations and the migrations they replace side by side, as
    /// Django's `sqlmigrate` loads it (`replace_migrations=False`): a replaced migration's
    /// state comes from the chain it belongs to.
    pub fn graph_without_replacements(&self) -> MigrationGraph {
        let context = graph::LoaderContext {
            migrated_apps: self.apps.iter().map(|app| app.label.clone()).collect(),
            external_searched: self.apps.iter().any(|app| app.external),
            keep_replaced: true,
            applied: None,
            app_order: None,
        };
        graph::build_graph(&self.migrations, &context)
    }

    /// The graph as Django's loader builds it for a database where `applied` migrations are
    /// recorded: squashed migrations whose replaced migrations are partly applied are left
    /// out, the replaced ones planned instead.
    pub fn graph_for_applied(&self, applied: &BTreeSet<MigrationKey>) -> MigrationGraph {
        let context = graph::LoaderContext {
            migrated_apps: self.apps.iter().map(|app| app.label.clone()).collect(),
            external_searched: self.apps.iter().any(|app| app.external),
            keep_replaced: false,
            applied: Some(applied.clone()),
            app_order: self.app_order.clone(),
        };
        graph::build_graph(&self.migrations, &context)
    }

    /// Whether a squashed migration in use replaces `key`.
    pub fn is_replaced(&self, key: &MigrationKey) -> bool {
        self.graph
            .replacements
            .values()
            .any(|replaced| replaced.contains(key))
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

/// Where custom field classes and installed apps are looked up, like `sys.path`: the
/// project's paths, then the external paths.
fn class_search_paths(project_paths: &[PathBuf], external_paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut paths = project_paths.to_vec();
    for external in external_paths {
        if !paths.contains(external) {
            paths.push(external.clone());
        }
    }
    paths
}

/// The project's own module paths: each scanned root (and its `src/`), or, when a root is
/// itself inside a package, the directory that package is importable from.
fn project_search_paths(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut add = |path: PathBuf| {
        if !paths.contains(&path) {
            paths.push(path);
        }
    };
    for root in roots {
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
    paths
}

/// An installed app with migrations, found on the paths.
struct LocatedApp {
    label: String,
    /// Canonical path of its migrations package.
    migrations_dir: PathBuf,
    /// Found in the external paths rather than the project's.
    external: bool,
}

/// The migrations package of each installed app that has one.
fn locate_installed(
    apps: &[InstalledApp],
    all_paths: &[PathBuf],
    external: &[PathBuf],
) -> Vec<LocatedApp> {
    apps.iter()
        .filter_map(|app| {
            let module = app.migrations_module.as_deref()?;
            let dir = locate_package_dir(module, all_paths)?;
            let migrations_dir = dir.canonicalize().ok()?;
            let external = external.iter().any(|path| {
                path.canonicalize()
                    .is_ok_and(|path| migrations_dir.starts_with(path))
            });
            Some(LocatedApp {
                label: app.label.clone(),
                migrations_dir,
                external,
            })
        })
        .collect()
}

/// The apps named with `--app LABEL=MIGRATIONS_DIR`: external unless their migrations
/// package lies under one of the scanned roots. A folder that does not exist is an error.
fn given_apps(apps: &[(String, PathBuf)], roots: &[PathBuf]) -> (Vec<LocatedApp>, Vec<Diagnostic>) {
    let roots: Vec<PathBuf> = roots
        .iter()
        .filter_map(|root| root.canonicalize().ok())
        .collect();
    let mut located = Vec::new();
    let mut problems = Vec::new();
    for (label, dir) in apps {
        match dir.canonicalize() {
            Ok(migrations_dir) if migrations_dir.is_dir() => located.push(LocatedApp {
                label: label.clone(),
                external: !roots.iter().any(|root| migrations_dir.starts_with(root)),
                migrations_dir,
            }),
            _ => problems.push(
                Diagnostic::error(
                    diagnostics::Code::IoError,
                    format!(
                        "--app {label}={}: not a migrations package folder; the app is left out",
                        dir.display()
                    ),
                )
                .at_file(dir),
            ),
        }
    }
    (located, problems)
}

/// The installed apps with migrations that discovery did not find under the roots.
fn installed_apps_not_found(
    installed: &[LocatedApp],
    found: &[App],
) -> (Vec<App>, Vec<Diagnostic>) {
    let found: BTreeSet<PathBuf> = found
        .iter()
        .filter_map(|app| app.migrations_dir.canonicalize().ok())
        .collect();
    let mut apps = Vec::new();
    let mut problems = Vec::new();
    for app in installed
        .iter()
        .filter(|app| !found.contains(&app.migrations_dir))
    {
        match discover::app_at(
            &app.migrations_dir,
            app.label.clone(),
            LabelSource::Settings,
            app.external,
        ) {
            Ok(app) => apps.push(app),
            Err(problem) => problems.push(problem),
        }
    }
    (apps, problems)
}

/// Reads every migration file of `apps`, in parallel on the parsing pool.
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
    parse::syntax_tree::on_parse_stack(|| {
        sources
            .into_par_iter()
            .map(|source| parse::parse_file(source, environment))
            .collect()
    })
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
