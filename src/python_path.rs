//! Python's module lookup, statically: a dotted module name to its file on a list of
//! directories searched like `sys.path`, and relative import names made absolute.

use std::path::{Path, PathBuf};

/// A module file found for a dotted name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleFile {
    /// `package/__init__.py` or `module.py`.
    pub path: PathBuf,
    /// The name is a package (its `__init__.py`).
    pub is_package: bool,
    /// The search path it was found under.
    pub root: PathBuf,
}

/// The file a dotted module name names: a package's `__init__.py` first, as Python finds it,
/// then `module.py`, in the first search path that has either.
pub fn locate_module(module: &str, search_paths: &[PathBuf]) -> Option<ModuleFile> {
    if module.is_empty() || module.split('.').any(str::is_empty) {
        return None;
    }
    let relative: PathBuf = module.split('.').collect();
    search_paths.iter().find_map(|root| {
        let package = root.join(&relative).join("__init__.py");
        if package.is_file() {
            return Some(ModuleFile {
                path: package,
                is_package: true,
                root: root.clone(),
            });
        }
        let file = root.join(&relative).with_extension("py");
        file.is_file().then(|| ModuleFile {
            path: file,
            is_package: false,
            root: root.clone(),
        })
    })
}

/// The directory of the package a dotted name names (one with an `__init__.py`).
pub fn locate_package_dir(module: &str, search_paths: &[PathBuf]) -> Option<PathBuf> {
    locate_module(module, search_paths)
        .filter(|found| found.is_package)
        .and_then(|found| found.path.parent().map(Path::to_path_buf))
}

/// The package relative imports of `module` start from: the module itself when it is a
/// package, else its parent.
pub fn package_of(module: &str, is_package: bool) -> &str {
    if is_package {
        module
    } else {
        module.rsplit_once('.').map_or("", |(package, _)| package)
    }
}

/// An imported name as written (`..base`, `.fields.Money`, `shop.settings`) made absolute
/// from `package`, the package the importing module's relative imports start from.
pub fn absolute_name(package: &str, name: &str) -> String {
    let level = name.chars().take_while(|c| *c == '.').count();
    if level == 0 {
        return name.to_string();
    }
    let mut base: Vec<&str> = package.split('.').filter(|s| !s.is_empty()).collect();
    base.truncate(base.len().saturating_sub(level - 1));
    let rest = &name[level..];
    match (base.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (false, true) => base.join("."),
        (false, false) => format!("{}.{rest}", base.join(".")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_names_are_made_absolute() {
        assert_eq!(
            absolute_name("shop.settings", ".base"),
            "shop.settings.base"
        );
        assert_eq!(absolute_name("shop.settings", "..apps"), "shop.apps");
        assert_eq!(absolute_name("shop.settings", "."), "shop.settings");
        assert_eq!(absolute_name("shop", "other.x"), "other.x");
        assert_eq!(package_of("shop.settings.dev", false), "shop.settings");
        assert_eq!(package_of("shop.settings", true), "shop.settings");
    }

    #[test]
    fn packages_come_before_modules() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join("shop/settings")).expect("mkdir");
        std::fs::write(root.join("shop/__init__.py"), "").expect("write");
        std::fs::write(root.join("shop/settings/__init__.py"), "").expect("write");
        std::fs::write(root.join("shop/settings.py"), "").expect("write");
        let found = locate_module("shop.settings", std::slice::from_ref(&root)).expect("found");
        assert!(found.is_package);
        assert_eq!(
            locate_package_dir("shop", std::slice::from_ref(&root)),
            Some(root.join("shop"))
        );
        assert_eq!(locate_module("shop..x", &[root]), None);
    }
}
