#!/usr/bin/env bash
# bash scripts/wheel.sh DIR: the wheel of the distribution tests, installed into a fresh venv.
#
#   DIR/tools/   venv with scripts/dist-requirements.txt (maturin, pre-commit); pip runs only when
#                that file or Python changed (stamp file)
#   DIR/wheels/  migguard-VERSION-*.whl built by `maturin build --profile dev --strip`: the same
#                compile as `cargo test` (dev profile, same target dir, nothing rebuilt but the
#                link of the binary), so CI compiles migguard once; stripped like the release wheel
#   DIR/venv/    a fresh venv (made anew on every run, without pip) with only that wheel installed
#
# Prints the wheel's size and the install time. scripts/test.sh runs it and exports
# MIGGUARD_WHEEL_VENV=DIR/venv, MIGGUARD_WHEEL=DIR/wheels/<the wheel> and
# MIGGUARD_DIST_TOOLS=DIR/tools for tests/dist_wheel.rs, tests/action_runner.rs and
# tests/precommit_hook.rs. A release wheel is built with `maturin build` (profile dist).
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: bash scripts/wheel.sh DIR" >&2; exit 2; }
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
DIR=$1
PYTHON=${PYTHON:-python3}
log() { echo "wheel.sh: $*" >&2; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
seconds() { printf "%d.%03d" $(( $1 / 1000 )) $(( $1 % 1000 )); }

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd -P)
requirements="$REPO/scripts/dist-requirements.txt"
stamp=$( { cat "$requirements"; "$PYTHON" --version; } | sha256sum | cut -d' ' -f1)
if [[ ! -x "$DIR/tools/bin/maturin" || "$(cat "$DIR/tools/.stamp" 2>/dev/null)" != "$stamp" ]]; then
    log "tools venv: $DIR/tools"
    rm -rf "$DIR/tools"
    "$PYTHON" -m venv "$DIR/tools"
    "$DIR/tools/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    echo "$stamp" > "$DIR/tools/.stamp"
fi

rm -rf "$DIR/wheels"
log "maturin build --profile dev --strip"
started=$(ms)
locked=()
[[ -f "$REPO/Cargo.lock" ]] && locked=(--locked)
(cd "$REPO" && "$DIR/tools/bin/maturin" build --quiet --profile dev --strip "${locked[@]}" \
    --out "$DIR/wheels" </dev/null)
wheels=("$DIR"/wheels/migguard-*.whl)
[[ ${#wheels[@]} -eq 1 && -f "${wheels[0]}" ]] || { log "error: expected one wheel in $DIR/wheels"; exit 1; }
built=$(ms)

rm -rf "$DIR/venv"
# No pip of its own (ensurepip takes long on a busy machine): the tools' pip installs into it.
"$PYTHON" -m venv --without-pip "$DIR/venv"
venv_made=$(ms)
"$DIR/tools/bin/python" -m pip --python "$DIR/venv/bin/python" install --quiet \
    --disable-pip-version-check --no-index "${wheels[0]}"
installed=$(ms)
log "$(basename "${wheels[0]}"): $(du -k "${wheels[0]}" | cut -f1) KiB;" \
    "build $(seconds $((built - started))) s, venv $(seconds $((venv_made - built))) s," \
    "pip install $(seconds $((installed - venv_made))) s"
echo "${wheels[0]}"
