//! Django settings as migguard knows them: set by the project's settings module (read
//! statically), the configuration and `--setting`, else Django's defaults.

use std::collections::BTreeMap;

use super::Value;

/// Django settings as far as migrations read them (`settings.AUTH_USER_MODEL`,
/// `getattr(settings, "ACCOUNT_UNIQUE_EMAIL", True)`).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    values: BTreeMap<String, Value>,
    /// Whether every setting the project defines is among `values`: its settings module was
    /// read whole, with nothing that could bind names migguard does not see. Only then is a
    /// setting known not to be set.
    complete: bool,
    /// The app names (`AppConfig.name`) of `INSTALLED_APPS`, when it was read:
    /// what `apps.is_installed(...)` compares with.
    installed_apps: Option<InstalledAppNames>,
}

/// The names of the installed apps as Django's registry knows them (`AppConfig.name`, not the
/// label), and the entries whose config could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstalledAppNames {
    pub names: Vec<String>,
    /// `INSTALLED_APPS` entries whose app name is not known, with the reason.
    pub unresolved: Vec<String>,
}

/// The names of Django's global settings (`django.conf.global_settings`, Django 5.2): set
/// for every project, whatever its settings module says. `tests/django_settings.rs` checks
/// the list against real Django.
const DJANGO_GLOBAL_SETTINGS: &str = include_str!("django_global_settings.txt");

/// Django's own defaults for settings that migrations commonly read, and those of settings
/// objects of well-known packages (`oauth2_settings.APPLICATION_MODEL`).
const DEFAULT_SETTINGS: &[(&str, &str)] = &[
    ("AUTH_USER_MODEL", "auth.User"),
    // Django's global default; `startproject` writes BigAutoField into new projects' settings.
    ("DEFAULT_AUTO_FIELD", "django.db.models.AutoField"),
    (
        "OAUTH2_PROVIDER_APPLICATION_MODEL",
        "oauth2_provider.Application",
    ),
    (
        "OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL",
        "oauth2_provider.AccessToken",
    ),
    (
        "OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL",
        "oauth2_provider.RefreshToken",
    ),
    ("OAUTH2_PROVIDER_ID_TOKEN_MODEL", "oauth2_provider.IDToken"),
    ("OAUTH2_PROVIDER_GRANT_MODEL", "oauth2_provider.Grant"),
    (
        "OAUTH2_PROVIDER_DEVICE_GRANT_MODEL",
        "oauth2_provider.DeviceGrant",
    ),
];

/// Settings objects of packages that expose settings as attributes, with the Django setting
/// each attribute reads: `oauth2_settings.APPLICATION_MODEL` → `OAUTH2_PROVIDER_APPLICATION_MODEL`.
const SETTINGS_OBJECTS: &[(&str, &str)] = &[(
    "oauth2_provider.settings.oauth2_settings",
    "OAUTH2_PROVIDER_",
)];

impl Settings {
    /// Sets a setting from `NAME=value` text: `true`/`false`, integers and `None` are typed,
    /// everything else is a string.
    pub fn set_from_text(&mut self, name: &str, text: &str) {
        let value = match text {
            "True" | "true" => Value::Bool(true),
            "False" | "false" => Value::Bool(false),
            "None" => Value::None,
            _ => text
                .parse::<i64>()
                .map(Value::Int)
                .unwrap_or_else(|_| Value::Str(text.to_string())),
        };
        self.values.insert(name.to_string(), value);
    }

    pub fn set(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_string(), value);
    }

    /// Sets every setting of `other` over these (`other` wins); whether they are complete
    /// stays as it is.
    pub fn overlay(&mut self, other: &Settings) {
        for (name, value) in &other.values {
            self.values.insert(name.clone(), value.clone());
        }
    }

    /// The settings that have a value of their own, by name.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    /// Whether the setting has a value of its own (not Django's default).
    pub fn is_set(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// Says that these settings are all the project defines (its settings module was read
    /// whole): a name not among them and not one of Django's is not set.
    pub fn mark_complete(&mut self) {
        self.complete = true;
    }

    /// Whether `settings.NAME` is known to exist: set, one of Django's global settings, or a
    /// package setting whose default migguard knows.
    pub fn exists(&self, name: &str) -> bool {
        self.get(name).is_some() || is_django_global_setting(name)
    }

    /// Whether `settings.NAME` is known not to exist (reading it raises `AttributeError`).
    pub fn is_absent(&self, name: &str) -> bool {
        self.complete && !self.exists(name)
    }

    /// Records the names of the installed apps, once `INSTALLED_APPS` is read.
    pub fn set_installed_apps(&mut self, installed: InstalledAppNames) {
        self.installed_apps = Some(installed);
    }

    /// Django's `apps.is_installed(name)`: whether an installed app's `AppConfig.name` is
    /// `name`; `Err` with the reason when that is not known (`INSTALLED_APPS` not read, or an
    /// entry whose config could not be read).
    pub fn is_installed(&self, name: &str) -> Result<bool, String> {
        let Some(installed) = &self.installed_apps else {
            return Err(format!(
                "whether {name} is installed is not known: INSTALLED_APPS was not read"
            ));
        };
        if installed.names.iter().any(|app| app == name) {
            return Ok(true);
        }
        match installed.unresolved.first() {
            None => Ok(false),
            Some(entry) => Err(format!(
                "whether {name} is installed is not known: an INSTALLED_APPS entry could not be followed ({entry})"
            )),
        }
    }

    /// Django's defaults that migguard falls back on, for the settings not set.
    pub fn assumed_defaults(&self) -> Vec<(&'static str, &'static str)> {
        DEFAULT_SETTINGS
            .iter()
            .filter(|(name, _)| !name.starts_with("OAUTH2_PROVIDER_") && !self.is_set(name))
            .copied()
            .collect()
    }

    /// The configured value of a setting, or Django's default where migguard knows it.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.values.get(name).cloned().or_else(|| {
            DEFAULT_SETTINGS
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| Value::Str((*value).to_string()))
        })
    }

    /// The setting read by `attribute` of a package's settings object, if `object` is one.
    pub fn setting_of_object(object: &str, attribute: &str) -> Option<String> {
        SETTINGS_OBJECTS
            .iter()
            .find(|(name, _)| *name == object)
            .map(|(_, prefix)| format!("{prefix}{attribute}"))
    }
}

/// Whether Django defines `name` in its global settings.
pub fn is_django_global_setting(name: &str) -> bool {
    DJANGO_GLOBAL_SETTINGS.lines().any(|line| line == name)
}

/// The names of Django's global settings, as migguard knows them.
pub fn django_global_settings() -> impl Iterator<Item = &'static str> {
    DJANGO_GLOBAL_SETTINGS.lines()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_complete_settings_know_a_setting_is_absent() {
        let mut settings = Settings::default();
        settings.set_from_text("DESK_MODE", "1");
        assert!(!settings.is_absent("DESK_OPTIONS"));
        settings.mark_complete();
        assert!(settings.is_absent("DESK_OPTIONS"));
        assert!(!settings.is_absent("DESK_MODE"));
        // Django's own settings always exist.
        assert!(!settings.is_absent("DEBUG"));
        assert!(!settings.is_absent("DEFAULT_AUTO_FIELD"));
        // Nor are the settings of packages whose defaults migguard knows.
        assert!(!settings.is_absent("OAUTH2_PROVIDER_APPLICATION_MODEL"));
    }

    #[test]
    fn is_installed_compares_app_names_and_says_when_it_cannot() {
        let mut settings = Settings::default();
        let unknown = settings.is_installed("shop").unwrap_err();
        assert!(unknown.contains("INSTALLED_APPS was not read"), "{unknown}");
        settings.set_installed_apps(InstalledAppNames {
            names: vec!["shop.billing".into()],
            unresolved: Vec::new(),
        });
        assert_eq!(settings.is_installed("shop.billing"), Ok(true));
        // The name, not the label.
        assert_eq!(settings.is_installed("billing"), Ok(false));
        settings.set_installed_apps(InstalledAppNames {
            names: vec!["shop.billing".into()],
            unresolved: vec!["vendor.apps.Config: not found".into()],
        });
        assert_eq!(settings.is_installed("shop.billing"), Ok(true));
        let unknown = settings.is_installed("vendor").unwrap_err();
        assert!(unknown.contains("vendor.apps.Config"), "{unknown}");
    }

    #[test]
    fn django_defaults_apply_until_configured() {
        let mut settings = Settings::default();
        assert_eq!(
            settings.get("AUTH_USER_MODEL"),
            Some(Value::Str("auth.User".into()))
        );
        settings.set_from_text("AUTH_USER_MODEL", "accounts.User");
        assert_eq!(
            settings.get("AUTH_USER_MODEL"),
            Some(Value::Str("accounts.User".into()))
        );
        assert_eq!(settings.get("NOT_A_SETTING"), None);
    }

    #[test]
    fn typed_values_from_command_line_text() {
        let mut settings = Settings::default();
        settings.set_from_text("UNIQUE", "False");
        settings.set_from_text("LENGTH", "254");
        assert_eq!(settings.get("UNIQUE"), Some(Value::Bool(false)));
        assert_eq!(settings.get("LENGTH"), Some(Value::Int(254)));
    }

    #[test]
    fn overlay_wins_and_defaults_are_listed_until_set() {
        let mut settings = Settings::default();
        assert_eq!(
            settings.assumed_defaults(),
            [
                ("AUTH_USER_MODEL", "auth.User"),
                ("DEFAULT_AUTO_FIELD", "django.db.models.AutoField")
            ]
        );
        settings.set_from_text("AUTH_USER_MODEL", "shop.User");
        let mut overrides = Settings::default();
        overrides.set_from_text("AUTH_USER_MODEL", "accounts.User");
        settings.overlay(&overrides);
        assert_eq!(
            settings.get("AUTH_USER_MODEL"),
            Some(Value::Str("accounts.User".into()))
        );
        assert_eq!(
            settings.assumed_defaults(),
            [("DEFAULT_AUTO_FIELD", "django.db.models.AutoField")]
        );
    }
}
