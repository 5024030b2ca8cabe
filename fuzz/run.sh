#!/usr/bin/env bash
# Fuzzes every target for a while: `bash fuzz/run.sh` (60 s per target) or `bash fuzz/run.sh 45`
# (seconds per target; scripts/test.sh runs it so in CI). Needs the nightly toolchain and
# cargo-fuzz (installed here when missing). Seeds come from the repository's corpus (seed.py).
# Every target runs even when an earlier one crashed; a crash, timeout or OOM leaves its input
# in fuzz/artifacts/<target>/ and makes the script exit 1.
set -euo pipefail

seconds="${1:-60}"
fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$fuzz_dir"

log() { echo "fuzz/run.sh: $*" >&2; }

# `cargo +nightly` is what the runs need, so that is what is checked (a rustup listing can
# name a dated nightly that `+nightly` does not select).
if ! cargo +nightly --version >/dev/null 2>&1; then
    command -v rustup >/dev/null 2>&1 || { log "error: no nightly toolchain and no rustup to install one"; exit 1; }
    log "installing the nightly toolchain"
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    log "installing cargo-fuzz (from source, --locked)"
    cargo install cargo-fuzz --locked
fi

# As the main crate's `--locked`: the fuzz targets build with the versions fuzz/Cargo.lock names.
if ! cargo +nightly metadata --locked --format-version 1 >/dev/null; then
    log "error: fuzz/Cargo.lock is out of date (a dependency of the main crate changed?): \`cd fuzz && cargo +nightly fuzz build\` updates it, then commit fuzz/Cargo.lock"
    exit 1
fi
python3 seed.py
# The largest input each target is given: a little above its largest seed (a migration file,
# a project of two apps, a RunSQL text, a configuration file); larger inputs only slow the
# run down (libFuzzer's speed falls several times over with -max_len=65536).
declare -A max_len=(
    [parse_migration]=8192
    [project_pipeline]=16384
    [classify_sql]=4096
    [config_toml]=1024
)
targets=(parse_migration project_pipeline classify_sql config_toml)
# No sanitizer by default: migguard has no unsafe code of its own (one libc call restoring
# SIGPIPE), so AddressSanitizer finds nothing a panic, timeout or OOM would not, at several
# times the build time and a fraction of the executions. MIGGUARD_FUZZ_SANITIZER=address brings
# it back (the long run in fuzz/README.md says which it used).
sanitizer="${MIGGUARD_FUZZ_SANITIZER:-none}"
build_start=$SECONDS
cargo +nightly fuzz build --sanitizer "$sanitizer"
log "build took $((SECONDS - build_start)) s"

# One thread per target: the lock analysis runs on rayon's pool, which only adds contention.
export RAYON_NUM_THREADS="${RAYON_NUM_THREADS:-1}"
failed=()
for target in "${targets[@]}"; do
    log "fuzzing $target for ${seconds}s"
    if ! cargo +nightly fuzz run --sanitizer "$sanitizer" "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len="${max_len[$target]}" -timeout=60 \
        -rss_limit_mb=3072 -print_final_stats=1; then
        failed+=("$target")
    fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
    log "FAILED: ${failed[*]} (inputs in fuzz/artifacts/<target>/; see fuzz/README.md, A crash)"
    exit 1
fi
log "all targets ran ${seconds}s without a crash"
