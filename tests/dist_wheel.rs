//! The wheel (`pyproject.toml`, maturin `bindings = "bin"` + `python/`), built and installed into
//! a fresh venv by `scripts/wheel.sh`: the installed `migguard` command gives the same report as
//! the cargo-built binary on `corpus/example`, and the installed Python package finds it.

mod support;

use std::process::Command;

use support::dist::dist;

fn check_json(program: &std::path::Path) -> (i32, serde_json::Value) {
    let output = Command::new(program)
        .args([
            "check",
            "--format",
            "json",
            "--no-external",
            "corpus/example",
        ])
        .env_remove("VIRTUAL_ENV")
        .env_remove("DJANGO_SETTINGS_MODULE")
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", program.display()));
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{} printed no JSON ({e}): {}",
            program.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

#[test]
fn the_installed_command_reports_what_the_cargo_built_binary_reports() {
    let Some(dist) = dist() else { return };
    let (cargo_code, cargo_report) =
        check_json(std::path::Path::new(env!("CARGO_BIN_EXE_migguard")));
    let (wheel_code, wheel_report) = check_json(&dist.installed_migguard());
    assert_eq!(cargo_code, 1, "corpus/example has findings");
    assert!(
        cargo_report["findings"]
            .as_array()
            .is_some_and(|f| f.len() >= 5),
        "{cargo_report}"
    );
    assert_eq!(wheel_code, cargo_code);
    assert_eq!(wheel_report, cargo_report);
}

#[test]
fn the_installed_package_finds_the_installed_command_and_has_the_crates_version() {
    let Some(dist) = dist() else { return };
    let python = dist.venv.join("bin").join("python");
    let run = |code: &str, bin: Option<&str>| {
        let mut command = Command::new(&python);
        command.args(["-c", code]).env_remove("MIGGUARD_BIN");
        if let Some(bin) = bin {
            command.env("MIGGUARD_BIN", bin);
        }
        let output = command.output().expect("run the venv's python");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).trim().to_string(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, found, stderr) = run("import migguard; print(migguard.find_binary())", None);
    assert!(ok, "{stderr}");
    assert_eq!(
        std::fs::canonicalize(&found).unwrap(),
        std::fs::canonicalize(dist.installed_migguard()).unwrap()
    );
    // MIGGUARD_BIN overrides the lookup; one that is not an executable is an error naming it.
    let cargo_built = env!("CARGO_BIN_EXE_migguard");
    let (ok, found, stderr) = run(
        "import migguard; print(migguard.find_binary())",
        Some(cargo_built),
    );
    assert!(ok, "{stderr}");
    assert_eq!(found, cargo_built);
    let (ok, _, stderr) = run(
        "import migguard; migguard.find_binary()",
        Some("/nonexistent/migguard"),
    );
    assert!(
        !ok && stderr.contains("MIGGUARD_BIN='/nonexistent/migguard' is not an executable file"),
        "{stderr}"
    );

    let (ok, version, stderr) = run(
        "import importlib.metadata as m; print(m.version('migguard'))",
        None,
    );
    assert!(ok, "{stderr}");
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    let output = Command::new(dist.installed_migguard())
        .arg("--version")
        .output()
        .expect("migguard --version");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("migguard {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn the_wheel_carries_the_command_the_python_package_and_the_metadata() {
    let Some(dist) = dist() else { return };
    let listing = Command::new(dist.tools.join("bin").join("python"))
        .args([
            "-c",
            "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
        ])
        .arg(&dist.wheel)
        .output()
        .expect("list the wheel");
    let names = String::from_utf8_lossy(&listing.stdout);
    let version = env!("CARGO_PKG_VERSION");
    for expected in [
        format!("migguard-{version}.data/scripts/migguard"),
        "migguard/__init__.py".to_string(),
        // The optional Django app (`manage.py migguard`, docs/before-migrate.md).
        "migguard/django/apps.py".to_string(),
        "migguard/django/management/commands/migguard.py".to_string(),
        format!("migguard-{version}.dist-info/METADATA"),
    ] {
        assert!(
            names.lines().any(|n| n == expected),
            "{expected} not in the wheel:\n{names}"
        );
    }
    let metadata = std::fs::read_to_string(
        dist.venv
            .join("lib")
            .read_dir()
            .expect("venv lib")
            .flatten()
            .next()
            .expect("pythonX.Y")
            .path()
            .join(format!(
                "site-packages/migguard-{version}.dist-info/METADATA"
            )),
    )
    .expect("installed METADATA");
    for line in [
        "Name: migguard".to_string(),
        format!("Version: {version}"),
        "Summary: Static safety checks for Django schema migrations".to_string(),
        "License: MIT OR Apache-2.0".to_string(),
        "Project-URL: Repository, https://github.com/migguard/migguard".to_string(),
        "Classifier: Framework :: Django".to_string(),
        "Description-Content-Type: text/markdown".to_string(),
    ] {
        assert!(
            metadata.lines().any(|l| l.starts_with(&line)),
            "no `{line}` in METADATA:\n{metadata}"
        );
    }
}
