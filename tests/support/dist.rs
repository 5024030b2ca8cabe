//! The wheel of the distribution tests, built and installed into a fresh venv by
//! `scripts/wheel.sh` (run by `scripts/test.sh`), which exports where they are.

use std::path::PathBuf;

/// What `scripts/wheel.sh` made: the wheel, the fresh venv it is installed in, and the tools venv
/// (maturin, pre-commit).
pub struct Dist {
    pub wheel: PathBuf,
    pub venv: PathBuf,
    pub tools: PathBuf,
}

impl Dist {
    /// The `migguard` command the wheel installed.
    pub fn installed_migguard(&self) -> PathBuf {
        self.venv.join("bin").join("migguard")
    }
}

/// The installed wheel, or `None` when the developer explicitly skipped the PyPI-dependent steps
/// (`scripts/test.sh --no-fieldtest`, outside CI). Missing otherwise, the test fails.
pub fn dist() -> Option<Dist> {
    // Absolute: the tests run commands in other directories.
    let var = |name: &str| {
        std::env::var_os(name).map(|value| {
            let path = PathBuf::from(&value);
            std::fs::canonicalize(&path)
                .unwrap_or_else(|e| panic!("{name}={}: {e}", path.display()))
        })
    };
    if let (Some(wheel), Some(venv), Some(tools)) = (
        var("MIGGUARD_WHEEL"),
        var("MIGGUARD_WHEEL_VENV"),
        var("MIGGUARD_DIST_TOOLS"),
    ) {
        assert!(
            wheel.is_file(),
            "MIGGUARD_WHEEL={} is not a file",
            wheel.display()
        );
        let dist = Dist { wheel, venv, tools };
        assert!(
            dist.installed_migguard().is_file(),
            "MIGGUARD_WHEEL_VENV={} has no bin/migguard",
            dist.venv.display()
        );
        return Some(dist);
    }
    let skipped = std::env::var("MIGGUARD_SKIP_FIELDTEST").is_ok_and(|value| value == "1");
    let in_ci = std::env::var("CI").is_ok_and(|value| value == "true" || value == "1");
    if skipped && !in_ci {
        eprintln!("wheel test SKIPPED on request (MIGGUARD_SKIP_FIELDTEST=1); CI never skips it");
        return None;
    }
    panic!(
        "MIGGUARD_WHEEL, MIGGUARD_WHEEL_VENV and MIGGUARD_DIST_TOOLS are not set: run the tests with \
         `bash scripts/test.sh`, or locally `bash scripts/wheel.sh target/dist-test` and export \
         MIGGUARD_WHEEL=<the wheel it prints> MIGGUARD_WHEEL_VENV=target/dist-test/venv \
         MIGGUARD_DIST_TOOLS=target/dist-test/tools"
    );
}
