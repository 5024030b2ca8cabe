#!/usr/bin/env bash
# The action's install step: migguard into its own venv under $RUNNER_TEMP, put on $GITHUB_PATH.
#   INPUT_WHEEL    a local wheel file to install (for testing, or a self-built wheel)
#   INPUT_VERSION  the PyPI version (empty: the latest)
set -euo pipefail
log() { echo "migguard action: $*" >&2; }

venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/migguard-venv"
python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || { log "error: $python not found (use actions/setup-python)"; exit 2; }
if [[ -n "${INPUT_WHEEL:-}" ]]; then
    [[ -f "$INPUT_WHEEL" ]] || { log "error: wheel $INPUT_WHEEL does not exist"; exit 2; }
    requirement=$INPUT_WHEEL
elif [[ -n "${INPUT_VERSION:-}" ]]; then
    requirement="migguard==$INPUT_VERSION"
else
    requirement=migguard
fi
rm -rf "$venv"
# A venv without pip of its own (ensurepip is slow): the interpreter's pip installs into it.
"$python" -m venv --without-pip "$venv"
"$python" -m pip --python "$venv/bin/python" install --quiet --disable-pip-version-check "$requirement"
: "${GITHUB_PATH:?GITHUB_PATH is not set (not on a GitHub runner)}"
echo "$venv/bin" >> "$GITHUB_PATH"
log "installed $("$venv/bin/migguard" --version)"
