//! Which settings module a project uses, found as Django finds it: `--settings`, then
//! `DJANGO_SETTINGS_MODULE`, then the configuration's `settings-module`, then the default a
//! `manage.py` sets with `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "...")`.

use std::fmt;
use std::path::PathBuf;

/// A settings module name and where it was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsModule {
    /// Dotted module name (`shop.settings.dev`).
    pub name: String,
    pub origin: SettingsOrigin,
}

/// Where the settings module was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsOrigin {
    /// `--settings MODULE`.
    CommandLine,
    /// The `DJANGO_SETTINGS_MODULE` environment variable.
    Environment,
    /// `settings-module` in this configuration file.
    Config(PathBuf),
    /// The `os.environ.setdefault(...)` of this `manage.py`, at this line.
    ManagePy(PathBuf, u32),
}

impl SettingsOrigin {
    /// Named explicitly by the user (not a `manage.py` default): a module that can't be found
    /// is then an error.
    pub fn is_explicit(&self) -> bool {
        !matches!(self, SettingsOrigin::ManagePy(..))
    }
}

impl fmt::Display for SettingsOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsOrigin::CommandLine => f.write_str("--settings"),
            SettingsOrigin::Environment => f.write_str("DJANGO_SETTINGS_MODULE"),
            SettingsOrigin::Config(path) => write!(f, "settings-module in {}", path.display()),
            SettingsOrigin::ManagePy(path, line) => write!(f, "{}:{line}", path.display()),
        }
    }
}

/// The default settings module of the first `manage.py` directly in one of `roots`.
pub fn from_manage_py(roots: &[PathBuf]) -> Option<SettingsModule> {
    roots.iter().find_map(|root| {
        let path = root.join("manage.py");
        let text = std::fs::read_to_string(&path).ok()?;
        let (name, line) = settings_default(&text)?;
        Some(SettingsModule {
            name,
            origin: SettingsOrigin::ManagePy(path, line),
        })
    })
}

/// The module of `setdefault("DJANGO_SETTINGS_MODULE", "module")` in `text`, with its line.
fn settings_default(text: &str) -> Option<(String, u32)> {
    for quote in ['"', '\''] {
        let key = format!("{quote}DJANGO_SETTINGS_MODULE{quote}");
        for (offset, _) in text.match_indices(&key) {
            let before = text[..offset].trim_end();
            if !before.ends_with('(')
                || !before[..before.len() - 1]
                    .trim_end()
                    .ends_with("setdefault")
            {
                continue;
            }
            let rest = text[offset + key.len()..].trim_start();
            let Some(rest) = rest.strip_prefix(',') else {
                continue;
            };
            let rest = rest.trim_start();
            let Some(open) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let body = &rest[1..];
            let Some(end) = body.find(open) else {
                continue;
            };
            let name = &body[..end];
            let dotted = !name.is_empty()
                && name.split('.').all(|part| {
                    !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_')
                });
            if dotted {
                let line = text[..offset].matches('\n').count() as u32 + 1;
                return Some((name.to_string(), line));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_default_manage_py_sets() {
        let text = "import os\n\ndef main():\n    os.environ.setdefault(\n        'DJANGO_SETTINGS_MODULE', 'shop.settings.dev'\n    )\n";
        assert_eq!(
            settings_default(text),
            Some(("shop.settings.dev".into(), 5))
        );
        assert_eq!(
            settings_default("os.environ['DJANGO_SETTINGS_MODULE'] = 'x'\n"),
            None,
            "only setdefault is a default"
        );
        assert_eq!(
            settings_default("os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", name)\n"),
            None
        );
    }
}
