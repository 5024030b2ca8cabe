//! `action.yml` on a simulated GitHub runner (tests/support/github_runner.py runs its steps as
//! the runner does): a temporary repository with a base commit and a pull-request commit adding
//! a risky migration, the GITHUB_* variables, a pull-request event, step-summary, output and path
//! files, and a stub `gh` (tests/support/gh_stub.py) that records what it is asked to post.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::dist::{dist, Dist};
use support::shop::{git, migration, write, ADD_CODE, DROP_NOTE, INITIAL};

/// The simulated runner's world: a workspace repository on a pull-request commit, and its files.
struct Runner {
    _dir: tempfile::TempDir,
    root: PathBuf,
    workspace: PathBuf,
    base_sha: String,
}

impl Runner {
    fn new() -> Runner {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().to_path_buf();
        let workspace = root.join("workspace");
        std::fs::create_dir_all(&workspace).unwrap();
        git(&workspace, &["init", "-q", "-b", "main"]);
        write(
            &workspace,
            &[
                ("0001_initial", INITIAL),
                ("0002_order_code", &migration("0001_initial", ADD_CODE)),
            ],
        );
        git(&workspace, &["add", "."]);
        git(&workspace, &["commit", "-q", "-m", "base"]);
        let base_sha = git(&workspace, &["rev-parse", "HEAD"]).trim().to_string();
        git(&workspace, &["checkout", "-q", "-b", "pr"]);
        write(
            &workspace,
            &[("0003_drop_note", &migration("0002_order_code", DROP_NOTE))],
        );
        git(&workspace, &["add", "."]);
        git(&workspace, &["commit", "-q", "-m", "drop note"]);
        for sub in ["temp", "gh", "bin"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        let event = serde_json::json!({
            "action": "synchronize",
            "number": 7,
            "pull_request": { "number": 7, "base": { "sha": base_sha, "ref": "main" } },
        });
        std::fs::write(root.join("event.json"), event.to_string()).unwrap();
        let stub = root.join("bin").join("gh");
        std::fs::copy("tests/support/gh_stub.py", &stub).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).unwrap();
        Runner {
            _dir: dir,
            root,
            workspace,
            base_sha,
        }
    }

    /// One run of the action (fresh step-summary, output and path files); its result.
    fn run(&self, dist: &Dist, inputs: &[(&str, &str)]) -> ActionRun {
        let summary = self.root.join("step_summary.md");
        let path_file = self.root.join("github_path");
        let outputs = self.root.join("outputs.json");
        for file in [&summary, &path_file] {
            std::fs::write(file, "").unwrap();
        }
        let wheel = format!("wheel={}", dist.wheel.display());
        let mut command = Command::new(dist.tools.join("bin").join("python"));
        command
            .arg(std::fs::canonicalize("tests/support/github_runner.py").unwrap())
            .arg(std::fs::canonicalize("action.yml").unwrap())
            .args(["--input", &wheel]);
        for (name, value) in inputs {
            command.args(["--input", &format!("{name}={value}")]);
        }
        let path = format!(
            "{}:{}",
            self.root.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let output = command
            .arg("--outputs")
            .arg(&outputs)
            .current_dir(&self.workspace)
            .env("PATH", path)
            .env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_WORKSPACE", &self.workspace)
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_EVENT_PATH", self.root.join("event.json"))
            .env("GITHUB_REPOSITORY", "acme/shop")
            .env("GITHUB_BASE_REF", "main")
            .env("GITHUB_REF", "refs/pull/7/merge")
            .env("GITHUB_TOKEN", "stub-token")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_PATH", &path_file)
            .env("RUNNER_TEMP", self.root.join("temp"))
            .env("GH_STUB_DIR", self.root.join("gh"))
            .env("GIT_CEILING_DIRECTORIES", &self.root)
            .env_remove("VIRTUAL_ENV")
            .env_remove("DJANGO_SETTINGS_MODULE")
            .output()
            .expect("run the simulated runner");
        ActionRun {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            summary: std::fs::read_to_string(&summary).unwrap(),
            outputs: serde_json::from_str(&std::fs::read_to_string(&outputs).unwrap_or_default())
                .unwrap_or(serde_json::Value::Null),
        }
    }

    fn gh_calls(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.root.join("gh").join("calls.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    fn comments(&self) -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(self.root.join("gh").join("comments.json"))
            .unwrap_or_else(|_| "[]".into());
        serde_json::from_str(&text).unwrap()
    }
}

struct ActionRun {
    code: i32,
    stdout: String,
    stderr: String,
    summary: String,
    outputs: serde_json::Value,
}

fn methods(calls: &[serde_json::Value]) -> Vec<String> {
    calls
        .iter()
        .map(|call| {
            let args: Vec<&str> = call["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap())
                .collect();
            let method = args
                .iter()
                .position(|a| *a == "--method")
                .map_or("GET", |i| args[i + 1]);
            let endpoint = args.iter().find(|a| a.starts_with("repos/")).unwrap();
            format!("{method} {endpoint}")
        })
        .collect()
}

#[test]
fn the_action_annotates_summarises_comments_once_and_fails_as_fail_on_says() {
    let Some(dist) = dist() else { return };
    let runner = Runner::new();
    let sarif = runner.root.join("migguard.sarif");
    let sarif_input = sarif.display().to_string();
    let inputs = [("comment", "true"), ("sarif", sarif_input.as_str())];

    let first = runner.run(&dist, &inputs);
    let context = |run: &ActionRun| format!("stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    assert_eq!(
        first.code,
        1,
        "a drop-column error fails at fail-on warning\n{}",
        context(&first)
    );
    // Only the pull request's migration, from the event's base SHA, as an annotation.
    assert!(
        first
            .stderr
            .contains(&format!("changed since {}", runner.base_sha)),
        "{}",
        context(&first)
    );
    let annotations: Vec<&str> = first
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error"))
        .collect();
    assert_eq!(annotations.len(), 1, "{}", context(&first));
    assert!(
        annotations[0].starts_with("::error file=shop/migrations/0003_drop_note.py,line="),
        "{}",
        annotations[0]
    );
    assert!(
        first.summary.contains("drop-column"),
        "summary:\n{}",
        first.summary
    );
    assert_eq!(first.outputs["findings"], "1");
    assert_eq!(first.outputs["exit-code"], "1");
    assert_eq!(first.outputs["sarif"], sarif_input.as_str());
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("SARIF written")).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "drop-column");
    assert_eq!(
        methods(&runner.gh_calls()),
        [
            "GET repos/acme/shop/issues/7/comments",
            "POST repos/acme/shop/issues/7/comments"
        ]
    );
    assert!(runner
        .gh_calls()
        .iter()
        .all(|call| call["token"] == "stub-token"));
    let comments = runner.comments();
    assert_eq!(comments.len(), 1);
    let body = comments[0]["body"].as_str().unwrap();
    assert!(body.starts_with("<!-- migguard-report -->\n"), "{body}");
    assert!(body.contains("drop-column"), "{body}");

    // A second run (another push) edits the same comment instead of adding one; fail-on never
    // reports the finding but passes.
    std::fs::write(
        runner.workspace.join("shop/migrations/0003_drop_note.py"),
        migration(
            "0002_order_code",
            &format!(
                "{DROP_NOTE}\n        migrations.RemoveField(model_name=\"order\", name=\"code\"),"
            ),
        ),
    )
    .unwrap();
    git(&runner.workspace, &["commit", "-q", "-am", "drop code too"]);
    let second = runner.run(&dist, &[("comment", "true"), ("fail-on", "never")]);
    assert_eq!(second.code, 0, "fail-on never\n{}", context(&second));
    assert_eq!(second.outputs["findings"], "2");
    assert_eq!(second.outputs["exit-code"], "0");
    assert_eq!(second.outputs["sarif"], "");
    assert_eq!(
        methods(&runner.gh_calls())[2..],
        [
            "GET repos/acme/shop/issues/7/comments",
            "PATCH repos/acme/shop/issues/comments/1000"
        ]
    );
    let comments = runner.comments();
    assert_eq!(comments.len(), 1, "updated, not duplicated");
    let body = comments[0]["body"].as_str().unwrap();
    assert!(
        body.contains("shop_order.note") && body.contains("shop_order.code"),
        "the comment holds the second run's report: {body}"
    );
    assert_eq!(
        second
            .stdout
            .lines()
            .filter(|l| l.starts_with("::error"))
            .count(),
        2
    );

    // An unknown fail-on is refused (exit 2), before anything is checked.
    let bad = runner.run(&dist, &[("fail-on", "sometimes")]);
    assert_eq!(bad.code, 2, "{}", context(&bad));
    assert!(bad
        .stderr
        .contains("fail-on must be error, warning, info or never"));
}

#[test]
fn the_action_yml_steps_run_the_tested_scripts() {
    let action = std::fs::read_to_string("action.yml").expect("action.yml");
    for needle in [
        "using: composite",
        "bash \"$GITHUB_ACTION_PATH/scripts/action/install.sh\"",
        "bash \"$GITHUB_ACTION_PATH/scripts/action/run.sh\"",
    ] {
        assert!(action.contains(needle), "action.yml lacks {needle}");
    }
    // Every INPUT_* variable the check step reads is mapped from an input of the same name.
    let script = std::fs::read_to_string(Path::new("scripts/action/run.sh")).unwrap();
    for name in ["PATH", "BASE", "FAIL_ON", "PG_VERSION", "COMMENT", "SARIF"] {
        let input = name.to_lowercase().replace('_', "-");
        assert!(
            script.contains(&format!("INPUT_{name}")),
            "run.sh does not read INPUT_{name}"
        );
        assert!(
            action.contains(&format!("INPUT_{name}: ${{{{ inputs.{input} }}}}")),
            "action.yml does not map inputs.{input} to INPUT_{name}"
        );
    }
}
