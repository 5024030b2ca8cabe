"""A simulated GitHub Actions runner for a composite action (tests/action_runner.rs).

    python github_runner.py ACTION_YML --input NAME=VALUE... --outputs FILE

Runs the `run:` steps of ACTION_YML in order as the runner does: `${{ inputs.* }}` (defaults from
the file, overridden by --input), `${{ github.token }}` ($GITHUB_TOKEN) and
`${{ steps.ID.outputs.NAME }}` substituted; each step's `env:` set, GITHUB_ACTION_PATH set to the
action's folder, a fresh $GITHUB_OUTPUT file per step read back into the step's outputs, and the
lines a step appends to $GITHUB_PATH put on PATH for the later steps. The environment must hold
the other GITHUB_* variables (GITHUB_STEP_SUMMARY and GITHUB_PATH name files). Stops at the first
failing step with its exit code; writes the action's outputs as JSON to FILE.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml  # PyYAML: a dependency of pre-commit, in the tools venv of scripts/wheel.sh

EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def substitute(text, inputs, steps):
    def value(match):
        expr = match.group(1)
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs."):]]
        if expr == "github.token":
            return os.environ.get("GITHUB_TOKEN", "")
        parts = expr.split(".")
        if len(parts) == 4 and parts[0] == "steps" and parts[2] == "outputs":
            return steps.get(parts[1], {}).get(parts[3], "")
        raise SystemExit(f"github_runner: unsupported expression ${{{{ {expr} }}}}")

    return EXPRESSION.sub(value, str(text))


def read_outputs(path):
    outputs = {}
    with open(path) as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and "=" not in line.split("<<", 1)[0]:
            name, delimiter = line.split("<<", 1)
            body = []
            i += 1
            while lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            outputs[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
        i += 1
    return outputs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("action")
    parser.add_argument("--input", action="append", default=[])
    parser.add_argument("--outputs", required=True)
    args = parser.parse_args()
    with open(args.action) as f:
        action = yaml.safe_load(f)
    assert action["runs"]["using"] == "composite", "not a composite action"
    inputs = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    for item in args.input:
        name, value = item.split("=", 1)
        if name not in inputs:
            raise SystemExit(f"github_runner: the action has no input '{name}'")
        inputs[name] = value
    inputs = {name: substitute(value, inputs, {}) for name, value in inputs.items()}
    action_path = os.path.dirname(os.path.abspath(args.action))
    steps = {}
    code = 0
    for number, step in enumerate(action["runs"]["steps"]):
        env = dict(os.environ)
        with open(env["GITHUB_PATH"]) as f:
            added = [line for line in f.read().splitlines() if line]
        env["PATH"] = os.pathsep.join(list(reversed(added)) + [env["PATH"]])
        env["GITHUB_ACTION_PATH"] = action_path
        for name, value in (step.get("env") or {}).items():
            env[name] = substitute(value, inputs, steps)
        fd, output_file = tempfile.mkstemp(prefix="github_output.")
        os.close(fd)
        env["GITHUB_OUTPUT"] = output_file
        assert step.get("shell") == "bash", f"step {number}: only shell: bash is simulated"
        script = substitute(step["run"], inputs, steps)
        code = subprocess.run(["bash", "-e", "-c", script], env=env).returncode
        steps[step.get("id", f"step{number}")] = read_outputs(output_file)
        os.unlink(output_file)
        if code != 0:
            break
    outputs = {
        name: substitute(spec["value"], inputs, steps)
        for name, spec in action.get("outputs", {}).items()
    }
    with open(args.outputs, "w") as f:
        json.dump(outputs, f)
    sys.exit(code)


if __name__ == "__main__":
    main()
