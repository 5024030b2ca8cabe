use std::path::Path;

use super::*;
use crate::diagnostics::Severity;

/// Writes `text` to `root/path`, creating folders.
pub(super) fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn read(root: &Path, module: Option<&str>, explicit: &Settings) -> ProjectSettings {
    let roots = vec![root.to_path_buf()];
    let named = module.map(|name| SettingsModule {
        name: name.to_string(),
        origin: SettingsOrigin::CommandLine,
    });
    read_project_settings(SettingsSearch {
        module: named.as_ref(),
        roots: &roots,
        project_paths: &roots,
        all_paths: &roots,
        explicit,
    })
}

fn unknown_reason(value: Option<Value>) -> String {
    match value {
        Some(Value::Unknown { reason, .. }) => reason,
        other => panic!("expected an Unknown, got {other:?}"),
    }
}

#[test]
fn star_imports_lists_and_known_conditions_are_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "proj/__init__.py", "");
    write(root, "proj/settings/__init__.py", "");
    write(
        root,
        "proj/settings/base.py",
        "import os\nDEBUG = False\nAPPS = ['a']\nINSTALLED_APPS = ('django.contrib.auth',) + ('b',)\nSECRET = os.environ['SECRET']\nDEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'\n_private = 1\n",
    );
    write(
        root,
        "proj/settings/dev.py",
        "from .base import *\nfrom .base import APPS as MORE\nDEBUG = True\nif DEBUG:\n    MORE.append('c')\nAPPS = MORE + ['d']\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n",
    );
    let read = read(root, Some("proj.settings.dev"), &Settings::default());
    let settings = &read.settings;
    assert_eq!(
        settings.get("APPS"),
        Some(Value::List(
            ["a", "c", "d"].map(|s| Value::Str(s.into())).to_vec()
        ))
    );
    assert_eq!(settings.get("DEBUG"), Some(Value::Bool(true)));
    assert_eq!(
        settings.get("DEFAULT_AUTO_FIELD"),
        Some(Value::Str("django.db.models.BigAutoField".into()))
    );
    assert!(
        !settings.is_set("_private"),
        "names starting with _ are not star-imported"
    );
    let reason = unknown_reason(settings.get("SECRET"));
    assert!(reason.contains("base.py:5"), "{reason}");
    // INSTALLED_APPS is known (a tuple built with +); its apps are not on the paths.
    assert_eq!(read.installed, Some(Vec::new()));
    let codes: Vec<Code> = read.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [Code::InstalledAppNotFound],
        "{:#?}",
        read.diagnostics
    );
    assert!(read.diagnostics[0].notes[1].starts_with("django.contrib.auth: "));
    assert!(read.diagnostics[0].notes[2].starts_with("b: "));
    let (module, path) = read.module.expect("module read");
    assert_eq!(module, "proj.settings.dev");
    assert!(path.ends_with("proj/settings/dev.py"));
}

#[test]
fn values_that_cannot_be_read_stay_unknown_and_explicit_settings_win() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "settings.py",
        "import os\nfrom decouple import config\nAUTH_USER_MODEL = config('USER_MODEL')\nDEFAULT_AUTO_FIELD = os.environ.get('PK')\nINSTALLED_APPS = ['a'] + [app for app in os.environ.get('APPS', '').split()]\n",
    );
    write(
        root,
        "manage.py",
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n",
    );
    let mut explicit = Settings::default();
    explicit.set_from_text("AUTH_USER_MODEL", "shop.User");
    let read = read(root, None, &explicit);
    assert_eq!(
        read.settings.get("AUTH_USER_MODEL"),
        Some(Value::Str("shop.User".into()))
    );
    let reason = unknown_reason(read.settings.get("DEFAULT_AUTO_FIELD"));
    assert!(reason.contains("os.environ.get"), "{reason}");
    assert_eq!(read.installed, None, "INSTALLED_APPS is not known");
    let codes: Vec<(Severity, Code)> = read
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.code))
        .collect();
    assert_eq!(
        codes,
        [
            (Severity::Warning, Code::SettingsUnreadable),
            (Severity::Warning, Code::SettingsUnreadable)
        ],
        "{:#?}",
        read.diagnostics
    );
    assert!(read.diagnostics[0].message.contains("DEFAULT_AUTO_FIELD"));
    assert!(read.diagnostics[1].message.contains("INSTALLED_APPS"));
}

#[test]
fn without_a_settings_module_the_defaults_assumed_are_said_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let read = read(dir.path(), None, &Settings::default());
    assert_eq!(read.installed, None);
    assert_eq!(read.diagnostics.len(), 1);
    let notice = &read.diagnostics[0];
    assert_eq!(
        (notice.severity, notice.code),
        (Severity::Note, Code::SettingsAssumed)
    );
    assert!(
        notice.notes[0].contains("DEFAULT_AUTO_FIELD = \"django.db.models.AutoField\""),
        "{notice}"
    );
}

#[test]
fn a_named_module_that_does_not_exist_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let read = read(dir.path(), Some("nowhere.settings"), &Settings::default());
    let codes: Vec<Code> = read.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::SettingsUnreadable, Code::SettingsAssumed]);
    assert!(read.diagnostics[0].is_error());
}

/// An app's settings module, read for the constants migrations import (django-helpdesk's
/// `DEFAULT_USER_SETTINGS.update(settings.HELPDESK_DEFAULT_SETTINGS)`, activity-stream's
/// `SETTINGS.get(...)`): what the project's settings give, and Unknown where they can't.
#[test]
fn package_constants_follow_the_project_settings_and_changes_to_dicts() {
    use crate::parse::eval::ConstantSource;
    use crate::settings::package::PackageConstants;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("desk")).expect("package");
    std::fs::write(dir.path().join("desk/__init__.py"), "").expect("init");
    std::fs::write(
        dir.path().join("desk/conf.py"),
        r#"import os
from django.conf import settings

DEFAULTS = {"per_page": 25, "layout": "tabs"}
DEFAULTS.update({"layout": "rows"})
DEFAULTS.setdefault("theme", "light")
OVERRIDDEN = {"a": 1}
OVERRIDDEN.update(settings.DESK_OVERRIDES)
OPTIONS = getattr(settings, "DESK_OPTIONS", {})
USE_JSON = OPTIONS.get("USE_JSON", False)
FROM_ENV = os.environ.get("DESK_X")
"#,
    )
    .expect("conf.py");
    let constants = PackageConstants::new(vec![dir.path().to_path_buf()], Settings::default());
    let get = |name: &str| constants.constant("desk.conf", name);
    assert_eq!(
        get("DEFAULTS"),
        Some(Value::Dict(vec![
            (Value::Str("per_page".into()), Value::Int(25)),
            (Value::Str("layout".into()), Value::Str("rows".into())),
            (Value::Str("theme".into()), Value::Str("light".into())),
        ]))
    );
    assert!(
        matches!(get("OVERRIDDEN"), Some(Value::Unknown { reason, .. }) if reason.contains("changed by .update()")),
        "{:?}",
        get("OVERRIDDEN")
    );
    assert_eq!(
        get("USE_JSON").map(|v| v.resolved().clone()),
        Some(Value::Bool(false))
    );
    assert!(matches!(get("FROM_ENV"), Some(Value::Unknown { .. })));
    // Not a module of the project or its packages, a lower-case name, Django itself.
    assert_eq!(constants.constant("desk.missing", "X"), None);
    assert_eq!(constants.constant("django.conf", "settings"), None);
}

/// Callable defaults that are functions of an app (`default=desk.models.mk_secret`): what
/// calling them returns, read from their bodies, following calls of other functions of the
/// package and the imports in their bodies; Unknown with the reason where a body does more.
#[test]
fn package_functions_return_what_their_body_returns() {
    use crate::parse::eval::ConstantSource;
    use crate::settings::package::PackageConstants;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("desk")).expect("package");
    std::fs::write(dir.path().join("desk/__init__.py"), "").expect("init");
    std::fs::write(
        dir.path().join("desk/conf.py"),
        "DEFAULTS = {\"per_page\": 25, \"layout\": \"tabs\"}\n",
    )
    .expect("conf.py");
    std::fs::write(
        dir.path().join("desk/models.py"),
        r#"import uuid
from django.utils import timezone

def mk_secret():
    "A fresh secret."
    return str(uuid.uuid4())

def setting(name, fallback=None):
    from desk.conf import DEFAULTS
    return DEFAULTS.get(name, fallback)

def per_page_default():
    return setting("per_page")

def layout_default():
    return setting(name="layout")

def empty():
    return {}

def now():
    return timezone.now()

def branches():
    if uuid:
        return 1
    return 2
"#,
    )
    .expect("models.py");
    let constants = PackageConstants::new(vec![dir.path().to_path_buf()], Settings::default());
    let call = |name: &str| constants.call(&format!("desk.models.{name}"), &[]);
    let returned_call = |value: Option<Value>| match value {
        Some(Value::Call(call)) => (call.func.clone(), call.args.len()),
        other => panic!("not a call: {other:?}"),
    };
    assert_eq!(returned_call(call("mk_secret")), ("builtins.str".into(), 1));
    assert_eq!(call("per_page_default"), Some(Value::Int(25)));
    assert_eq!(call("empty"), Some(Value::Dict(Vec::new())));
    assert_eq!(
        returned_call(call("now")),
        ("django.utils.timezone.now".into(), 0)
    );
    assert_eq!(call("layout_default"), Some(Value::Str("tabs".into())));
    // A body with a branch is not run.
    assert!(
        matches!(call("branches"), Some(Value::Unknown { reason, .. }) if reason.contains("models.py:") && reason.contains("does not run")),
        "{:?}",
        call("branches")
    );
    // Not a function of a module that is read.
    assert_eq!(call("missing"), None);
    assert_eq!(constants.call("uuid.uuid4", &[]), None);
    assert_eq!(constants.call("django.utils.timezone.now", &[]), None);
}

/// A setting the settings module does not set raises `AttributeError` in Django: `try: ...
/// except AttributeError:` runs its handler and `hasattr` is `False`, but only when the
/// settings module was read whole (nothing in it can bind names migguard does not see).
#[test]
fn settings_not_set_raise_attribute_error_only_when_read_whole() {
    use crate::parse::eval::ConstantSource;
    use crate::settings::package::PackageConstants;
    let conf = r#"from django.conf import settings

PREFERENCES = {"page_size": 25}
try:
    PREFERENCES.update(settings.DESK_PREFERENCES)
    PREFERENCES["never"] = True
except (ImportError, AttributeError):
    SOURCE = "defaults"
else:
    SOURCE = "settings"
HAS_DEBUG = hasattr(settings, "DEBUG")
HAS_LAYOUT = hasattr(settings, "DESK_LAYOUT")
try:
    MISSED = settings.DESK_OTHER
except ImportError:
    MISSED = "handled"
"#;
    let read_with = |settings_text: &str| {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "proj/__init__.py", "");
        write(dir.path(), "proj/settings.py", settings_text);
        write(dir.path(), "desk/__init__.py", "");
        write(dir.path(), "desk/conf.py", conf);
        let settings = read(dir.path(), Some("proj.settings"), &Settings::default()).settings;
        let constants = PackageConstants::new(vec![dir.path().to_path_buf()], settings);
        let get = |name: &str| constants.constant("desk.conf", name);
        (
            get("PREFERENCES"),
            get("SOURCE"),
            get("HAS_DEBUG"),
            get("HAS_LAYOUT"),
            get("MISSED"),
        )
    };
    let (preferences, source, has_debug, has_layout, missed) =
        read_with("SECRET_KEY = 'x'\nINSTALLED_APPS = ['desk']\n");
    assert_eq!(
        preferences,
        Some(Value::Dict(vec![(
            Value::Str("page_size".into()),
            Value::Int(25)
        )]))
    );
    assert_eq!(source, Some(Value::Str("defaults".into())));
    assert_eq!(has_debug, Some(Value::Bool(true)));
    assert_eq!(has_layout, Some(Value::Bool(false)));
    // Not caught by `except ImportError`: what the statement binds is not known.
    assert!(unknown_reason(missed).contains("raises AttributeError"));

    // A settings module that may bind names no statement shows: nothing is known absent.
    for open in [
        "INSTALLED_APPS = ['desk']\nglobals().update({'DESK_LAYOUT': 'x'})\n",
        "from some_library_not_read import *\nINSTALLED_APPS = ['desk']\n",
    ] {
        let (preferences, source, _, has_layout, _) = read_with(open);
        let reason = unknown_reason(preferences);
        assert!(reason.contains("update"), "{open}: {reason}");
        assert!(unknown_reason(source).contains("try statement"), "{open}");
        assert!(unknown_reason(has_layout).contains("not known"), "{open}");
    }
}

/// allauth's `app_settings` pattern: a module `__getattr__` (PEP 562) reading a module-level
/// instance of its own class, whose properties call `apps.is_installed(...)` and
/// `self._setting(...)` with `self.prefix` from `__init__`; the installed apps come from the
/// project's `INSTALLED_APPS` (by app name, not label).
#[test]
fn module_getattr_reads_properties_of_an_instance() {
    use crate::parse::eval::ConstantSource;
    use crate::settings::package::PackageConstants;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "proj/__init__.py", "");
    write(
        root,
        "proj/settings.py",
        "SECRET_KEY = 'x'\nINSTALLED_APPS = ['desk', 'desk.extra.apps.ExtraConfig']\nDESK_PER_PAGE = 40\n",
    );
    write(root, "desk/__init__.py", "");
    write(root, "desk/extra/__init__.py", "");
    write(
        root,
        "desk/extra/apps.py",
        "from django.apps import AppConfig\n\nclass ExtraConfig(AppConfig):\n    name = 'desk.extra'\n    label = 'desk_extra'\n",
    );
    write(
        root,
        "desk/conf.py",
        r#"from django.apps import apps
from django.conf import settings


def get_setting(name, dflt):
    return getattr(settings, name, dflt)


class DeskSettings:
    LIMIT = 3

    def __init__(self, prefix):
        "Settings under a prefix."
        self.prefix = prefix

    def _setting(self, name, dflt):
        return get_setting(self.prefix + name, dflt)

    @property
    def EXTRA_ENABLED(self):
        return apps.is_installed("desk.extra")

    @property
    def LABEL_ENABLED(self):
        return apps.is_installed("desk_extra")

    @property
    def PER_PAGE(self):
        return self._setting("PER_PAGE", 25)

    @property
    def THEME(self):
        return self._setting("THEME", "light")

    @property
    def LOOPING(self):
        return self.LOOPING

    @property
    def BRANCHING(self):
        if self.prefix:
            return 1
        return 2


_desk_settings = DeskSettings("DESK_")


def __getattr__(name):
    return getattr(_desk_settings, name)
"#,
    );
    let settings = read(root, Some("proj.settings"), &Settings::default()).settings;
    let constants = PackageConstants::new(vec![root.to_path_buf()], settings);
    let get = |name: &str| {
        constants
            .constant("desk.conf", name)
            .map(|value| value.resolved().clone())
    };
    assert_eq!(get("EXTRA_ENABLED"), Some(Value::Bool(true)));
    assert_eq!(get("LABEL_ENABLED"), Some(Value::Bool(false)));
    assert_eq!(get("PER_PAGE"), Some(Value::Int(40)));
    assert_eq!(get("THEME"), Some(Value::Str("light".into())));
    assert_eq!(get("LIMIT"), Some(Value::Int(3)));
    let reason = unknown_reason(get("LOOPING"));
    assert!(reason.contains("nested more than"), "{reason}");
    let reason = unknown_reason(get("BRANCHING"));
    assert!(
        reason.contains("conf.py:") && reason.contains("does not run"),
        "{reason}"
    );
    let reason = unknown_reason(get("MISSING"));
    assert!(
        reason.contains("conf.py:") && reason.contains("defines no attribute MISSING"),
        "{reason}"
    );

    // Without INSTALLED_APPS read, whether an app is installed is not known.
    let constants = PackageConstants::new(vec![root.to_path_buf()], Settings::default());
    let reason = unknown_reason(constants.constant("desk.conf", "EXTRA_ENABLED"));
    assert!(reason.contains("INSTALLED_APPS was not read"), "{reason}");
}
