//! Finds the migrations packages under the scanned paths, as Django's loader would see them, and
//! the label of each app.

use std::collections::{BTreeMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use rustpython_parser::{ast, Parse};
use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic};

/// Folder names never searched below a scanned root (the roots themselves always are):
/// version control, virtualenvs, build output, caches, and the asset folders of Django apps
/// (`locale`, `static`, `templates`), which hold thousands of files and never a Python package.
const SKIPPED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    "node_modules",
    "build",
    "dist",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "locale",
    "static",
    "templates",
];

/// An app with a migrations package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct App {
    pub label: String,
    /// Where the label came from.
    pub label_source: LabelSource,
    /// The app package (the folder holding `migrations/`).
    pub dir: PathBuf,
    pub migrations_dir: PathBuf,
    /// Migration modules, sorted by name.
    pub migration_files: Vec<PathBuf>,
    /// Found through `--external` rather than the scanned paths.
    pub external: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelSource {
    /// The app package's folder name, Django's default.
    FolderName,
    /// `label = "..."` of the `AppConfig` in `apps.py`.
    AppConfig,
    /// The `app-labels` table of the configuration.
    Config,
    /// The app's `AppConfig` as `INSTALLED_APPS` names it in the settings module.
    Settings,
}

/// What to skip and how to label apps.
#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    /// Globs matched against each path below a root (and against its file name).
    pub exclude: Vec<String>,
    /// App labels configured by app directory.
    pub app_labels: BTreeMap<PathBuf, String>,
    /// When the settings' `INSTALLED_APPS` is known: the migrations package of each installed
    /// app (canonical path) with its label. Other migrations packages are left out.
    pub installed: Option<BTreeMap<PathBuf, String>>,
}

/// The apps found under some roots, and what went wrong finding them.
#[derive(Debug, Default)]
pub struct Discovery {
    pub apps: Vec<App>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds every migrations package below `roots`.
pub fn discover(roots: &[PathBuf], options: &DiscoverOptions, external: bool) -> Discovery {
    let (found, diagnostics) = discover_with(roots, options, external, |_| ());
    Discovery {
        apps: found.into_iter().map(|(app, ())| app).collect(),
        diagnostics,
    }
}

/// Finds every migrations package below `roots`, walking the roots in parallel, and runs
/// `on_app` on each app as soon as it is found (the project parses its migrations there, so
/// that reading files overlaps the walk). Apps that are then rejected (a duplicate label) are
/// dropped with their result.
pub fn discover_with<T: Send>(
    roots: &[PathBuf],
    options: &DiscoverOptions,
    external: bool,
    on_app: impl Fn(&App) -> T + Sync,
) -> (Vec<(App, T)>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let excludes = match build_excludes(&options.exclude) {
        Ok(set) => set,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            GlobSet::empty()
        }
    };
    let claimed: Mutex<HashSet<PathBuf>> = Mutex::default();
    let found: Vec<Result<(App, T), Rejected>> = roots
        .par_iter()
        .flat_map_iter(|root| {
            if !root.exists() {
                let missing = Diagnostic::error(
                    Code::IoError,
                    format!("path does not exist: {}", root.display()),
                )
                .at_file(root);
                return vec![Err(Rejected::Problem(missing))];
            }
            migrations_packages(root, &excludes)
                .into_iter()
                .map(|migrations_dir| {
                    let installed = match &options.installed {
                        None => None,
                        Some(installed) => match installed_label(&migrations_dir, installed) {
                            Some(label) => Some(label),
                            None => return Err(Rejected::NotInstalled(migrations_dir)),
                        },
                    };
                    app_for(&migrations_dir, options, installed, external)
                        .map_err(Rejected::Problem)
                })
                .collect()
        })
        .filter_map(|app| match app {
            // A package found again from another root (one root inside another) is the
            // same app: it is handled once, as the deduplication below would keep one.
            Ok(app) => claimed
                .lock()
                .map_or(true, |mut claimed| {
                    claimed.insert(app.migrations_dir.clone())
                })
                .then(|| {
                    let result = on_app(&app);
                    Ok((app, result))
                }),
            Err(rejected) => Some(Err(rejected)),
        })
        .collect();
    let mut apps = Vec::with_capacity(found.len());
    let mut not_installed = Vec::new();
    for result in found {
        match result {
            Ok(pair) => apps.push(pair),
            Err(Rejected::Problem(diagnostic)) => diagnostics.push(diagnostic),
            Err(Rejected::NotInstalled(dir)) => not_installed.push(dir),
        }
    }
    if !not_installed.is_empty() {
        not_installed.sort();
        diagnostics.push(not_installed_notice(&not_installed, roots));
    }
    apps.sort_by(|a, b| a.0.dir.cmp(&b.0.dir));
    apps.dedup_by(|a, b| a.0.migrations_dir == b.0.migrations_dir);
    let apps = reject_duplicate_labels(apps, &mut diagnostics);
    (apps, diagnostics)
}

/// Why a migrations package found is not an app of the project.
enum Rejected {
    Problem(Diagnostic),
    /// Its app is not in `INSTALLED_APPS`.
    NotInstalled(PathBuf),
}

/// The label of the installed app whose migrations package is `migrations_dir`.
fn installed_label(migrations_dir: &Path, installed: &BTreeMap<PathBuf, String>) -> Option<String> {
    let canonical = migrations_dir.canonicalize().ok()?;
    installed.get(&canonical).cloned()
}

/// One notice listing the migrations packages of apps that are not installed.
fn not_installed_notice(dirs: &[PathBuf], roots: &[PathBuf]) -> Diagnostic {
    let mut notice = Diagnostic::notice(
        Code::AppNotInstalled,
        format!(
            "{} migrations package(s) are not the migrations of an installed app (not in INSTALLED_APPS, or replaced or disabled by MIGRATION_MODULES): left out, as Django leaves them out",
            dirs.len()
        ),
    );
    if let Some(root) = roots.first() {
        notice = notice.at_file(root);
    }
    dirs.iter()
        .fold(notice, |notice, dir| notice.note(dir.display().to_string()))
}

fn build_excludes(patterns: &[String]) -> Result<GlobSet, Diagnostic> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern).map_err(|error| {
            Diagnostic::error(
                Code::ConfigError,
                format!("invalid --exclude pattern: {error}"),
            )
        })?;
        builder.add(glob);
    }
    builder.build().map_err(|error| {
        Diagnostic::error(
            Code::ConfigError,
            format!("invalid --exclude pattern: {error}"),
        )
    })
}

/// Folders named `migrations` holding an `__init__.py`, below `root`. Each folder searched is
/// listed once, and what it must hold (`__init__.py`, `pyvenv.cfg`) is read from that listing;
/// skipped folders are never opened. Symbolic links to folders are not followed (the root is).
fn migrations_packages(root: &Path, excludes: &GlobSet) -> Vec<PathBuf> {
    let mut found = Vec::new();
    // Folders to search, with whether each is the root (never skipped).
    let mut pending = vec![(root.to_path_buf(), true)];
    while let Some((dir, is_root)) = pending.pop() {
        let listing = Listing::read(&dir);
        if !is_root && listing.has_file(&dir, "pyvenv.cfg") {
            // A virtualenv: its packages are not the project's.
            continue;
        }
        if dir.file_name() == Some(OsStr::new("migrations"))
            && listing.has_file(&dir, "__init__.py")
        {
            found.push(dir.clone());
        }
        for name in listing.folders() {
            let path = dir.join(name);
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let skipped = name
                .to_str()
                .is_some_and(|name| SKIPPED_DIRS.contains(&name))
                || excludes.is_match(relative)
                || excludes.is_match(name);
            if !skipped {
                pending.push((path, false));
            }
        }
    }
    found
}

/// The entries of a folder, each with its type as the listing gives it (a symbolic link is a
/// link); `None` when the folder can't be listed.
struct Listing(Option<Vec<(std::ffi::OsString, Option<std::fs::FileType>)>>);

impl Listing {
    fn read(dir: &Path) -> Listing {
        Listing(std::fs::read_dir(dir).ok().map(|entries| {
            entries
                .flatten()
                .map(|entry| (entry.file_name(), entry.file_type().ok()))
                .collect()
        }))
    }

    /// The names of the folders listed (not links to folders).
    fn folders(&self) -> impl Iterator<Item = &OsStr> {
        self.0
            .iter()
            .flatten()
            .filter(|(_, kind)| kind.is_some_and(|kind| kind.is_dir()))
            .map(|(name, _)| name.as_os_str())
    }

    /// Whether `dir/name` is a file (or a link to one), as [`Path::is_file`] tells, asking the
    /// file system only for links and entries of unknown type.
    fn has_file(&self, dir: &Path, name: &str) -> bool {
        let Some(entries) = &self.0 else {
            return dir.join(name).is_file();
        };
        match entries.iter().find(|(entry, _)| entry == name) {
            None => false,
            Some((_, Some(kind))) if !kind.is_symlink() => kind.is_file(),
            Some(_) => dir.join(name).is_file(),
        }
    }
}

fn app_for(
    migrations_dir: &Path,
    options: &DiscoverOptions,
    installed_label: Option<String>,
    external: bool,
) -> Result<App, Diagnostic> {
    let dir = app_dir(migrations_dir);
    let (label, label_source) = if let Some(label) = configured_label(&dir, &options.app_labels) {
        (label, LabelSource::Config)
    } else if let Some(label) = installed_label {
        (label, LabelSource::Settings)
    } else if let Some(label) = app_config_label(&dir.join("apps.py")) {
        (label, LabelSource::AppConfig)
    } else {
        // `dir.file_name()` is `None` for roots like `.`; only those need resolving.
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .or_else(|| {
                dir.canonicalize()
                    .ok()
                    .and_then(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
            });
        match name {
            Some(name) => (name, LabelSource::FolderName),
            None => {
                return Err(Diagnostic::error(
                    Code::IoError,
                    "cannot tell the app label of this migrations package",
                )
                .at_file(migrations_dir))
            }
        }
    };
    app_at(migrations_dir, label, label_source, external)
}

/// The app package a migrations package belongs to.
fn app_dir(migrations_dir: &Path) -> PathBuf {
    migrations_dir
        .parent()
        .unwrap_or(migrations_dir)
        .to_path_buf()
}

/// The app whose migrations package is `migrations_dir`, with its modules listed.
pub fn app_at(
    migrations_dir: &Path,
    label: String,
    label_source: LabelSource,
    external: bool,
) -> Result<App, Diagnostic> {
    let dir = app_dir(migrations_dir);
    let migration_files = migration_modules(migrations_dir)?;
    Ok(App {
        label,
        label_source,
        dir,
        migrations_dir: migrations_dir.to_path_buf(),
        migration_files,
        external,
    })
}

fn configured_label(dir: &Path, labels: &BTreeMap<PathBuf, String>) -> Option<String> {
    if labels.is_empty() {
        return None;
    }
    let canonical = dir.canonicalize().ok();
    labels.iter().find_map(|(path, label)| {
        let matches = path == dir || (canonical.is_some() && path.canonicalize().ok() == canonical);
        matches.then(|| label.clone())
    })
}

/// Modules of a migrations package, as `pkgutil.iter_modules` lists them for Django:
/// `.py` files whose name starts with neither `_` nor `~`.
fn migration_modules(migrations_dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let entries = std::fs::read_dir(migrations_dir).map_err(|error| {
        Diagnostic::error(Code::IoError, format!("cannot list migrations: {error}"))
            .at_file(migrations_dir)
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            let name = path.file_name().and_then(OsStr::to_str)?;
            let is_module = path.extension() == Some(OsStr::new("py"))
                && !name.starts_with('_')
                && !name.starts_with('~');
            // The listing's type, unless it is a link (followed, as `Path::is_file` does).
            let is_file = || match entry.file_type() {
                Ok(kind) if !kind.is_symlink() => kind.is_file(),
                _ => path.is_file(),
            };
            (is_module && is_file()).then_some(path)
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The `label` an `AppConfig` subclass in `apps.py` declares, read without running it. With
/// several configs, the one marked `default = True` wins.
fn app_config_label(apps_py: &Path) -> Option<String> {
    let source = std::fs::read_to_string(apps_py).ok()?;
    // Most apps set no label: without the word, no `label = "..."` needs parsing for.
    if !source.contains("label") {
        return None;
    }
    let suite = ast::Suite::parse(&source, &apps_py.to_string_lossy()).ok()?;
    let mut labels = Vec::new();
    for statement in &suite {
        let ast::Stmt::ClassDef(class) = statement else {
            continue;
        };
        let derives_app_config = class.bases.iter().any(|base| match base {
            ast::Expr::Name(name) => name.id.as_str().ends_with("AppConfig"),
            ast::Expr::Attribute(attribute) => attribute.attr.as_str().ends_with("AppConfig"),
            _ => false,
        });
        if !derives_app_config {
            continue;
        }
        let mut label = None;
        let mut is_default = false;
        for item in &class.body {
            let ast::Stmt::Assign(assign) = item else {
                continue;
            };
            let [ast::Expr::Name(target)] = assign.targets.as_slice() else {
                continue;
            };
            let ast::Expr::Constant(constant) = assign.value.as_ref() else {
                continue;
            };
            match (target.id.as_str(), &constant.value) {
                ("label", ast::Constant::Str(text)) => label = Some(text.clone()),
                ("default", ast::Constant::Bool(flag)) => is_default = *flag,
                _ => {}
            }
        }
        if let Some(label) = label {
            labels.push((is_default, label));
        }
    }
    labels
        .iter()
        .find(|(is_default, _)| *is_default)
        .or(labels.first())
        .map(|(_, label)| label.clone())
}

fn reject_duplicate_labels<T>(
    apps: Vec<(App, T)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(App, T)> {
    let mut first_by_label: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut kept = Vec::with_capacity(apps.len());
    for (app, result) in apps {
        if let Some(first) = first_by_label.get(&app.label) {
            diagnostics.push(
                Diagnostic::error(
                    Code::DuplicateAppLabel,
                    format!("app label '{}' is used by two apps; this one is not checked", app.label),
                )
                .at_file(&app.migrations_dir)
                .note(format!("first app with this label: {}", first.display()))
                .note("Django refuses duplicate labels (\"Application labels aren't unique\"); set a distinct AppConfig.label"),
            );
            continue;
        }
        first_by_label.insert(app.label.clone(), app.dir.clone());
        kept.push((app, result));
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path, text: &str) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }

    #[test]
    fn finds_packages_lists_modules_like_pkgutil_and_skips_environments() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        touch(&root.join("shop/migrations/__init__.py"), "");
        touch(&root.join("shop/migrations/0001_initial.py"), "");
        touch(&root.join("shop/migrations/_helpers.py"), "");
        touch(&root.join("shop/migrations/~0002_tmp.py"), "");
        touch(&root.join("shop/migrations/notes.txt"), "");
        touch(&root.join("nopackage/migrations/0001_initial.py"), "");
        touch(&root.join("env/pyvenv.cfg"), "");
        touch(
            &root.join("env/lib/django/contrib/auth/migrations/__init__.py"),
            "",
        );
        touch(&root.join("node_modules/x/migrations/__init__.py"), "");
        touch(&root.join("legacy/old/migrations/__init__.py"), "");

        let options = DiscoverOptions {
            exclude: vec!["legacy".into()],
            ..Default::default()
        };
        let discovery = discover(&[root.to_path_buf()], &options, false);
        assert!(
            discovery.diagnostics.is_empty(),
            "{:?}",
            discovery.diagnostics
        );
        let labels: Vec<_> = discovery
            .apps
            .iter()
            .map(|app| app.label.as_str())
            .collect();
        assert_eq!(labels, ["shop"]);
        let names: Vec<_> = discovery.apps[0]
            .migration_files
            .iter()
            .filter_map(|p| p.file_name())
            .collect();
        assert_eq!(names, [OsStr::new("0001_initial.py")]);
    }

    #[test]
    #[cfg(unix)]
    fn links_to_folders_are_not_followed_links_to_files_count_and_the_root_is_always_searched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("root");
        touch(&root.join("pyvenv.cfg"), "");
        touch(&root.join("shop/migrations/real_init.py"), "");
        std::os::unix::fs::symlink("real_init.py", root.join("shop/migrations/__init__.py"))
            .expect("link a file");
        touch(
            &dir.path().join("elsewhere/blog/migrations/__init__.py"),
            "",
        );
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), root.join("linked"))
            .expect("link a folder");
        let found = migrations_packages(&root, &GlobSet::empty());
        assert_eq!(found, [root.join("shop/migrations")]);
    }

    #[test]
    fn a_package_below_two_roots_is_handled_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outer = dir.path().join("outer");
        touch(&outer.join("inner/shop/migrations/__init__.py"), "");
        let roots = [outer.clone(), outer.join("inner")];
        let handled = std::sync::atomic::AtomicUsize::new(0);
        let (apps, diagnostics) = discover_with(&roots, &DiscoverOptions::default(), false, |_| {
            handled.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        });
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(apps.len(), 1);
        assert_eq!(handled.into_inner(), 1);
    }

    #[test]
    fn label_comes_from_config_then_app_config_then_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        touch(&root.join("a/migrations/__init__.py"), "");
        touch(
            &root.join("a/apps.py"),
            "from django.apps import AppConfig\nclass Other(AppConfig):\n    label = 'other'\nclass A(AppConfig):\n    name = 'a'\n    label = 'alpha'\n    default = True\n",
        );
        touch(&root.join("b/migrations/__init__.py"), "");
        touch(&root.join("c/migrations/__init__.py"), "");
        let mut options = DiscoverOptions::default();
        options.app_labels.insert(root.join("c"), "gamma".into());
        let discovery = discover(&[root.to_path_buf()], &options, false);
        let labels: Vec<_> = discovery
            .apps
            .iter()
            .map(|app| (app.label.as_str(), app.label_source.clone()))
            .collect();
        assert_eq!(
            labels,
            [
                ("alpha", LabelSource::AppConfig),
                ("b", LabelSource::FolderName),
                ("gamma", LabelSource::Config)
            ]
        );
    }

    #[test]
    fn duplicate_labels_are_an_error_naming_both_apps() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        touch(&root.join("one/shop/migrations/__init__.py"), "");
        touch(&root.join("two/shop/migrations/__init__.py"), "");
        let discovery = discover(&[root.to_path_buf()], &DiscoverOptions::default(), false);
        assert_eq!(discovery.apps.len(), 1);
        assert_eq!(discovery.diagnostics.len(), 1);
        assert_eq!(discovery.diagnostics[0].code, Code::DuplicateAppLabel);
    }
}
