//! Bad input never panics: every Python file of the field-test virtualenv (thousands of files
//! that are not migrations: other syntax, other shapes) is read as if it were a migration, with
//! custom field classes looked up in that same virtualenv (so class reading meets it all too).

mod support;

use migguard::config::Settings;
use migguard::ir::{MigrationKey, MigrationSource};
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
