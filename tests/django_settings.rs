//! migguard's list of Django's global settings (`src/ir/django_global_settings.txt`)
//! against real Django 5.2 (the field test's venv): a setting Django defines for every project
//! must never be taken for one the settings module does not set.

mod support;

use std::process::Command;

use support::fieldtest_dir;

#[test]
fn django_global_settings_are_those_of_real_django() {
    let Some(fieldtest) = fieldtest_dir() else {
        return;
    };
    let python = fieldtest.join("venv/bin/python");
    let output = Command::new(&python)
        .args([
            "-c",
            "import django.conf.global_settings as g\nprint('\\n'.join(n for n in dir(g) if n.isupper()))",
        ])
        .output()
        .unwrap_or_else(|error| panic!("run {}: {error}", python.display()));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let django: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let known: Vec<String> = migguard::settings::django_global_settings()
        .map(str::to_string)
        .collect();
    assert!(
        django.len() > 100,
        "too few settings from Django: {django:?}"
    );
    assert_eq!(
        known, django,
        "regenerate src/ir/django_global_settings.txt from django.conf.global_settings"
    );
}
