#!/usr/bin/env bash
# Fuzzes every target for a while: `bash fuzz/run.sh` (60 s per target, what CI runs) or
# `bash fuzz/run.sh 3600` (seconds per target). Needs the nightly toolchain and cargo-fuzz
# (installed here when missing). Seeds come from the repository's corpus (seed.py); a crash
# leaves its input in fuzz/artifacts/<target>/ and makes the script fail.
set -euo pipefail

seconds="${1:-60}"
fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$fuzz_dir"

if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

python3 seed.py
targets=(parse_migration project_pipeline classify_sql config_toml)
cargo +nightly fuzz build

for target in "${targets[@]}"; do
    echo "== fuzzing $target for ${seconds}s"
    cargo +nightly fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=60 -rss_limit_mb=3072 \
        -print_final_stats=1
done
