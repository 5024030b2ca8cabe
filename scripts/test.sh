#!/usr/bin/env bash
# migguard's test command: bash scripts/test.sh [--no-fieldtest] [-- CARGO_TEST_ARGS...]
#
# Does all the set-up a fresh machine needs, then runs the Rust test suite:
#   1. installs PostgreSQL (Debian `postgresql`) if its server binaries are missing;
#   2. starts a throwaway server (scripts/pg-throwaway.sh) and exports
#      MIGGUARD_TEST_DATABASE_URL; it is stopped and removed on exit;
#   3. unless --no-fieldtest: builds the field-test venv and records the field
#      test (scripts/django_reference.py venv + fieldtest) into
#      MIGGUARD_FIELDTEST_DIR (default <repo>/.fieldtest), which it exports,
#      and checks that corpus/*/expected/ is what Django generates (corpus --check)
#      and that corpus/hazards/expected/evidence/ is what Django + PostgreSQL did (hazards --check);
#      then the widened field test (scripts/fieldtest-wide/: its venv, project and reference,
#      django_reference.py fieldtest-wide) into MIGGUARD_FIELDTEST_WIDE_DIR (default
#      <repo>/.fieldtest-wide), which it exports;
#   4. unless --no-fieldtest: builds the wheel and installs it into a fresh venv
#      (scripts/wheel.sh), exporting MIGGUARD_WHEEL, MIGGUARD_WHEEL_VENV, MIGGUARD_DIST_TOOLS;
#   5. runs `cargo test --all-targets [--locked] -- --show-output`, then (when it passed and
#      unless --no-fieldtest) verifies corpus/hazards' staged fixes on Django + PostgreSQL;
#   6. unless --no-fieldtest: a short fuzz run, `bash fuzz/run.sh $MIGGUARD_FUZZ_SECONDS`
#      (default 45 s per target, 4 targets; installs nightly and cargo-fuzz if missing, builds
#      fuzz/target). It runs whatever step 5 gave, after it, so it is not on the test suite's
#      path; a crash, timeout or OOM (input in fuzz/artifacts/<target>/) fails the run.
# It exits with the first failing status of steps 5 and 6 (0 when all passed).
#
# --no-fieldtest skips steps 3, 4 and 6 (no PyPI access, no nightly: a quick local loop) and
# exports MIGGUARD_SKIP_FIELDTEST=1 so tests can tell. It is refused in CI
# (CI=true): CI always runs everything.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"

log() { echo "test.sh: $*" >&2; }
die() { echo "test.sh: error: $*" >&2; exit 1; }

fieldtest=1
cargo_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-fieldtest) fieldtest=0 ;;
        --) shift; cargo_args=("$@"); break ;;
        -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
    shift
done

in_ci=0
[[ "${CI:-}" == "true" || "${CI:-}" == "1" ]] && in_ci=1
if [[ $in_ci -eq 1 && $fieldtest -eq 0 ]]; then
    die "--no-fieldtest is not allowed in CI (CI=$CI): CI must run the full field test"
fi

# --- toolchains -------------------------------------------------------------
[[ -d "$HOME/.cargo/bin" ]] && export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null 2>&1 || die "cargo not found (install Rust via rustup, or put it on PATH)"
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found"

# --- PostgreSQL -------------------------------------------------------------
have_pg_server() {
    if [[ -n "${PG_BINDIR:-}" ]]; then [[ -x "$PG_BINDIR/initdb" ]]; return; fi
    local d
    d=$(pg_config --bindir 2>/dev/null || true)
    [[ -n "$d" && -x "$d/initdb" ]] && return 0
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return 0
    command -v initdb >/dev/null 2>&1
}
if ! have_pg_server; then
    [[ $EUID -eq 0 ]] || die "PostgreSQL server binaries not found and not root: install the 'postgresql' package (or set PG_BINDIR)"
    log "PostgreSQL server not found: installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null
    # Don't let the package start its own cluster service; we run our own.
    apt-get install -y -qq --no-install-recommends postgresql </dev/null >/dev/null
    have_pg_server || die "installed postgresql but still no initdb"
fi

PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/migguard-pg.XXXXXX")
cleanup() {
    local rc=$?
    bash "$REPO/scripts/pg-throwaway.sh" stop "$PG_DIR" || true
    rm -rf "$PG_DIR"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

MIGGUARD_TEST_DATABASE_URL=$(bash "$REPO/scripts/pg-throwaway.sh" start "$PG_DIR")
export MIGGUARD_TEST_DATABASE_URL
log "MIGGUARD_TEST_DATABASE_URL=$MIGGUARD_TEST_DATABASE_URL"

# --- field test -------------------------------------------------------------
export MIGGUARD_FIELDTEST_DIR=${MIGGUARD_FIELDTEST_DIR:-$REPO/.fieldtest}
if [[ $fieldtest -eq 1 ]]; then
    unset MIGGUARD_SKIP_FIELDTEST
    log "field test: venv + fieldtest into $MIGGUARD_FIELDTEST_DIR"
    "$PYTHON" "$REPO/scripts/django_reference.py" venv
    "$PYTHON" "$REPO/scripts/django_reference.py" fieldtest
    # The committed corpus/*/expected/ files must be exactly what Django generates.
    "$PYTHON" "$REPO/scripts/django_reference.py" corpus --check
    # ... and so must the deploy-hazard evidence of corpus/hazards (expected/evidence/).
    "$PYTHON" "$REPO/scripts/django_reference.py" hazards --check
    # The widened field test (13 more PyPI packages): its own venv, project and reference, for
    # tests/ddl_parity.rs. A few minutes; the test it feeds fails in CI without it.
    export MIGGUARD_FIELDTEST_WIDE_DIR=${MIGGUARD_FIELDTEST_WIDE_DIR:-$REPO/.fieldtest-wide}
    log "widened field test: venv + project + reference into $MIGGUARD_FIELDTEST_WIDE_DIR"
    wide_start=$SECONDS
    "$PYTHON" "$REPO/scripts/django_reference.py" fieldtest-wide
    log "widened field test recorded in $((SECONDS - wide_start)) s"
else
    export MIGGUARD_SKIP_FIELDTEST=1
    log "--no-fieldtest: skipping the field test (MIGGUARD_SKIP_FIELDTEST=1)"
fi

# --- distribution -----------------------------------------------------------
# The wheel (maturin, dev profile: the compile cargo test reuses) installed into a fresh venv,
# for tests/dist_wheel.rs, tests/action_runner.rs and tests/precommit_hook.rs. Needs PyPI for
# maturin and pre-commit, so --no-fieldtest skips it too (those tests then skip, outside CI).
if [[ $fieldtest -eq 1 ]]; then
    dist_dir=${MIGGUARD_DIST_DIR:-$REPO/target/dist-test}
    log "distribution: wheel into a fresh venv in $dist_dir"
    MIGGUARD_WHEEL=$(bash "$REPO/scripts/wheel.sh" "$dist_dir" </dev/null)
    export MIGGUARD_WHEEL MIGGUARD_WHEEL_VENV="$dist_dir/venv" MIGGUARD_DIST_TOOLS="$dist_dir/tools"
fi

# --- Rust tests -------------------------------------------------------------
# Every package of Cargo.lock, for every platform: a test reads the SARIF schema through
# `cargo metadata --offline`, which needs them all (a build fetches only this platform's).
if [[ -f "$REPO/Cargo.lock" ]]; then cargo fetch --locked </dev/null; fi
cmd=(cargo test --all-targets)
[[ -f "$REPO/Cargo.lock" ]] && cmd+=(--locked)
# --show-output: the figures the tests measure (live lock rules "N entries, N verified",
# parity counts, classification per rule) end up in the log even when the tests pass.
if [[ ${#cargo_args[@]} -gt 0 ]]; then cmd+=("${cargo_args[@]}"); else cmd+=(-- --show-output); fi
log "$ ${cmd[*]}"
set +e
"${cmd[@]}" </dev/null
status=$?
set -e
log "cargo test exited with status $status"
if [[ $status -eq 0 && $fieldtest -eq 1 ]]; then
    # Every staged fix of `migguard check` on corpus/hazards, applied on real Django 5.2 +
    # PostgreSQL over seeded rows: it migrates, takes no long lock, rewrites nothing, and leaves
    # the original's final schema. Uses the binary cargo test just built.
    log "verifying the staged fixes on real Django + PostgreSQL"
    set +e
    "$PYTHON" "$REPO/scripts/django_reference.py" hazards --verify-fixes "$REPO/target/debug/migguard" </dev/null
    status=$?
    set -e
    log "fix verification exited with status $status"
fi

# --- fuzzing ----------------------------------------------------------------
# After the tests (it needs nothing they build: fuzz/ is its own crate and target dir), and
# whatever they gave: a crash found is reported even when a test failed too.
if [[ $fieldtest -eq 1 ]]; then
    fuzz_seconds=${MIGGUARD_FUZZ_SECONDS:-45}
    log "fuzzing: bash fuzz/run.sh $fuzz_seconds (seconds per target)"
    fuzz_start=$SECONDS
    set +e
    bash "$REPO/fuzz/run.sh" "$fuzz_seconds" </dev/null
    fuzz_status=$?
    set -e
    log "fuzzing exited with status $fuzz_status after $((SECONDS - fuzz_start)) s"
    [[ $status -eq 0 ]] && status=$fuzz_status
fi
exit $status
