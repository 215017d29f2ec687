#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 600) in turn, on a copy of its seed corpus
# grown in place (only seed-* files are committed); logs go to fuzz/logs/TARGET.log.
#   fuzz/run.sh [SECONDS] [TARGET...]
# Needs the nightly toolchain (rustup) and cargo-fuzz (`cargo +nightly install cargo-fuzz`).
set -uo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nianbao-fuzz-target}"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(value text html docx pdf workbook native json)
mkdir -p logs
cargo +nightly fuzz build || exit 1
for t in "${targets[@]}"; do
    # A hang is an input that takes over 10 s; a blow-up one that needs over 2 GB.
    cargo +nightly fuzz run "$t" -- -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 > "logs/$t.log" 2>&1
    echo "$t: exit $?; $(grep -E '^Done|^#[0-9]+ *DONE' "logs/$t.log" | tail -2 | tr '\n' ' ')"
done
