//! Bad input never panics: every Python file of the field-test virtualenv (thousands of files
//! that are not migrations: other syntax, other shapes) is read as if it were a migration, with
//! custom field classes looked up in that same virtualenv (so class reading meets it all too).

mod support;

use migguard::config::Settings;
use migguard::ir::{FieldType, MigrationKey, MigrationSource};
use migguard::parse::field_classes::Resolution;
use migguard::parse::{parse_file, Environment, FieldClasses};

#[test]
fn every_python_file_of_the_field_test_venv_is_read_without_panicking() {
    let Some(fieldtest) = support::fieldtest_dir() else {
        return;
    };
    let site_packages = support::fieldtest_site_packages(&fieldtest);
    let environment = Environment {
        settings: Settings::default(),
        field_classes: FieldClasses::new(vec![site_packages.clone()], []),
        constants: None,
    };
    let mut files = 0;
    let mut read_as_migrations = 0;
    for entry in walkdir::WalkDir::new(&site_packages).into_iter().flatten() {
        if entry
            .path()
            .extension()
            .is_none_or(|extension| extension != "py")
        {
            continue;
        }
        let source = MigrationSource {
            key: MigrationKey::new("any", "module"),
            path: entry.path().to_path_buf(),
            external: false,
        };
        let parsed = parse_file(source, &environment);
        files += 1;
        read_as_migrations += usize::from(parsed.migration.is_some());
        // Every problem names where it is.
        assert!(
            parsed.diagnostics.iter().all(|d| d.location.is_some()),
            "{}",
            entry.path().display()
        );
    }
    eprintln!("{files} Python files read, {read_as_migrations} of them have a Migration class");
    assert!(
        files > 1000,
        "the venv holds Django and the field-test packages"
    );
}

/// Every class of the field-test virtualenv that looks like a field (`class X(...Field...)`)
/// is resolved as a custom field class: no panic, and every answer is either a Django field
/// or a reason. Django's own field subclasses in third-party code are the realistic input.
#[test]
fn every_field_like_class_of_the_field_test_venv_resolves_or_says_why() {
    let Some(fieldtest) = support::fieldtest_dir() else {
        return;
    };
    let site_packages = support::fieldtest_site_packages(&fieldtest);
    let classes = FieldClasses::new(vec![site_packages.clone()], []);
    let (mut resolved, mut unresolved) = (0, 0);
    for entry in walkdir::WalkDir::new(&site_packages)
        .into_iter()
        .flatten()
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "py"))
    {
        let Ok(relative) = entry.path().strip_prefix(&site_packages) else {
            continue;
        };
        let module = relative
            .with_extension("")
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .filter(|part| part != "__init__")
            .collect::<Vec<_>>()
            .join(".");
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("class ") else {
                continue;
            };
            let Some((name, bases)) = rest.split_once('(') else {
                continue;
            };
            if !bases.contains("Field") {
                continue;
            }
            match &*classes.resolve(&format!("{module}.{}", name.trim())) {
                Resolution::Resolved(class) => {
                    resolved += 1;
                    eprintln!(
                        "  {module}.{}: {:?} ({})",
                        name.trim(),
                        class.behaves_as,
                        class.origin
                    );
                }
                Resolution::Unresolved(reason) | Resolution::Missing(reason) => {
                    assert!(!reason.is_empty(), "{module}.{name}");
                    unresolved += 1;
                }
            }
        }
    }
    eprintln!("field-like classes of the venv: {resolved} resolved as a Django field, {unresolved} with a reason");
    // Both outcomes are exercised, and the model fields of the field-test packages (read from
    // source, as `migguard sql` does) are what Django's schema editor treats them as.
    assert!(
        resolved > 10 && unresolved > 100,
        "{resolved} resolved, {unresolved} unresolved"
    );
    for (class, expected) in [
        (
            "oauth2_provider.models.ClientSecretField",
            FieldType::CharField,
        ),
        (
            "oauth2_provider.models.TokenChecksumField",
            FieldType::CharField,
        ),
        (
            "oauth2_provider.models.ResourceJSONField",
            FieldType::JSONField,
        ),
        // Django's own classes, reached by their path, are the built-ins migguard models.
        ("django.db.models.fields.EmailField", FieldType::EmailField),
        (
            "django.db.models.fields.NullBooleanField",
            FieldType::NullBooleanField,
        ),
    ] {
        assert!(
            matches!(&*classes.resolve(class), Resolution::Resolved(found) if found.behaves_as == expected),
            "{class}: {:?}",
            classes.resolve(class)
        );
    }
}
