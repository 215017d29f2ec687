#!/usr/bin/env bash
# LibreOffice converting an exported report workbook to CSV headlessly, timed for
# comparison with `cargo bench --bench spreadsheet` (each run includes LibreOffice's
# start-up, as a batch conversion would).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nianbao-target}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet --release -- convert tests/fixtures/2021_ankang_xinfangju.json "$work/report.xlsx"
for _ in 1 2 3; do
    start=$(date +%s%N)
    soffice -env:UserInstallation="file://$work/lo" --headless --convert-to csv --outdir "$work" "$work/report.xlsx" >/dev/null
    end=$(date +%s%N)
    echo "soffice --convert-to csv: $(( (end - start) / 1000000 )) ms"
done
